"""Similar cities: collaboration candidates ranked by shared alliances, technologies, domains."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import NotFound, WrongKind
from graph.store import GraphStore
from ingest.pipeline import ingest
from queries.diffusion import diffusion
from queries.similar import SimilarCities, similar_cities


def ranking(result: SimilarCities) -> list[tuple[str, float, list[str], list[str], list[str]]]:
    return [
        (c.city.id, c.score, [t.id for t in c.technologies], c.domains, [a.id for a in c.alliances])
        for c in result.candidates
    ]


def test_hefei_candidates_by_hand(loaded: GraphStore) -> None:
    # Hefei: quantum encryption in government use (004#p9, domain city) and AI gas-work inspection
    # (004#p35, domain industry). Its two alliances (004#p34, 004#p40) have no other city member.
    assert ranking(similar_cities(loaded, "合肥")) == [
        # 004#p38: Zhangjiang's 数字孪生小镇 (city) and 模力盒 (industry) apply AI.
        ("city:shanghai", 2.0, ["tech:artificial-intelligence"], ["city", "industry"], []),
        # 002#[1] AI+, 002#[7] 一网统管 (city); 004#p39 smart government etc. (city).
        ("city:chongqing", 1.5, ["tech:artificial-intelligence"], ["city"], []),
        ("city:nanjing", 1.5, ["tech:artificial-intelligence"], ["city"], []),
        # 004#p8 Beijing, 004#p13 Shenzhen: AI, no located scenarios.
        ("city:beijing", 1.0, ["tech:artificial-intelligence"], [], []),
        ("city:shenzhen", 1.0, ["tech:artificial-intelligence"], [], []),
        # 004#p10 Wuxi's super scenarios: two city, one industry; unmanned tech only.
        ("city:wuxi", 1.0, [], ["city", "industry"], []),
        # 004#p36 Tangshan's steel and robot scenarios, 004#p15 Wuhu's NEV hub: industry.
        ("city:tangshan", 0.5, [], ["industry"], []),
        ("city:wuhu", 0.5, [], ["industry"], []),
    ]


def test_shenzhen_shares_harmonyos_with_xiamen_and_low_altitude_with_chengdu(loaded: GraphStore) -> None:
    # Shenzhen: AI (000#[1], 004#p13), HarmonyOS via Pingshan's Scene Forest (000#[1]), low-altitude
    # economy in its City + AI scenarios (004#p13); no located scenarios, so no domains.
    result = similar_cities(loaded, "Shenzhen")
    shared = {c.city.id: [t.id for t in c.technologies] for c in result.candidates}
    assert shared["city:xiamen"] == ["tech:harmonyos"]  # 004#p16
    assert shared["city:chengdu"] == ["tech:low-altitude-economy"]  # 004#p31
    assert all(c.score == 1.0 for c in result.candidates)
    assert [c.city.id for c in result.candidates] == sorted(shared)
    assert result.page.total == 7


def test_shared_technologies_agree_with_diffusion(loaded: GraphStore) -> None:
    for candidate in similar_cities(loaded, "city:shanghai", limit=100).candidates:
        for tech in candidate.technologies:
            cities = {c.city.id for c in diffusion(loaded, tech.id, include_narrower=False, limit=100).cities}
            assert {"city:shanghai", candidate.city.id} <= cities


def test_cities_sharing_nothing_are_left_out(loaded: GraphStore) -> None:
    # Tianjin appears only as Tangshan's partner (004#p36): nothing of its own to share.
    assert similar_cities(loaded, "天津").candidates == []
    assert "city:tianjin" not in {c.city.id for c in similar_cities(loaded, "合肥", limit=100).candidates}


def test_candidates_page_in_a_stable_order(loaded: GraphStore) -> None:
    whole = [c.city.id for c in similar_cities(loaded, "合肥", limit=100).candidates]
    pages = [similar_cities(loaded, "合肥", offset=offset, limit=3) for offset in (0, 3, 6)]
    assert [c.city.id for page in pages for c in page.candidates] == whole
    assert all(page.page.total == len(whole) == 8 for page in pages)


def test_unknown_city_is_not_found_with_suggestions(loaded: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        similar_cities(loaded, "Hefie")
    assert any("city:hefei" in s for s in caught.value.suggestions)


@pytest.mark.parametrize("ref", ["district:shanghai-pudong", "浦东", "tech:harmonyos"])
def test_a_reference_that_is_not_a_city_says_what_it_is(loaded: GraphStore, ref: str) -> None:
    with pytest.raises(WrongKind, match="similar needs a City"):
        similar_cities(loaded, ref)


# Four cities: a and b share an alliance (b through its district), a and c two technologies
# (c's through an initiative c launched, which applies one and focuses on the other), a and d
# one scenario domain.
DATASET = """
sources:
  - id: source:t
    title: Test data
