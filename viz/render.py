"""One self-contained HTML page from nodes and relationships: vis-network inlined, every text from
the data escaped, crowded groups folded, parallel relationships curved apart.

Nothing on the page comes from another host. vis-network's JavaScript and CSS (the build bundled
with pyvis, the same library pyvis drives) are inlined into our own template: pyvis's template
links Bootstrap from a CDN and does not escape, so it is not used. A Content-Security-Policy lets
only the page's own two scripts run and allows no fetch at all. The data travels as JSON inside a
`<script type="application/json">` (never executed) with `<`, `>` and `&` escaped, and the page's
script turns every string into text (`textContent`); tooltips are DOM elements built that way, so
vis-network does not parse them as HTML either.

Rendering is pure and linear in the number of nodes and relationships (a 5,000-node view writes
in well under a second); `viz.views` gathers the data from the graph.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pyvis
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from graph.errors import BadArgument, ConfigError
from graph.schema import Label, RelType
from model.limits import DEFAULT_CAP
from model.refs import SourceRef
from queries.models import FigureOut

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_ASSETS = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
FOLDED = "Folded"
FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
LABEL_CHARS = 20
IMPROVED_LAYOUT_UP_TO = 200  # nodes; above that, vis-network's Kamada-Kawai start is too slow
EDGE_LABELS_UP_TO = 150  # relationships; above that, labels would only clutter the drawing
PathRole = Literal["", "shortest", "other"]


class Layout(StrEnum):
    """stable: the same positions every time the file opens (seeded layout); physics: a fresh
    layout on each opening, and a dragged node lets its neighbours settle again. Either way the
    simulation stops once the layout has settled."""

    STABLE = "stable"
    PHYSICS = "physics"


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
_UNKNOWN = Style("#999999", "dot", "●", 12)
EDGE_COLOUR = "#a0a8b3"
SHORTEST_COLOUR = "#e41a1c"
OTHER_PATH_COLOUR = "#4a5a6a"
EMPHASIS_BORDER = "#111111"

# Leaves folded into one node per anchor above the cap: the relationship that ties a leaf to its
# anchor, whether the leaf is that relationship's start, and the labels that fold that way.
_FOLDABLE: dict[str, tuple[bool, frozenset[str]]] = {
    RelType.LOCATED_IN: (
        True,
        frozenset({Label.ENTERPRISE, Label.SCENARIO, Label.OPPORTUNITY, Label.CAPABILITY}),
    ),
    RelType.HAS_FIGURE: (False, frozenset({Label.FIGURE})),
}
_PLURAL: dict[str, str] = {
    Label.ENTERPRISE: "enterprises",
    Label.SCENARIO: "scenarios",
    Label.OPPORTUNITY: "opportunities",
    Label.CAPABILITY: "capabilities",
    Label.FIGURE: "figures",
}
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


@dataclass(frozen=True)
class Fold:
    """`count` nodes of `label` tied to `anchor` drawn as one node."""

    anchor: str
    anchor_name: str
    label: str
    count: int

    @property
    def note(self) -> str:
        plural = _PLURAL.get(self.label, self.label)
        tie = "of" if self.label == Label.FIGURE else "located in"
        return f"{self.count} {plural} {tie} {self.anchor_name} drawn as one node"


@dataclass(frozen=True)
class View:
    """A written view: the page and what it draws. `queried_*` count what the queries returned;
    `nodes` = queried_nodes - folded + len(folds)."""

    kind: str
    name: str
    title: str
    html: str
    nodes: int
    edges: int
    queried_nodes: int
    queried_edges: int
    folds: tuple[Fold, ...] = ()

    @property
    def folded(self) -> int:
        return sum(f.count for f in self.folds)

    @property
    def summary(self) -> str:
        text = f"{self.nodes} nodes, {self.edges} relationships"
        if self.folds:
            text += f"; {self.folded} nodes folded into {len(self.folds)}"
        return text


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


def fold(drawing: Drawing, cap: int) -> tuple[list[Node], list[Edge], list[Fold]]:
    """Replace the leaves (enterprises, scenarios, list entries located in a place; figures of an
    owner) of each anchor that has more than `cap` of one label by a single node, and merge the
    relationships that then join the same two nodes with the same type (`count` says how many)."""
    if cap < 1:
        raise BadArgument("cap", f"must be at least 1, not {cap}")
    by_id = {node.id: node for node in drawing.nodes}
    anchor_of: dict[str, str] = {}
    for edge in sorted(drawing.edges, key=lambda e: (e.start, e.end)):  # stable anchor choice
        rule = _FOLDABLE.get(edge.type)
        if rule is None:
            continue
        member_starts, labels = rule
        member, anchor = (edge.start, edge.end) if member_starts else (edge.end, edge.start)
        leaf = by_id.get(member)
        if (
            leaf is not None
            and leaf.label in labels
            and anchor in by_id
            and member not in drawing.keep
            and member not in anchor_of
        ):
            anchor_of[member] = anchor
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for member, anchor in anchor_of.items():
        groups[(anchor, by_id[member].label)].append(member)

    folded_into: dict[str, str] = {}
    folds: list[Fold] = []
    added: list[Node] = []
    for (anchor, label), members in sorted(groups.items()):
        if len(members) <= cap:
            continue
        fold_id = f"folded:{label}:{anchor}"
        record = Fold(anchor, by_id[anchor].name, label, len(members))
        folds.append(record)
        names = sorted(by_id[m].name for m in members)
        added.append(
            Node(
                id=fold_id,
                label=FOLDED,
                name_zh=f"{len(members)} {_PLURAL.get(label, label)}",
                description=record.note,
                members=names,
            )
        )
        folded_into.update(dict.fromkeys(members, fold_id))

    nodes = [n for n in drawing.nodes if n.id not in folded_into] + added
    edges: list[Edge] = []
    merged: dict[tuple[str, str, str], tuple[Edge, dict[str, None]]] = {}
    for edge in drawing.edges:
        start, end = folded_into.get(edge.start, edge.start), folded_into.get(edge.end, edge.end)
        if start == edge.start and end == edge.end:
            edges.append(edge)
            continue
        if start == end:  # between two members of one group: inside the folded node
            continue
        key = (start, edge.type, end)
        if key not in merged:
            merged[key] = (Edge(start, end, edge.type, count=0), {})
            edges.append(merged[key][0])
        into, citations = merged[key]
        into.count += edge.count
        citations.update(dict.fromkeys(edge.citations))
    for into, citations in merged.values():
        into.citations = list(citations)
    return nodes, edges, folds


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


def _colours(colour: str, border: str) -> dict[str, Any]:
    """A node's colours at rest, selected and hovered: the label's fill, a dark outline when
    selected or hovered."""
    return {
        "background": colour,
        "border": border,
        "highlight": {"background": colour, "border": EMPHASIS_BORDER},
        "hover": {"background": colour, "border": EMPHASIS_BORDER},
    }


def _node_payload(node: Node) -> dict[str, Any]:
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
        item["color"] = _colours(STYLES.get(node.label, _UNKNOWN).colour, EMPHASIS_BORDER)
        item["font"] = {"size": 16}
    return item


def _edge_text(edge: Edge) -> str:
    extra = [_value(edge.properties[k]) for k in ("role", "mode_zh", "mode") if edge.properties.get(k)]
    text = edge.type + (f" ({extra[0]})" if extra else "")
    return text + (f" ×{edge.count}" if edge.count > 1 else "")


def _edge_payload(
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


def _smoothing(edges: list[Edge]) -> list[dict[str, Any] | None]:
    """Curves that keep parallel relationships apart: the edges between one pair of nodes bend
    alternately left and right, further out for each further pair; a lone edge keeps the default."""
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for edge in edges:
        pairs[min(edge.start, edge.end), max(edge.start, edge.end)] += 1
    seen: dict[tuple[str, str], int] = defaultdict(int)
    out: list[dict[str, Any] | None] = []
    for edge in edges:
        pair = (min(edge.start, edge.end), max(edge.start, edge.end))
        if pairs[pair] == 1:
            out.append(None)
            continue
        index = seen[pair]
        seen[pair] += 1
        clockwise = (index % 2 == 0) == (edge.start == pair[0])  # same side whatever the direction
        out.append(
            {
                "enabled": True,
                "type": "curvedCW" if clockwise else "curvedCCW",
                "roundness": round(0.2 + 0.2 * (index // 2), 2),
            }
        )
    return out


def _legend(nodes: Iterable[Node], edges: list[Edge]) -> list[dict[str, Any]]:
    counts: dict[str, int] = defaultdict(int)
    for node in nodes:
        counts[node.label] += 1
    order = [*STYLES, *sorted(set(counts) - set(STYLES))]
    entries: list[dict[str, Any]] = []
    for label in order:
        if counts.get(label):
            style = STYLES.get(label, _UNKNOWN)
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


def seed_positions(nodes: list[Node], edges: list[Edge], spacing: float = 40.0) -> dict[str, tuple[int, int]]:
    """Deterministic starting positions in linear time, so the browser's simulation starts near
    a readable layout and settles in few steps: each connected component is walked breadth-first
    from its best-connected node, every node's children sit on a sunflower around it, and the
    components' roots sit on a sunflower of their own, the largest in the middle."""
    neighbours: dict[str, set[str]] = {node.id: set() for node in nodes}
    for edge in edges:
        if edge.start != edge.end and edge.start in neighbours and edge.end in neighbours:
            neighbours[edge.start].add(edge.end)
            neighbours[edge.end].add(edge.start)
    order = sorted(neighbours, key=lambda n: (-len(neighbours[n]), n))
    component: dict[str, int] = {}
    trees: list[list[tuple[str, str | None]]] = []
    for root in order:
        if root in component:
            continue
        component[root] = len(trees)
        walk: list[tuple[str, str | None]] = [(root, None)]
        for node, _ in walk:  # the list grows while it is walked: breadth first
            for other in sorted(neighbours[node], key=lambda n: (-len(neighbours[n]), n)):
                if other not in component:
                    component[other] = len(trees)
                    walk.append((other, node))
        trees.append(walk)
    golden = math.pi * (3 - math.sqrt(5))
    positions: dict[str, tuple[float, float]] = {}
    heading: dict[str, float | None] = {}  # the direction a node was placed in from its parent
    placed = 0
    for number, tree in enumerate(sorted(trees, key=len, reverse=True)):
        radius = spacing * 3 * math.sqrt(placed)
        positions[tree[0][0]] = (radius * math.cos(golden * number), radius * math.sin(golden * number))
        heading[tree[0][0]] = None
        children: dict[str, int] = defaultdict(int)
        for node, parent in tree[1:]:
            assert parent is not None
            k = children[parent]
            children[parent] += 1
            outward = heading[parent]
            if outward is None:  # around the root: the whole circle
                angle = golden * k
            else:  # further out: a half circle facing away from the parent's parent
                angle = outward + ((k * golden / (2 * math.pi)) % 1 - 0.5) * math.pi
            px, py = positions[parent]
            distance = spacing * (1.5 + math.sqrt(k))
            positions[node] = (px + distance * math.cos(angle), py + distance * math.sin(angle))
            heading[node] = angle
        placed += len(tree)
    return {node: (round(x), round(y)) for node, (x, y) in positions.items()}


