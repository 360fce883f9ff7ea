"""What a sentence is about: the entity it starts with, and the actor that stands in for a
subject it does not name (an anaphor's antecedent, the paragraph's last or first actor)."""

from __future__ import annotations

import re
from functools import cache

from extract.mention import Mention
from extract.text import Sentence, inside
from extract.vocab import vocab
from graph.schema import ACTORS, Label


def in_slogan(mention: Mention, quotes: list[tuple[int, int]]) -> bool:
    """A mention inside a quotation that is more than its name (河北 in “京津研发、河北转化”)."""
    held = inside(quotes, mention.start, mention.end)
    return held is not None and (mention.start - held[0]) + (held[1] - mention.end) > 1


def topics(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    by_sentence: dict[int, list[int]],
    quotes: list[tuple[int, int]],
) -> dict[int, int]:
    """The actor each sentence is about when it names none itself: what its anaphor stands for
    ("The province has published …", 该市: the last province, city named before in the
    paragraph), else the last actor a sentence of its paragraph started with ("The Ministry of
    Science and Technology will … - A mechanism will be established"), else the paragraph's
    first actor (合肥…。…推动…)."""
    first: dict[int, int] = {}
    for sentence in sentences:
        actors = [i for i in by_sentence.get(sentence.index, []) if mentions[i].label in ACTORS]
        if actors and not in_slogan(mentions[actors[0]], quotes):
            first.setdefault(sentence.paragraph, actors[0])
    topics: dict[int, int] = {}
    latest: int | None = None
    named: dict[Label, int] = {}  # the last entity of each label named in the paragraph so far
    for number, sentence in enumerate(sentences):
        if number == 0 or sentences[number - 1].paragraph != sentence.paragraph:
            latest, named = None, {}
        anaphor = _anaphor_pattern().match(sentence.text)
        meant = named.get(vocab().anaphora[anaphor.group(1).lower()]) if anaphor else None
        for stand_in in (meant, latest, first.get(sentence.paragraph)):
            if stand_in is not None and mentions[stand_in].sentence <= sentence.index:
                topics[sentence.index] = stand_in
                break
        here = [i for i in by_sentence.get(sentence.index, []) if not in_slogan(mentions[i], quotes)]
        named.update({mentions[i].label: i for i in here})
        subject = sentence_subject(text, sentence, mentions, here)
        if subject is not None and mentions[subject].label in ACTORS:
            latest = subject
    return topics


@cache
def _anaphor_pattern() -> re.Pattern[str]:
    """An anaphor at the start of a sentence, after at most an adverbial (目前，该市…)."""
    words = "|".join(re.escape(w) for w in sorted(vocab().anaphora, key=len, reverse=True))
    return re.compile(rf"^(?:[^，,]{{0,12}}[，,]\s*)?({words})(?![A-Za-z])", re.IGNORECASE)


def sentence_subject(text: str, sentence: Sentence, mentions: list[Mention], free: list[int]) -> int | None:
    """The entity a sentence starts with, after at most an adverbial or an article (2025年5月，
    合肥市…; The Ministry of …)."""
    first = next((i for i in free if mentions[i].sentence == sentence.index), None)
    if first is None:
        return None
    lead = text[sentence.start : mentions[first].start]
    if lead and (len(lead) > 12 or (lead.rstrip()[-1:] not in "，," and lead.strip() not in ("The", "the"))):
        return None
    inner = next((i for i in free if mentions[i].parent == first), None)  # 上海浦东: 浦东
    return inner if inner is not None and mentions[inner].start == mentions[first].end else first
