"""Figures: each quantity attached to the entity it describes, with a measure, a unit and the
dates the sentence gives (as of, since, by).

The owner is, in order: the entity whose name holds the number (14大重点产业集群区); the
entity named right after it (95个“人工智能+”典型案例); the nearest entity before it that is
neither a place nor a technology, unless that one is an example of what is counted
(燃气AI工作质检等39个项目); the nearest such entity after it in its clause; else the nearest
place or actor before it, and only when there is none the nearest technology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.mention import Mention
from extract.numbers import DateMention, Quantity
from extract.text import Sentence
from extract.vocab import vocab
from graph.schema import PLACES, Label

_OWNER_FIRST = frozenset(
    {Label.INITIATIVE, Label.MATCHING_EVENT, Label.ALLIANCE, Label.SCENARIO, Label.POLICY}
)
_NOT_OWNERS = PLACES | {Label.TECHNOLOGY}
_CLAUSE = re.compile(r"[，,；;。]")
_CHANGE = re.compile(r"^(?:扩展|增加|增长|提升|提高|扩大|发展|上升|下降|减少|降低|增至)?到$")


@dataclass(frozen=True)
class FigureFact:
    owner: int  # index of the owner mention
    sentence: int
    quantity: Quantity
    measure: str
    label_en: str
    label_zh: str | None
    unit: str
    as_of: str | None
    period_start: str | None
    target_year: int | None
    confidence: float


def _owner(q: Quantity, inside: list[int], mentions: list[Mention], text: str) -> tuple[int, float] | None:
    for i in inside:
        m = mentions[i]
        if m.start <= q.start and q.end <= m.end and m.label not in _NOT_OWNERS:
            return i, 0.8
    after = [i for i in inside if mentions[i].start >= q.end]
    if after and mentions[after[0]].start - q.end <= 2 and mentions[after[0]].label in _OWNER_FIRST:
        return after[0], 0.75
    before = [i for i in inside if mentions[i].end <= q.start][::-1]
    for i in before:
        m = mentions[i]
        if m.label in _NOT_OWNERS:
            continue
        if text[m.end : q.start].strip().startswith(("等", "such as", "like")):
            continue  # an example of the things counted, not their owner
        return i, 0.65
    clause = _CLAUSE.search(text, q.end)
    limit = clause.start() if clause else len(text)
    for i in after:
        if mentions[i].start < limit and mentions[i].label not in _NOT_OWNERS:
            return i, 0.55
    # 江城将培育人工智能企业500家: the city's figure, not the technology's, when a place is there
    for i in sorted(before, key=lambda i: mentions[i].label is Label.TECHNOLOGY):
        return i, 0.5
    return None


def _context_owner(
    sentence: Sentence, sentences: list[Sentence], by_sentence: dict[int, list[int]], mentions: list[Mention]
) -> tuple[int, float] | None:
    """The owner of a figure whose sentence names no entity (The city unveiled 500 scenarios;
    共签约20个项目): the last entity named before it in its paragraph, preferring one that is
    not a technology. A paragraph that names no entity before it gives the figure no owner:
    the article's main place need not be what is counted."""
    earlier = [
        i
        for s in sentences[: sentence.index][::-1]
        if s.paragraph == sentence.paragraph
        for i in by_sentence.get(s.index, [])[::-1]
    ]
    for i in earlier:
        if mentions[i].label is not Label.TECHNOLOGY:
            return i, 0.45
    return None


def _noun(phrase: str, table: dict[str, list[str]], head_last: bool) -> tuple[str, list[str]] | None:
    """The known noun in `phrase`: the one ending last (`head_last`, a noun before the number)
    or the one starting first (a noun after it); the longer on a tie."""
    best: tuple[int, int, str] | None = None
    lowered = phrase.lower()
    for noun in table:
        pos = lowered.find(noun.lower())
        if pos < 0:
            continue
        rank = (pos + len(noun), len(noun)) if head_last else (-pos, len(noun))
        if best is None or rank > best[:2]:
            best = (*rank, noun)
    return (best[2], table[best[2]]) if best else None