def vis_options(node_count: int, layout: Layout) -> dict[str, Any]:
    """vis-network options: groups per label, a force layout whose stabilisation shortens as the
    view grows, a fixed seed for the stable layout."""
    groups: dict[str, dict[str, Any]] = {
        label: {"shape": style.shape, "size": style.size, "color": _colours(style.colour, style.colour)}
        for label, style in STYLES.items()
    }
    groups[FOLDED].update(
        shapeProperties={"borderDashes": [4, 3]}, color=_colours(STYLES[FOLDED].colour, "#555555")
    )
    big = node_count > 1000
    layout_options: dict[str, Any] = {"improvedLayout": node_count <= IMPROVED_LAYOUT_UP_TO}
    if layout is Layout.STABLE:
        layout_options["randomSeed"] = 20260205
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"face": FONT, "size": 13, "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": EDGE_COLOUR, "highlight": "#333333", "hover": "#333333", "inherit": False},
            "font": {"face": FONT, "size": 10, "color": "#444444", "strokeWidth": 3, "align": "middle"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
            "width": 1,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": True,
        },
        "layout": layout_options,
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.01,
                "springLength": 110,
                "springConstant": 0.06,
                # A coarser Barnes-Hut approximation makes a step of a 5,000-node view 3x cheaper.
                "theta": 1.0 if big else 0.5,
                "avoidOverlap": 0 if big else 0.3,
            },
            "stabilization": {
                "enabled": True,
                "iterations": max(50, min(1000, 200_000 // max(node_count, 1))),
                "updateInterval": 25,
                "fit": True,
            },
        },
    }


