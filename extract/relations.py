"""Relationships from trigger words between entities of fitting types in one sentence.

Nothing is proposed without a trigger (data/extraction/triggers.yaml) or a containment form
(北京市(经开区), 深圳坪山区, Shenzhen's Pingshan District, a name inside a name: AI in AI芯片,
上海市 in 上海市国资委). For each trigger, the entities after it in its clause, with the rest of
their enumeration, are the objects; the nearest entity before it whose label the schema allows
(graph.schema.allowed) is the subject, for some groups with the members of its enumeration.
Without one in the sentence, a place the object is "in" or the paragraph's first actor stands
in, with a lower confidence. Words inside quotation marks are a name or a slogan: their
triggers and the places they mention are not the sentence's own.

A subject named before the trigger; a city that acts also locates what it releases:

>>> from extract.text import sentences
>>> def known(text, start, end, label, sentence=0):
...     name = text[start:end]
...     return Mention(start, end, name, label, name, "", "graph", 0.9, sentence=sentence)
>>> text = "青石市、白沙市和红枫市联合发布智慧码头场景。"
>>> ms = [known(text, a, b, label) for a, b, label in
...       [(0, 3, Label.CITY), (4, 7, Label.CITY), (8, 11, Label.CITY), (15, 21, Label.SCENARIO)]]
>>> [(p.type.value, p.start, p.end, p.confidence) for p in propose(text, sentences(text), ms)]
[('RELEASED', 2, 3, 0.75), ('LOCATED_IN', 3, 2, 0.65)]

No subject in the sentence: the actor the paragraph is about stands in, less surely:

>>> text = "青石市数据局召开会议。会上发布智慧码头场景。"
>>> ms = [known(text, 0, 6, Label.AGENCY), known(text, 15, 21, Label.SCENARIO, 1)]
>>> [(p.type.value, p.start, p.end, p.confidence) for p in propose(text, sentences(text), ms)]
[('RELEASED', 0, 1, 0.5)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from extract.containment import containment, nested_facts, possessed
from extract.enumeration import each, enumeration, members
from extract.intent import planned
from extract.mention import Mention
from extract.placed import topic_places
from extract.proposed import CONFIDENCE, Proposed
from extract.sectors import sector_focus
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


@dataclass(frozen=True)
class _Here:
    """One sentence as the trigger rules read it: the sentence (its text and span), the
    article's mentions, the indexes of those in the sentence that are its own (`free`: not in
    a slogan), and the article's context. Every rule of a trigger takes this one object."""

    sentence: Sentence
    mentions: list[Mention]
    free: list[int]
    context: _Context

    @property
    def text(self) -> str:
        return self.context.text

    @property
    def topic(self) -> int | None:
        """The actor the sentence is about when it names none (extract.topics)."""
        return self.context.topics.get(self.sentence.index)

    def label(self, index: int) -> Label:
        return self.mentions[index].label


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
        view = _Here(sentence, mentions, free, context)
        for trigger in _triggers(sentence, covered, context.quotes):
            out.extend(_around(view, trigger))
    out.extend(sector_focus(text, sentences, mentions, context.topics))
    return out + topic_places(text, sentences, mentions, context.topics, quotes, out)


def _clause_end(text: str, start: int, limit: int, quotes: list[tuple[int, int]]) -> int:
    """Where the clause that starts at `start` ends; punctuation inside quotes does not end it."""
    for m in _CLAUSE_END.finditer(text, start, limit):
        if not inside(quotes, m.start(), m.end()):
            return m.start()
    return limit


def _objects(here: _Here, after: int, before: int) -> list[int]:
    """The mentions in [after, before) and the rest of their enumerations after `after`, which
    may run on past the clause ("5G+", "AI+", and "Robotics+")."""
    mentions, free = here.mentions, here.free
    first = [i for i in free if after <= mentions[i].start < before]
    out = set(first)
    for i in first:
        out.update(j for j in enumeration(here.text, mentions, i) if j in free and mentions[j].start >= after)
    return sorted(out, key=lambda i: mentions[i].start)


