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
