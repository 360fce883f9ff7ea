"""Network analytics: the pure measures on hand-made graphs with numbers worked out by hand,
the projections and rankings on the bundled dataset, and the cache's life across writes."""

from __future__ import annotations

import doctest
import random
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest

import queries.analytics
from graph.store import GraphStore
from ingest.pipeline import ingest
from model.limits import COMMUNITY_MEMBERS
from queries.analytics import (
    ACTORS,
    ANALYTICS_EXAMPLE,
    Analytics,
    Broker,
    Community,
    Components,
    Score,
    analytics,
    brokers,
    collaboration_graph,
    communities,
    component_sizes,
    full_analytics,
    measure,
    project,
    ranking,
    separated_parts,
    typed_graph,
)
from queries.stats import stats

WriteFile = Callable[[str, str | bytes], Path]


def two_triangles() -> nx.Graph:
    """Triangles a1-a2-a3 and b1-b2-b3, and x joined to two corners of each: only x cuts."""
    triangles = [("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3")]
    return nx.Graph([*triangles, ("x", "a1"), ("x", "a2"), ("x", "b1"), ("x", "b2")])


def labelled(G: nx.Graph, label: str = "City") -> nx.Graph:
    nx.set_node_attributes(G, label, "label")
    nx.set_node_attributes(G, None, "name_zh")
    nx.set_node_attributes(G, None, "name_en")
    return G


def rows(*entries: tuple[str, str]) -> list[dict[str, str]]:
    return [{"id": ident, "label": label} for ident, label in entries]


def link(source: str, rel: str, target: str) -> dict[str, str]:
    return {"source": source, "target": target, "type": rel}


# --- pure functions ------------------------------------------------------------------------


def test_docstring_examples_run() -> None:
    result = doctest.testmod(queries.analytics)
    assert result.attempted >= 10 and result.failed == 0


def test_middle_of_a_path_is_the_only_broker() -> None:
    P = nx.path_graph(3)  # 0-1-2
    betweenness = nx.betweenness_centrality(P)
    assert betweenness == {0: 0.0, 1: 1.0, 2: 0.0}  # 1 lies on the one path between 0 and 2
    assert nx.degree_centrality(P) == {0: 0.5, 1: 1.0, 2: 0.5}
    assert brokers(P, betweenness) == [{"id": 1, "components_after": 2, "parts": [1, 1]}]


def test_bridge_node_between_two_triangles_is_the_only_articulation_point() -> None:
    G = two_triangles()
    assert separated_parts(G) == {"x": [3, 3]}
    # x is on every shortest path between the triangles: 3 * 3 of the 15 pairs.
    # a1 is on half the paths from a3 to x and to each b: (1 + 3) / 2 = 2 of 15.
    betweenness = nx.betweenness_centrality(G)
    assert betweenness["x"] == pytest.approx(9 / 15)
    assert betweenness["a1"] == pytest.approx(2 / 15)
    assert betweenness["a3"] == 0.0
    assert brokers(G, betweenness) == [{"id": "x", "components_after": 2, "parts": [3, 3]}]


def test_brokers_rank_by_second_largest_part_then_betweenness() -> None:
    # 0-1-2-3-4-5-6 with a leaf 7 on 5. Cutting 3 or 4 leaves parts 4 and 3 (and both lie on
    # 12 shortest paths, so the id decides); cutting 2 leaves 5 and 2. Cutting 5 (parts 5, 1, 1:
    # on 5 + 5 + 1 = 11 paths) and 1 (parts 6, 1: on 6 paths) tie on the second part, and
    # betweenness puts 5 first.
    G = nx.path_graph(7)
    G.add_edge(5, 7)
    ranked = brokers(G, nx.betweenness_centrality(G))
    assert [(c["id"], c["parts"]) for c in ranked] == [
        (3, [4, 3]),
        (4, [4, 3]),
        (2, [5, 2]),
        (5, [5, 1, 1]),
        (1, [6, 1]),
    ]


def test_components_after_counts_the_whole_graph() -> None:
    G = nx.path_graph(3)
    G.add_edge("p", "q")  # a second component that the cut leaves alone
    G.add_node("lone")
    assert component_sizes(G) == [3, 2, 1]
    assert brokers(G, nx.betweenness_centrality(G)) == [{"id": 1, "components_after": 4, "parts": [1, 1]}]


