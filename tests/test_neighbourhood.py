"""The k-hop neighbourhood of an entity, checked by hand against the bundled dataset."""

from __future__ import annotations

import pytest

from graph.errors import BadArgument, NotFound
from graph.store import GraphStore
from queries.neighbourhood import Neighbourhood, neighbourhood

# Hefei's one-hop neighbours (excluding figures), from data/curated and the CSV templates:
HEFEI_HOP_1 = {
    "alliance:scenario-innovation-city-alliance",  # 004#p40 Hefei initiated the city alliance
    "alliance:hefei-soe-scenario-innovation-alliance",  # 004#p34 合肥成立了国有企业场景创新联盟
    "initiative:hefei-all-domain-scenario-innovation-city",  # 004#p9 全域场景应用创新之城
    "initiative:hefei-six-in-one-work-system",  # 004#p9 六位一体的工作体系
    "initiative:hefei-opportunity-capability-lists",  # 004#p9 机会清单+能力清单
    "event:hefei-weekly-scenario-matching",  # 004#p46 每周至少1场场景对接会
    "scenario:hefei-quantum-encryption-government",  # 004#p9 quantum encryption in government use
    "scenario:hefei-gas-ai-work-quality-inspection",  # 004#p35 燃气AI工作质检
    "opportunity:example-opp-001",  # opportunities.csv row 2, city 合肥
    "opportunity:example-opp-003",  # opportunities.csv row 4, city Hefei
}


def edge_set(result: Neighbourhood) -> set[tuple[str, str, str]]:
    return {(e.start, e.type, e.end) for e in result.edges}


def relationships_among(store: GraphStore, ids: list[str], figures: bool) -> set[tuple[str, str, str]]:
    """Independently of the query under test: every relationship whose two ends are in `ids`."""
    rows = store.read(
        "MATCH (a)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids RETURN a.id AS s, type(r) AS t, b.id AS e",
        {"ids": ids},
    )
    return {(r["s"], r["t"], r["e"]) for r in rows if figures or r["t"] != "HAS_FIGURE"}


def test_one_hop_around_hefei(loaded: GraphStore) -> None:
    result = neighbourhood(loaded, "合肥")
    assert result.centre.id == "city:hefei"
    assert (result.nodes[0].id, result.nodes[0].hop) == ("city:hefei", 0)
    assert {n.id for n in result.nodes if n.hop == 1} == HEFEI_HOP_1
    assert not result.truncated and result.total_nodes == 11
    edges = edge_set(result)
    # Parallel relationships all appear: Hefei LAUNCHED the all-domain initiative, which is
    # LOCATED_IN Hefei (004#p9).
    assert ("city:hefei", "LAUNCHED", "initiative:hefei-all-domain-scenario-innovation-city") in edges
    assert ("initiative:hefei-all-domain-scenario-innovation-city", "LOCATED_IN", "city:hefei") in edges
    # Relationships between two neighbours appear too: the alliance released the gas scenario (004#p35).
    assert (
        "alliance:hefei-soe-scenario-innovation-alliance",
        "RELEASED",
        "scenario:hefei-gas-ai-work-quality-inspection",
    ) in edges
    assert edges == relationships_among(loaded, [n.id for n in result.nodes], figures=False)
    assert len(result.edges) == len(edges) == 19
    [launched] = [
        e
        for e in result.edges
        if e.type == "LAUNCHED" and e.end.endswith("all-domain-scenario-innovation-city")
    ]
    assert launched.sources == ["source:004#p9"]


def test_figures_only_when_asked(loaded: GraphStore) -> None:
    without = neighbourhood(loaded, "city:hefei")
    assert not any(n.label == "Figure" for n in without.nodes)
    assert not any(e.type == "HAS_FIGURE" for e in without.edges)
    with_figures = neighbourhood(loaded, "city:hefei", include_figures=True)
    # places.yaml: Hefei's two figures from 004#p9 (从9条扩展到16条).
    assert {n.id for n in with_figures.nodes if n.label == "Figure"} == {
        "figure:city.hefei.strategic_emerging_industry_chains",
        "figure:city.hefei.strategic_emerging_industry_chains_before",
    }
    assert edge_set(with_figures) == relationships_among(
        loaded, [n.id for n in with_figures.nodes], figures=True
    )
    assert len(with_figures.edges) == 21


def test_truncation_keeps_the_nearest_nodes_and_only_their_edges(loaded: GraphStore) -> None:
    result = neighbourhood(loaded, "city:hefei", limit=5)
    assert result.truncated and result.total_nodes == 11
    # The centre, then hop-1 nodes in id order.
    assert [n.id for n in result.nodes] == [
        "city:hefei",
        "alliance:hefei-soe-scenario-innovation-alliance",
        "alliance:scenario-innovation-city-alliance",
        "event:hefei-weekly-scenario-matching",
        "initiative:hefei-all-domain-scenario-innovation-city",
    ]
    kept = {n.id for n in result.nodes}
    assert all(e.start in kept and e.end in kept for e in result.edges)
    assert edge_set(result) == relationships_among(loaded, sorted(kept), figures=False)


def test_two_hops_from_xuhui(loaded: GraphStore) -> None:
    result = neighbourhood(loaded, "徐汇", hops=2)
    hop = {n.id: n.hop for n in result.nodes}
    # 004#p12: Xuhui is part of Shanghai, a cluster zone of the 14-zone plan, and builds an AI
    # large-model hub.
    assert {n for n, h in hop.items() if h == 1} == {
        "city:shanghai",
        "initiative:shanghai-14-industrial-cluster-zones",
        "tech:large-models",
    }
    # Two hops: AI above large models (004#p12), Pudong in Shanghai, Zhangjiang in the 14-zone plan.
    assert hop["tech:artificial-intelligence"] == 2
    assert hop["district:shanghai-pudong"] == 2
    assert hop["district:zhangjiang"] == 2
    # Three hops away (Pudong's AI town, 004#p38) is out of reach.
    assert "initiative:zhangjiang-ai-innovation-town" not in hop
    assert edge_set(result) == relationships_among(loaded, list(hop), figures=False)
    assert ("district:jinqiao", "PART_OF", "district:shanghai-pudong") in edge_set(result)


def test_three_hops_reach_further(loaded: GraphStore) -> None:
    result = neighbourhood(loaded, "徐汇", hops=3)
    hop = {n.id: n.hop for n in result.nodes}
    assert hop["initiative:zhangjiang-ai-innovation-town"] == 3


@pytest.mark.parametrize("hops", [0, 4])
def test_hops_outside_one_to_three_are_refused(loaded: GraphStore, hops: int) -> None:
    with pytest.raises(BadArgument, match="hops"):
        neighbourhood(loaded, "city:hefei", hops=hops)


def test_unknown_reference_is_not_found_with_suggestions(loaded: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        neighbourhood(loaded, "Hefie")
    assert any("city:hefei" in s for s in caught.value.suggestions)


def test_an_id_of_no_entity_is_not_found(loaded: GraphStore) -> None:
    with pytest.raises(NotFound):
        neighbourhood(loaded, "city:atlantis")


def test_documented_example_is_the_real_answer(loaded: GraphStore) -> None:
    example = Neighbourhood.model_validate(Neighbourhood.model_json_schema()["example"])
    assert example == neighbourhood(loaded, "合肥", limit=2)
