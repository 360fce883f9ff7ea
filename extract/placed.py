"""Where what a place's sentence names is: an initiative, scenario or event that no trigger
located is in the place the sentence is about.

A news paragraph about a city names its programmes and scenarios without saying each time
that they are the city's ("青石市…。其中智慧码头场景…"): the sentence starts with the place, or
the paragraph's actor (extract.topics) is one. Such a location is a reading, not a statement,
so it is less sure than any trigger's (CONFIDENCE["topic place"]), and it is proposed only for
what is located nowhere else in the article.

>>> from extract.mention import Mention
>>> from extract.text import sentences
>>> text = "青石市推进港口改造。智慧码头场景已投入使用。"
>>> spans = [(0, 3, Label.CITY, 0), (10, 16, Label.SCENARIO, 1)]
>>> ms = [Mention(a, b, text[a:b], label, text[a:b], "", "graph", 0.9, sentence=s)
...       for a, b, label, s in spans]
>>> [(p.type.value, p.start, p.end) for p in topic_places(text, sentences(text), ms, {1: 0}, [], [])]
[('LOCATED_IN', 1, 0)]
"""

from __future__ import annotations

from extract.intent import joint
from extract.mention import Mention
from extract.proposed import CONFIDENCE, Proposed
from extract.text import Sentence
from extract.topics import in_slogan, sentence_subject
from graph.schema import ACTORS, PLACES, Label, RelType, allowed

# What a place holds without a word saying so: its programmes, scenarios and events. Not an
# alliance: many are of several places (a city founding one with others is not its seat), and
# one a place founds alone is located by the founding trigger.
_HELD = frozenset({Label.INITIATIVE, Label.SCENARIO, Label.MATCHING_EVENT})


def topic_places(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    topics: dict[int, int],
    quotes: list[tuple[int, int]],
    proposed: list[Proposed],
) -> list[Proposed]:
    """LOCATED_IN for every held mention that `proposed` locates nowhere, to the place its
    sentence starts with (when it comes before the mention) or else the sentence's topic."""
    located = {_key(mentions[p.start]) for p in proposed if p.type is RelType.LOCATED_IN}
    out: list[Proposed] = []
    for sentence in sentences:
        free = [
            i
            for i, m in enumerate(mentions)
            if m.sentence == sentence.index and m.inner_of is None and not in_slogan(m, quotes)
        ]
        subject = sentence_subject(text, sentence, mentions, free)
        for i in free:
            mention = mentions[i]
            if mention.label not in _HELD or _key(mention) in located:
                continue
            place = _place(text, mentions, i, subject, topics.get(sentence.index))
            if place is not None and allowed(RelType.LOCATED_IN, mention.label, mentions[place].label):
                confidence = CONFIDENCE["topic place"]
                out.append(Proposed(RelType.LOCATED_IN, i, place, sentence.index, "(topic)", confidence))
                located.add(_key(mention))
    return out


def _place(
    text: str, mentions: list[Mention], index: int, subject: int | None, topic: int | None
) -> int | None:
    """The sentence's own place if it starts the sentence before the mention, else its topic's."""
    if subject is not None and subject != index:
        if mentions[subject].label in PLACES and mentions[subject].end <= mentions[index].start:
            # a place acting with others (青石市联合…共同打造X) does not hold X alone
            return None if joint(text[mentions[subject].end : mentions[index].start]) else subject
        if mentions[subject].label in ACTORS:
            return None  # the sentence is about another actor: its things are not the place's
    if topic is not None and mentions[topic].label in PLACES and mentions[topic].end <= mentions[index].start:
        return topic  # an actor named only later in the paragraph is not yet what it is about
    return None


def _key(mention: Mention) -> str:
    """One key per entity of the article, near enough to how the builder merges mentions (graph
    id, quoted core, name)."""
    return mention.existing[0] if mention.existing else (mention.core or mention.name_zh or mention.text)