def test_ranking_breaks_ties_by_id() -> None:
    assert ranking({"tech:b": 0.2, "city:z": 0.5, "tech:a": 0.2}) == [
        ("city:z", 0.5),
        ("tech:a", 0.2),
        ("tech:b", 0.2),
    ]


def test_communities_keep_each_triangle_together() -> None:
    found = communities(two_triangles())
    assert len(found) == 2
    assert sorted(n for c in found for n in c) == ["a1", "a2", "a3", "b1", "b2", "b3", "x"]
    assert any({"a1", "a2", "a3"} <= set(c) for c in found)
    assert any({"b1", "b2", "b3"} <= set(c) for c in found)
    assert len(found[0]) >= len(found[1])


def test_communities_do_not_depend_on_the_order_rows_arrive_in() -> None:
    karate = nx.karate_club_graph()
    nodes = rows(*((f"n{i:02d}", "City") for i in karate))
    links = [link(f"n{u:02d}", "COLLABORATES_WITH", f"n{v:02d}") for u, v in karate.edges]
    expected = communities(typed_graph(nodes, links))
    for seed in range(5):
        shuffled_nodes, shuffled_links = nodes[:], links[:]
        random.Random(seed).shuffle(shuffled_nodes)
        random.Random(seed).shuffle(shuffled_links)
        assert communities(typed_graph(shuffled_nodes, shuffled_links)) == expected


def test_typed_graph_folds_relationships_into_one_edge_per_pair() -> None:
    G = typed_graph(
        rows(("district:shanghai-pudong", "District"), ("city:shanghai", "City"), ("tech:ai", "Technology")),
        [
            link("district:shanghai-pudong", "PART_OF", "city:shanghai"),
            link("city:shanghai", "COLLABORATES_WITH", "district:shanghai-pudong"),
            link("district:shanghai-pudong", "FOCUSES_ON", "tech:ai"),
            link("district:shanghai-pudong", "FOCUSES_ON", "tech:not-in-the-projection"),
        ],
    )
    assert sorted(G.nodes) == ["city:shanghai", "district:shanghai-pudong", "tech:ai"]
    assert G.number_of_edges() == 2
    assert G.edges["district:shanghai-pudong", "city:shanghai"]["types"] == {"PART_OF", "COLLABORATES_WITH"}
    assert G.nodes["district:shanghai-pudong"]["label"] == "District"


def test_collaboration_graph_links_members_of_an_alliance_but_not_users_of_a_technology() -> None:
    G = typed_graph(
        rows(
            ("enterprise:a", "Enterprise"),
            ("enterprise:b", "Enterprise"),
            ("alliance:x", "Alliance"),
            ("tech:ai", "Technology"),
        ),
        [
            link("enterprise:a", "MEMBER_OF", "alliance:x"),
            link("enterprise:b", "MEMBER_OF", "alliance:x"),
            link("enterprise:a", "PROVIDES", "tech:ai"),
            link("enterprise:b", "PROVIDES", "tech:ai"),
        ],
    )
    A = collaboration_graph(G)
    assert sorted(A.nodes) == ["alliance:x", "enterprise:a", "enterprise:b"]
    assert A.edges["enterprise:a", "enterprise:b"] == {"types": set(), "shared": {"alliance:x"}}
    assert A.edges["enterprise:a", "alliance:x"] == {"types": {"MEMBER_OF"}, "shared": set()}
    assert A.number_of_edges() == 3


def test_measure_names_the_most_central_member_of_each_community() -> None:
    G = labelled(nx.relabel_nodes(two_triangles(), lambda n: f"city:{n}"))
    result = measure(G, "all")
    assert (result.nodes, result.edges) == (7, 10)
    assert result.components == Components(count=1, sizes=[7])
    assert [(s.entity.id, s.value) for s in result.degree[:2]] == [("city:x", 0.6667), ("city:a1", 0.5)]
    assert result.betweenness[0].entity.id == "city:x" and result.betweenness[0].value == 0.6
    assert [(b.entity.id, b.parts, b.betweenness) for b in result.brokers] == [("city:x", [3, 3], 0.6)]
    assert [c.size for c in result.communities] == [4, 3]
    assert [c.central.id for c in result.communities] == ["city:x", "city:b1"]  # b1, b2 tie: by id
    assert [m.id for m in result.communities[1].members] == ["city:b1", "city:b2", "city:b3"]


