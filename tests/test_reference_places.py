"""Reference places from jionlp's china_location, against the real embedded server.

The figures are the dictionary's own (jionlp 1.5.31, counted by hand with grep on
china_location.txt): 34 province-level lines, 350 city-level lines of which 5 are the heading
省直辖行政区划 (not a place), and 3,192 county-level lines of which 149 carry no code (Taiwan's
districts) and 4 are the heading 市直辖行政区划. The 4 municipalities and 2 SARs are listed
again as their own city (same code, folded into one record): 34 / 339 / 3,039 records. In the
graph a municipality or SAR is a City, so 28 Province, 345 City and 3,039 District nodes.
"""

from __future__ import annotations

from collections import Counter
from importlib import metadata
from typing import Any

import pytest

from graph.errors import InputError, Location
from graph.schema import Label
from graph.store import GraphStore
from ingest.batch import GraphBatch, NodeRow
from ingest.pipeline import ingest
from ingest.reference_places import read_references
from ingest.writer import LoadSummary
from model.places import SOURCE_ID, place_source, reference_places
from queries.lookup import resolve
from queries.stats import place_counts
from tests.conftest import CURATED, wipe

Loaded = tuple[GraphStore, LoadSummary]
PROVINCE_LEVEL, CITY_LEVEL, COUNTY_LEVEL = 34, 339, 3039
PROVINCES, CITIES = 28, 345  # Province and City nodes: municipalities and SARs are cities
CURATED_OUTSIDE_REFERENCE = 4  # 张江, 金桥, 三岔湖, 丹景台: areas, not administrative districts
PART_OF_ROWS = CITY_LEVEL + COUNTY_LEVEL + 10 - 5  # 10 curated, 5 of them the reference's too


def by_name(name_zh: str) -> list[Any]:
    return [r for r in reference_places() if r.name_zh == name_zh]


def test_records_per_level_and_kind() -> None:
    records = reference_places()
    levels = Counter(r.level for r in records)
    assert levels == {"province": PROVINCE_LEVEL, "city": CITY_LEVEL, "district": COUNTY_LEVEL}
    top = Counter(r.kind for r in records if r.level == "province")
    assert top == {"province": 23, "autonomous_region": 5, "municipality": 4, "sar": 2}
    assert len({r.id for r in records}) == len(records)
    assert all(r.code.isdigit() and len(r.code) == 6 for r in records)


def test_record_fields_for_one_city_and_its_short_form() -> None:
    [quanzhou] = by_name("泉州市")
    assert (quanzhou.code, quanzhou.short_forms, quanzhou.name_en) == ("350500", ("泉州",), "Quanzhou")
    assert (quanzhou.level, quanzhou.kind, quanzhou.parent_code) == ("city", "prefecture_city", "350000")
    assert quanzhou.parent_id == "province:fujian"


def test_a_municipality_or_sar_is_one_province_level_record_with_a_city_node() -> None:
    [beijing] = by_name("北京市")  # listed twice in the data, at province and at city level
    assert (beijing.id, beijing.level, beijing.kind, beijing.parent_id) == (
        "city:beijing",
        "province",
        "municipality",
        None,
    )
    [dongcheng] = by_name("东城区")
    assert (dongcheng.parent_id, dongcheng.parent_code) == ("city:beijing", "110000")
    [hong_kong] = by_name("香港特别行政区")
    assert (hong_kong.id, hong_kong.level, hong_kong.kind) == ("city:xianggang", "province", "sar")
    assert hong_kong.short_forms == ("香港",)


def test_colliding_pinyin_gets_the_code() -> None:
    shanxi = sorted(r.id for r in reference_places() if r.name_zh in ("山西省", "陕西省"))
    assert shanxi == ["province:shanxi-140000", "province:shanxi-610000"]