cities:
{cities}
districts:
  - {{id: 'district:b-east', name_zh: 'b东', name_en: b-east, sources: ['source:t#x']}}
alliances:
  - {{id: 'alliance:club', name_zh: 俱乐部, name_en: Club, sources: ['source:t#x']}}
technologies:
  - {{id: 'tech:t1', name_zh: t1, name_en: t1, sources: ['source:t#x']}}
  - {{id: 'tech:t2', name_zh: t2, name_en: t2, sources: ['source:t#x']}}
scenarios:
  - {{id: 'scenario:a1', name_zh: a1, name_en: a1, domain: city, sources: ['source:t#x']}}
  - {{id: 'scenario:d1', name_zh: d1, name_en: d1, domain: city, sources: ['source:t#x']}}
initiatives:
  - {{id: 'initiative:c1', name_zh: c1, name_en: c1, kind: programme, sources: ['source:t#x']}}
relationships:
  - {{type: PART_OF, from: 'district:b-east', to: 'city:b', sources: ['source:t#x']}}
  - {{type: MEMBER_OF, from: 'city:a', to: 'alliance:club', role: initiator, sources: ['source:t#x']}}
  - {{type: MEMBER_OF, from: 'district:b-east', to: 'alliance:club', role: member, sources: ['source:t#x']}}
  - {{type: LOCATED_IN, from: 'scenario:a1', to: 'city:a', sources: ['source:t#x']}}
  - {{type: APPLIES, from: 'scenario:a1', to: 'tech:t1', sources: ['source:t#x']}}
  - {{type: FOCUSES_ON, from: 'city:a', to: 'tech:t2', sources: ['source:t#x']}}
  - {{type: LAUNCHED, from: 'city:c', to: 'initiative:c1', sources: ['source:t#x']}}
  - {{type: APPLIES, from: 'initiative:c1', to: 'tech:t1', sources: ['source:t#x']}}
  - {{type: FOCUSES_ON, from: 'initiative:c1', to: 'tech:t2', sources: ['source:t#x']}}
  - {{type: LOCATED_IN, from: 'scenario:d1', to: 'city:d', sources: ['source:t#x']}}
"""


def test_weights_on_a_small_graph(store: GraphStore, tmp_path: Path) -> None:
    cities = "\n".join(
        f"  - {{id: 'city:{c}', name_zh: '{c}市', name_en: '{c}', sources: ['source:t#x']}}" for c in "abcd"
    )
    (tmp_path / "graph.yaml").write_text(DATASET.format(cities=cities), "utf-8")
    ingest(store, [tmp_path], batch_size=100)
    assert ranking(similar_cities(store, "city:a")) == [
        ("city:b", 2.0, [], [], ["alliance:club"]),
        ("city:c", 2.0, ["tech:t1", "tech:t2"], [], []),
        ("city:d", 0.5, [], ["city"], []),
    ]


def test_documented_example_is_the_real_answer(loaded: GraphStore) -> None:
    example = SimilarCities.model_validate(SimilarCities.model_json_schema()["example"])
    assert example == similar_cities(loaded, "合肥", limit=1)