def test_measure_of_an_empty_graph_is_empty() -> None:
    result = measure(nx.Graph(), "actors")
    assert (result.nodes, result.edges, result.components.count) == (0, 0, 0)
    assert result.degree == result.betweenness == result.communities == result.brokers == []


# --- the bundled dataset -------------------------------------------------------------------


def test_scope_all_is_every_entity_but_figures_and_sources(loaded: GraphStore) -> None:
    G = project(loaded, "all")
    counts = stats(loaded)
    assert G.number_of_nodes() == counts.nodes - counts.labels["Figure"] - counts.labels["Source"]
    assert {data["label"] for _, data in G.nodes(data=True)}.isdisjoint({"Figure", "Source"})
    assert all("HAS_FIGURE" not in data["types"] for _, _, data in G.edges(data=True))
    # Tangshan's five neighbours in relationships.yaml, and no self-loops or duplicates.
    assert set(G["city:tangshan"]) == {
        "city:beijing",
        "city:tianjin",
        "province:hebei",
        "scenario:tangshan-robot-application",
        "scenario:tangshan-steel-intelligence",
    }


def test_artificial_intelligence_has_the_highest_degree_in_scope_all(loaded: GraphStore) -> None:
    result = analytics(loaded, "all", top=5)
    leader = result.degree[0]
    assert leader.entity.id == "tech:artificial-intelligence"
    assert leader.entity.name_zh == "人工智能"
    # 22 distinct neighbours in relationships.yaml, plus EXAMPLE-OPP-001 (needs) and
    # EXAMPLE-CAP-001 (offers) from the CSV templates.
    assert leader.value == round(24 / (result.nodes - 1), 4)
    assert result.degree[1].entity.id == "city:chongqing"  # 12 neighbours, the runner-up
    assert result.betweenness[0].entity.id == "tech:artificial-intelligence"


def test_a_leaf_is_no_broker_but_the_node_it_hangs_on_is(loaded: GraphStore) -> None:
    result = full_analytics(loaded, "all")
    ids = [b.entity.id for b in result.brokers]
    assert "city:tianjin" not in ids  # joined to Tangshan only
    tangshan = result.brokers[ids.index("city:tangshan")]
    # Without Tangshan, Tianjin, Hebei and the steel scenario are cut off one by one, while
    # Beijing and the robot scenario stay joined through the technologies they touch.
    assert tangshan.parts[1:] == [1, 1, 1]
    assert tangshan.components_after == result.components.count + 3


def test_actor_scope_links_tangshan_with_beijing(loaded: GraphStore) -> None:
    A = project(loaded, "actors")
    assert {data["label"] for _, data in A.nodes(data=True)} <= ACTORS
    assert A.edges["city:tangshan", "city:beijing"] == {"types": {"COLLABORATES_WITH"}, "shared": set()}
    assert set(A["city:tangshan"]) == {"city:beijing", "city:tianjin", "province:hebei"}


def test_actor_scope_links_actors_attached_to_the_same_scenario(loaded: GraphStore) -> None:
    # Chery and Haixingyun co-build the Wuhu NEV hub scenario, which is located in Wuhu.
    A = project(loaded, "actors")
    hub = "scenario:wuhu-nev-intelligent-hub"
    assert A.edges["city:wuhu", "enterprise:chery"] == {"types": set(), "shared": {hub}}
    assert A.edges["enterprise:chery", "enterprise:haixingyun-technology"] == {
        "types": {"COLLABORATES_WITH"},
        "shared": {hub},
    }


def test_actor_scope_finds_the_tangshan_group_and_its_broker(loaded: GraphStore) -> None:
    result = full_analytics(loaded, "actors")
    group = next(c for c in result.communities if "city:tangshan" in [m.id for m in c.members])
    members = [m.id for m in group.members]
    assert members == ["city:beijing", "city:tangshan", "city:tianjin", "province:hebei"]
    assert group.central.id == "city:tangshan"
    tangshan = next(b for b in result.brokers if b.entity.id == "city:tangshan")
    assert tangshan.parts == [1, 1, 1]
    assert "city:beijing" not in [b.entity.id for b in result.brokers]