def _around(here: _Here, trigger: _Trigger) -> list[Proposed]:
    """The relationships of one trigger: each object after it in its clause with the subject
    before it, else a stand-in (`_for_object`); then an enumeration that works together
    (`_together`) and a passive clause whose doer is the topic (`_passive`)."""
    group, mentions = trigger.group, here.mentions
    left = [i for i in here.free if mentions[i].end <= trigger.start][::-1]
    if group.object_before:
        return _framed(here, left, trigger)
    clause_end = _clause_end(here.text, trigger.end, here.sentence.end, here.context.quotes)
    right = _objects(here, trigger.end, clause_end)
    close = _close(here, right, trigger)
    if group.object_next:
        right = [i for i in right if i in close]
    if group.adjacent:
        left = [i for i in left[:1] if trigger.start - mentions[i].end <= 2]
        near = right[:1] and mentions[right[0]].start - trigger.end <= 2
        right = _innermost(here, right[:3]) if near else []  # in Ningbo's Beilun District
    out: list[Proposed] = []
    for obj in right:
        out.extend(_for_object(here, trigger, left, obj, obj in close))
    if not right and left:
        out.extend(_together(here, trigger, left))
        out.extend(_passive(here, trigger, left))
    return out


def _for_object(here: _Here, trigger: _Trigger, left: list[int], obj: int, near: bool) -> list[Proposed]:
    """The subject of one object, by the first rule that finds one: the nearest fitting entity
    before the trigger; the object's own type read backwards (reversible groups); the place the
    object is "in"; the sentence's topic; else only where the sentence's place is."""
    group = trigger.group
    subject = next(
        (i for i in left if i != obj and _first_type(group, here.label(i), here.label(obj), near)), None
    )
    if subject is not None:
        if group.all_subjects:
            subjects = members(here.text, here.mentions, subject, left)
        else:
            subjects = each(here.text, here.mentions, subject, left, trigger.start)
        return _emit(here, trigger, subjects, obj, CONFIDENCE["subject before"])
    if group.reversible:
        reverse = next((i for i in left if _first_type(group, here.label(obj), here.label(i))), None)
        if reverse is not None:
            return _emit(here, trigger, [obj], reverse, CONFIDENCE["reversed"])
    if not group.adjacent:
        stand_in = _place_after(here, obj, group)
        confidence = CONFIDENCE["place after"]
        topic = here.topic
        if (
            stand_in is None
            and topic is not None
            and _first_type(group, here.label(topic), here.label(obj), close=False)
        ):
            stand_in, confidence = topic, CONFIDENCE["topic"]
        if stand_in is not None:
            subjects = members(here.text, here.mentions, stand_in, left) if group.all_subjects else [stand_in]
            return _emit(here, trigger, subjects, obj, confidence)
    return _located_only(here, trigger, obj)


def _together(here: _Here, trigger: _Trigger, left: list[int]) -> list[Proposed]:
    """奇瑞与海行云科技合作 (symmetric groups, no object): the enumeration right before the
    trigger works together, its first member with each of the others."""
    if not trigger.group.symmetric or trigger.start - here.mentions[left[0]].end > 2:
        return []
    first, *others = members(here.text, here.mentions, left[0], left)
    out: list[Proposed] = []
    for other in others:
        out.extend(_emit(here, trigger, [first], other, CONFIDENCE["together"]))
    return out


def _passive(here: _Here, trigger: _Trigger, left: list[int]) -> list[Proposed]:
    """Passive voice, no object after the trigger: "an action plan ... has been implemented";
    the entity before it is the object and the sentence's topic the doer."""
    topic, obj = here.topic, left[0]
    if (
        topic is None
        or not trigger.group.passive
        or not _PASSIVE.search(here.text[trigger.start - 12 : trigger.start])
        or topic == obj
        or not _first_type(trigger.group, here.label(topic), here.label(obj), close=False)
    ):
        return []
    return _emit(here, trigger, [topic], obj, CONFIDENCE["passive"])


def _close(here: _Here, right: list[int], trigger: _Trigger) -> set[int]:
    """The objects right after the trigger, with the rest of their enumeration."""
    mentions = here.mentions
    close = {i for i in right if _next_to(here.text, trigger.end, mentions[i].start)}
    for i in list(close):
        close.update(j for j in enumeration(here.text, mentions, i) if j in right)
    return close


