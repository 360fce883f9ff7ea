"""What the relation extractor proposes: a relationship between two mentions of one article,
with the trigger that made it and how sure the rule is."""

from __future__ import annotations

from dataclasses import dataclass

from graph.schema import RelType


@dataclass(frozen=True)
class Proposed:
    """A relationship between two mentions (indexes into the article's mention list)."""

    type: RelType
    start: int
    end: int
    sentence: int
    trigger: str
    confidence: float
    role: str | None = None


# How sure each relation rule is, by the rule (extract.relations, extract.readings,
# extract.containment): a subject named before its trigger is surer than any stand-in for a
# missing one.
CONFIDENCE: dict[str, float] = {
    "subject before": 0.75,  # 合肥发布…场景: the nearest fitting entity before the trigger
    "together": 0.7,  # 甲与乙合作: an enumeration before a symmetric trigger
    "reversed": 0.6,  # the object's type read from the object to the entity before the trigger
    "framed": 0.6,  # 以“…”为抓手: the actor before the framed object
    "place after": 0.55,  # "the launch of X in P": P acts
    "topic": 0.5,  # the actor the sentence is about (extract.topics)
    "examples": 0.55,  # 以X为代表的… with nothing named after it: the actor before focuses on X
    "attended": 0.6,  # …举办E，A、B参加: the actors before the trigger attend E
    "sector": 0.5,  # 在X领域: the sentence's (or paragraph's) actor focuses on X (extract.sectors)
    "goal": 0.5,  # 以X为目标，构建Y: X includes Y
    "category": 0.5,  # 在A、B等场景中…X: the sentence's one technology is what they apply
    # no word locates it: the place its sentence or paragraph is about (extract.placed)
    "topic place": 0.4,
    "framed by topic": 0.45,
    "passive": 0.45,  # "… has been implemented": the topic is the doer
    "located only": 0.45,  # no type joins the sentence's place and the object: only where it is
    "located too": 0.1,  # less than the trigger's own relationship, for where its object is
    "possessed": 0.55,  # 其…: in the place the sentence is about
    "nested name": 0.6,  # a name inside a name
    "bracketed": 0.8,  # 北京市(经开区)
    "bare place": 0.6,  # 上海浦东, …，徐汇打造… (extract.subplaces)
    "included": 0.6,  # a member of a named set
    "adjacent place": 0.7,  # 深圳坪山区: a smaller place right after a larger one
}
