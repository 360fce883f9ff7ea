"""Network analytics: who is central, who brokers between otherwise separate parts, which
groups form.

The graph is projected into networkx with two queries (its nodes, its relationships), then
measured by pure functions that take a networkx graph and return plain values, so each can
be checked on a small hand-made graph. The whole result is cached until the graph changes;
`top` only cuts the lists handed out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any, Literal, TypedDict

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field, JsonValue
from pydantic.config import JsonDict

from graph import cypher, schema
from graph.schema import SEMANTIC_RELATIONSHIPS, Label
from graph.store import GraphStore
from model.cache import cached
from model.limits import COMMUNITY_MEMBERS, DEFAULT_TOP
from model.refs import EntityRef, entity_ref

Scope = Literal["all", "actors"]
SEED = 42  # Louvain is randomised; a fixed seed makes the communities the same on every run.
EXACT_LIMIT = 3_000
BETWEENNESS_SAMPLES = 300

ACTORS = frozenset(label.value for label in schema.ACTORS)  # by name: the networkx nodes carry names
# What two actors can share: being attached to the same one of these links them.
HUBS = frozenset(
    label.value for label in (Label.INITIATIVE, Label.SCENARIO, Label.MATCHING_EVENT, Label.ALLIANCE)
)
# Labels read for each scope; Figure and Source carry no relations between entities.
_LABELS: dict[Scope, list[str]] = {
    "all": sorted(label.value for label in schema.ENTITIES),
    "actors": sorted(ACTORS | HUBS),
}
_NODES = cypher.load(__file__, "analytics_nodes")
_LINKS = cypher.render(cypher.load(__file__, "analytics_links"), rels=SEMANTIC_RELATIONSHIPS)


# --- pure functions on networkx graphs -------------------------------------------------


def typed_graph(nodes: Iterable[Mapping[str, Any]], links: Iterable[Mapping[str, Any]]) -> nx.Graph:
    """An undirected simple graph of `nodes` (rows with id, label and names) and `links` (rows
    with source, target, type); an edge keeps in `types` every relationship type joining its
    pair in either direction. Rows are sorted first, so the graph (and Louvain on it) does not
    depend on the order the server returned them in.

    >>> G = typed_graph(
    ...     [{"id": "city:a", "label": "City"}, {"id": "city:b", "label": "City"}],
    ...     [
    ...         {"source": "city:a", "target": "city:b", "type": "COLLABORATES_WITH"},
    ...         {"source": "city:b", "target": "city:a", "type": "COLLABORATES_WITH"},
    ...         {"source": "city:b", "target": "city:a", "type": "PART_OF"},
    ...     ],
    ... )
    >>> G.number_of_edges(), sorted(G.edges["city:a", "city:b"]["types"])
    (1, ['COLLABORATES_WITH', 'PART_OF'])
    """
    G = nx.Graph()
    for row in sorted(nodes, key=lambda r: str(r["id"])):
        G.add_node(row["id"], label=row["label"], name_zh=row.get("name_zh"), name_en=row.get("name_en"))
    for row in sorted(links, key=lambda r: (str(r["source"]), str(r["target"]), str(r["type"]))):
        u, v = row["source"], row["target"]
        if u != v and u in G and v in G:
            types: set[str] = G.edges[u, v]["types"] if G.has_edge(u, v) else set()
            G.add_edge(u, v, types=types | {row["type"]})
    return G


def collaboration_graph(G: nx.Graph) -> nx.Graph:
    """The actors of `G`, linked when directly related (`types`: the relationship types) or
    attached to the same initiative, scenario, matching event or alliance (`shared`: its ids).

    >>> G = typed_graph(
    ...     [
    ...         {"id": "city:a", "label": "City"},
    ...         {"id": "city:b", "label": "City"},
    ...         {"id": "enterprise:e", "label": "Enterprise"},
    ...         {"id": "scenario:s", "label": "Scenario"},
    ...     ],
    ...     [
    ...         {"source": "scenario:s", "target": "city:a", "type": "LOCATED_IN"},
    ...         {"source": "enterprise:e", "target": "scenario:s", "type": "PARTICIPATES_IN"},
    ...         {"source": "city:a", "target": "city:b", "type": "COLLABORATES_WITH"},
    ...     ],
    ... )
    >>> A = collaboration_graph(G)
    >>> sorted(A.nodes), A.number_of_edges()
    (['city:a', 'city:b', 'enterprise:e'], 2)
    >>> A.edges["city:a", "enterprise:e"], A.edges["city:a", "city:b"]
    ({'types': set(), 'shared': {'scenario:s'}}, {'types': {'COLLABORATES_WITH'}, 'shared': set()})
    """
    A = nx.Graph()
    A.add_nodes_from((n, data) for n, data in G.nodes(data=True) if data["label"] in ACTORS)
    A.add_edges_from(
        (u, v, {"types": set(data["types"]), "shared": set()})
        for u, v, data in G.edges(data=True)
        if u in A and v in A
    )
    for hub, data in G.nodes(data=True):
        if data["label"] in HUBS:
            for u, v in combinations(sorted(n for n in G[hub] if n in A), 2):
                if not A.has_edge(u, v):
                    A.add_edge(u, v, types=set(), shared=set())
                A.edges[u, v]["shared"].add(hub)
    return A


def ranking(scores: Mapping[Any, float]) -> list[tuple[Any, float]]:
    """Highest score first; equal scores in node order, so a ranking reads the same every time.

    >>> ranking({"b": 0.5, "c": 1.0, "a": 0.5})
    [('c', 1.0), ('a', 0.5), ('b', 0.5)]
    """
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def component_sizes(G: nx.Graph) -> list[int]:
    """Sizes of the connected components, largest first.

    >>> component_sizes(nx.Graph([(1, 2), (3, 4), (4, 5)]))
    [3, 2]
    """
    return sorted((len(c) for c in nx.connected_components(G)), reverse=True)


def communities(G: nx.Graph, seed: int = SEED) -> list[list[Any]]:
    """Louvain communities with a fixed seed, each sorted, largest first (ties by first member).

    >>> communities(nx.barbell_graph(3, 0))  # two triangles joined by the edge 2-3
    [[0, 1, 2], [3, 4, 5]]
    """
    found = nx.community.louvain_communities(G, seed=seed)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))


def separated_parts(G: nx.Graph) -> dict[Any, list[int]]:
    """For each articulation point, the sizes of the parts its component falls into without
    it, largest first. Linear time, through the block-cut tree (removing each point in turn and
    recounting would be quadratic, hours on a 100,000-node graph).

    >>> separated_parts(nx.path_graph(4))  # 0-1-2-3
    {1: [2, 1], 2: [2, 1]}
    >>> separated_parts(nx.star_graph(3))  # centre 0 with leaves 1, 2, 3
    {0: [1, 1, 1]}
    """
    parts: dict[Any, list[int]] = {}
    for component in nx.connected_components(G):
        sub = G.subgraph(component)
        cuts = set(nx.articulation_points(sub))
        if not cuts:
            continue
        tree = nx.Graph()  # blocks and cut points; a block weighs its nodes that are not cuts
        weight: dict[tuple[str, Any], int] = {("cut", v): 1 for v in cuts}
        for i, block in enumerate(nx.biconnected_components(sub)):
            weight[("block", i)] = sum(1 for n in block if n not in cuts)
            tree.add_edges_from((("block", i), ("cut", v)) for v in block & cuts)
        root = next(iter(tree))
        order = list(nx.dfs_preorder_nodes(tree, root))
        parent = nx.dfs_predecessors(tree, root)
        below = dict(weight)
        for node in reversed(order):
            if node in parent:
                below[parent[node]] += below[node]
        for kind, v in order:
            if kind != "cut":
                continue
            node = (kind, v)
            sizes = [below[child] for child in tree[node] if parent.get(child) == node]
            if len(component) - below[node] > 0:
                sizes.append(len(component) - below[node])
            parts[v] = sorted(sizes, reverse=True)
    return dict(sorted(parts.items()))


class Cut(TypedDict):
    """An articulation point, as `brokers` reports it."""

    id: Any
    components_after: int
    parts: list[int]


def brokers(G: nx.Graph, betweenness: Mapping[Any, float]) -> list[Cut]:
    """The articulation points, those holding most together first: ranked by the second-largest
    part their removal cuts off, then by betweenness. `components_after` counts the components
    of the whole graph once the node is removed.

    >>> P = nx.path_graph(5)  # 0-1-2-3-4
    >>> for cut in brokers(P, nx.betweenness_centrality(P)):
    ...     print(cut)
    {'id': 2, 'components_after': 2, 'parts': [2, 2]}
    {'id': 1, 'components_after': 2, 'parts': [3, 1]}
    {'id': 3, 'components_after': 2, 'parts': [3, 1]}
    """
    before = nx.number_connected_components(G)
    cuts = [
        Cut(id=v, components_after=before - 1 + len(parts), parts=parts)
        for v, parts in separated_parts(G).items()
    ]
    return sorted(cuts, key=lambda c: (-c["parts"][1], -betweenness[c["id"]], c["id"]))


# --- result models ---------------------------------------------------------------------

# Examples: scope "actors" on the bundled dataset (a test checks they still hold).
_SHANGHAI: JsonDict = {"id": "city:shanghai", "label": "City", "name_zh": "上海市", "name_en": "Shanghai"}
_SHANGHAI_GROUP: list[JsonValue] = [
    {
        "id": "agency:shanghai-sasac",
        "label": "Agency",
        "name_zh": "上海市国资委",
        "name_en": "Shanghai Municipal State-owned Assets Supervision and Administration Commission",
    },
    _SHANGHAI,
    {"id": "district:jinqiao", "label": "District", "name_zh": "金桥", "name_en": "Jinqiao"},
    {"id": "district:shanghai-jiading", "label": "District", "name_zh": "嘉定区", "name_en": "Jiading"},
    {"id": "district:shanghai-pudong", "label": "District", "name_zh": "浦东新区", "name_en": "Pudong"},
    {"id": "district:shanghai-xuhui", "label": "District", "name_zh": "徐汇区", "name_en": "Xuhui"},
    {"id": "district:zhangjiang", "label": "District", "name_zh": "张江", "name_en": "Zhangjiang"},
]
_SCORE_EXAMPLE: JsonDict = {"entity": _SHANGHAI, "value": 0.1622}
_COMMUNITY_EXAMPLE: JsonDict = {"size": 7, "central": _SHANGHAI, "members": _SHANGHAI_GROUP}
_BROKER_EXAMPLE: JsonDict = {
    "entity": _SHANGHAI,
    "components_after": 22,
    "parts": [5, 1],
    "betweenness": 0.0085,
}
_COMPONENTS_EXAMPLE: JsonDict = {"count": 21, "sizes": [7, 4, 3, 3, 3, 2, 2, *[1] * 14]}
ANALYTICS_EXAMPLE: JsonDict = {
    "scope": "actors",
    "nodes": 38,
    "edges": 27,
    "betweenness_samples": None,
    "components": _COMPONENTS_EXAMPLE,
    "degree": [_SCORE_EXAMPLE],
    "betweenness": [{"entity": _SHANGHAI, "value": 0.0085}],
    "communities": [_COMMUNITY_EXAMPLE],
    "brokers": [_BROKER_EXAMPLE],
}


class Score(BaseModel):
    """A node and its centrality (normalised to 0..1)."""

    model_config = ConfigDict(frozen=True, json_schema_extra={"example": _SCORE_EXAMPLE})
    entity: EntityRef
    value: float


class Community(BaseModel):
    """A Louvain community: its members sorted by id, and the member with the highest degree
    (then betweenness) as the one to name it by."""

    model_config = ConfigDict(frozen=True, json_schema_extra={"example": _COMMUNITY_EXAMPLE})
    size: int
    central: EntityRef
    members: list[EntityRef]


class Broker(BaseModel):
    """An articulation point: removing it splits its component into `parts`."""

    model_config = ConfigDict(frozen=True, json_schema_extra={"example": _BROKER_EXAMPLE})
    entity: EntityRef
    components_after: int = Field(description="Connected components of the projection without this node")
    parts: list[int] = Field(description="Sizes of the parts its removal separates, largest first")
    betweenness: float


class Components(BaseModel):
    """How many connected components the projection has, and their sizes."""

    model_config = ConfigDict(frozen=True, json_schema_extra={"example": _COMPONENTS_EXAMPLE})
    count: int
    sizes: list[int] = Field(description="Component sizes, largest first")


class Analytics(BaseModel):
    """Centrality, communities, brokers and components of one projection of the graph."""

    model_config = ConfigDict(frozen=True, json_schema_extra={"example": ANALYTICS_EXAMPLE})
    scope: Scope
    nodes: int
    edges: int
    betweenness_samples: int | None = Field(
        default=None, description="Pivots betweenness was estimated from; null when it is exact"
    )
    components: Components
    degree: list[Score]
    betweenness: list[Score]
    communities: list[Community]
    brokers: list[Broker]


# --- from the store --------------------------------------------------------------------


def project(store: GraphStore, scope: Scope) -> nx.Graph:
    """The graph as networkx: scope "all" is every entity and every relationship but HAS_FIGURE;
    scope "actors" is the collaboration network among actors (see `collaboration_graph`)."""
    params = {"labels": _LABELS[scope]}
    G = typed_graph(store.read(_NODES, params), store.read(_LINKS, params))
    return G if scope == "all" else collaboration_graph(G)


def measure(G: nx.Graph, scope: Scope) -> Analytics:
    """Every measure of `G`, every list complete. Betweenness is exact up to EXACT_LIMIT nodes
    and estimated from BETWEENNESS_SAMPLES seeded pivots above (exact grows with nodes x edges)."""
    degree = nx.degree_centrality(G)
    sampled = BETWEENNESS_SAMPLES if G.number_of_nodes() > EXACT_LIMIT else None
    between = nx.betweenness_centrality(G, k=sampled, normalized=True, seed=SEED)

    def ref(n: str) -> EntityRef:
        return entity_ref({**G.nodes[n], "id": n})

    def central(members: list[str]) -> str:
        return min(members, key=lambda n: (-degree[n], -between[n], n))

    sizes = component_sizes(G)
    return Analytics(
        scope=scope,
        nodes=G.number_of_nodes(),
        edges=G.number_of_edges(),
        betweenness_samples=sampled,
        components=Components(count=len(sizes), sizes=sizes),
        degree=[Score(entity=ref(n), value=round(v, 4)) for n, v in ranking(degree)],
        betweenness=[Score(entity=ref(n), value=round(v, 4)) for n, v in ranking(between)],
        communities=[
            Community(size=len(c), central=ref(central(c)), members=[ref(n) for n in c])
            for c in communities(G)
        ],
        brokers=[
            Broker(
                entity=ref(cut["id"]),
                components_after=cut["components_after"],
                parts=cut["parts"],
                betweenness=round(between[cut["id"]], 4),
            )
            for cut in brokers(G, between)
        ],
    )


def full_analytics(store: GraphStore, scope: Scope = "all") -> Analytics:
    """The complete result for `scope`, computed once per graph revision and shared: read only."""
    return cached(store, f"analytics:{scope}", lambda s: measure(project(s, scope), scope))


def analytics(store: GraphStore, scope: Scope = "all", top: int = DEFAULT_TOP) -> Analytics:
    """Degree and betweenness leaders, communities and brokers, each cut to the first `top`;
    a zero score ranks nothing and is left out, and each community lists its first
    `COMMUNITY_MEMBERS` members (its `size` still counts them all)."""
    whole = full_analytics(store, scope)
    n = max(top, 0)
    return whole.model_copy(
        update={
            "degree": [s for s in whole.degree if s.value > 0][:n],
            "betweenness": [s for s in whole.betweenness if s.value > 0][:n],
            "communities": [
                c.model_copy(update={"members": c.members[:COMMUNITY_MEMBERS]}) for c in whole.communities[:n]
            ],
            "brokers": whole.brokers[:n],
        }
    )
