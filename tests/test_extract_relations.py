"""Relationships and events on sentences of our own: who organised and attended an event and
when, who founded an alliance and when, who released which list with how many entries, who
signed with whom, planned against done, where a paragraph's things are, sector phrases. Every
relationship keeps its trigger and the span of its sentence. Pure functions; no server."""

from __future__ import annotations

import doctest
from typing import Any

import pytest

import extract.categories
import extract.dated
import extract.enumeration
import extract.intent
import extract.placed
import extract.plus
import extract.relations
import extract.sectors
from extract.build import extract_article
from extract.reading import parse_article
from tests.test_extract import document, gazetteer, names_of, rels_of

KNOWN = {
    "city:qingshi": ["青石市", "Qingshi"],
    "city:baisha": ["白沙市", "Baisha"],
    "city:hongfeng": ["红枫市", "Hongfeng"],
    "tech:beidou": ["北斗", "BeiDou"],
    "tech:smart-shipping": ["智能航运", "smart shipping"],
}


def _doc(text: str) -> dict[str, Any]:
    return document(text, gazetteer(KNOWN))


def _rels(doc: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["type"], r["from"], r["to"]): r for r in doc.get("relationships", [])}


@pytest.mark.parametrize(
    "module",
    [
        extract.placed,
        extract.intent,
        extract.sectors,
        extract.dated,
        extract.enumeration,
        extract.relations,
        extract.categories,
        extract.plus,
    ],
)
def test_docstring_examples_run(module: Any) -> None:
    result = doctest.testmod(module)
    assert result.attempted >= 2 and result.failed == 0


def test_event_has_its_organiser_date_every_attendee_and_the_stated_count() -> None:
    text = "2026年4月8日，青石市数据局举办青石市港航场景供需对接会，白沙市、红枫市等9个城市参加。"
    doc = _doc(text)
    event = names_of(doc, "matching_events")["青石市港航场景供需对接会"]
    agency = names_of(doc, "agencies")["青石市数据局"]["id"]
    assert event["date"] == "2026-04-08"
    assert [(f["value"], f["unit"]) for f in event["figures"]] == [(9, "city")]
    rels = _rels(doc)
    assert ("ORGANISED", agency, event["id"]) in rels
    for city in ("city:baisha", "city:hongfeng"):
        attended = rels[("PARTICIPATES_IN", city, event["id"])]
        assert attended["candidate"]["trigger"] == "参加"
    assert ("LOCATED_IN", event["id"], "city:qingshi") in rels
    assert ("PARTICIPATES_IN", agency, event["id"]) not in rels  # the organiser is no attendee


def test_every_relationship_keeps_its_trigger_and_the_span_of_its_sentence() -> None:
    text = "白沙市推进港口改造。2026年4月8日，青石市数据局举办青石市港航场景供需对接会，白沙市、红枫市参加。"
    doc = _doc(text)
    assert doc["relationships"]
    for rel in doc["relationships"]:
        start, end = rel["candidate"]["span"]
        assert rel["candidate"]["trigger"]
        assert text[start:end] == rel["candidate"]["sentence"]
        assert rel["sources"][0].endswith(f"#c{start}-{end}")


def test_alliance_has_its_founders_and_founding_date_and_no_seat_in_one_founder() -> None:
    doc = _doc("2025年9月，青石市联合白沙市、红枫市等6个城市共同发起成立长河港航场景联盟。")
    alliance = names_of(doc, "alliances")["长河港航场景联盟"]
    assert alliance["founded"] == "2025-09"
    assert [(f["value"], f["unit"]) for f in alliance["figures"]] == [(6, "city")]
    rels = _rels(doc)
    for city in ("city:qingshi", "city:baisha", "city:hongfeng"):
        assert rels[("MEMBER_OF", city, alliance["id"])]["role"] == "initiator"
    assert not [key for key in rels if key[0] == "LOCATED_IN" and key[1] == alliance["id"]]


def test_firms_joining_an_alliance_are_members_with_no_founding_date() -> None:
    doc = _doc("甲岭科技、乙川生物、丙石智能等3家企业于2026年1月加入长河港航场景联盟。")
    alliance = names_of(doc, "alliances")["长河港航场景联盟"]
    assert "founded" not in alliance
    members = {key[1] for key, rel in _rels(doc).items() if key[0] == "MEMBER_OF" and rel["role"] == "member"}
    assert members == {row["id"] for row in doc["enterprises"]} and len(members) == 3


def test_who_released_which_list_and_how_many_entries_it_has() -> None:
    doc = _doc("青石市发布2026年第二批港航场景机会清单，包含场景机会36个。")
    listed = names_of(doc, "initiatives")["2026年第二批港航场景机会清单"]
    assert listed["kind"] == "list"
    assert [f["value"] for f in listed["figures"]] == [36]
    assert ("LAUNCHED", "city:qingshi", listed["id"]) in rels_of(doc)


@pytest.mark.parametrize(
    "text",
    [
        "青石市与白沙市签署港航合作协议。",
        "青石市与白沙市签约共建智慧锚地场景。",
        "Qingshi signed a port agreement with Baisha.",
    ],
)
def test_who_signed_with_whom(text: str) -> None:
    rel = _rels(_doc(text))[("COLLABORATES_WITH", "city:qingshi", "city:baisha")]
    assert rel["candidate"]["trigger"] in ("签署", "签约", "signed")


