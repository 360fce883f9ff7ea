"""Technology diffusion over the bundled dataset: which cities use a technology, through whom.

Expected answers are read off data/curated/*.yaml and the articles they cite.
"""

from __future__ import annotations

import pytest

from graph.errors import NotFound, WrongKind
from graph.store import GraphStore
from queries.diffusion import Diffusion, diffusion


def users(result: Diffusion, city: str) -> list[tuple[str, str, str]]:
    [entry] = [c for c in result.cities if c.city.id == city]
    return [(u.entity.id, u.via_technology.id, u.relationship) for u in entry.users]


def test_ai_reaches_cities_ranked_by_distinct_users(loaded: GraphStore) -> None:
    result = diffusion(loaded, "人工智能")
    # AI芯片 and AI大模型 sit under 人工智能 (004#p12: 浦东张江+金桥聚焦AI芯片…徐汇打造AI大模型…).
    assert [t.id for t in result.technologies] == [
        "tech:artificial-intelligence",
        "tech:ai-chips",
        "tech:large-models",
    ]
    ranking = [(c.city.id, c.user_count) for c in result.cities]
    assert ranking == [
        # 004#p12 Zhangjiang and Jinqiao focus on AI chips, Xuhui on large models; 004#p38 the
        # Zhangjiang AI innovation town (in Pudong) and its 数字孪生小镇 and 模力盒 scenarios.
        ("city:shanghai", 6),
        # 004#p39 智慧政务、智慧交通、智慧水务 validate AI; the AI ecological block focuses on it.
        ("city:nanjing", 4),
        # 002#[1] AI+ initiative and AI focus; 002#[8] the AI bay area. Ties go by id.
        ("city:chongqing", 3),
        # 000#[1] Pingshan's Scene Forest; 004#p13 City + AI scenarios and the city's AI focus.
        ("city:shenzhen", 3),
        # 004#p8 Beijing focuses on AI and released 95 AI+ typical cases.
        ("city:beijing", 2),
        # 004#p35 燃气AI工作质检.
        ("city:hefei", 1),
    ]
    assert result.page.total == 6
    assert ("district:shanghai-xuhui", "tech:large-models", "FOCUSES_ON") in users(result, "city:shanghai")
    assert ("scenario:nanjing-smart-government", "tech:artificial-intelligence", "APPLIES") in users(
        result, "city:nanjing"
    )


def test_a_user_counts_once_per_city_and_keeps_its_district(loaded: GraphStore) -> None:
    result = diffusion(loaded, "tech:artificial-intelligence")
    [shenzhen] = [c for c in result.cities if c.city.id == "city:shenzhen"]
    [forest] = [u for u in shenzhen.users if u.entity.id == "initiative:pingshan-scene-forest"]
    # 000#[1]: the Scene Forest plan of Shenzhen's Pingshan District integrates over a hundred AI scenarios.
    assert [d.id for d in forest.districts] == ["district:shenzhen-pingshan"]
    assert [s.citation for s in forest.sources] == ["source:000#[1]"]
    assert forest.sources[0].title == "用新技术重塑城市生态布局"
    # The Zhangjiang town is both located in and launched by Pudong (004#p38): one entry, one district.
    [shanghai] = [c for c in result.cities if c.city.id == "city:shanghai"]
    [town] = [u for u in shanghai.users if u.entity.id == "initiative:zhangjiang-ai-innovation-town"]
    assert [d.id for d in town.districts] == ["district:shanghai-pudong"]


def test_users_without_a_city_are_listed_apart(loaded: GraphStore) -> None:
    result = diffusion(loaded, "AI")
    # 003#[6] MIIT's AI+ cultivation and its AI-across-manufacturing scenario, 004#p31 the Ministry
    # of Transport's AI+ transport action: national, placed in no city.
    assert [(u.entity.id, u.relationship) for u in result.unplaced] == [
        ("initiative:miit-ai-plus", "APPLIES"),
        ("initiative:mot-ai-plus-transport", "APPLIES"),
        ("scenario:ai-across-manufacturing", "APPLIES"),
    ]


