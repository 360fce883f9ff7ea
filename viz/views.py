"""The five views: the whole graph, an entity's neighbourhood, paths between two entities, an
alliance, and a technology's reach. Each gathers its nodes from the query catalogue (neighbourhood,
paths, diffusion) or its own `view_*` Cypher, adds what the tooltips show (every property, figures,
sources with article titles), and renders one self-contained page (`viz.render`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from graph import cypher
from graph.schema import ENTITIES, SEMANTIC_RELATIONSHIPS, Label, RelType, group_by_label
from graph.store import GraphStore, Record
from model.cache import cached
from model.limits import (
    DEFAULT_CAP,
    DEFAULT_NEIGHBOURHOOD_LIMIT,
    DEFAULT_PATH_HOPS,
    DEFAULT_PATHS,
    MAX_LIMIT,
)
from model.refs import SourceRef
from queries.diffusion import diffusion
from queries.lookup import resolve
from queries.neighbourhood import NeighbourEdge, edges_among, neighbourhood
from queries.paths import Hop, paths
from queries.profile import figures
from queries.sources import resolve_citations
from viz.drawing import Drawing, Edge, Layout, Node, PathRole
from viz.render import Data, View, render, view_data

_ENTITIES = cypher.load(__file__, "view_entities")
_GRAPH_NODES = cypher.load(__file__, "view_graph_nodes")
_GRAPH_RELATIONSHIPS = cypher.load(__file__, "view_graph_relationships")
_ALLIANCE = cypher.load(__file__, "view_alliance")
_COMMON = {"id", "name_zh", "name_en", "aliases", "description", "sources"}
_ENTITY_LABELS = [label.value for label in Label if label in ENTITIES]
# The relationships through which diffusion places a user in a city, and the uses themselves.
_DIFFUSION_RELATIONSHIPS = (
    RelType.APPLIES,
    RelType.FOCUSES_ON,
    RelType.BROADER,
    RelType.LOCATED_IN,
    RelType.LAUNCHED,
    RelType.PART_OF,
)


def _slug(ident: str) -> str:
    return re.sub(r"[^\w.-]+", "-", ident).strip("-")


def _node(store: GraphStore, label: str, row: Record, figure_rows: list[Record]) -> Node:
    properties = {k: v for k, v in row.items() if k not in _COMMON}
    facts = figures(store, figure_rows)
    if label == Label.FIGURE:  # a figure drawn as a node: its tooltip is the figure itself
        facts = figures(store, [row])
        properties = {k: properties[k] for k in ("owner",) if k in properties}
    return Node(
        id=row["id"],
        label=label,
        name_zh=row.get("name_zh"),
        name_en=row.get("name_en"),
        aliases=row.get("aliases") or [],
        description=row.get("description"),
        properties=properties,
        citations=row.get("sources") or [],
        figures=facts,
    )


def _edge(row: Record) -> Edge:
    properties = dict(row["properties"] or {})
    citations = properties.pop("sources", None) or []
    return Edge(row["start"], row["end"], row["type"], properties, citations)


def entities(store: GraphStore, ids: Sequence[str]) -> list[Node]:
    """The entities with these ids, in the order given, each with its properties and figures."""
    found: dict[str, Node] = {}
    for label, group in group_by_label(ids).items():
        for row in store.read(cypher.render(_ENTITIES, label=label), {"ids": group}):
            found[row["node"]["id"]] = _node(store, label, row["node"], row["figures"])
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def relationships(store: GraphStore, ids: Sequence[str], rels: tuple[RelType, ...]) -> list[Edge]:
    """Every relationship of the types `rels` between two of the given entities, parallel ones
    included, in a stable order."""
    return [_drawn(e) for e in edges_among(store, ids, rels)]


def _drawn(edge: NeighbourEdge) -> Edge:
    return Edge(edge.start, edge.end, edge.type, dict(edge.properties), list(edge.sources))


def _sources(store: GraphStore, drawing: Drawing) -> dict[str, SourceRef]:
    refs = resolve_citations(store, sorted(drawing.citations()))
    return {ref.source: ref for ref in refs if ref.source}


def _render(store: GraphStore, drawing: Drawing, layout: Layout, cap: int) -> View:
    return render(drawing, _sources(store, drawing), layout, cap)


def _whole_graph(store: GraphStore, with_figures: bool) -> tuple[list[Record], list[Record]]:
    labels = [*_ENTITY_LABELS, Label.FIGURE.value] if with_figures else _ENTITY_LABELS
    rels = tuple(RelType) if with_figures else SEMANTIC_RELATIONSHIPS
    return (
        store.read(_GRAPH_NODES, {"labels": labels}),
        store.read(cypher.render(_GRAPH_RELATIONSHIPS, rels=rels)),
    )


def graph_view(
    store: GraphStore, *, with_figures: bool = False, layout: Layout = Layout.STABLE, cap: int = DEFAULT_CAP
) -> View:
    """Every entity and relationship (figures as nodes only when asked; they are in the tooltips
    anyway), with crowded places folded."""
    node_rows, edge_rows = cached(
        store, f"view-graph-{with_figures}", lambda s: _whole_graph(s, with_figures)
    )
    nodes = sorted(
        (_node(store, row["label"], row["node"], row["figures"]) for row in node_rows), key=lambda n: n.id
    )
    drawn = {node.id for node in nodes}
    edges = sorted(
        (_edge(row) for row in edge_rows if row["start"] in drawn and row["end"] in drawn),
        key=lambda e: (e.start, e.type, e.end),
    )
    title = "The whole graph" + (" with figures" if with_figures else "")
    drawing = Drawing("graph", "graph-with-figures" if with_figures else "graph", title, nodes, edges)
    return _render(store, drawing, layout, cap)


def neighbourhood_drawing(
    store: GraphStore,
    ref: str,
    hops: int = 1,
    *,
    limit: int = DEFAULT_NEIGHBOURHOOD_LIMIT,
    with_figures: bool = False,
) -> Drawing:
    """The entities within `hops` (1..3) of `ref` and every relationship among them
    (`queries.neighbourhood`); the centre is outlined and never folded."""
    found = neighbourhood(store, ref, hops, limit, include_figures=with_figures)
    ids = [node.id for node in found.nodes]
    nodes = entities(store, ids)
    centre = nodes[0]
    centre.emphasis = True
    notes = []
    if found.truncated:
        notes.append(
            f"{len(found.nodes)} of the {found.total_nodes} entities within {hops} hop(s) are drawn, "
            "the nearest first"
        )
    return Drawing(
        kind="neighbourhood",
        name=f"neighbourhood-{_slug(centre.id)}-{hops}",
        title=f"{centre.name}: neighbourhood within {hops} hop(s)",
        nodes=nodes,
        edges=[_drawn(e) for e in found.edges],
        notes=notes,
        keep=frozenset({centre.id}),
    )


def neighbourhood_view(
    store: GraphStore,
    ref: str,
    hops: int = 1,
    *,
    limit: int = DEFAULT_NEIGHBOURHOOD_LIMIT,
    with_figures: bool = False,
    layout: Layout = Layout.STABLE,
    cap: int = DEFAULT_CAP,
) -> View:
    """The page of `neighbourhood_drawing`."""
    drawing = neighbourhood_drawing(store, ref, hops, limit=limit, with_figures=with_figures)
    return _render(store, drawing, layout, cap)


def neighbourhood_data(
    store: GraphStore, ref: str, *, limit: int = DEFAULT_NEIGHBOURHOOD_LIMIT, cap: int = DEFAULT_CAP
) -> Data:
    """The data of `ref`'s one-hop neighbourhood page, for a view that grows by click (the
    workbench's): each click adds one entity's neighbours."""
    drawing = neighbourhood_drawing(store, ref, 1, limit=limit)
    return view_data(drawing, _sources(store, drawing), Layout.PHYSICS, cap)


def _hop_text(hop: Hop) -> str:
    arrow = f" –{hop.type}→ " if hop.direction == "out" else f" ←{hop.type}– "
    return arrow + (hop.target.name_zh or hop.target.name_en or hop.target.id)


def path_view(
    store: GraphStore,
    a: str,
    b: str,
    k: int = DEFAULT_PATHS,
    *,
    max_hops: int = DEFAULT_PATH_HOPS,
    layout: Layout = Layout.STABLE,
    cap: int = DEFAULT_CAP,
) -> View:
    """Up to `k` shortest paths from `a` to `b` (`queries.paths`), all drawn; the shortest in
    red with its nodes outlined, the others dashed. A relationship on several paths is drawn once."""
    start, end = resolve(store, a), resolve(store, b)
    result = paths(store, start, end, k, max_hops)
    ids = [start, end, *(hop.target.id for path in result.paths for hop in path.hops)]
    nodes = entities(store, ids)
    shortest = {start, end} | {hop.target.id for path in result.paths[:1] for hop in path.hops}
    for node in nodes:
        node.emphasis = node.id in shortest
    edges: dict[tuple[str, str, str], Edge] = {}
    notes = []
    for number, path in enumerate(result.paths):
        role: PathRole = "shortest" if number == 0 else "other"
        for hop in path.hops:
            ends = (
                (hop.source.id, hop.target.id) if hop.direction == "out" else (hop.target.id, hop.source.id)
            )
            edges.setdefault(
                (ends[0], hop.type, ends[1]),
                Edge(ends[0], ends[1], hop.type, citations=[s.citation for s in hop.sources], path=role),
            )
        first = path.hops[0].source
        steps = "".join(_hop_text(hop) for hop in path.hops)
        what = "shortest" if number == 0 else f"path {number + 1}"
        notes.append(f"{what}, {path.length} hop(s): {first.name_zh or first.name_en or first.id}{steps}")
    names = {node.id: node.name for node in nodes}
    if not result.paths:
        notes.append(f"no path of at most {max_hops} relationships joins {names[start]} and {names[end]}")
    drawing = Drawing(
        kind="path",
        name=f"path-{_slug(start)}-{_slug(end)}",
        title=f"Paths from {names[start]} to {names[end]}",
        nodes=nodes,
        edges=list(edges.values()),
        notes=notes,
        keep=frozenset(ids),
    )
    return _render(store, drawing, layout, cap)


def alliance_view(
    store: GraphStore, ref: str, *, layout: Layout = Layout.STABLE, cap: int = DEFAULT_CAP
) -> View:
    """An alliance with its members (roles on the MEMBER_OF relationships), its figures, where it
    is located, what it released, the initiatives around its members, and every relationship
    among them."""
    ident = resolve(store, ref, Label.ALLIANCE, "the alliance view")
    around = sorted({row["id"] for row in store.read(_ALLIANCE, {"id": ident})} - {ident})
    ids = [ident, *around]
    nodes = entities(store, ids)
    nodes[0].emphasis = True
    drawing = Drawing(
        kind="alliance",
        name=f"alliance-{_slug(ident.partition(':')[2])}",
        title=f"{nodes[0].name}: members, figures and initiatives",
        nodes=nodes,
        edges=relationships(store, ids, tuple(RelType)),
        keep=frozenset({ident}),
    )
    return _render(store, drawing, layout, cap)


def technology_view(
    store: GraphStore,
    ref: str,
    *,
    include_narrower: bool = True,
    layout: Layout = Layout.STABLE,
    cap: int = DEFAULT_CAP,
) -> View:
    """A technology (and, unless told otherwise, the narrower ones under it), the scenarios,
    initiatives and actors that use it, and the districts and cities they belong to
    (`queries.diffusion`), joined by the relationships that place them."""
    result = diffusion(store, ref, include_narrower=include_narrower, limit=MAX_LIMIT)
    users = [user for use in result.cities for user in use.users] + result.unplaced
    ids: list[str] = [
        *(t.id for t in result.technologies),
        *(use.city.id for use in result.cities),
        *(d.id for user in users for d in user.districts),
        *(user.entity.id for user in users),
    ]
    nodes = entities(store, ids)
    nodes[0].emphasis = True
    notes: list[str] = []
    if result.page.total > len(result.cities):
        notes.append(f"the {len(result.cities)} cities with most users of {result.page.total} are drawn")
    if result.unplaced:
        notes.append(f"{len(result.unplaced)} user(s) tied to no city (e.g. national programmes) stand apart")
    drawing = Drawing(
        kind="technology",
        name=f"technology-{_slug(result.technology.id.partition(':')[2])}",
        title=f"{nodes[0].name}: where it is applied",
        nodes=nodes,
        edges=relationships(store, ids, _DIFFUSION_RELATIONSHIPS),
        notes=notes,
        keep=frozenset({result.technology.id}),
    )
    return _render(store, drawing, layout, cap)
