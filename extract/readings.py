"""Readings of a trigger that has no object after it, or whose object stands before it: an
enumeration working together (甲与乙合作), a passive clause, examples (以X为代表的), who attends
what was named before (…举办E，A、B参加), a framed object (以“X”为抓手) and the goal it serves,
and a place that only locates what it pushes (唐山…推动…场景落地)."""

from __future__ import annotations

import re

from extract.categories import sole_technology
from extract.enumeration import members
from extract.intent import planned
from extract.proposed import CONFIDENCE, Proposed
from extract.topics import sentence_subject
from extract.trigger_view import Here, Trigger, emit, first_type
from graph.schema import ACTORS, PLACES, Label, RelType, allowed

# A passive verb: "has been implemented", "已被纳入".
# 在 opening the last clause before a trigger: the sites it names come next.
_SITES = re.compile(r"在(?=[^，,；;。：:在]*$)")
_PASSIVE = re.compile(r"(?:\b(?:been|be|is|are|was|were)|被)\s*$")


def together(here: Here, trigger: Trigger, left: list[int]) -> list[Proposed]:
    """奇瑞与海行云科技合作 (symmetric groups, no object): the enumeration right before the
    trigger works together, its first member with each of the others."""
    if not trigger.group.symmetric or trigger.start - here.mentions[left[0]].end > 2:
        return []
    first, *others = members(here.text, here.mentions, left[0], left)
    out: list[Proposed] = []
    for other in others:
        out.extend(emit(here, trigger, [first], other, CONFIDENCE["together"]))
    return out


def passive(here: Here, trigger: Trigger, left: list[int]) -> list[Proposed]:
    """Passive voice, no object after the trigger: "an action plan ... has been implemented";
    the entity before it is the object and the sentence's topic the doer."""
    topic, obj = here.topic, left[0]
    if (
        topic is None
        or not trigger.group.passive
        or not _PASSIVE.search(here.text[trigger.start - 12 : trigger.start])
        or topic == obj
        or not first_type(trigger.group, here.label(topic), here.label(obj), close=False)
    ):
        return []
    return emit(here, trigger, [topic], obj, CONFIDENCE["passive"])


def examples(here: Here, trigger: Trigger, left: list[int]) -> list[Proposed]:
    """青石市…筑牢以北斗为代表的产业根基 (`examples` groups, no object): the examples right
    before the trigger are what the nearest actor before them focuses on."""
    if not trigger.group.examples or here.label(left[0]) in ACTORS:
        return []
    examples = members(here.text, here.mentions, left[0], left)
    actor = next((i for i in left if i not in examples and here.label(i) in ACTORS), None)
    if actor is None:
        return []
    return [
        Proposed(RelType.FOCUSES_ON, actor, i, here.sentence.index, trigger.word, CONFIDENCE["examples"])
        for i in examples
        if allowed(RelType.FOCUSES_ON, here.label(actor), here.label(i))
    ]


def attended(here: Here, trigger: Trigger, left: list[int]) -> list[Proposed]:
    """青石市举办E，白沙市、红枫市等12个城市参加 (`attended` groups, no object): the actors
    right before the trigger, every member of their list, attend the nearest event or programme
    named before them in the sentence."""
    if not trigger.group.attended or here.label(left[0]) not in ACTORS:
        return []
    subjects = members(here.text, here.mentions, left[0], left)
    kind = here.label(left[0])
    fits = [i for i in left if i not in subjects and allowed(RelType.PARTICIPATES_IN, kind, here.label(i))]
    if not fits:
        return []
    event = fits[0]
    return emit(here, trigger, subjects, event, CONFIDENCE["attended"])


def framed(here: Here, left: list[int], trigger: Trigger) -> list[Proposed]:
    """以“引凤场景”为抓手: the entity before the trigger is the object, the nearest actor before
    it (or the paragraph's) the subject."""
    group = trigger.group
    if not left or here.label(left[0]) in ACTORS:
        return []
    obj = left[0]
    subject = next((i for i in left[1:] if first_type(group, here.label(i), here.label(obj))), None)
    confidence = CONFIDENCE["framed"]
    topic = here.topic
    if subject is None and topic is not None and first_type(group, here.label(topic), here.label(obj)):
        subject, confidence = topic, CONFIDENCE["framed by topic"]
    if subject is None:
        return []
    subjects = [i for i in members(here.text, here.mentions, subject, left) if i != obj]
    return emit(here, trigger, subjects[-1:], obj, confidence) + _served(here, trigger, obj)


def _served(here: Here, trigger: Trigger, goal: int) -> list[Proposed]:
    """以打造X为目标，构建Y，推出Z: the goal X includes what the sentence goes on to make."""
    if not trigger.word.endswith(trigger.group.goals) or not trigger.group.goals:
        return []
    return [
        Proposed(RelType.INCLUDES, goal, i, here.sentence.index, trigger.word, CONFIDENCE["goal"])
        for i in here.free
        if here.mentions[i].start >= trigger.end
        and allowed(RelType.INCLUDES, here.label(goal), here.label(i))
    ]


def located_only(here: Here, trigger: Trigger, obj: int) -> list[Proposed]:
    """唐山…，推动钢铁行业智能化场景…落地: no type joins a place and a scenario it pushes, but the
    scenario is where the place the sentence is about is; where the trigger follows 在P、Q等…
    (将在P、Q等园区建设X), X is in each of P and Q too. A place that will make it
    (extract.intent) plans it; when the sentence names one technology, and only one, what the
    place makes applies it (青石市发展北斗，将打造X)."""
    subject = sentence_subject(here.text, here.sentence, here.mentions, here.free)
    if (
        not trigger.group.also_located
        or subject is None
        or here.label(subject) not in PLACES
        or here.mentions[subject].end > trigger.start
        or not allowed(RelType.LOCATED_IN, here.label(obj), here.label(subject))
    ):
        return []
    index, word, less = here.sentence.index, trigger.word, CONFIDENCE["located only"]
    homes = [p for p in _sites(here, trigger) if allowed(RelType.LOCATED_IN, here.label(obj), here.label(p))]
    out = [Proposed(RelType.LOCATED_IN, obj, p, index, word, less) for p in [*homes, subject]]
    if (
        trigger.group.plans
        and allowed(RelType.PARTICIPATES_IN, here.label(subject), here.label(obj))
        and planned(here.sentence.text, here.sentence.start, trigger.start, trigger.word)
    ):
        out.append(Proposed(RelType.PARTICIPATES_IN, subject, obj, index, word, less, "planner"))
    tech = sole_technology(here.mentions, here.free)
    if tech is not None and allowed(RelType.APPLIES, here.label(obj), Label.TECHNOLOGY):
        out.append(Proposed(RelType.APPLIES, obj, tech, index, word, less))
    return out


def _sites(here: Here, trigger: Trigger) -> list[int]:
    """The places of 在P、Q(等…) right before the trigger in its clause: where what it makes is."""
    m = _SITES.search(here.text, here.sentence.start, trigger.start)
    if m is None:
        return []
    places = [
        i for i in here.free if m.start() < here.mentions[i].start and here.mentions[i].end <= trigger.start
    ]
    if not places or here.mentions[places[0]].start != m.end():
        return []
    if any(here.label(i) not in PLACES for i in places):
        return []
    return members(here.text, here.mentions, places[0], places)
