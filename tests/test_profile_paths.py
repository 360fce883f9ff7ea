"""Profile and collaboration paths on the bundled dataset, answers checked against the articles."""

from __future__ import annotations

import pytest

from graph.errors import Ambiguous, BadArgument, NotFound
from graph.schema import Label, RelType
from graph.store import GraphStore
from ingest.pipeline import ingest
from queries.lookup import lookup, resolve, search
from queries.paths import paths
from queries.profile import profile
from queries.sources import source_evidence


def test_lookup_accepts_id_chinese_english_and_alias(loaded: GraphStore) -> None:
    for ref in ("city:hefei", "合肥市", "合肥", "Hefei", "hefei city", "ＨＥＦＥＩ"):
        assert resolve(loaded, ref) == "city:hefei", ref
    entity = lookup(loaded, "唐山")
    assert (entity.id, entity.name_en) == ("city:tangshan", "Tangshan")
    assert {s.citation for s in entity.sources} == {"source:004#p4", "source:004#p36"}
    assert all(s.title == "场景创新释放超能力" for s in entity.sources)


def test_unknown_name_suggests_close_matches(loaded: GraphStore) -> None:
    with pytest.raises(NotFound) as caught:
        lookup(loaded, "Hefie")
    assert caught.value.suggestions and "city:hefei" in caught.value.suggestions[0]


def test_search_ranks_exact_then_typos_and_filters_by_label(loaded: GraphStore) -> None:
    assert search(loaded, "Tangshna").hits[0].entity.id == "city:tangshan"
    hits = search(loaded, "合肥", label=Label.ALLIANCE).hits
    assert hits and all(h.entity.label == "Alliance" for h in hits)
    assert search(loaded, "合肥").hits[0].entity.id == "city:hefei"


def test_a_name_shared_by_two_entities_is_ambiguous(store: GraphStore, data_file) -> None:  # type: ignore[no-untyped-def]

    yaml = (
        "sources:\n  - {id: source:t, title: t}\n"
        "cities:\n  - {id: city:a, name_zh: 新城, name_en: A, sources: ['source:t#p1']}\n"
        "districts:\n  - {id: district:b, name_zh: 新城, name_en: B, sources: ['source:t#p1']}\n"
    )
    ingest(store, [data_file("two.yaml", yaml)], batch_size=10)
    with pytest.raises(Ambiguous) as caught:
        resolve(store, "新城")
    assert caught.value.candidates == ["city:a", "district:b"]
    assert resolve(store, "新城", Label.DISTRICT) == "district:b"


def test_city_profile_lists_districts_initiatives_and_technologies(loaded: GraphStore) -> None:
    result = profile(loaded, "上海")
    assert result.city is not None
    # 004 p12: 浦东张江+金桥, 徐汇, 嘉定 are Shanghai's cluster areas; 张江/金桥 sit in 浦东.
    assert {d.id for d in result.city.districts} == {
        "district:shanghai-pudong",
        "district:zhangjiang",
        "district:jinqiao",
        "district:shanghai-xuhui",
        "district:shanghai-jiading",
    }
    technologies = {t.entity.id for t in result.city.technologies.items}
    assert {
        "tech:ai-chips",
        "tech:smart-wearables",
        "tech:large-models",
        "tech:l4-autonomous-driving",
    } <= technologies
    initiatives = {i.entity.id: i for i in result.city.initiatives.items}
    plan = initiatives["initiative:shanghai-14-industrial-cluster-zones"]
    money = [f for f in plan.figures if f.unit == "currency"]
    assert [(f.value, f.currency) for f in money] == [(50_000_000_000, "CNY")]  # 500亿元, p12
    assert all(item.sources for item in result.city.technologies.items)


def test_profile_groups_neighbours_with_sources(loaded: GraphStore) -> None:
    result = profile(loaded, "city:tangshan")
    cities = next(g for g in result.neighbours if g.label == "City")
    assert {n.entity.id for n in cities.items} == {"city:beijing", "city:tianjin"}
    for neighbour in cities.items:
        [tie] = [t for t in neighbour.ties if t.type == "COLLABORATES_WITH"]
        assert tie.direction == "out" and tie.properties["mode_zh"] == "京津研发、河北转化"
    assert {s.citation for s in result.sources} >= {"source:004#p36"}


def test_profile_caps_groups_but_counts_all(loaded: GraphStore) -> None:
    full = profile(loaded, "tech:artificial-intelligence")
    capped = profile(loaded, "tech:artificial-intelligence", cap=1)
    biggest = max(full.neighbours, key=lambda g: g.total)
    assert biggest.total > 1 and biggest.more == 0
    same = next(g for g in capped.neighbours if g.label == biggest.label)
    assert same.total == biggest.total and len(same.items) == 1
    assert same.more == biggest.total - 1