def script_json(value: Any) -> Markup:
    """JSON safe inside an HTML `<script>` element: no `<`, `>` or `&` survives, so the data can
    neither close the element nor open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _inlinable(path: Path, closing: str) -> str:
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise ConfigError(f"{path} contains {closing} and cannot be inlined")
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


@dataclass(frozen=True)
class _Assets:
    vis_js: str
    vis_css: str
    page_js: str
    page_css: str
    template: Template
    policy: str


@cache
def _assets() -> _Assets:
    vis_js = _inlinable(VIS_ASSETS / "vis-network.min.js", "</script")
    page_js = _inlinable(TEMPLATES / "view.js", "</script")
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, auto_reload=False
    )
    policy = (
        f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
    return _Assets(
        vis_js=vis_js,
        vis_css=_inlinable(VIS_ASSETS / "vis-network.css", "</style"),
        page_js=page_js,
        page_css=_inlinable(TEMPLATES / "view.css", "</style"),
        template=environment.get_template("view.html.j2"),
        policy=policy,
    )


def render(
    drawing: Drawing,
    sources: Mapping[str, SourceRef] | None = None,
    layout: Layout = Layout.STABLE,
    cap: int = DEFAULT_CAP,
) -> View:
    """The page for `drawing`, folding groups above `cap`; `sources` maps a source id
    (`source:004`) to its resolved reference, so tooltips give article titles."""
    nodes, edges, folds = fold(drawing, cap)
    names = {node.id: node.name for node in nodes}
    labelled = len(edges) <= EDGE_LABELS_UP_TO
    node_items = [_node_payload(node) for node in nodes]
    if len(nodes) > IMPROVED_LAYOUT_UP_TO:  # vis-network's own start is random and slow to settle
        positions = seed_positions(nodes, edges)
        for item in node_items:
            item["x"], item["y"] = positions[item["id"]]
    payload = {
        "layout": layout.value,
        "nodes": node_items,
        "edges": [
            _edge_payload(edge, i, names, smooth, labelled)
            for i, (edge, smooth) in enumerate(zip(edges, _smoothing(edges), strict=True))
        ],
        "sources": {
            ident: {"title": ref.title, "publisher": ref.publisher, "published": ref.published}
            for ident, ref in sorted((sources or {}).items())
        },
        "legend": _legend(nodes, edges),
        "options": vis_options(len(nodes), layout),
    }
    assets = _assets()
    html = assets.template.render(
        title=drawing.title,
        notes=[*drawing.notes, *(f.note + f" (more than {cap} per place or owner)" for f in folds)],
        nodes=len(nodes),
        edges=len(edges),
        folded=sum(f.count for f in folds),
        layout=layout.value,
        policy=assets.policy,
        payload=script_json(payload),
        vis_js=Markup(assets.vis_js),
        vis_css=Markup(assets.vis_css),
        page_js=Markup(assets.page_js),
        page_css=Markup(assets.page_css),
    )
    return View(
        kind=drawing.kind,
        name=drawing.name,
        title=drawing.title,
        html=html,
        nodes=len(nodes),
        edges=len(edges),
        queried_nodes=len(drawing.nodes),
        queried_edges=len(drawing.edges),
        folds=tuple(folds),
    )