# Place names whose characters pypinyin reads the common way, with the place's official pinyin
# polyphones (朝 chao, 长 chang, 都 du, 乐 le, 六 lu,
# 单 shan, 涡 guo, 漯 luo, 洪洞 tong, 蚌 beng, 行 hang, 厦 xia, 重 chong), syllables parted by
# an apostrophe, and the short forms CC-CEDICT itself misreads (`PLACE_READINGS`).
# name, parent's name (- for none), id, name_en
POLYPHONIC_PLACES = [
    (name, None if parent == "-" else parent, ident, english)
    for name, parent, ident, english in (
        line.split()
        for line in """
朝阳区 北京市 district:beijing-chaoyang Chaoyang
朝阳市 - city:chaoyang Chaoyang
六安市 - city:luan Lu'an
西安市 - city:xian Xi'an
重庆市 - city:chongqing Chongqing
长沙市 - city:changsha Changsha
长治市 - city:changzhi Changzhi
长春市 - city:changchun Changchun
厦门市 - city:xiamen Xiamen
蚌埠市 - city:bengbu Bengbu
乐山市 - city:leshan Leshan
漯河市 - city:luohe Luohe
洪洞县 临汾市 district:linfen-hongtong Hongtong
闵行区 上海市 district:shanghai-minhang Minhang
长宁区 上海市 district:shanghai-changning Changning
六合区 南京市 district:nanjing-luhe Luhe
郫都区 成都市 district:chengdu-pidu Pidu
单县 菏泽市 district:heze-shanxian Shanxian
涡阳县 亳州市 district:bozhou-guoyang Guoyang
天长市 滁州市 district:chuzhou-tianchang Tianchang
乐亭县 唐山市 district:tangshan-laoting Laoting
番禺区 广州市 district:guangzhou-panyu Panyu
中牟县 郑州市 district:zhengzhou-zhongmu Zhongmu
栖霞市 烟台市 district:yantai-qixia Qixia
石鼓区 衡阳市 district:hengyang-shigu Shigu
""".strip().splitlines()
    )
]


@pytest.mark.parametrize(("name", "parent", "ident", "english"), POLYPHONIC_PLACES)
def test_polyphonic_place_names_are_read_as_places(
    name: str, parent: str | None, ident: str, english: str
) -> None:
    codes = {r.code: r.name_zh for r in reference_places()}
    [place] = [r for r in by_name(name) if parent is None or codes.get(r.parent_code or "") == parent]
    assert (place.id, place.name_en) == (ident, english)


def test_curated_place_ids_are_reference_ids() -> None:
    ids = {r.id for r in reference_places()}
    assert {"city:hefei", "city:beijing", "city:shanghai", "city:chengdu", "province:anhui"} <= ids


def test_a_county_under_a_province_directly_is_part_of_the_province() -> None:
    [jiyuan] = by_name("济源市")
    assert (jiyuan.level, jiyuan.kind, jiyuan.parent_id) == ("district", "county_city", "province:henan")


def test_the_source_names_package_version_and_licence() -> None:
    source = place_source()
    assert source["id"] == SOURCE_ID and source["kind"] == "reference"
    assert source["version"] == metadata.version("jionlp")
    assert "Apache" in source["licence"]


def test_an_unknown_reference_name_is_refused() -> None:
    with pytest.raises(InputError, match="unknown reference dataset; known: places"):
        read_references(["planets"])


def test_a_place_defined_twice_merges_where_the_definitions_agree() -> None:
    first, second = GraphBatch(), GraphBatch()
    where = Location("test")
    first.nodes[Label.CITY]["city:x"] = NodeRow("city:x", {"name_zh": "X市", "code": "1"}, ["s:a#1"], where)
    second.nodes[Label.CITY]["city:x"] = NodeRow("city:x", {"name_zh": "X市", "note": "n"}, ["s:b#2"], where)
    assert first.extend(second) == []
    row = first.nodes[Label.CITY]["city:x"]
    assert row.props == {"name_zh": "X市", "code": "1", "note": "n"}
    assert row.sources == ["s:a#1", "s:b#2"]


# --- against the server: one load for the module, then reads only --------------------------


@pytest.fixture(scope="module")
def places(server_store: GraphStore) -> tuple[GraphStore, LoadSummary]:
    wipe(server_store)
    summary = ingest(server_store, [CURATED], batch_size=5000, references=["places"])
    return server_store, summary


def one(store: GraphStore, query: str, **params: Any) -> Any:
    rows = store.read(query, params)
    assert len(rows) == 1, rows
    return rows[0]


def test_first_load_creates_every_place_and_part_of(places: Loaded) -> None:
    _, summary = places
    assert summary.nodes["Province"].created == PROVINCES
    assert summary.nodes["City"].created == CITIES
    assert summary.nodes["District"].created == COUNTY_LEVEL + CURATED_OUTSIDE_REFERENCE
    assert summary.relationships["PART_OF"].created == PART_OF_ROWS