def test_a_city_profile_leads_with_the_figures_of_its_scenario(loaded: GraphStore) -> None:
    # 004 p15: Wuhu's new-energy-vehicle hub raised production efficiency by nearly a third.
    result = profile(loaded, "芜湖")
    owners = {(k.owner.id, k.figure.unit) for k in result.key_figures.items}
    assert ("scenario:wuhu-nev-intelligent-hub", "percent") in owners
    assert all(k.figure.sources and k.figure.as_of for k in result.key_figures.items)
    assert "city:wuhu" not in {p.place.id for p in result.places}  # not tied to itself


def test_an_enterprise_profile_says_where_it_works_and_through_what(loaded: GraphStore) -> None:
    result = profile(loaded, "海行云科技")
    places = {p.place.id: p.via for p in result.places}
    assert places["city:wuhu"] == ["scenario:wuhu-nev-intelligent-hub"]


def test_places_climb_from_a_district_to_its_city_and_province(store: GraphStore, data_file) -> None:  # type: ignore[no-untyped-def]
    cite = "sources: ['source:t#p1']"
    yaml = (
        "sources:\n  - {id: source:t, title: t}\n"
        f"provinces:\n  - {{id: province:p, name_zh: 甲省, name_en: P, {cite}}}\n"
        f"cities:\n  - {{id: city:c, name_zh: 乙市, name_en: C, {cite}}}\n"
        f"districts:\n  - {{id: district:d, name_zh: 丙区, name_en: D, {cite}}}\n"
        f"scenarios:\n  - {{id: scenario:s, name_zh: 丁场景, name_en: S, domain: city, {cite}}}\n"
        f"enterprises:\n  - {{id: enterprise:e, name_zh: 戊公司, name_en: E, {cite}}}\n"
        "relationships:\n"
        f"  - {{type: PART_OF, from: city:c, to: province:p, {cite}}}\n"
        f"  - {{type: PART_OF, from: district:d, to: city:c, {cite}}}\n"
        f"  - {{type: LOCATED_IN, from: scenario:s, to: district:d, {cite}}}\n"
        f"  - {{type: PARTICIPATES_IN, from: enterprise:e, to: scenario:s, {cite}}}\n"
    )
    ingest(store, [data_file("places.yaml", yaml)], batch_size=10)
    result = profile(store, "enterprise:e")
    assert [(p.place.id, p.via) for p in result.places] == [
        ("province:p", ["scenario:s"]),
        ("city:c", ["scenario:s"]),
        ("district:d", ["scenario:s"]),
    ]


def test_a_city_profile_lists_each_entity_once(loaded: GraphStore) -> None:
    result = profile(loaded, "合肥", cap=200)
    assert result.city is not None
    neighbours = [n.entity.id for g in result.neighbours for n in g.items]
    sections = [
        i.entity.id
        for section in (result.city.initiatives, result.city.scenarios, result.city.alliances)
        for i in section.items
    ]
    assert len(neighbours) == len(set(neighbours)) and len(sections) == len(set(sections))
    assert not set(neighbours) & set(sections)
    assert "initiative:hefei-all-domain-scenario-innovation-city" in sections
    citations = [s.citation for s in result.sources]
    assert len(citations) == len(set(citations))


def test_a_capped_section_says_how_many_more(loaded: GraphStore) -> None:
    result = profile(loaded, "合肥", cap=1)
    assert result.city is not None
    initiatives = result.city.initiatives
    assert initiatives.total > 1 and initiatives.more == initiatives.total - 1
    assert result.key_figures.more == result.key_figures.total - 1


def test_path_from_tangshan_to_beijing_is_the_rd_collaboration(loaded: GraphStore) -> None:
    result = paths(loaded, "唐山", "北京", k=1)
    [path] = result.paths
    [hop] = path.hops
    assert (hop.source.id, hop.type, hop.direction, hop.target.id) == (
        "city:tangshan",
        "COLLABORATES_WITH",
        "out",
        "city:beijing",
    )
    assert [s.citation for s in hop.sources] == ["source:004#p36"]