def test_harmonyos_reaches_xiamen_and_shenzhen(loaded: GraphStore) -> None:
    result = diffusion(loaded, "鸿蒙")
    # 004#p16 Xiamen builds on HarmonyOS (the city's focus and two scenarios); 000#[1] HarmonyOS
    # is the open-source base of the approach Pingshan's Scene Forest exemplifies.
    assert [(c.city.id, c.user_count) for c in result.cities] == [("city:xiamen", 3), ("city:shenzhen", 1)]
    assert users(result, "city:xiamen") == [
        ("city:xiamen", "tech:harmonyos", "FOCUSES_ON"),
        ("scenario:xiamen-smart-home-multi-device", "tech:harmonyos", "APPLIES"),
        ("scenario:xiamen-smart-medical-ward-link", "tech:harmonyos", "APPLIES"),
    ]


@pytest.mark.parametrize(
    ("include_narrower", "cities"),
    [(True, ["city:xiamen", "city:shenzhen"]), (False, [])],
)
def test_narrower_technologies_count_only_when_asked(
    loaded: GraphStore, include_narrower: bool, cities: list[str]
) -> None:
    # 000#[1]: open-source technologies, exemplified by HarmonyOS; nothing applies the class itself.
    result = diffusion(loaded, "开源技术", include_narrower=include_narrower)
    assert [c.city.id for c in result.cities] == cities
    expected = (
        ["tech:open-source-technology", "tech:harmonyos"]
        if include_narrower
        else ["tech:open-source-technology"]
    )
    assert [t.id for t in result.technologies] == expected


def test_narrower_technologies_are_followed_more_than_one_level(loaded: GraphStore) -> None:
    # 004#p24 names digital tech, AI and biotech as new technologies; AI大模型 is under AI (004#p12),
    # so Xuhui reaches Shanghai two levels below 新技术.
    result = diffusion(loaded, "新技术")
    assert {t.id for t in result.technologies} == {
        "tech:new-technologies",
        "tech:artificial-intelligence",
        "tech:digital-technology",
        "tech:biotechnology",
        "tech:ai-chips",
        "tech:large-models",
    }
    assert ("district:shanghai-xuhui", "tech:large-models", "FOCUSES_ON") in users(result, "city:shanghai")
    # 001#[1]: Guangdong's action plan aims at first use of over 100 new technologies a year; a
    # province is not a city, so the plan is listed apart.
    assert ("initiative:guangdong-scenario-innovation-action-plan", "tech:new-technologies") in {
        (u.entity.id, u.via_technology.id) for u in result.unplaced
    }


def test_cities_page_in_a_stable_order(loaded: GraphStore) -> None:
    whole = [c.city.id for c in diffusion(loaded, "人工智能").cities]
    pages = [diffusion(loaded, "人工智能", offset=offset, limit=2) for offset in (0, 2, 4)]
    assert [c.city.id for page in pages for c in page.cities] == whole
    assert [c.city.id for c in pages[0].cities] == ["city:shanghai", "city:nanjing"]
    assert all(page.page.total == 6 and page.page.limit == 2 for page in pages)


def test_unknown_technology_is_not_found_with_suggestions(loaded: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        diffusion(loaded, "Artifical inteligence")
    assert any("tech:artificial-intelligence" in s for s in caught.value.suggestions)


@pytest.mark.parametrize("ref", ["city:shenzhen", "深圳"])
def test_a_city_is_not_a_technology(loaded: GraphStore, ref: str) -> None:
    with pytest.raises(WrongKind, match=r"is a City \(city:shenzhen\); diffusion needs a Technology"):
        diffusion(loaded, ref)


def test_documented_example_is_the_real_answer(loaded: GraphStore) -> None:
    example = Diffusion.model_validate(Diffusion.model_json_schema()["example"])
    assert example == diffusion(loaded, "鸿蒙", offset=1, limit=1)
