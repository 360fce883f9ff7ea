"""How the relation rules see one trigger in one sentence (extract.relations, extract.readings):
the trigger and its group, the sentence with the article's mentions and context, the first type
of the group that fits two labels, and how a subject and an object become proposed
relationships (a place launching something also locates it; a place that will make it plans it).
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.intent import joint, planned
from extract.mention import Mention
from extract.proposed import CONFIDENCE, Proposed
from extract.text import Sentence
from extract.vocab import TriggerGroup
from graph.schema import PLACES, Label, RelType, allowed


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    word: str
    group: TriggerGroup


def first_type(
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
class Context:
    """What every trigger of an article may need: its text, quotations, the actor each
    sentence is about (`topics`), and the place each entity named after one is in
    (上海市国资委 -> 上海市)."""

    text: str
    quotes: list[tuple[int, int]]
    topics: dict[int, int]
    homes: dict[int, int]


@dataclass(frozen=True)
class Here:
    """One sentence as the trigger rules read it: the sentence (its text and span), the
    article's mentions, the indexes of those in the sentence that are its own (`free`: not in
    a slogan), and the article's context. Every rule of a trigger takes this one object."""

    sentence: Sentence
    mentions: list[Mention]
    free: list[int]
    context: Context

    @property
    def text(self) -> str:
        return self.context.text

    @property
    def topic(self) -> int | None:
        """The actor the sentence is about when it names none (extract.topics)."""
        return self.context.topics.get(self.sentence.index)

    def label(self, index: int) -> Label:
        return self.mentions[index].label


def emit(here: Here, trigger: Trigger, subjects: list[int], obj: int, confidence: float) -> list[Proposed]:
    """The relationships of a trigger from each subject to the object; a single subject that
    is a place (or named after one: 上海市国资委) also locates what it launches there, a step
    (CONFIDENCE["located too"]) less sure."""
    group, index = trigger.group, here.sentence.index
    out = []
    for subject in subjects:
        found = first_type(group, here.label(subject), here.label(obj))
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
            and not joint(here.text[here.mentions[subject].end : trigger.end])
            and allowed(RelType.LOCATED_IN, here.label(obj), here.label(home))
        ):
            less = confidence - CONFIDENCE["located too"]
            out.append(Proposed(RelType.LOCATED_IN, obj, home, index, trigger.word, less))
    return out


def _plans(here: Here, trigger: Trigger, subject: int, obj: int) -> bool:
    """A place that will make or release something (extract.intent) plans it: PARTICIPATES_IN
    with the role planner, not LAUNCHED or RELEASED, which say it was done."""
    return (
        trigger.group.plans
        and here.label(subject) in PLACES
        and allowed(RelType.PARTICIPATES_IN, here.label(subject), here.label(obj))
        and planned(here.sentence.text, here.sentence.start, trigger.start, trigger.word)
    )