def _phrase_after(text: str, end: int) -> str:
    tail = text[end : end + (60 if text[end : end + 2].startswith(" ") else 24)]
    stop = re.search(r"[，,；;。、和与及\d]|\s(?:and|with|in|by|to|which|over)\s", tail)
    return tail[: stop.start()] if stop else tail


def describe(q: Quantity, text: str) -> tuple[str, str, str | None, str]:
    """(measure, English label, Chinese label, unit) of a quantity, from the nouns around it."""
    nouns = vocab().nouns
    before, after = text[max(0, q.start - 10) : q.start], _phrase_after(text, q.end)
    if q.unit == "currency":
        found = _noun(after, nouns["money"], False) or _noun(before, nouns["money"], True)
        measure, label = found[1] if found else ("amount", "Amount")
        return measure, label, found[0] if found and not found[0].isascii() else None, "currency"
    if q.unit == "percent":
        found = _noun(before, nouns["percent"], True) or _noun(after, nouns["percent"], False)
        measure, label = found[1] if found else ("share", "Share")
        return measure, label, found[0] if found and not found[0].isascii() else None, "percent"
    if q.unit != "item" and not q.classifier:  # a unit of its own (年, 平方米): the noun does not change it
        return f"{q.unit}s", q.unit.replace("_", " ").capitalize() + "s", None, q.unit
    table = nouns["en"] if q.stated[:1].isascii() and not q.classifier else nouns["zh"]
    found = _noun(after.strip(' “”"'), table, False)  # the noun right after the classifier
    if found is None and q.classifier:
        found = _noun(before, nouns["zh"], True)
    if found:
        unit, measure, label = found[1]
        return measure, label, found[0] if not found[0].isascii() else None, unit
    words = after.strip(' “”"')[:12]
    return "count", "Count", words if words and not words.isascii() else None, q.unit


def attach(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    quantities: list[tuple[int, Quantity]],
    dates: dict[int, list[DateMention]],
    article_date: str | None,
) -> list[FigureFact]:
    """A FigureFact for every quantity whose owner can be found in its sentence."""
    by_sentence: dict[int, list[int]] = {}
    for index, mention in enumerate(mentions):
        if mention.inner_of is None:  # AI in AI芯片 owns nothing: the whole name may
            by_sentence.setdefault(mention.sentence, []).append(index)
    out: list[FigureFact] = []
    previous: Quantity | None = None
    for sentence_index, q in quantities:
        found = _owner(q, by_sentence.get(sentence_index, []), mentions, text) or _context_owner(
            sentences[sentence_index], sentences, by_sentence, mentions
        )
        if found is None:
            continue
        owner, confidence = found
        measure, label_en, label_zh, unit = describe(q, text)
        if previous is not None and text[previous.start - 1 : previous.start] == "从":
            gap = text[previous.end : q.start]
            if _CHANGE.match(gap) and out and out[-1].quantity is previous:
                # 从9条扩展到16条: the first number is the measure before the change
                before = out.pop()
                measure, label_en, label_zh, unit = (
                    before.measure,
                    before.label_en,
                    before.label_zh,
                    before.unit,
                )
                out.append(_renamed(before, measure + "_before", label_en + " before the change"))
        stated_dates = dates.get(sentence_index, [])
        at = next((d.value for d in stated_dates if d.role == "at"), None)
        since = next((d.value for d in stated_dates if d.role == "since"), None)
        by = next((d.value for d in stated_dates if d.role == "by"), None)
        out.append(
            FigureFact(
                owner, sentence_index, q, measure, label_en, label_zh, unit,
                at or (article_date if by is None else None), since, int(by[:4]) if by else None, confidence,
            )
        )  # fmt: skip
        previous = q
    return out


def _renamed(fact: FigureFact, measure: str, label_en: str) -> FigureFact:
    return FigureFact(
        fact.owner, fact.sentence, fact.quantity, measure, label_en, fact.label_zh, fact.unit,
        fact.as_of, fact.period_start, fact.target_year, fact.confidence,
    )  # fmt: skip
