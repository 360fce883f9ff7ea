"""What each node and relationship carries to the page: the text drawn beside it and its
tooltip (names, properties, figures, citations), as the JSON items the page's script reads.
Every string here is data; the page's script writes it as text, never as HTML.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from graph.schema import Label
from queries.models import FigureOut
from viz.drawing import FOLDED, Edge, Node
from viz.style import EMPHASIS_BORDER, OTHER_PATH_COLOUR, SHORTEST_COLOUR, STYLES, UNKNOWN, colours

LABEL_CHARS = 20
_QUALIFIER = {
    "exact": "",
    "more_than": "more than ",
    "nearly": "nearly ",
    "about": "about ",
    "at_least": "at least ",
    "at_most": "at most ",
}
_DESCRIPTION_CHARS = 400
_LISTED_MEMBERS = 40
_EDGE_CITATIONS = 20


def _amount(figure: FigureOut) -> str:
    value = figure.value
    number = f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if figure.unit == "percent":
        unit = "%"
    elif figure.unit == "currency":
        unit = f" {figure.currency or ''}".rstrip()
    else:
        unit = f" {figure.unit}"
    return f"{_QUALIFIER.get(figure.qualifier, figure.qualifier + ' ')}{number}{unit}"


def figure_text(figure: FigureOut) -> str:
    """A figure as one line: `汇聚国企 / State-owned enterprises: more than 40 enterprise (stated
    “40余家”; as of 2025)`."""
    name = " / ".join(x for x in (figure.label_zh, figure.label_en) if x) or figure.measure
    extra = [
        f"stated “{figure.stated}”" if figure.stated else "",
        f"as of {figure.as_of}" if figure.as_of else "",
        f"from {figure.period_start}" if figure.period_start else "",
        f"target year {figure.target_year}" if figure.target_year else "",
    ]
    details = "; ".join(x for x in extra if x)
    text = f"{name}: {_amount(figure)}"
    return f"{text} ({details})" if details else text



def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _node_info(node: Node) -> dict[str, Any]:
    names = list(dict.fromkeys(x for x in (node.name_zh, node.name_en) if x)) or [node.id]
    lines = [f"aliases: {', '.join(node.aliases)}"] if node.aliases else []
    lines += [f"{key}: {_value(value)}" for key, value in sorted(node.properties.items())]
    if node.description:
        lines.append(_clip(node.description, _DESCRIPTION_CHARS))
    if node.members:
        shown = node.members[:_LISTED_MEMBERS]
        lines += shown
        if len(node.members) > len(shown):
            lines.append(f"… and {len(node.members) - len(shown)} more")
    figures = [{"text": figure_text(f), "cites": [s.citation for s in f.sources]} for f in node.figures]
    cites = list(dict.fromkeys([*node.citations, *(c for f in figures for c in f["cites"])]))
    sub = node.label if node.label == FOLDED else f"{node.label} · {node.id}"
    return {"head": " / ".join(names), "sub": sub, "lines": lines, "figures": figures, "cites": cites}


def _display(node: Node) -> str:
    if node.label == Label.FIGURE and node.figures:
        figure = node.figures[0]
        name = _clip(figure.label_zh or figure.label_en or figure.measure, LABEL_CHARS)
        return f"{name}: {_amount(figure)}"
    return _clip(node.name, LABEL_CHARS)



def node_item(node: Node) -> dict[str, Any]:
    search = " ".join([node.id, *(x for x in (node.name_zh, node.name_en) if x), *node.aliases]).lower()
    item: dict[str, Any] = {
        "id": node.id,
        "label": _display(node),
        "group": node.label if node.label in STYLES else "",
        "info": _node_info(node),
        "search": search,
        "name": node.name,
    }
    if node.emphasis:  # a node's colour replaces its group's whole, so give all of it
        item["borderWidth"] = 4
        item["color"] = colours(STYLES.get(node.label, UNKNOWN).colour, EMPHASIS_BORDER)
        item["font"] = {"size": 16}
    return item


def _edge_text(edge: Edge) -> str:
    extra = [_value(edge.properties[k]) for k in ("role", "mode_zh", "mode") if edge.properties.get(k)]
    text = edge.type + (f" ({extra[0]})" if extra else "")
    return text + (f" ×{edge.count}" if edge.count > 1 else "")


def edge_item(
    edge: Edge, index: int, names: Mapping[str, str], smooth: dict[str, Any] | None, labelled: bool
) -> dict[str, Any]:
    lines = [f"{key}: {_value(value)}" for key, value in sorted(edge.properties.items())]
    if edge.count > 1:
        lines.insert(0, f"{edge.count} relationships drawn as one")
    if len(edge.citations) > _EDGE_CITATIONS:
        lines.append(f"{len(edge.citations)} citations, the first {_EDGE_CITATIONS} listed")
    item: dict[str, Any] = {
        "id": f"e{index}",
        "from": edge.start,
        "to": edge.end,
        "info": {
            "head": edge.type,
            "sub": f"{names.get(edge.start, edge.start)} → {names.get(edge.end, edge.end)}",
            "lines": lines,
            "figures": [],
            "cites": edge.citations[:_EDGE_CITATIONS],
        },
    }
    if labelled or edge.path:
        item["label"] = _edge_text(edge)
    if edge.path == "shortest":
        item.update(color={"color": SHORTEST_COLOUR, "highlight": SHORTEST_COLOUR}, width=4)
    elif edge.path == "other":
        item.update(color={"color": OTHER_PATH_COLOUR, "highlight": OTHER_PATH_COLOUR}, width=2, dashes=True)
    elif edge.count > 1:
        item["width"] = min(1 + math.log2(edge.count), 6)
    if smooth is not None:
        item["smooth"] = smooth
    return item

