"""Relationships without a trigger word: what a name inside a name says (AI芯片, 上海市国资委),
a place written with its part (北京市(经开区), 深圳坪山区), and what 其 ("its") owns."""

from __future__ import annotations

import itertools

from extract.mention import Mention
from extract.proposed import CONFIDENCE, Proposed
from extract.text import Sentence
from extract.topics import sentence_subject
from extract.vocab import vocab
from graph.schema import PLACES, Label, RelType, allowed

_LEVEL = {Label.PROVINCE: 0, Label.CITY: 1, Label.DISTRICT: 2}


def possessed(text: str, sentence: Sentence, mentions: list[Mention], free: list[int]) -> list[Proposed]:
    """南京搭建…，其人工智能生态街区…: what 其 ("its") names is in the place the sentence is about."""
    subject = sentence_subject(text, sentence, mentions, free)
    if subject is None or mentions[subject].label not in PLACES:
        return []
    return [
        Proposed(RelType.LOCATED_IN, i, subject, sentence.index, "其", CONFIDENCE["possessed"])
        for i in free
        if i != subject
        and text[mentions[i].start - 1 : mentions[i].start] == "其"
        and allowed(RelType.LOCATED_IN, mentions[i].label, mentions[subject].label)
    ]


def _kind(mention: Mention) -> str | None:
    """An initiative's kind: found with its name, or read from the suffix of its name."""
    if "kind" in mention.attrs:
        return mention.attrs["kind"]
    forms = vocab().zh_suffixes
    suffix = next((s for s in sorted(forms, key=len, reverse=True) if mention.name_zh.endswith(s)), None)
    return forms[suffix].attrs.get("kind") if suffix else None


def nested_facts(mentions: list[Mention]) -> list[Proposed]:
    """What a name inside a name says: AI芯片 is narrower than AI, a scenario or initiative
    named after a technology applies it (a pilot zone, an alliance or a policy focuses on it);
    a name that starts with a place is there (上海市国资委 in 上海市; 深圳坪山区 part of 深圳),
    a programme that ends with one is the place's (数字青石), and an agency named after an
    agency is part of that agency."""
    out: list[Proposed] = []
    for index, inner in enumerate(mentions):
        if inner.inner_of is None:
            continue
        outer = mentions[inner.inner_of]
        if inner.label is Label.TECHNOLOGY:
            if outer.label is Label.TECHNOLOGY:
                rel = RelType.BROADER
            elif outer.label is Label.SCENARIO or (
                outer.label is Label.INITIATIVE and _kind(outer) != "pilot_zone"
            ):
                rel = RelType.APPLIES
            else:
                rel = RelType.FOCUSES_ON
        elif _named_for(inner, outer):
            pairs = ((RelType.LAUNCHED, index, inner.inner_of), (RelType.LOCATED_IN, inner.inner_of, index))
            sure = CONFIDENCE["nested name"]
            out.extend(Proposed(rel, a, b, outer.sentence, "(name)", sure) for rel, a, b in pairs)
            continue
        elif inner.start != outer.start:
            continue  # 河北 in “京津研发、河北转化”协同模式: mentioned, nothing more
        elif inner.label in PLACES and outer.label not in PLACES:
            rel = RelType.LOCATED_IN
        else:
            rel = RelType.PART_OF
        if allowed(rel, outer.label, inner.label):
            out.append(
                Proposed(rel, inner.inner_of, index, outer.sentence, "(name)", CONFIDENCE["nested name"])
            )
    return out


def _named_for(inner: Mention, outer: Mention) -> bool:
    """A programme that ends with a place's name is that place's own (数字青石, "Digital
    Qingshi"): the place launched it and it is there."""
    return inner.label in PLACES and outer.label is Label.INITIATIVE and inner.end == outer.end


def containment(text: str, mentions: list[Mention], here: list[int], sentence: Sentence) -> list[Proposed]:
    out = []
    for i in here:
        m = mentions[i]
        if m.parent is not None:  # 北京市(经开区); 上海浦东, …，徐汇打造… (extract.subplaces)
            bracketed = m.how == "bracket"
            trigger, confidence = (
                ("(…)", CONFIDENCE["bracketed"]) if bracketed else ("(place)", CONFIDENCE["bare place"])
            )
            out.append(Proposed(RelType.PART_OF, i, m.parent, sentence.index, trigger, confidence))
        whole = m.member_of
        if whole is not None and allowed(RelType.INCLUDES, mentions[whole].label, m.label):
            out.append(Proposed(RelType.INCLUDES, whole, i, sentence.index, "(…)", CONFIDENCE["included"]))
    for a, b in itertools.pairwise(here):
        outer, inner = mentions[a], mentions[b]
        if outer.label in _LEVEL and inner.label in _LEVEL and _LEVEL[inner.label] > _LEVEL[outer.label]:
            gap = text[outer.end : inner.start]
            if gap in vocab().place_joiners and inner.parent is None:
                out.append(
                    Proposed(
                        RelType.PART_OF, b, a, sentence.index, gap or "adjacent", CONFIDENCE["adjacent place"]
                    )
                )
    return out
