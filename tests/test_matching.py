"""Opportunity <-> capability/enterprise matching: on the CSV templates, and exactly on a small
graph built for the purpose where broader/narrower matches and the ranking are known."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.errors import NotFound, WrongKind
from graph.store import GraphStore
from ingest.list_sources import source_for
from ingest.pipeline import ingest
from queries.lookup import lookup
from queries.matching import EnterpriseMatches, Match, OpportunityMatches, match_enterprise, match_opportunity
from tests.conftest import CURATED, TEMPLATES


def list_source(path: Path) -> str:
    """The Source id a CSV list is loaded under (named after its file)."""
    return source_for(path, path.read_bytes()).id


def reasons(match: Match) -> list[tuple[str, str, str, str | None]]:
    return [(r.needed.id, r.offered.id, r.relation, r.via.id if r.via else None) for r in match.reasons]


def test_templates_opportunity_matched_by_capability_and_its_enterprise(loaded: GraphStore) -> None:
    # opportunities.csv row 3 (EXAMPLE-OPP-002) needs 低空经济;eVTOL; capabilities.csv row 4
    # (EXAMPLE-CAP-003, 示例企业丙) offers eVTOL;低空经济: both needs exactly.
    result = match_opportunity(loaded, "opportunity:example-opp-002")
    assert [n.id for n in result.needs] == ["tech:evtol", "tech:low-altitude-economy"]
    assert [(m.entity.id, m.score, m.exact) for m in result.matches] == [
        ("capability:example-cap-003", 2.0, 2),
        ("enterprise:示例企业丙", 2.0, 2),
    ]
    capability, enterprise = result.matches
    assert reasons(capability) == [
        ("tech:evtol", "tech:evtol", "exact", None),
        ("tech:low-altitude-economy", "tech:low-altitude-economy", "exact", None),
    ]
    assert {r.via.id for r in enterprise.reasons if r.via} == {"capability:example-cap-003"}
    assert [s.citation for s in capability.reasons[0].sources] == [
        f"{list_source(TEMPLATES / 'opportunities.csv')}#row3",
        f"{list_source(TEMPLATES / 'capabilities.csv')}#row4",
    ]


@pytest.mark.parametrize("ref", ["EXAMPLE-OPP-002", "示例：园区低空物流航线", "opportunity:example-opp-002"])
def test_opportunity_by_list_number_name_or_id(loaded: GraphStore, ref: str) -> None:
    # opportunities.csv row 3: the list's own number EXAMPLE-OPP-002 and the title 示例：园区低空物流航线.
    assert match_opportunity(loaded, ref).opportunity.id == "opportunity:example-opp-002"


def test_list_number_names_the_entry_everywhere(loaded: GraphStore) -> None:
    # The list's own number is an alias: `show` (lookup) and search find the entry by it too.
    assert lookup(loaded, "EXAMPLE-OPP-002").id == "opportunity:example-opp-002"
    assert "EXAMPLE-OPP-002" in lookup(loaded, "opportunity:example-opp-002").aliases


def test_templates_opportunity_nobody_offers_has_no_matches(loaded: GraphStore) -> None:
    # opportunities.csv row 4 (EXAMPLE-OPP-003) needs 量子加密; no capability offers anything quantum.
    result = match_opportunity(loaded, "示例：政务数据量子加密传输")
    assert [n.id for n in result.needs] == ["tech:quantum-encryption"]
    assert result.matches == [] and result.page.total == 0


def test_templates_enterprise_matched_with_example_opportunity(loaded: GraphStore) -> None:
    # capabilities.csv row 2: 示例企业甲 offers 人工智能 through EXAMPLE-CAP-001; opportunities.csv
    # row 2 (EXAMPLE-OPP-001, status example) needs 人工智能;数字孪生.
    result = match_enterprise(loaded, "示例企业甲")
    assert [t.id for t in result.offers] == ["tech:artificial-intelligence"]
    assert [(m.entity.id, m.score, m.exact) for m in result.matches] == [
        ("opportunity:example-opp-001", 1.0, 1)
    ]
    assert reasons(result.matches[0]) == [
        (
            "tech:artificial-intelligence",
            "tech:artificial-intelligence",
            "exact",
            "capability:example-cap-001",
        )
    ]


def test_unknown_opportunity_is_not_found_with_suggestions(loaded: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        match_opportunity(loaded, "Example: AI inspection of gas pipeline")
    assert any("opportunity:example-opp-001" in s for s in caught.value.suggestions)


@pytest.mark.parametrize(
    ("call", "ref"),
    [
        (match_opportunity, "capability:example-cap-001"),
        (match_enterprise, "city:hefei"),
        (match_enterprise, "合肥"),
    ],
)
def test_a_reference_of_the_wrong_kind_says_what_it_is(
    loaded: GraphStore, call: Callable[[GraphStore, str], object], ref: str
) -> None:
    with pytest.raises(WrongKind, match=r"needs an (Opportunity|Enterprise)"):
        call(loaded, ref)


# A small graph: ml sits under ai; dl under ml, llm under dl, tiny under llm, tinier under tiny;
# qenc under quantum; arm under robotics, applied by a scenario. Each BROADER cites its own
# locator so the reasons' sources can be checked.
DATASET = """
sources:
  - id: source:test
    title: Test data