def test_top_cuts_the_lists_but_not_the_counts(loaded: GraphStore) -> None:
    whole = full_analytics(loaded, "all")
    cut = analytics(loaded, "all", top=3)
    assert (cut.nodes, cut.edges, cut.components) == (whole.nodes, whole.edges, whole.components)
    assert cut.degree == [s for s in whole.degree if s.value > 0][:3]
    assert cut.betweenness == [s for s in whole.betweenness if s.value > 0][:3]
    assert all(s.value > 0 for s in analytics(loaded, "all", top=1000).betweenness)
    assert [(c.size, c.central) for c in cut.communities] == [
        (c.size, c.central) for c in whole.communities[:3]
    ]
    assert all(
        c.members == w.members[:COMMUNITY_MEMBERS]
        for c, w in zip(cut.communities, whole.communities[:3], strict=True)
    )
    assert any(len(w.members) > COMMUNITY_MEMBERS for w in whole.communities[:3])
    assert cut.brokers == whole.brokers[:3]
    assert len(whole.brokers) > 3 and len(whole.communities) > 3
    assert analytics(loaded, "all", top=0).degree == []


def test_schema_examples_are_the_bundled_results(loaded: GraphStore) -> None:
    assert analytics(loaded, "actors", top=1).model_dump() == ANALYTICS_EXAMPLE
    for model in (Score, Community, Broker, Components, Analytics):
        model.model_validate(model.model_json_schema()["example"])


# --- the cache -----------------------------------------------------------------------------

SMALL = """\
sources:
  - id: source:t
    title: test source
cities:
  - id: city:a
    name_zh: 甲市
    name_en: A
    sources: ["source:t#p1"]
  - id: city:b
    name_zh: 乙市
    name_en: B
    sources: ["source:t#p1"]
relationships:
  - type: COLLABORATES_WITH
    from: city:a
    to: city:b
    sources: ["source:t#p1"]
"""

EXTRA = """\
cities:
  - id: city:c
    name_zh: 丙市
    name_en: C
    sources: ["source:t#p2"]
relationships:
  - type: COLLABORATES_WITH
    from: city:b
    to: city:c
    sources: ["source:t#p2"]
"""


def test_cache_is_reused_until_a_write_changes_the_graph(store: GraphStore, data_file: WriteFile) -> None:
    small = data_file("small.yaml", SMALL)
    ingest(store, [small], batch_size=100)
    first = full_analytics(store, "actors")
    assert first.nodes == 2 and first.brokers == []
    assert full_analytics(store, "actors") is first
    assert analytics(store, "actors").degree == first.degree

    ingest(store, [small], batch_size=100)  # changes nothing, so the graph's revision stays
    assert full_analytics(store, "actors") is first

    ingest(store, [data_file("extra.yaml", EXTRA)], batch_size=100)
    second = full_analytics(store, "actors")
    assert second is not first
    assert (second.nodes, second.edges) == (3, 2)
    assert [b.entity.id for b in second.brokers] == ["city:b"]
    assert full_analytics(store, "actors") is second


def _parts_by_removal(G: nx.Graph) -> dict[object, list[int]]:
    """The definition, quadratic: remove each articulation point and count what is left."""
    out = {}
    for v in sorted(nx.articulation_points(G)):
        rest = G.subgraph(nx.node_connected_component(G, v) - {v})
        out[v] = sorted((len(c) for c in nx.connected_components(rest)), reverse=True)
    return out


@pytest.mark.parametrize("seed", range(12))
def test_linear_separated_parts_agree_with_removing_each_point(seed: int) -> None:
    G = nx.gnm_random_graph(60, 70, seed=seed)  # sparse: many cut points, several components
    G.add_edges_from(nx.random_labeled_tree(25, seed=seed).edges)  # a tree: every inner node cuts
    assert separated_parts(G) == _parts_by_removal(G)


def test_betweenness_is_sampled_above_the_exact_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    G = nx.barbell_graph(20, 5)
    nx.set_node_attributes(G, {n: {"label": "City", "name_zh": str(n), "name_en": str(n)} for n in G})
    exact = measure(nx.relabel_nodes(G, str), "all")
    assert exact.betweenness_samples is None
    monkeypatch.setattr(queries.analytics, "EXACT_LIMIT", 10)
    monkeypatch.setattr(queries.analytics, "BETWEENNESS_SAMPLES", 20)
    sampled = measure(nx.relabel_nodes(G, str), "all")
    again = measure(nx.relabel_nodes(G, str), "all")
    assert sampled.betweenness_samples == 20
    assert sampled.betweenness == again.betweenness  # seeded: the same estimate every time
    # an estimate, but the exact leader (on the path between the bells) stays near the top
    assert exact.betweenness[0].entity.id in {s.entity.id for s in sampled.betweenness[:5]}
