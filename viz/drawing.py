"""What a view draws: the nodes and relationships a view gathers (`viz.views`) and hands to
`viz.render`, with everything their tooltips show. Plain data, no drawing decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from queries.models import FigureOut

FOLDED = "Folded"  # the label of a node that stands for a folded group (viz.folding)
PathRole = Literal["", "shortest", "other"]


class Layout(StrEnum):
    """stable: the same positions every time the file opens (seeded layout); physics: a fresh
    layout on each opening, and a dragged node lets its neighbours settle again. Either way the
    simulation stops once the layout has settled."""

    STABLE = "stable"
    PHYSICS = "physics"



@dataclass
class Node:
    """An entity to draw, with what its tooltip shows."""

    id: str
    label: str
    name_zh: str | None = None
    name_en: str | None = None
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    citations: list[str] = field(default_factory=list)
    figures: list[FigureOut] = field(default_factory=list)
    emphasis: bool = False  # the view's centre, or a node on the shortest path
    members: list[str] = field(default_factory=list)  # a folded node: the names it stands for

    @property
    def name(self) -> str:
        return self.name_zh or self.name_en or self.id


@dataclass
class Edge:
    """A relationship to draw; `count` > 1 when folding merged several into one."""

    start: str
    end: str
    type: str
    properties: dict[str, Any] = field(default_factory=dict)
    citations: list[str] = field(default_factory=list)
    path: PathRole = ""
    count: int = 1


@dataclass
class Drawing:
    """What a view draws before folding: `keep` holds ids never folded (centre, path nodes)."""

    kind: str
    name: str
    title: str
    nodes: list[Node]
    edges: list[Edge]
    notes: list[str] = field(default_factory=list)
    keep: frozenset[str] = frozenset()

    def citations(self) -> set[str]:
        """Every citation the page shows, so their sources are resolved in one go."""
        found = {c for n in self.nodes for c in n.citations}
        found.update(s.citation for n in self.nodes for f in n.figures for s in f.sources)
        found.update(c for e in self.edges for c in e.citations)
        return found
