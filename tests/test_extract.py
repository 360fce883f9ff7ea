"""Extraction rules on short texts of our own: numbers, dates, reading, names, relationships,
resolution. Pure functions; no server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extract.build import extract_article
from extract.entities import find_mentions
from extract.gazetteer import Gazetteer
from extract.mention import tokens
from extract.numbers import dates, quantities
from extract.reading import parse_article, read_article
from graph.schema import Label
from model.dataset import Qualifier
from model.names import NameIndex
from model.refs import EntityRef

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
        ("近三分之一", 33.3, Qualifier.ABOUT, "percent", None),
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


def names_of(doc: dict[str, Any], section: str) -> dict[str, dict[str, Any]]:
    return {row["name_zh"]: row for row in doc.get(section, [])}


def test_possessive_place_is_a_city_and_its_district_where_the_plan_is_launched() -> None:
    doc = document(
        'Officials praised the launch of the "Green Harbor" plan in Ningbo\'s Beilun District.', gazetteer({})
    )
    plan = names_of(doc, "initiatives")["Green Harbor plan"]["id"]
    district = names_of(doc, "districts")["Beilun District"]["id"]
    assert rels_of(doc) == {
        ("PART_OF", district, "city:ningbo"),
        ("LAUNCHED", district, plan),
        ("LOCATED_IN", plan, district),
    }


def test_english_quoted_names_by_their_head_frame_or_form() -> None:
    text = (
        'The "smart port system" was praised. A fusion system of "logistics + finance" grew. '
        'Wuhan aims at creating a "green channel" for firms. The city backs "Robotics+" and "Digital Wuhan". '
        'Wuhan opened areas like "one-stop approval" and "night markets". '
        'It issued policies such as "innovation vouchers". It praised firms like "Acme Robotics".'
    )
    doc = document(text, gazetteer({}))
    labels = {
        row["name_zh"]: section
        for section in ("initiatives", "scenarios", "policies")
        for row in doc.get(section, [])
    }
    assert labels == {
        "smart port system": "initiatives",
        "logistics + finance fusion system": "initiatives",
        "green channel": "initiatives",
        "Robotics+": "initiatives",
        "Digital Wuhan": "initiatives",
        "one-stop approval": "scenarios",
        "night markets": "scenarios",
        "innovation vouchers": "policies",
    }  # "Acme Robotics": firms are no category of quoted names
    assert ("APPLIES", "initiative:robotics", "tech:robotics") in rels_of(doc)
    assert ("RELEASED", "city:wuhan", "scenario:night-markets") in rels_of(doc)


def test_english_agencies_split_at_and_the_with_level_from_their_place() -> None:
    text = (
        "The Wuhan Municipal Commission of Development and Reform and the Hubei Provincial "
        "Department of Commerce met the Ministry of Industry and Information Technology."
    )
    found = {
        m.text: m.attrs.get("level") for m in find_mentions(text, gazetteer({})) if m.label is Label.AGENCY
    }
    assert found == {
        "Wuhan Municipal Commission of Development and Reform": "municipal",
        "Hubei Provincial Department of Commerce": "provincial",
        "Ministry of Industry and Information Technology": "national",
    }


def test_english_name_without_its_qualifier_resolves_to_the_known_entity() -> None:
    known = gazetteer({"agency:soe": ["省国资委", "State Assets Commission of Hubei Province"]})
    (mention,) = [m for m in find_mentions("The State Assets Commission opened scenarios.", known)]
    assert mention.existing == ("agency:soe",)


def test_chinese_names_with_numeral_modifier_particle_and_conjunction() -> None:
    known = gazetteer({"agency:ndrc": ["国家发展改革委", "NDRC"]})
    doc = document(
        "苏州发布8大重点产业集群规划。无锡构建三位一体的工作机制。国家发展改革委宏观经济与政策研究所发布报告。"
        "南通深化“港产城”融合模式。",
        known,
    )
    initiatives = names_of(doc, "initiatives")
    plan = initiatives["8大重点产业集群规划"]
    assert [f["value"] for f in plan["figures"]] == [8]
    assert initiatives["三位一体工作机制"]["aliases"] == ["三位一体的工作机制"]
    assert "“港产城”融合模式" in initiatives  # not 南通深化…: a verb ends a name
    institute = names_of(doc, "agencies")["国家发展改革委宏观经济与政策研究所"]["id"]
    assert ("PART_OF", institute, "agency:ndrc") in rels_of(doc)
    assert ("LAUNCHED", "city:nantong", initiatives["“港产城”融合模式"]["id"]) in rels_of(doc)


def test_scenario_names_ending_in_changjing_but_not_categories() -> None:
    doc = document("宜昌推动长江航运智能化场景落地，开放200个应用场景，走向民生场景。", gazetteer({}))
    (scenario,) = doc["scenarios"]
    assert scenario["name_zh"] == "长江航运智能化场景"
    assert ("LOCATED_IN", scenario["id"], "city:yichang") in rels_of(doc)


def test_a_word_the_gazetteer_knows_stays_in_a_name() -> None:
    doc = document("襄阳打造无人机产业园。", gazetteer({}))
    park = names_of(doc, "initiatives")["无人机产业园"]
    assert park["kind"] == "pilot_zone"
    assert rels_of(doc) == {
        ("LAUNCHED", "city:xiangyang", park["id"]),
        ("LOCATED_IN", park["id"], "city:xiangyang"),
        ("FOCUSES_ON", park["id"], "tech:drones"),
    }


def test_members_of_an_enumeration_take_the_label_of_its_category() -> None:
    doc = document(
        "南昌在智慧停车、智慧养老等场景中推广应用。桂林将在象鼻山、漓江等景区打造低空航线。"
        "北斗导航、云计算等新型基础设施场景加快落地。",
        gazetteer({}),
    )
    assert set(names_of(doc, "scenarios")) == {"智慧停车", "智慧养老", "北斗导航场景", "云计算场景"}
    districts = {row["name_zh"]: row["id"] for row in doc["districts"]}
    assert set(districts) == {"象鼻山", "漓江"}
    rels = rels_of(doc)
    assert {("PART_OF", d, "city:guilin") for d in districts.values()} <= rels
    assert ("APPLIES", names_of(doc, "scenarios")["云计算场景"]["id"], "tech:cloud-computing") in rels


def test_a_release_of_counted_or_quoted_scenarios_is_a_scenario_release() -> None:
    doc = document(
        "郑州开放约80个“数字郑州”应用场景。济南市大数据局发布政务数据应用场景。"
        "洛阳发布“古都夜游，灯火长安”“数字文博”两个城市级超级场景。",
        gazetteer({}),
    )
    releases = names_of(doc, "initiatives")
    zhengzhou = releases["“数字郑州”应用场景开放"]
    assert (zhengzhou["kind"], zhengzhou["aliases"]) == (
        "scenario_release",
        ["“数字郑州”应用场景", "数字郑州"],
    )
    assert [f["value"] for f in zhengzhou["figures"]] == [80]
    luoyang = releases["城市级超级场景发布"]["id"]
    scenarios = {row["name_zh"]: row["id"] for row in doc["scenarios"]}
    assert set(scenarios) == {"古都夜游，灯火长安", "数字文博"}
    rels = rels_of(doc)
    assert {("LAUNCHED", "city:zhengzhou", zhengzhou["id"]), ("LAUNCHED", "city:luoyang", luoyang)} <= rels
    for scenario in scenarios.values():  # the comma inside the quotation ends no clause
        assert {("INCLUDES", luoyang, scenario), ("RELEASED", "city:luoyang", scenario)} <= rels
    # released by an agency named after its city: located there
    assert ("LOCATED_IN", releases["政务数据应用场景发布"]["id"], "city:jinan") in rels


def test_quoted_names_a_verb_creates_or_a_frame_takes_as_its_means() -> None:
    doc = document("青岛打造“海洋科技创新之城”，以“链主企业”为抓手，多以“跟随式”为主。", gazetteer({}))
    initiatives = {row["name_zh"]: row["id"] for row in doc["initiatives"]}
    assert set(initiatives) == {"海洋科技创新之城", "链主企业"}
    assert {("LAUNCHED", "city:qingdao", i) for i in initiatives.values()} <= rels_of(doc)


def test_partner_facility_and_example_names() -> None:
    doc = document(
        "比亚迪与华为技术有限公司合作打造智能座舱。常州加快建设5G工厂。"
        "厦门推广鸿蒙应用，如政务服务的“一码通行”、文旅的“全景导览”，均基于鸿蒙。",
        gazetteer({}),
    )
    firms = {row["name_zh"]: row["id"] for row in doc["enterprises"]}
    assert ("COLLABORATES_WITH", firms["比亚迪"], firms["华为技术有限公司"]) in rels_of(doc)
    scenarios = {row["name_zh"]: row["id"] for row in doc["scenarios"]}
    assert set(scenarios) == {"5G工厂", "一码通行", "全景导览"}
    assert ("APPLIES", scenarios["5G工厂"], "tech:5g") in rels_of(doc)
    assert ("LOCATED_IN", scenarios["5G工厂"], "city:changzhou") in rels_of(doc)


def test_districts_written_without_their_suffix() -> None:
    doc = document(
        "广州天河以数字经济为核心。天河珠江+琶洲聚焦人工智能，黄埔打造大模型应用高地，番禺推进自动驾驶落地。",
        gazetteer({}),
    )
    districts = {row["name_zh"]: row["id"] for row in doc["districts"]}
    assert set(districts) == {"天河", "珠江", "黄埔", "番禺"}
    rels = rels_of(doc)
    assert {
        ("PART_OF", districts["天河"], "city:guangzhou"),
        ("PART_OF", districts["珠江"], districts["天河"]),
        ("PART_OF", districts["黄埔"], "city:guangzhou"),
        ("FOCUSES_ON", districts["黄埔"], "tech:large-models"),
        ("FOCUSES_ON", districts["番禺"], "tech:autonomous-driving"),
    } <= rels


def test_one_character_abbreviations_count_next_to_each_other() -> None:
    doc = document("保定积极对接京津科创资源。京东在新区开店。", gazetteer({}))
    assert rels_of(doc) == {
        ("COLLABORATES_WITH", "city:baoding", "city:beijing"),
        ("COLLABORATES_WITH", "city:baoding", "city:tianjin"),
    }


def test_names_inside_names_give_narrower_located_and_focus_facts() -> None:
    doc = document("合肥市国资委推进量子通信示范区建设，AI芯片和工业机器人需求旺盛。", gazetteer({}))
    zone = names_of(doc, "initiatives")["量子通信示范区"]["id"]
    agency = names_of(doc, "agencies")["合肥市国资委"]["id"]
    assert {
        ("LOCATED_IN", agency, "city:hefei"),
        ("FOCUSES_ON", zone, "tech:quantum-communication"),
        ("BROADER", "tech:ai-chips", "tech:artificial-intelligence"),
        ("BROADER", "tech:industrial-robotics", "tech:robotics"),
        ("LAUNCHED", agency, zone),
        ("LOCATED_IN", zone, "city:hefei"),
    } <= rels_of(doc)


def test_user_dictionary_is_the_current_gazetteers_only() -> None:
    text = "临港新片区发布方案。"
    with_name = gazetteer({"district:lingang": ["临港新片区", "Lingang"]})
    assert "临港新片区" in [t.word for t in tokens(text, with_name)]
    assert "临港新片区" not in [t.word for t in tokens(text, gazetteer({}))]


def test_words_in_quotes_are_a_slogan_not_the_sentence() -> None:
    doc = document("嘉兴推广“杭州研发、嘉兴制造”协同模式，主动对接上海资源。", gazetteer({}))
    collaborations = {r for r in rels_of(doc) if r[0] == "COLLABORATES_WITH"}
    assert collaborations == {("COLLABORATES_WITH", "city:jiaxing", "city:shanghai")}


def test_objects_run_on_through_their_enumeration() -> None:
    text = (
        "The Ministry of Transport will promote the cultivation of scenarios in key areas such as "
        '"Drones+", "Robotics+", and "Satellite Internet+".'
    )
    doc = document(text, gazetteer({}))
    ministry = doc["agencies"][0]["id"]
    launched = {r[2] for r in rels_of(doc) if r[:2] == ("LAUNCHED", ministry)}
    assert launched == {row["id"] for row in doc["initiatives"]} and len(launched) == 3


def test_a_second_reading_needs_the_object_next_to_the_trigger() -> None:
    near = document("徐州推进工业互联网建设。", gazetteer({}))
    far = document("徐州推进制造业与工业互联网融合。", gazetteer({}))
    topic = document("徐州发布方案。推进工业互联网建设。", gazetteer({}))
    assert rels_of(near) == {("FOCUSES_ON", "city:xuzhou", "tech:industrial-internet")}
    assert "relationships" not in far and "relationships" not in topic


def test_every_subject_of_an_enumeration_focuses() -> None:
    doc = document("宁波、温州聚焦人工智能。", gazetteer({}))
    assert rels_of(doc) == {
        ("FOCUSES_ON", "city:ningbo", "tech:artificial-intelligence"),
        ("FOCUSES_ON", "city:wenzhou", "tech:artificial-intelligence"),
    }


def test_passive_voice_needs_a_passive_verb() -> None:
    passive = document(
        "Guangxi Province set goals. An action plan for smart ports has been implemented.", gazetteer({})
    )
    plan = passive["initiatives"][0]["id"]
    assert ("LAUNCHED", "province:guangxi-province", plan) in rels_of(passive)
    active = document(
        "Guangxi Province set goals. An action plan for smart ports that firms implemented.", gazetteer({})
    )
    assert not {r for r in rels_of(active) if r[0] == "LAUNCHED"}


def test_examples_are_narrower_than_their_class() -> None:
    doc = document(
        "以大数据、区块链等为代表的数字技术加速应用。It relies on open-source technologies like OpenHarmony.",
        gazetteer({}),
    )
    assert {
        ("BROADER", "tech:big-data", "tech:digital-technology"),
        ("BROADER", "tech:blockchain", "tech:digital-technology"),
        ("BROADER", "tech:harmonyos", "tech:open-source-technology"),
    } <= rels_of(doc)


def test_what_its_names_is_in_the_place_the_sentence_is_about() -> None:
    doc = document("杭州建设数据交易平台，其人工智能创新街区已集聚百余家企业。", gazetteer({}))
    block = names_of(doc, "initiatives")["人工智能创新街区"]["id"]
    assert {
        ("LOCATED_IN", block, "city:hangzhou"),
        ("FOCUSES_ON", block, "tech:artificial-intelligence"),
    } <= rels_of(doc)


def test_events_a_place_works_through_are_its_own() -> None:
    doc = document("无锡通过每周2场人工智能供需对接会吸引企业。", gazetteer({}))
    event = doc["matching_events"][0]["id"]
    assert {("ORGANISED", "city:wuxi", event), ("LOCATED_IN", event, "city:wuxi")} <= rels_of(doc)


def test_one_as_an_article_is_not_a_figure() -> None:
    assert quantities("progress in one network for services", []) == []
    (found,) = quantities("at least one pilot park", [])
    assert (found.value, found.qualifier) == (1, Qualifier.AT_LEAST)


def test_a_sentence_without_subject_is_about_its_anaphor_or_the_last_sentence_subject() -> None:
    english = document(
        "Hubei Province set goals [1]. - The Ministry of Commerce will focus on exports [2]. "
        "- An action plan for smart ports has been implemented [2]. - Wuhan backs it. "
        "The province has published typical cases of scenario innovation [3].",
        gazetteer({}),
    )
    plan, cases = (
        names_of(english, "initiatives")[n]["id"]
        for n in ("action plan for smart ports", "typical cases of scenario innovation")
    )
    ministry = english["agencies"][0]["id"]
    launched = {r for r in rels_of(english) if r[0] == "LAUNCHED"}
    assert launched == {("LAUNCHED", ministry, plan), ("LAUNCHED", "province:hubei-province", cases)}
    chinese = document("成都发布方案。重庆打造低空走廊。该市发布低空经济行动计划。", gazetteer({}))
    plan = names_of(chinese, "initiatives")["低空经济行动计划"]["id"]
    assert ("LAUNCHED", "city:chongqing", plan) in rels_of(chinese)


def test_words_that_only_look_like_names_or_examples() -> None:
    doc = document(
        "用新技术重塑城市生态。如何打造“数字名片”与“城市会客厅”？福州以“数字福建”为重要抓手。", gazetteer({})
    )
    assert [row["name_zh"] for row in doc["cities"]] == ["福州市"]  # not 新技术重塑城市
    assert "scenarios" not in doc  # 如何 is no 如 ("for example")
    assert {"数字名片", "数字福建"} == set(names_of(doc, "initiatives"))
    assert ("LAUNCHED", "city:fuzhou", names_of(doc, "initiatives")["数字福建"]["id"]) in rels_of(doc)
