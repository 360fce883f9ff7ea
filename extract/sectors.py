"""What a sector phrase says: 在X领域，… / "particularly in the X sector": the actor of the
sentence works in X, a technology, so it focuses on it.

The actor is the sentence's subject when it stands before the phrase ("The city needs to …,
particularly in the X sector"), else the actor the paragraph is about, when named before
(extract.topics: 青石市…。在X领域，…).

>>> from extract.mention import Mention
>>> from extract.text import sentences
>>> text = "青石市发展港口经济。在智能航运领域，甲公司与乙公司合作。"
>>> city = Mention(0, 3, "青石市", Label.CITY, "青石市", "", "graph", 0.9, sentence=0)
>>> field = Mention(11, 15, "智能航运", Label.TECHNOLOGY, "智能航运", "", "graph", 0.9, sentence=1)
>>> [(p.type.value, p.trigger) for p in sector_focus(text, sentences(text), [city, field], {1: 0})]
[('FOCUSES_ON', '在智能航运领域')]
"""

from __future__ import annotations

import re
from functools import cache

from extract.mention import Mention
from extract.proposed import CONFIDENCE, Proposed
from extract.text import Sentence
from extract.topics import sentence_subject
from extract.vocab import vocab
from graph.schema import ACTORS, Label, RelType, allowed


@cache
def _pattern() -> re.Pattern[str]:
    """The sector phrase: a lead before the technology and a sector word after it."""
    v = vocab()
    leads = "|".join(re.escape(w) for w in sorted(v.sector_leads, key=len, reverse=True))
    heads = "|".join(re.escape(w) for w in sorted(v.sector_heads, key=len, reverse=True))
    return re.compile(rf"(?:{leads})(?P<x>[^，,；;。]{{1,40}}?)\s*(?:{heads})(?![A-Za-z])", re.IGNORECASE)


def sector_focus(
    text: str, sentences: list[Sentence], mentions: list[Mention], topics: dict[int, int]
) -> list[Proposed]:
    """FOCUSES_ON from the sentence's actor to each technology a sector phrase names whole."""
    out: list[Proposed] = []
    for sentence in sentences:
        here = [i for i, m in enumerate(mentions) if m.sentence == sentence.index and m.inner_of is None]
        for m in _pattern().finditer(sentence.text):
            start, end = sentence.start + m.start("x"), sentence.start + m.end("x")
            named = [i for i in here if mentions[i].label is Label.TECHNOLOGY and start <= mentions[i].start]
            named = [i for i in named if mentions[i].end <= end]
            actor = _actor(text, sentence, mentions, here, topics.get(sentence.index), start)
            if actor is None:
                continue
            out.extend(
                Proposed(RelType.FOCUSES_ON, actor, i, sentence.index, m.group(0), CONFIDENCE["sector"])
                for i in named
                if allowed(RelType.FOCUSES_ON, mentions[actor].label, Label.TECHNOLOGY)
            )
    return out


def _actor(
    text: str, sentence: Sentence, mentions: list[Mention], here: list[int], topic: int | None, at: int
) -> int | None:
    subject = sentence_subject(text, sentence, mentions, here)
    if subject is not None and mentions[subject].label in ACTORS and mentions[subject].end <= at:
        return subject
    if topic is not None and mentions[topic].label in ACTORS and mentions[topic].end <= sentence.start:
        return topic
    return None
