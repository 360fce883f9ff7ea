"""Extraction rules on short texts of our own: numbers, dates, reading, names, relationships,
resolution. Pure functions; no server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.schema import Label
from ingest.extract.build import extract_article
from ingest.extract.entities import find_mentions
from ingest.extract.gazetteer import Gazetteer
from ingest.extract.numbers import dates, quantities
from ingest.extract.reading import parse_article, read_article
from ingest.models import Qualifier
from queries.models import EntityRef
from queries.names import NameIndex

ARTICLES = Path(__file__).parent / "data" / "articles"


def gazetteer(entities: dict[str, list[str]]) -> Gazetteer:
    index = NameIndex()
    for ident, names in entities.items():
        label = ident.split(":")[0]
        index.add(ident, names, EntityRef(id=ident, label=label, name_zh=names[0], name_en=names[1]))
    return Gazetteer(index)


def document(text: str, known: Gazetteer, published: str | None = "2026-03-02") -> dict[str, Any]:
    article = parse_article(text.encode("utf-8"), "test.txt")
    article = type(article)(article.text, "utf-8", False, "t", None, published, "zh")
    return extract_article(article, "source:test", "test.txt", known, lambda ident: None)


def figures_of(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        row["id"]: row.get("figures", [])
        for section, rows in doc.items()
        if isinstance(rows, list) and section not in ("sources", "relationships")
        for row in rows
    }


def rels_of(doc: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {(r["type"], r["from"], r["to"]) for r in doc.get("relationships", [])}


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "unit", "currency"),
    [
        ("合作金额突破40亿元", 4e9, Qualifier.MORE_THAN, "currency", "CNY"),
        ("释放1500万平方米产业空间", 1.5e7, Qualifier.EXACT, "square_metre", None),
        ("累计发布1400余项场景机会", 1400, Qualifier.MORE_THAN, "item", None),
        ("开放200多个场景", 200, Qualifier.MORE_THAN, "item", None),
        ("约200个应用场景", 200, Qualifier.ABOUT, "item", None),
        ("近三分之一", 33.3, Qualifier.NEARLY, "percent", None),
        ("仅用两年", 2, Qualifier.EXACT, "year", None),
        ("触达上千家中小企业", 1000, Qualifier.ABOUT, "organisation", None),
        ("每周至少1场", 1, Qualifier.AT_LEAST, "event", None),
        ("35%的项目", 35, Qualifier.EXACT, "percent", None),
        ("attracting nearly 40 billion RMB in investments", 4e10, Qualifier.NEARLY, "currency", "CNY"),
        ("over a hundred scenarios", 100, Qualifier.MORE_THAN, "item", None),
        ("at least 10 pilot zones", 10, Qualifier.AT_LEAST, "item", None),
    ],
)
def test_quantity_reads_value_qualifier_and_unit(
    text: str, value: float, qualifier: Qualifier, unit: str, currency: str | None
) -> None:
    (found,) = quantities(text, [])
    assert (found.value, found.qualifier, found.unit, found.currency) == (value, qualifier, unit, currency)


def test_range_keeps_lower_end_and_upper() -> None:
    (found,) = quantities("计划建设5至10个示范园区", [])
    assert (found.value, found.upper, found.qualifier) == (5, 10, Qualifier.AT_LEAST)


def test_article_of_a_word_and_bare_times_are_not_figures() -> None:
    assert quantities("一场深刻变革", []) == []
    assert quantities("Xinhua 2025-12-08 08:30", [(7, 17)]) == []


def test_dates_resolve_against_the_article_date() -> None:
    found = {
        d.value: d.role for d in dates("今年11月开放，自2023年5月以来，到2027年，2025年5月27日", "2026-03-02")
    }
    assert found == {"2026-11": "at", "2023-05": "since", "2027": "by", "2025-05-27": "at"}
    assert dates("今年11月", None) == []


def test_gbk_article_is_detected_and_decoded() -> None:
    article = read_article(ARTICLES / "xiangyang-gbk.txt")
    assert article.encoding == "gb18030"
    assert "襄阳市发布《襄阳市新能源汽车应用场景实施方案》" in article.text
    assert (article.title, article.publisher, article.published) == (
        "襄阳成立新能源汽车场景联盟",
        "襄阳日报",
        "2025-12-08",
    )


def test_html_article_gives_visible_text_title_publisher_and_date() -> None:
    article = read_article(ARTICLES / "yichang.html")
    assert article.is_html
    assert (article.title, article.publisher, article.published) == (
        "宜昌发布氢能场景清单",
        "三峡日报",
        "2026-01-15",
    )
    assert "开放约40个场景机会" in article.text
    assert "tracking" not in article.text and "color" not in article.text


def test_new_names_are_recognised_by_their_form() -> None:
    text = (
        "光谷智联科技有限公司加入低空经济场景联盟。湖北省科学技术厅印发《武汉市低空经济应用场景行动方案》。"
    )
    found = {m.text: m for m in find_mentions(text, gazetteer({}))}
    assert found["光谷智联科技有限公司"].label is Label.ENTERPRISE
    assert found["低空经济场景联盟"].label is Label.ALLIANCE
    assert found["湖北省科学技术厅"].label is Label.AGENCY
    assert found["湖北省科学技术厅"].attrs == {"kind": "bureau", "level": "provincial"}
    assert found["武汉市低空经济应用场景行动方案"].label is Label.INITIATIVE


def test_english_names_by_head_words_and_quotes() -> None:
    text = 'The Ministry of Water Resources praised the "Blue River" plan in Hubei Province.'
    found = {m.text: m.label for m in find_mentions(text, gazetteer({}))}
    assert found["Ministry of Water Resources"] is Label.AGENCY
    assert found['"Blue River" plan'] is Label.INITIATIVE
    assert found["Hubei Province"] is Label.PROVINCE


def test_short_full_and_english_forms_resolve_to_the_existing_entity() -> None:
    known = gazetteer({"city:hefei": ["合肥市", "Hefei"]})
    mentions = find_mentions("合肥、合肥市和Hefei都开放了场景。", known)
    assert [m.existing for m in mentions] == [("city:hefei",)] * 3


def test_a_name_shared_by_two_entities_is_flagged_ambiguous() -> None:
    known = gazetteer(
        {"tech:computing": ["智能算力", "Computing power"], "scenario:computing": ["智能算力场景", "x"]}
    )
    known.entries["智能算力"].existing.add("scenario:computing")
    doc = document("武汉市推进智能算力建设。", known)
    (entry,) = [row for row in doc.get("technologies", []) + doc.get("scenarios", [])]
    assert entry["candidate"]["status"] == "ambiguous"
    assert set(entry["candidate"]["resolves_to"]) == {"tech:computing", "scenario:computing"}


def test_enumeration_yields_members_districts_in_cities_and_the_count() -> None:
    known = gazetteer({"city:beijing": ["北京市", "Beijing"]})
    doc = document(
        "武汉市联合北京市(经开区)、上海市(闵行区)、杭州市等共12个城市(城区)共同发起成立低空经济场景联盟。",
        known,
    )
    alliance = doc["alliances"][0]["id"]
    members = {(r["from"], r.get("role")) for r in doc["relationships"] if r["type"] == "MEMBER_OF"}
    districts = {row["name_zh"]: row["id"] for row in doc["districts"]}
    assert set(districts) == {"北京经开区", "上海闵行区"}
    assert members == {
        ("city:wuhan", "initiator"),
        (districts["北京经开区"], "initiator"),
        (districts["上海闵行区"], "initiator"),
        ("city:hangzhou", "initiator"),
    }
    assert ("PART_OF", districts["北京经开区"], "city:beijing") in rels_of(doc)
    assert [(f["value"], f["unit"]) for f in figures_of(doc)[alliance]] == [(12, "city")]


def test_relationship_needs_a_trigger_word() -> None:
    assert "relationships" not in document("武汉市的人工智能。", gazetteer({}))
    doc = document("武汉市聚焦人工智能、无人机等领域。", gazetteer({}))
    assert rels_of(doc) == {
        ("FOCUSES_ON", "city:wuhan", "tech:artificial-intelligence"),
        ("FOCUSES_ON", "city:wuhan", "tech:drones"),
    }


def test_figures_attach_to_what_they_describe_with_dates() -> None:
    doc = document(
        "武汉市发布《武汉市低空经济应用场景行动方案》，开放超50个应用场景，总投资约30亿元。", gazetteer({})
    )
    plan = doc["initiatives"][0]
    values = {(f["value"], f["qualifier"], f["unit"], f["as_of"]) for f in plan["figures"]}
    assert values == {(50, "more_than", "scenario", "2026-03-02"), (3e9, "about", "currency", "2026-03-02")}
    assert ("LAUNCHED", "city:wuhan", plan["id"]) in rels_of(doc)
    assert all(s.startswith("source:test#c") for s in plan["sources"])