def test_xiamen_and_shenzhen_are_linked_through_harmonyos(loaded: GraphStore) -> None:
    result = paths(loaded, "厦门", "深圳", k=3)
    assert len(result.paths) == 3
    assert all("tech:harmonyos" in [h.target.id for h in p.hops] for p in result.paths)
    lengths = [p.length for p in result.paths]
    assert lengths == sorted(lengths)
    assert len({tuple(h.target.id for h in p.hops) for p in result.paths}) == 3  # no repeats
    for path in result.paths:  # each hop joins the previous hop's target, with a source
        assert path.hops[0].source.id == "city:xiamen" and path.hops[-1].target.id == "city:shenzhen"
        assert all(h.sources for h in path.hops)
        assert all(a.target.id == b.source.id for a, b in zip(path.hops, path.hops[1:], strict=False))


def test_path_filters_restrict_types_and_intermediate_labels(loaded: GraphStore) -> None:
    only_places = paths(loaded, "厦门", "深圳", via_labels=[Label.DISTRICT, Label.CITY])
    assert only_places.paths == []
    via = paths(loaded, "厦门", "深圳", k=5, via_labels=[Label.TECHNOLOGY, Label.INITIATIVE, Label.DISTRICT])
    assert via.paths and all(
        h.target.label in {"Technology", "Initiative", "District", "City"} for p in via.paths for h in p.hops
    )
    typed = paths(loaded, "唐山", "北京", k=3, rel_types=[RelType.PART_OF, RelType.LOCATED_IN])
    assert typed.paths == []


def test_path_arguments_are_checked(loaded: GraphStore) -> None:
    with pytest.raises(BadArgument, match="k must be"):
        paths(loaded, "唐山", "北京", k=0)
    with pytest.raises(BadArgument, match="different"):
        paths(loaded, "唐山", "city:tangshan")
    with pytest.raises(NotFound):
        paths(loaded, "唐山", "Atlantis")


@pytest.mark.parametrize(
    ("offset", "limit", "parameter"), [(-1, 10, "offset"), (0, 0, "limit"), (0, 5000, "limit")]
)
def test_pages_refuse_out_of_range_offsets_and_limits(
    loaded: GraphStore, offset: int, limit: int, parameter: str
) -> None:
    from queries.diffusion import diffusion
    from queries.matching import match_opportunity
    from queries.similar import similar_cities

    calls = [
        lambda: diffusion(loaded, "人工智能", offset=offset, limit=limit),
        lambda: similar_cities(loaded, "合肥", offset=offset, limit=limit),
        lambda: match_opportunity(loaded, "opportunity:example-opp-002", offset=offset, limit=limit),
    ]
    for call in calls:
        with pytest.raises(BadArgument) as caught:
            call()
        assert caught.value.parameter == parameter


def test_profile_pages_its_groups_in_a_stable_order(loaded: GraphStore) -> None:
    whole = profile(loaded, "tech:artificial-intelligence", cap=100)
    group = max(whole.neighbours, key=lambda g: g.total)
    ids = [n.entity.id for n in group.items]
    assert ids == sorted(ids) and len(ids) == group.total > 2
    pages = [
        profile(loaded, "tech:artificial-intelligence", cap=2, offset=o) for o in range(0, group.total, 2)
    ]
    paged = [
        n.entity.id for page in pages for g in page.neighbours if g.label == group.label for n in g.items
    ]
    assert paged == ids
    with pytest.raises(BadArgument):
        profile(loaded, "合肥", cap=0)


def test_a_source_lists_what_it_supports_at_one_passage(loaded: GraphStore) -> None:
    whole = source_evidence(loaded, "source:004")
    passage = source_evidence(loaded, "source:004#p15", limit=100)
    assert whole.source.properties["file"] == "004_ea1de3160fb1c319.txt"
    assert 0 < passage.page.total < whole.page.total
    assert all(item.locators == ["p15"] for item in passage.supports)
    ids = {i.entity.id for i in passage.supports if i.entity and not i.relationship}
    assert {"city:wuhu", "scenario:wuhu-nev-intelligent-hub"} <= ids
    tied = [
        (i.entity.id, i.relationship, i.to.id)
        for i in passage.supports
        if i.relationship and i.entity and i.to
    ]
    assert ("scenario:wuhu-nev-intelligent-hub", "LOCATED_IN", "city:wuhu") in tied
    with pytest.raises(NotFound):
        source_evidence(loaded, "source:nope")
    with pytest.raises(BadArgument):
        source_evidence(loaded, "city:wuhu")


def test_citations_carry_the_file_and_are_listed_once(loaded: GraphStore) -> None:
    result = profile(loaded, "芜湖")
    [cited] = [s for s in result.sources if s.citation == "source:004#p15"]
    assert cited.file == "004_ea1de3160fb1c319.txt"
    for figure in result.key_figures.items:
        citations = [s.citation for s in figure.figure.sources]
        assert len(citations) == len(set(citations))
