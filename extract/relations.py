"""Relationships from trigger words between entities of fitting types in one sentence.

Nothing is proposed without a trigger (data/extraction/triggers.yaml) or a containment form
(北京市(经开区), 深圳坪山区, Shenzhen's Pingshan District, a name inside a name: AI in AI芯片,
上海市 in 上海市国资委). For each trigger, the entities after it in its clause, with the rest of
their enumeration, are the objects; the nearest entity before it whose label the schema allows
(graph.schema.allowed) is the subject, for some groups with the members of its enumeration.
Without one in the sentence, a place the object is "in" or the paragraph's first actor stands
in, with a lower confidence. Words inside quotation marks are a name or a slogan: their
triggers and the places they mention are not the sentence's own.

A subject named before the trigger; a city that acts also locates what it releases, unless it
acts with others (联合: each of them released it, and it is in none of them alone):

>>> from extract.text import sentences
>>> from graph.schema import Label
>>> def known(text, start, end, label, sentence=0):
...     name = text[start:end]
...     return Mention(start, end, name, label, name, "", "graph", 0.9, sentence=sentence)
>>> text = "红枫市发布智慧码头场景。"
>>> ms = [known(text, 0, 3, Label.CITY), known(text, 5, 11, Label.SCENARIO)]
>>> [(p.type.value, p.start, p.end, p.confidence) for p in propose(text, sentences(text), ms)]
[('RELEASED', 0, 1, 0.75), ('LOCATED_IN', 1, 0, 0.65)]
>>> text = "青石市、白沙市和红枫市联合发布智慧码头场景。"
>>> ms = [known(text, a, b, label) for a, b, label in
...       [(0, 3, Label.CITY), (4, 7, Label.CITY), (8, 11, Label.CITY), (15, 21, Label.SCENARIO)]]
>>> [(p.type.value, p.start, p.end) for p in propose(text, sentences(text), ms)]
[('RELEASED', 0, 3), ('RELEASED', 1, 3), ('RELEASED', 2, 3)]

No subject in the sentence: the actor the paragraph is about stands in, less surely:

>>> text = "青石市数据局召开会议。会上发布智慧码头场景。"
>>> ms = [known(text, 0, 6, Label.AGENCY), known(text, 15, 21, Label.SCENARIO, 1)]
>>> [(p.type.value, p.start, p.end, p.confidence) for p in propose(text, sentences(text), ms)]
[('RELEASED', 0, 1, 0.5)]
"""

from __future__ import annotations

import re
from functools import cache

from extract.categories import category_applies
from extract.containment import containment, nested_facts, possessed
from extract.enumeration import each, enumeration, members, respective
from extract.mention import Mention
from extract.placed import topic_places
from extract.proposed import CONFIDENCE, Proposed
from extract.readings import attended, examples, framed, located_only, passive, together
from extract.sectors import sector_focus
from extract.text import Sentence, inside, quote_spans
from extract.topics import in_slogan, topics
from extract.trigger_view import Context, Here, Trigger, emit, first_type
from extract.vocab import TriggerGroup, vocab
from graph.schema import ACTORS, PLACES

_CLAUSE_END = re.compile(r"[，,；;。：:！!？?]|(?<=[a-z])\s+(?:which|while|with|and)\s+")
# "signed an agreement with B": what stands before the partner of a symmetric trigger.
_WITH = re.compile(r"[^,;.，；。]{0,40}?\bwith\s+(?:the\s+)?")


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
) -> list[Trigger]:
    found: list[Trigger] = []
    for pattern, group in _trigger_patterns():
        for m in pattern.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if any(a < end and start < b for a, b in covered) or inside(quotes, start, end):
                continue  # inside a name (发布 in 发布平台), a longer trigger or a quoted slogan
            found.append(Trigger(start, end, m.group(0), group))
            covered = [*covered, (start, end)]
    return sorted(found, key=lambda t: t.start)


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
    context = Context(text, quotes, topics(text, sentences, mentions, by_sentence, quotes), homes)
    out = nested_facts(mentions)
    for sentence in sentences:
        here = by_sentence.get(sentence.index, [])
        free = [i for i in here if not in_slogan(mentions[i], context.quotes)]
        out.extend(containment(text, mentions, here, sentence))
        out.extend(possessed(text, sentence, mentions, free))
        covered = [(mentions[i].start, mentions[i].end) for i in here]
        view = Here(sentence, mentions, free, context)
        for trigger in _triggers(sentence, covered, context.quotes):
            out.extend(_around(view, trigger))
    out.extend(sector_focus(text, sentences, mentions, context.topics))
    out.extend(category_applies(text, sentences, mentions))
    return out + topic_places(text, sentences, mentions, context.topics, quotes, out)


def _clause_end(text: str, start: int, limit: int, quotes: list[tuple[int, int]]) -> int:
    """Where the clause that starts at `start` ends; punctuation inside quotes does not end it."""
    for m in _CLAUSE_END.finditer(text, start, limit):
        if not inside(quotes, m.start(), m.end()):
            return m.start()
    return limit


