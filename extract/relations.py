"""Relationships from trigger words between entities of fitting types in one sentence.

Nothing is proposed without a trigger (data/extraction/triggers.yaml) or a containment form
(北京市(经开区), 深圳坪山区, Shenzhen's Pingshan District, a name inside a name: AI in AI芯片,
上海市 in 上海市国资委). For each trigger, the entities after it in its clause, with the rest of
their enumeration, are the objects; the nearest entity before it whose label the schema allows
(graph.schema.allowed) is the subject, for some groups with the members of its enumeration.
Without one in the sentence, a place the object is "in" or the paragraph's first actor stands
in, with a lower confidence. Words inside quotation marks are a name or a slogan: their
triggers and the places they mention are not the sentence's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extract.containment import containment, nested_facts, possessed
from extract.enumeration import enumeration, members
from extract.mention import Mention
from extract.proposed import Proposed
from extract.text import Sentence, inside, quote_spans
from extract.topics import in_slogan, sentence_subject, topics
from extract.vocab import TriggerGroup, vocab
from graph.schema import ACTORS, PLACES, Label, RelType, allowed

_CLAUSE_END = re.compile(r"[，,；;。：:！!？?]|(?<=[a-z])\s+(?:which|while|with|and)\s+")
# A passive verb: "has been implemented", "已被纳入".
_PASSIVE = re.compile(r"(?:\b(?:been|be|is|are|was|were)|被)\s*$")


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    word: str
    group: TriggerGroup


@cache
def _trigger_patterns() -> list[tuple[re.Pattern[str], TriggerGroup]]:
    out = []
    for group in vocab().triggers:
        words = sorted(group.words, key=len, reverse=True)
        latin = [re.escape(w) for w in words if w.isascii()]
        chinese = [re.escape(w) for w in words if not w.isascii()]
        parts = []
        if chinese and group.object_before:  # 为抓手, 为重要抓手, 为现实试验场
            parts.append(r"为[\u4e00-\u9fff]{0,2}?(?:" + "|".join(chinese) + ")")
        elif chinese:
            parts.append("|".join(chinese))
        if latin:
            parts.append(r"\b(?:" + "|".join(latin) + r")\b")
        out.append((re.compile("|".join(parts), re.IGNORECASE), group))
    return out


def _triggers(
    sentence: Sentence, covered: list[tuple[int, int]], quotes: list[tuple[int, int]]
) -> list[_Trigger]:
    found: list[_Trigger] = []
    for pattern, group in _trigger_patterns():
        for m in pattern.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if any(a < end and start < b for a, b in covered) or inside(quotes, start, end):
                continue  # inside a name (发布 in 发布平台), a longer trigger or a quoted slogan
            found.append(_Trigger(start, end, m.group(0), group))
            covered = [*covered, (start, end)]
    return sorted(found, key=lambda t: t.start)


def _first_type(
    group: TriggerGroup, start: Label, end: Label, close: bool = True
) -> tuple[RelType, bool] | None:
    """The first type of the group that joins a subject and an object of these labels, and
    whether it is read from the object to the subject (the group's inverse types). The
    group's close readings (a place building up a technology focuses on it) count only when
    the object is `close`: right after the trigger, with a subject in the sentence."""
    for rel in (*group.types, *group.close_types) if close else group.types:
        if rel in group.inverse:
            if allowed(rel, end, start):
                return rel, True
        elif allowed(rel, start, end):
            return rel, False
    return None


@dataclass(frozen=True)
class _Context:
    """What every trigger of an article may need: its text, quotations, the actor each
    sentence is about (`topics`), and the place each entity named after one is in
    (上海市国资委 -> 上海市)."""

    text: str
    quotes: list[tuple[int, int]]
    topics: dict[int, int]
    homes: dict[int, int]


def propose(text: str, sentences: list[Sentence], mentions: list[Mention]) -> list[Proposed]:
    """Relationships in every sentence."""
    homes = {
        m.inner_of: i
        for i, m in enumerate(mentions)
        if m.inner_of is not None and m.label in PLACES and m.start == mentions[m.inner_of].start
    }
    quotes = quote_spans(text)
    by_sentence: dict[int, list[int]] = {}
    for index, mention in enumerate(mentions):
        if mention.inner_of is None:
            by_sentence.setdefault(mention.sentence, []).append(index)
    context = _Context(text, quotes, topics(text, sentences, mentions, by_sentence, quotes), homes)
    out = nested_facts(mentions)
    for sentence in sentences:
        here = by_sentence.get(sentence.index, [])
        free = [i for i in here if not in_slogan(mentions[i], context.quotes)]
        out.extend(containment(text, mentions, here, sentence))
        out.extend(possessed(text, sentence, mentions, free))
        covered = [(mentions[i].start, mentions[i].end) for i in here]
        for trigger in _triggers(sentence, covered, context.quotes):
            out.extend(_around(text, sentence, mentions, free, trigger, context))
    return out


def _clause_end(text: str, start: int, limit: int, quotes: list[tuple[int, int]]) -> int:
    """Where the clause that starts at `start` ends; punctuation inside quotes does not end it."""
    for m in _CLAUSE_END.finditer(text, start, limit):
        if not inside(quotes, m.start(), m.end()):
            return m.start()
    return limit


def _objects(text: str, mentions: list[Mention], free: list[int], after: int, before: int) -> list[int]:
    """The mentions in [after, before) and the rest of their enumerations after `after`, which
    may run on past the clause ("5G+", "AI+", and "Robotics+")."""
    first = [i for i in free if after <= mentions[i].start < before]
    out = set(first)
    for i in first:
        out.update(j for j in enumeration(text, mentions, i) if j in free and mentions[j].start >= after)
    return sorted(out, key=lambda i: mentions[i].start)


def _around(
    text: str,
    sentence: Sentence,
    mentions: list[Mention],
    free: list[int],
    trigger: _Trigger,
    context: _Context,
) -> list[Proposed]:
    group = trigger.group
    left = [i for i in free if mentions[i].end <= trigger.start][::-1]
    if group.object_before:
        return _framed(sentence, mentions, left, trigger, context)
    clause_end = _clause_end(text, trigger.end, sentence.end, context.quotes)
    right = _objects(text, mentions, free, trigger.end, clause_end)
    close = _close(text, mentions, right, trigger)
    if group.object_next:
        right = [i for i in right if i in close]
    if group.adjacent:
        left = [i for i in left[:1] if trigger.start - mentions[i].end <= 2]
        near = right[:1] and mentions[right[0]].start - trigger.end <= 2
        right = _innermost(text, mentions, right[:3]) if near else []  # in Ningbo's Beilun District
    topic = context.topics.get(sentence.index)
    out: list[Proposed] = []
    for obj in right:
        near = obj in close
        subject = next(
            (
                i
                for i in left
                if i != obj and _first_type(group, mentions[i].label, mentions[obj].label, near)
            ),
            None,
        )
        confidence = 0.75 if subject is not None else 0.5
        if subject is None and group.reversible:
            reverse = next(
                (i for i in left if _first_type(group, mentions[obj].label, mentions[i].label)), None
            )
            if reverse is not None:
                out.extend(_emit(group, trigger, sentence, mentions, [obj], reverse, 0.6, context))
                continue
        if subject is None and not group.adjacent:
            subject = _place_after(text, mentions, free, obj, group)
            confidence = 0.55
        if (
            subject is None
            and topic is not None
            and not group.adjacent
            and _first_type(group, mentions[topic].label, mentions[obj].label, close=False)
        ):
            subject, confidence = topic, 0.5
        if subject is None:
            out.extend(_located_only(text, sentence, mentions, free, trigger, obj))
            continue
        subjects = members(text, mentions, subject, left) if group.all_subjects else [subject]
        out.extend(_emit(group, trigger, sentence, mentions, subjects, obj, confidence, context))
    if group.symmetric and not right and left and trigger.start - mentions[left[0]].end <= 2:
        # 奇瑞与海行云科技合作: the enumeration before the trigger works together
        first, *others = members(text, mentions, left[0], left)
        for other in others:
            out.extend(_emit(group, trigger, sentence, mentions, [first], other, 0.7, context))
    if (
        not right
        and left
        and topic is not None
        and group.passive
        and _PASSIVE.search(text[trigger.start - 12 : trigger.start])
    ):
        # passive voice: "an action plan ... has been implemented" (the doer is the topic)
        obj = left[0]
        if _first_type(group, mentions[topic].label, mentions[obj].label, close=False) and topic != obj:
            out.extend(_emit(group, trigger, sentence, mentions, [topic], obj, 0.45, context))
    return out


def _close(text: str, mentions: list[Mention], right: list[int], trigger: _Trigger) -> set[int]:
    """The objects right after the trigger, with the rest of their enumeration."""
    close = {i for i in right if _next_to(text, trigger.end, mentions[i].start)}
    for i in list(close):
        close.update(j for j in enumeration(text, mentions, i) if j in right)
    return close


def _framed(
    sentence: Sentence, mentions: list[Mention], left: list[int], trigger: _Trigger, context: _Context
) -> list[Proposed]:
    """以“引凤场景”为抓手: the entity before the trigger is the object, the nearest actor before
    it (or the paragraph's) the subject."""
    group = trigger.group
    if not left or mentions[left[0]].label in ACTORS:
        return []
    obj = left[0]
    subject = next((i for i in left[1:] if _first_type(group, mentions[i].label, mentions[obj].label)), None)
    confidence = 0.6
    topic = context.topics.get(sentence.index)
    if (
        subject is None
        and topic is not None
        and _first_type(group, mentions[topic].label, mentions[obj].label)
    ):
        subject, confidence = topic, 0.45
    if subject is None:
        return []
    subjects = [i for i in members(context.text, mentions, subject, left) if i != obj]
    return _emit(group, trigger, sentence, mentions, subjects[-1:], obj, confidence, context)


def _located_only(
    text: str, sentence: Sentence, mentions: list[Mention], free: list[int], trigger: _Trigger, obj: int
) -> list[Proposed]:
    """唐山…，推动钢铁行业智能化场景…落地: no type joins a place and a scenario it pushes, but the
    scenario is where the place the sentence is about is."""
    subject = sentence_subject(text, sentence, mentions, free)
    if (
        not trigger.group.also_located
        or subject is None
        or mentions[subject].label not in PLACES
        or mentions[subject].end > trigger.start
        or not allowed(RelType.LOCATED_IN, mentions[obj].label, mentions[subject].label)
    ):
        return []
    return [Proposed(RelType.LOCATED_IN, obj, subject, sentence.index, trigger.word, 0.45)]


def _next_to(text: str, end: int, start: int) -> bool:
    """Whether an object starts right after the trigger (打造AI大模型, "launch of the X")."""
    gap = re.sub(r"\b(?:the|a|an)\b|\s", "", text[end:start])
    return len(gap) <= 2


def _place_after(
    text: str, mentions: list[Mention], free: list[int], obj: int, group: TriggerGroup
) -> int | None:
    """The launch of X in P: the place P that X is "in" is the one that acts."""
    after = [i for i in free if mentions[i].start >= mentions[obj].end]
    if not after or not re.fullmatch(
        r"\s+(?:in|at)\s+|在", text[mentions[obj].end : mentions[after[0]].start]
    ):
        return None
    place = _innermost(text, mentions, after[:3])
    if not place or mentions[place[0]].label not in PLACES:
        return None
    return place[0] if _first_type(group, mentions[place[0]].label, mentions[obj].label) else None


def _innermost(text: str, mentions: list[Mention], places: list[int]) -> list[int]:
    """Of a chain such as "Shenzhen's Pingshan District", the smallest place."""
    if not places:
        return []
    chain = [places[0]]
    for nxt in places[1:]:
        if text[mentions[chain[-1]].end : mentions[nxt].start] in vocab().place_joiners:
            chain.append(nxt)
    return [chain[-1]]


def _emit(
    group: TriggerGroup,
    trigger: _Trigger,
    sentence: Sentence,
    mentions: list[Mention],
    subjects: list[int],
    obj: int,
    confidence: float,
    context: _Context,
) -> list[Proposed]:
    """The relationships of a trigger from each subject to the object; a single subject that
    is a place (or named after one: 上海市国资委) also locates what it launches there."""
    out = []
    for subject in subjects:
        found = _first_type(group, mentions[subject].label, mentions[obj].label)
        if found is None or subject == obj:
            continue
        rel, inverted = found
        start, end = (obj, subject) if inverted else (subject, obj)
        out.append(Proposed(rel, start, end, sentence.index, trigger.word, confidence, group.role))
        home = subject if mentions[subject].label in PLACES else context.homes.get(subject)
        if (
            group.also_located
            and len(subjects) == 1
            and home is not None
            and allowed(RelType.LOCATED_IN, mentions[obj].label, mentions[home].label)
        ):
            out.append(
                Proposed(RelType.LOCATED_IN, obj, home, sentence.index, trigger.word, confidence - 0.1)
            )
    return out