def _framed(here: _Here, left: list[int], trigger: _Trigger) -> list[Proposed]:
    """以“引凤场景”为抓手: the entity before the trigger is the object, the nearest actor before
    it (or the paragraph's) the subject."""
    group = trigger.group
    if not left or here.label(left[0]) in ACTORS:
        return []
    obj = left[0]
    subject = next((i for i in left[1:] if _first_type(group, here.label(i), here.label(obj))), None)
    confidence = CONFIDENCE["framed"]
    topic = here.topic
    if subject is None and topic is not None and _first_type(group, here.label(topic), here.label(obj)):
        subject, confidence = topic, CONFIDENCE["framed by topic"]
    if subject is None:
        return []
    subjects = [i for i in members(here.text, here.mentions, subject, left) if i != obj]
    return _emit(here, trigger, subjects[-1:], obj, confidence)


def _located_only(here: _Here, trigger: _Trigger, obj: int) -> list[Proposed]:
    """唐山…，推动钢铁行业智能化场景…落地: no type joins a place and a scenario it pushes, but the
    scenario is where the place the sentence is about is."""
    subject = sentence_subject(here.text, here.sentence, here.mentions, here.free)
    if (
        not trigger.group.also_located
        or subject is None
        or here.label(subject) not in PLACES
        or here.mentions[subject].end > trigger.start
        or not allowed(RelType.LOCATED_IN, here.label(obj), here.label(subject))
    ):
        return []
    return [
        Proposed(
            RelType.LOCATED_IN, obj, subject, here.sentence.index, trigger.word, CONFIDENCE["located only"]
        )
    ]


def _next_to(text: str, end: int, start: int) -> bool:
    """Whether an object starts right after the trigger (打造AI大模型, "launch of the X")."""
    gap = re.sub(r"\b(?:the|a|an)\b|\s", "", text[end:start])
    return len(gap) <= 2


def _place_after(here: _Here, obj: int, group: TriggerGroup) -> int | None:
    """The launch of X in P: the place P that X is "in" is the one that acts."""
    mentions, text = here.mentions, here.text
    after = [i for i in here.free if mentions[i].start >= mentions[obj].end]
    if not after or not re.fullmatch(
        r"\s+(?:in|at)\s+|在", text[mentions[obj].end : mentions[after[0]].start]
    ):
        return None
    place = _innermost(here, after[:3])
    if not place or mentions[place[0]].label not in PLACES:
        return None
    return place[0] if _first_type(group, mentions[place[0]].label, mentions[obj].label) else None


def _innermost(here: _Here, places: list[int]) -> list[int]:
    """Of a chain such as "Shenzhen's Pingshan District", the smallest place."""
    if not places:
        return []
    chain = [places[0]]
    for nxt in places[1:]:
        if here.text[here.mentions[chain[-1]].end : here.mentions[nxt].start] in vocab().place_joiners:
            chain.append(nxt)
    return [chain[-1]]


def _emit(here: _Here, trigger: _Trigger, subjects: list[int], obj: int, confidence: float) -> list[Proposed]:
    """The relationships of a trigger from each subject to the object; a single subject that
    is a place (or named after one: 上海市国资委) also locates what it launches there, a step
    (CONFIDENCE["located too"]) less sure."""
    group, index = trigger.group, here.sentence.index
    out = []
    for subject in subjects:
        found = _first_type(group, here.label(subject), here.label(obj))
        if found is None or subject == obj:
            continue
        rel, inverted = found
        start, end = (obj, subject) if inverted else (subject, obj)
        role = group.role
        if _plans(here, trigger, subject, obj):
            rel, role = RelType.PARTICIPATES_IN, "planner"
        out.append(Proposed(rel, start, end, index, trigger.word, confidence, role))
        home = subject if here.label(subject) in PLACES else here.context.homes.get(subject)
        if (
            group.also_located
            and len(subjects) == 1
            and home is not None
            and allowed(RelType.LOCATED_IN, here.label(obj), here.label(home))
        ):
            less = confidence - CONFIDENCE["located too"]
            out.append(Proposed(RelType.LOCATED_IN, obj, home, index, trigger.word, less))
    return out


def _plans(here: _Here, trigger: _Trigger, subject: int, obj: int) -> bool:
    """A place that will make or release something (extract.intent) plans it: PARTICIPATES_IN
    with the role planner, not LAUNCHED or RELEASED, which say it was done."""
    return (
        trigger.group.plans
        and here.label(subject) in PLACES
        and allowed(RelType.PARTICIPATES_IN, here.label(subject), here.label(obj))
        and planned(here.sentence.text, here.sentence.start, trigger.start, trigger.word)
    )
