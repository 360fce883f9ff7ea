"""How labels look: a colour and a shape per label (told apart by either), the colours of
paths and emphasis, and the legend that explains them on the page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from graph.schema import Label
from viz.drawing import FOLDED, Edge, Node

FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'


@dataclass(frozen=True)
class Style:
    """How one label is drawn, so a reader tells labels apart by colour and by shape."""

    colour: str
    shape: str  # a vis-network shape that puts the label below the node
    glyph: str  # the same shape as a character, for the legend
    size: int


STYLES: dict[str, Style] = {
    Label.PROVINCE: Style("#393b79", "hexagon", "⬢", 26),
    Label.CITY: Style("#1f77b4", "dot", "●", 22),
    Label.DISTRICT: Style("#6baed6", "dot", "●", 15),
    Label.ALLIANCE: Style("#ff7f0e", "star", "★", 24),
    Label.ENTERPRISE: Style("#2ca02c", "square", "■", 13),
    Label.AGENCY: Style("#8c564b", "triangle", "▲", 16),
    Label.TECHNOLOGY: Style("#9467bd", "diamond", "◆", 16),
    Label.SCENARIO: Style("#d6616b", "triangleDown", "▼", 14),
    Label.INITIATIVE: Style("#17becf", "hexagon", "⬢", 15),
    Label.POLICY: Style("#bcbd22", "square", "■", 14),
    Label.MATCHING_EVENT: Style("#e377c2", "star", "★", 16),
    Label.OPPORTUNITY: Style("#637939", "diamond", "◆", 13),
    Label.CAPABILITY: Style("#98df8a", "diamond", "◆", 13),
    Label.FIGURE: Style("#9e9e9e", "dot", "●", 8),
    Label.SOURCE: Style("#c7c7c7", "square", "■", 10),
    FOLDED: Style("#d9d9d9", "hexagon", "⬡", 24),
}
UNKNOWN = Style("#999999", "dot", "●", 12)
EDGE_COLOUR = "#a0a8b3"
SHORTEST_COLOUR = "#e41a1c"
OTHER_PATH_COLOUR = "#4a5a6a"
EMPHASIS_BORDER = "#111111"


def colours(colour: str, border: str) -> dict[str, Any]:
    """A node's colours at rest, selected and hovered: the label's fill, a dark outline when
    selected or hovered."""
    return {
        "background": colour,
        "border": border,
        "highlight": {"background": colour, "border": EMPHASIS_BORDER},
        "hover": {"background": colour, "border": EMPHASIS_BORDER},
    }



def legend(nodes: Iterable[Node], edges: list[Edge]) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for node in nodes:
        counts[node.label] += 1
    order = [*STYLES, *sorted(set(counts) - set(STYLES))]
    entries: list[dict[str, Any]] = []
    for label in order:
        if counts.get(label):
            style = STYLES.get(label, UNKNOWN)
            name = "folded group" if label == FOLDED else label
            entries.append(
                {"name": name, "glyph": style.glyph, "colour": style.colour, "count": counts[label]}
            )
    roles = {e.path for e in edges}
    if "shortest" in roles:
        entries.append({"name": "shortest path", "glyph": "━", "colour": SHORTEST_COLOUR, "count": None})
    if "other" in roles:
        entries.append({"name": "other paths", "glyph": "┅", "colour": OTHER_PATH_COLOUR, "count": None})
    return entries