def test_second_load_changes_nothing(places: Loaded) -> None:
    store, _ = places
    for again in (
        ingest(store, [CURATED], batch_size=5000, references=["places"]),
        ingest(store, [], batch_size=5000, references=["places"]),
    ):
        tallies = [*again.nodes.values(), *again.relationships.values()]
        assert sum(t.rows for t in tallies) > PROVINCE_LEVEL + CITY_LEVEL + COUNTY_LEVEL
        assert all(t.created == 0 and t.updated == 0 for t in tallies)


def test_curated_hefei_is_the_reference_city_and_part_of_anhui(
    places: tuple[GraphStore, LoadSummary],
) -> None:
    store, _ = places
    row = one(
        store,
        "MATCH (c:City {id: 'city:hefei'})-[r:PART_OF]->(p:Province) "
        "RETURN c.code AS code, c.description AS description, c.sources AS city_sources, "
        "p.id AS province, p.name_zh AS name, r.sources AS cited",
    )
    assert (row["code"], row["province"], row["name"]) == ("340100", "province:anhui", "安徽省")
    assert row["description"]  # the curated description stays beside the reference fields
    assert any(s.startswith("source:004#") for s in row["city_sources"])
    assert any(s.startswith(f"{SOURCE_ID}#line") for s in row["city_sources"])
    assert row["cited"] == [f"{SOURCE_ID}#line{by_name('合肥市')[0].line}"]


def test_same_named_districts_stay_apart(places: Loaded) -> None:
    store, _ = places
    rows = store.read(
        "MATCH (d:District {name_zh: $name})-[:PART_OF]->(c:City) RETURN d.id AS id, d.code AS code, "
        "c.id AS city ORDER BY id",
        {"name": "朝阳区"},
    )
    assert rows == [
        {"id": "district:beijing-chaoyang", "code": "110105", "city": "city:beijing"},
        {"id": "district:changchun-chaoyang", "code": "220104", "city": "city:changchun"},
    ]


def test_a_sar_is_not_a_province(places: Loaded) -> None:
    store, _ = places
    row = one(store, "MATCH (c:City {name_zh: '香港特别行政区'}) RETURN c.kind AS kind, c.id AS id")
    assert row == {"kind": "sar", "id": "city:xianggang"}
    kinds = store.read("MATCH (p:Province) RETURN p.kind AS kind, count(*) AS n ORDER BY kind")
    assert {r["kind"]: r["n"] for r in kinds} == {"autonomous_region": 5, "province": 23}


def test_short_form_finds_the_city_and_its_province(places: Loaded) -> None:
    store, _ = places
    assert resolve(store, "泉州") == "city:quanzhou"
    row = one(
        store,
        "MATCH (:City {id: 'city:quanzhou'})-[:PART_OF]->(p:Province) RETURN p.name_zh AS name",
    )
    assert row["name"] == "福建省"


def test_stats_count_reference_and_curated_places_apart(places: Loaded) -> None:
    store, _ = places
    counts = {label: c.model_dump() for label, c in place_counts(store).items()}
    assert counts["Province"] == {"count": 28, "reference": 28, "curated": 2}
    assert counts["City"] == {"count": 345, "reference": 345, "curated": 13}
    assert counts["District"] == {"count": 3043, "reference": 3039, "curated": 8}


def test_every_reference_part_of_cites_a_line(places: Loaded) -> None:
    store, _ = places
    row = one(
        store,
        "MATCH ()-[r:PART_OF]->() "
        "WITH r, [s IN r.sources WHERE s STARTS WITH $prefix] AS cited "
        "RETURN count(*) AS all, sum(CASE WHEN size(cited) = 1 THEN 1 ELSE 0 END) AS reference",
        prefix=f"{SOURCE_ID}#line",
    )
    assert row["reference"] == CITY_LEVEL + COUNTY_LEVEL and row["all"] == PART_OF_ROWS


def test_rdf_export_of_reference_places_conforms_to_the_shapes(places: Loaded) -> None:
    from pyshacl import validate
    from rdflib import Graph

    from queries.rdf_export import RdfFormat, export_rdf
    from tests.test_rdf import SHAPES

    store, _ = places
    for centre in ("济源市", "合肥"):  # a county under its province; a curated and reference city
        result = export_rdf(store, RdfFormat.TURTLE, around=centre, hops=1)
        assert "scenekg:code" in result.text and "scenekg:licence" in result.text
        conforms, report, _ = validate(
            Graph().parse(data=result.text, format="turtle"), shacl_graph=Graph().parse(SHAPES)
        )
        assert conforms, report.serialize(format="turtle")