def test_a_place_that_will_build_something_plans_it_and_one_that_built_it_launched_it() -> None:
    planned = _rels(_doc("青石市将打造智慧锚地平台。"))
    plan = next(key for key in planned if key[0] == "PARTICIPATES_IN")
    assert plan[1] == "city:qingshi" and planned[plan]["role"] == "planner"
    assert not [key for key in planned if key[0] == "LAUNCHED"]
    done = _rels(_doc("青石市打造了智慧锚地平台。"))
    assert [key for key in done if key[0] == "LAUNCHED" and key[1] == "city:qingshi"]
    assert not [key for key in done if key[0] == "PARTICIPATES_IN"]


def test_what_a_place_s_paragraph_names_is_located_there_unless_another_actor_speaks() -> None:
    doc = _doc("青石市推进港航改造。智慧锚地场景已投入运行。甲岭科技有限公司推出远洋调度平台。")
    scenario = names_of(doc, "scenarios")["智慧锚地场景"]["id"]
    platform = names_of(doc, "initiatives")["远洋调度平台"]["id"]
    rels = _rels(doc)
    assert rels[("LOCATED_IN", scenario, "city:qingshi")]["candidate"]["trigger"] == "(topic)"
    assert ("LOCATED_IN", platform, "city:qingshi") not in rels


def test_a_sector_phrase_says_what_the_paragraph_s_actor_focuses_on() -> None:
    rels = _rels(_doc("青石市发展港口经济。在智能航运领域，甲岭科技有限公司与乙川集团合作。"))
    focus = rels[("FOCUSES_ON", "city:qingshi", "tech:smart-shipping")]
    assert focus["candidate"]["trigger"] == "在智能航运领域"


def test_each_member_of_a_list_summed_up_by_jun_applies_the_technology() -> None:
    text = "青石市依托北斗，如港区的“智慧吊装”、锚地的“无人巡检”，{}基于北斗的定位能力。"
    for word, count in (("均", 2), ("", 1)):
        doc = _doc(text.format(word))
        applying = {key[1] for key in rels_of(doc) if key[0] == "APPLIES" and key[2] == "tech:beidou"}
        assert applying <= {row["id"] for row in doc["scenarios"]} and len(applying) == count


def test_what_a_place_will_build_at_named_sites_is_in_each_site_and_planned_by_the_place() -> None:
    doc = _doc("青石市谋划航运升级，将在东湖区、西山区等园区打造多点联动的港航物流应用网。")
    network = names_of(doc, "scenarios")["港航物流应用网"]["id"]
    districts = names_of(doc, "districts")
    rels = _rels(doc)
    for site in ("东湖区", "西山区"):
        assert ("LOCATED_IN", network, districts[site]["id"]) in rels
    assert ("LOCATED_IN", network, "city:qingshi") in rels
    assert rels[("PARTICIPATES_IN", "city:qingshi", network)]["role"] == "planner"
    built = _rels(_doc("青石市在东湖区打造了港航物流应用网。"))
    assert not [key for key in built if key[0] == "PARTICIPATES_IN"]


def test_what_a_place_makes_applies_the_one_technology_its_sentence_names() -> None:
    doc = _doc("青石市推广北斗，将在东湖区打造多点联动的港航物流应用网。")
    network = names_of(doc, "scenarios")["港航物流应用网"]["id"]
    assert ("APPLIES", network, "tech:beidou") in _rels(doc)
    two = _doc("青石市推广北斗和智能航运，将在东湖区打造多点联动的港航物流应用网。")
    assert "港航物流应用网" in names_of(two, "scenarios")
    assert not [key for key in _rels(two) if key[0] == "APPLIES"]  # which one it uses is unsaid


def test_scenarios_listed_as_examples_of_a_category_apply_the_sentence_s_one_technology() -> None:
    text = "青石市的北斗定位已在“智慧吊装”、“无人巡检”等一批港口场景中投入使用。"
    doc = _doc(text)
    applying = {key[1] for key in rels_of(doc) if key[0] == "APPLIES" and key[2] == "tech:beidou"}
    assert applying == {row["id"] for row in doc["scenarios"]} and len(applying) == 2
    both = _doc("青石市的北斗与智能航运已在“智慧吊装”、“无人巡检”等一批港口场景中投入使用。")
    assert len(both["scenarios"]) == 2
    assert not [key for key in rels_of(both) if key[0] == "APPLIES"]  # which one each uses is unsaid


def test_an_x_plus_programme_is_also_named_with_the_technology_s_other_forms() -> None:
    text = 'Qingshi will deepen its "Blockchain+" programme to serve port logistics.'
    article = parse_article(text.encode("utf-8"), "test.txt")
    forms = {
        "tech:blockchain": {"name_zh": "区块链", "name_en": "Blockchain", "aliases": ["DLT", "分布式账本"]}
    }
    doc = extract_article(
        article,
        "source:test",
        "test.txt",
        gazetteer(KNOWN | {"tech:blockchain": ["区块链", "Blockchain"]}),
        forms.get,
    )
    programme = next(row for row in doc["initiatives"] if "Blockchain+" in row["name_en"])
    assert [a for a in programme["aliases"] if "DLT+" in a]
    assert not [a for a in programme["aliases"] if "分布式账本" in a]  # another script: not this name