def _objects(here: Here, after: int, before: int) -> list[int]:
    """The mentions in [after, before) and the rest of their enumerations after `after`, which
    may run on past the clause ("5G+", "AI+", and "Robotics+")."""
    mentions, free = here.mentions, here.free
    first = [i for i in free if after <= mentions[i].start < before]
    out = set(first)
    for i in first:
        out.update(j for j in enumeration(here.text, mentions, i) if j in free and mentions[j].start >= after)
    return sorted(out, key=lambda i: mentions[i].start)


def _around(here: Here, trigger: Trigger) -> list[Proposed]:
    """The relationships of one trigger: each object after it in its clause with the subject
    before it, else a stand-in (`_for_object`); then an enumeration that works together
    (`together`) and a passive clause whose doer is the topic (`passive`)."""
    group, mentions = trigger.group, here.mentions
    left = [i for i in here.free if mentions[i].end <= trigger.start][::-1]
    if group.object_before:
        return framed(here, left, trigger)
    clause_end = _clause_end(here.text, trigger.end, here.sentence.end, here.context.quotes)
    right = _objects(here, trigger.end, clause_end) or _partner(here, trigger)
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
    if left and (not right or not out):  # 甲与乙签约共建X: no type joins them to X, but each other
        out.extend(together(here, trigger, left))
    if not right and left:
        out.extend(passive(here, trigger, left))
        out.extend(examples(here, trigger, left))
        out.extend(attended(here, trigger, left))
    return out


def _for_object(here: Here, trigger: Trigger, left: list[int], obj: int, near: bool) -> list[Proposed]:
    """The subject of one object, by the first rule that finds one: the nearest fitting entity
    before the trigger; the object's own type read backwards (reversible groups); the place the
    object is "in"; the sentence's topic; else only where the sentence's place is."""
    group = trigger.group
    subject = next(
        (i for i in left if i != obj and first_type(group, here.label(i), here.label(obj), near)), None
    )
    if subject is not None:
        subject = respective(here.text, here.mentions, subject, obj, trigger.end) or subject
        if group.all_subjects:
            subjects = members(here.text, here.mentions, subject, left)
        else:
            subjects = each(here.text, here.mentions, subject, left, trigger.start)
        return emit(here, trigger, subjects, obj, CONFIDENCE["subject before"])
    if group.reversible:
        reverse = next((i for i in left if first_type(group, here.label(obj), here.label(i))), None)
        if reverse is not None:
            return emit(here, trigger, [obj], reverse, CONFIDENCE["reversed"])
    if not group.adjacent:
        stand_in = _place_after(here, obj, group)
        confidence = CONFIDENCE["place after"]
        topic = here.topic
        if (
            stand_in is None
            and topic is not None
            and first_type(group, here.label(topic), here.label(obj), close=False)
        ):
            stand_in, confidence = topic, CONFIDENCE["topic"]
        if stand_in is not None:
            subjects = members(here.text, here.mentions, stand_in, left) if group.all_subjects else [stand_in]
            return emit(here, trigger, subjects, obj, confidence)
    return located_only(here, trigger, obj)


def _partner(here: Here, trigger: Trigger) -> list[int]:
    """ "A signed an agreement with B" (symmetric groups): the actor after "with" in the clause."""
    if not trigger.group.symmetric:
        return []
    m = _WITH.match(here.text, trigger.end, here.sentence.end)
    start = trigger.end + len(m.group(0)) if m else -1
    return [i for i in here.free if here.mentions[i].start == start and here.label(i) in ACTORS][:1]


def _close(here: Here, right: list[int], trigger: Trigger) -> set[int]:
    """The objects right after the trigger, with the rest of their enumeration."""
    mentions = here.mentions
    close = {i for i in right if _next_to(here.text, trigger.end, mentions[i].start)}
    for i in list(close):
        close.update(j for j in enumeration(here.text, mentions, i) if j in right)
    return close


def _next_to(text: str, end: int, start: int) -> bool:
    """Whether an object starts right after the trigger (打造AI大模型, "launch of the X")."""
    gap = re.sub(r"\b(?:the|a|an)\b|\s", "", text[end:start])
    return len(gap) <= 2


def _place_after(here: Here, obj: int, group: TriggerGroup) -> int | None:
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
    return place[0] if first_type(group, mentions[place[0]].label, mentions[obj].label) else None


def _innermost(here: Here, places: list[int]) -> list[int]:
    """Of a chain such as "Shenzhen's Pingshan District", the smallest place."""
    if not places:
        return []
    chain = [places[0]]
    for nxt in places[1:]:
        if here.text[here.mentions[chain[-1]].end : here.mentions[nxt].start] in vocab().place_joiners:
            chain.append(nxt)
    return [chain[-1]]