cities:
  - id: city:testville
    name_zh: 测试市
    name_en: Testville
    sources: ["source:test#city"]
enterprises:
  - id: enterprise:zeta
    name_zh: 泽塔
    name_en: Zeta
    sources: ["source:test#zeta"]
scenarios:
  - id: scenario:arm-trial
    name_zh: 机械臂试点
    name_en: Robot arm trial
    domain: industry
    sources: ["source:test#arm-trial"]
technologies:
{technologies}
relationships:
{broader}
  - type: APPLIES
    from: scenario:arm-trial
    to: tech:arm
    sources: ["source:test#arm-trial-applies"]
  - type: PROVIDES
    from: enterprise:zeta
    to: tech:quantum
    sources: ["source:test#zeta-provides"]
"""
TECHNOLOGIES = {
    "ai": None,
    "ml": "ai",
    "dl": "ml",
    "llm": "dl",
    "tiny": "llm",
    "tinier": "tiny",
    "quantum": None,
    "qenc": "quantum",
    "robotics": None,
    "arm": "robotics",
}
OPPORTUNITIES = """id,name_zh,city,needs,status
need-ml-quantum,需要ML和量子,Testville,ml;quantum,open
closed,已关闭,Testville,ml,closed
matched,已匹配,Testville,ml,matched
robots,机器人需求,Testville,robotics,open
example,示例需求,Testville,dl,example
"""
CAPABILITIES = """id,name_zh,enterprise,offers,status
full,全覆盖,alpha,ml;quantum,available
a-related,相关,beta,dl;qenc,available
b-exact,精确,gamma,ml,available
c-mixed,混合,gamma,ml;dl,available
d-broader,更宽,delta,ai,available
e-deep,三层以下,delta,tiny,available
f-too-deep,四层以下,epsilon,tinier,available
g-withdrawn,已撤回,epsilon,ml,withdrawn
"""


@pytest.fixture
def small(store: GraphStore, tmp_path: Path) -> GraphStore:
    technologies = "\n".join(
        f"  - {{id: 'tech:{t}', name_zh: '{t}', name_en: '{t}', sources: ['source:test#{t}']}}"
        for t in TECHNOLOGIES
    )
    broader = "\n".join(
        f"  - {{type: BROADER, from: 'tech:{t}', to: 'tech:{b}', sources: ['source:test#{t}-in-{b}']}}"
        for t, b in TECHNOLOGIES.items()
        if b
    )
    (tmp_path / "graph.yaml").write_text(DATASET.format(technologies=technologies, broader=broader), "utf-8")
    (tmp_path / "opportunities.csv").write_text(OPPORTUNITIES, "utf-8")
    (tmp_path / "capabilities.csv").write_text(CAPABILITIES, "utf-8")
    ingest(store, [tmp_path], batch_size=100)
    return store


def test_ranking_by_score_then_exact_needs_then_id(small: GraphStore) -> None:
    result = match_opportunity(small, "opportunity:need-ml-quantum")
    assert [(m.entity.id, m.score, m.exact) for m in result.matches] == [
        ("capability:full", 2.0, 2),
        ("enterprise:alpha", 2.0, 2),
        # 1.0 from one exact need ranks above 1.0 from two related ones, whatever the ids.
        ("capability:b-exact", 1.0, 1),
        ("capability:c-mixed", 1.0, 1),
        ("enterprise:gamma", 1.0, 1),
        ("enterprise:zeta", 1.0, 1),
        ("capability:a-related", 1.0, 0),
        ("enterprise:beta", 1.0, 0),
        ("capability:d-broader", 0.5, 0),
        ("capability:e-deep", 0.5, 0),
        ("enterprise:delta", 0.5, 0),
    ]
    # tinier is four levels under ml, beyond the three counted; a withdrawn capability offers nothing.
    assert result.page.total == 11


def test_broader_and_narrower_offers_count_half(small: GraphStore) -> None:
    matches = {m.entity.id: m for m in match_opportunity(small, "need-ml-quantum").matches}
    assert reasons(matches["capability:a-related"]) == [
        ("tech:ml", "tech:dl", "narrower", None),
        ("tech:quantum", "tech:qenc", "narrower", None),
    ]
    # For one need the best level counts and only its reasons are listed: ml exactly, not dl.
    assert reasons(matches["capability:c-mixed"]) == [("tech:ml", "tech:ml", "exact", None)]
    # Two half matches of the same need still count 0.5 once.
    assert reasons(matches["enterprise:delta"]) == [
        ("tech:ml", "tech:ai", "broader", "capability:d-broader"),
        ("tech:ml", "tech:tiny", "narrower", "capability:e-deep"),
    ]
    assert reasons(matches["enterprise:zeta"]) == [("tech:quantum", "tech:quantum", "exact", None)]
    # A narrower reason cites the need, the offer and every BROADER step between the two.
    [deep] = matches["capability:e-deep"].reasons
    assert [s.citation for s in deep.sources] == [
        f"{source_for(Path('opportunities.csv'), OPPORTUNITIES.encode()).id}#row2",
        "source:test#dl-in-ml",
        "source:test#llm-in-dl",
        "source:test#tiny-in-llm",
        f"{source_for(Path('capabilities.csv'), CAPABILITIES.encode()).id}#row7",
    ]


def test_enterprise_sees_open_and_example_opportunities_only(small: GraphStore) -> None:
    # gamma offers ml (b-exact, c-mixed) and dl (c-mixed); the closed and matched ml opportunities
    # are left out, the example one (needs dl) is kept.
    result = match_enterprise(small, "enterprise:gamma")
    assert [t.id for t in result.offers] == ["tech:dl", "tech:ml"]
    assert [(m.entity.id, m.score, m.exact) for m in result.matches] == [
        ("opportunity:example", 1.0, 1),
        ("opportunity:need-ml-quantum", 1.0, 1),
    ]
    assert reasons(result.matches[1]) == [
        ("tech:ml", "tech:ml", "exact", "capability:b-exact"),
        ("tech:ml", "tech:ml", "exact", "capability:c-mixed"),
    ]


def test_enterprise_relations_are_said_from_the_need(small: GraphStore) -> None:
    # delta offers ai (above dl and ml) and tiny (below both).
    result = match_enterprise(small, "Delta")
    assert [(m.entity.id, m.score) for m in result.matches] == [
        ("opportunity:example", 0.5),
        ("opportunity:need-ml-quantum", 0.5),
    ]
    assert reasons(result.matches[0]) == [
        ("tech:dl", "tech:ai", "broader", "capability:d-broader"),
        ("tech:dl", "tech:tiny", "narrower", "capability:e-deep"),
    ]


def test_documented_examples_are_the_real_answers(loaded: GraphStore) -> None:
    opportunity = OpportunityMatches.model_json_schema()["example"]
    assert OpportunityMatches.model_validate(opportunity) == match_opportunity(
        loaded, "EXAMPLE-OPP-002", limit=1
    )
    enterprise = EnterpriseMatches.model_json_schema()["example"]
    assert EnterpriseMatches.model_validate(enterprise) == match_enterprise(loaded, "示例企业丙")


def test_templates_uncovered_need_falls_back_to_the_scenario_applying_it(loaded: GraphStore) -> None:
    # EXAMPLE-OPP-003 needs 量子加密; no capability offers it, but the curated Hefei scenario
    # scenario:hefei-quantum-encryption-government APPLIES it.
    result = match_opportunity(loaded, "EXAMPLE-OPP-003")
    assert result.matches == []
    assert [n.id for n in result.uncovered] == ["tech:quantum-encryption"]
    leads = [(f.entity.id, f.basis, f.technology.id, f.relation) for f in result.fallback]
    assert (
        "scenario:hefei-quantum-encryption-government",
        "applies",
        "tech:quantum-encryption",
        "exact",
    ) in leads
    assert result.fallback_total == len(result.fallback)
    assert all(f.sources for f in result.fallback)
    assert result.empty_reason is not None and "no technology in common" in result.empty_reason
    assert "量子加密" in result.empty_reason


def test_enterprise_offering_nothing_says_why(loaded: GraphStore) -> None:
    # 奇瑞 (enterprise:chery) co-builds a scenario but has no capability and PROVIDES nothing.
    result = match_enterprise(loaded, "enterprise:chery")
    assert result.matches == [] and result.offers == []
    assert result.empty_reason is not None and "offers no technology" in result.empty_reason


def test_a_covered_opportunity_has_no_fallback(loaded: GraphStore) -> None:
    result = match_opportunity(loaded, "EXAMPLE-OPP-002")
    assert result.matches and result.uncovered == [] and result.fallback == []
    assert result.empty_reason is None


def test_no_capability_list_loaded_is_the_reason(store: GraphStore) -> None:
    ingest(store, [CURATED, TEMPLATES / "opportunities.csv"], batch_size=500)
    result = match_opportunity(store, "EXAMPLE-OPP-003")
    assert result.matches == []
    assert result.empty_reason is not None and "no capability list is loaded" in result.empty_reason
    assert "scenario:hefei-quantum-encryption-government" in {f.entity.id for f in result.fallback}


def test_fallback_reaches_narrower_technologies_and_cites_the_step(small: GraphStore) -> None:
    # robots needs robotics: nobody offers it or anything near it; the scenario applies arm,
    # one BROADER step under robotics.
    result = match_opportunity(small, "opportunity:robots")
    assert result.matches == [] and [n.id for n in result.uncovered] == ["tech:robotics"]
    assert [(f.entity.id, f.basis, f.technology.id, f.relation) for f in result.fallback] == [
        ("scenario:arm-trial", "applies", "tech:arm", "narrower")
    ]
    cited = [s.citation for s in result.fallback[0].sources]
    assert "source:test#arm-in-robotics" in cited and "source:test#arm-trial-applies" in cited
    assert result.empty_reason is not None and "no technology in common" in result.empty_reason
    # both needs of need-ml-quantum are covered by capabilities: no fallback
    assert match_opportunity(small, "opportunity:need-ml-quantum").fallback == []
