"""Scenarios listed as examples of a category (在A、B等场景中…, 建设“A”和“B”等一批应用场景): the
sentence says what is tried out in them, so when it names one technology, and only one, each
listed scenario applies it. With two or more technologies the sentence does not say which
scenario uses which, and nothing is proposed.

>>> from extract.text import sentences
>>> from graph.schema import Label
>>> text = "北斗定位在智慧港口、智慧锚地等场景中得到验证。"
>>> def at(name, label):
...     start = text.index(name)
...     return Mention(start, start + len(name), name, label, name, "", "graph", 0.9, sentence=0)
>>> ms = [at("北斗", Label.TECHNOLOGY), at("智慧港口", Label.SCENARIO), at("智慧锚地", Label.SCENARIO)]
>>> [(p.type.value, p.start, p.end) for p in category_applies(text, sentences(text), ms)]
[('APPLIES', 1, 0), ('APPLIES', 2, 0)]
"""

from __future__ import annotations

import re

from extract.enumeration import enumeration
from extract.mention import Mention
from extract.proposed import CONFIDENCE, Proposed
from extract.text import Sentence
from graph.schema import Label, RelType

# What closes a list of examples of scenarios: 等(一批标志性应用)场景.
_CATEGORY = re.compile(r"[”\"]?\s*等[^，,；;。、]{0,8}?场景")


def category_applies(text: str, sentences: list[Sentence], mentions: list[Mention]) -> list[Proposed]:
    """APPLIES from each scenario of a 等…场景 list to the one technology its sentence names
    (outside other names)."""
    out: list[Proposed] = []
    for sentence in sentences:
        here = [i for i, m in enumerate(mentions) if m.inner_of is None and m.sentence == sentence.index]
        tech = sole_technology(mentions, here)
        if tech is None:
            continue
        for last in here:
            if mentions[last].label is not Label.SCENARIO or not _CATEGORY.match(text, mentions[last].end):
                continue
            listed = [i for i in enumeration(text, mentions, last) if mentions[i].label is Label.SCENARIO]
            if len(listed) < 2:
                continue
            out.extend(
                Proposed(RelType.APPLIES, i, tech, sentence.index, "等场景", CONFIDENCE["category"])
                for i in listed
            )
    return out


def sole_technology(mentions: list[Mention], indexes: list[int]) -> int | None:
    """The first of `indexes` that is a technology, when they name one technology and only one,
    however it is written (AI, 人工智能: what it resolves to, else its name)."""
    techs = [i for i in indexes if mentions[i].label is Label.TECHNOLOGY]
    names = {mentions[i].existing or (mentions[i].name_zh, mentions[i].name_en) for i in techs}
    return techs[0] if len(names) == 1 else None
