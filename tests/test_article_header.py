"""Article metadata read from our own pages: bylines and datelines (来源, 发布时间, 新华社…电,
…记者, By …, Published …), a line that is only a date, the HTML title and meta fields; site
navigation, widgets, bylines and captions are never the title. Pure functions; no server."""

from __future__ import annotations

import doctest

import pytest

import extract.header
from extract.header import read_header
from extract.reading import parse_article


def test_docstring_examples_run() -> None:
    result = doctest.testmod(extract.header)
    assert result.attempted >= 2 and result.failed == 0


def test_navigation_is_passed_over_and_the_byline_fields_give_date_and_publisher() -> None:
    text = (
        "首页 > 新闻中心 > 本地要闻\n"
        "江城发布第二批低空场景清单\n"
        "发布时间：2025-09-18 10:20  来源：江城晚报  作者：编辑部  点击：35次\n\n"
        "江城市日前公布十个低空场景，面向全国征集方案。\n"
    )
    head = read_header(text)
    assert head.title == "江城发布第二批低空场景清单"
    assert (head.publisher, head.published) == ("江城晚报", "2025-09-18")


def test_a_source_field_holding_a_place_and_an_outlet_gives_the_outlet() -> None:
    head = read_header("江城场景周报\n发布日期：2024年3月5日 报送来源：湖东 江城日报\n正文第一段。\n")
    assert (head.publisher, head.published) == ("江城日报", "2024-03-05")


def test_traditional_source_field_followed_by_a_date() -> None:
    head = read_header("江城市經信局：推動場景開放\n來源：江城市經信局   2025-12-01\n內文。\n")
    assert head.title == "江城市經信局：推動場景開放"
    assert (head.publisher, head.published) == ("江城市經信局", "2025-12-01")


@pytest.mark.parametrize(
    ("first", "publisher"),
    [
        ("新华社武汉5月3日电（记者李明）湖北省今天公布一批新场景。", "新华社"),
        ("湖滨新闻网杭州5月3日电 杭州市今天公布一批新场景。", "湖滨新闻网"),
        ("晚报5月3日讯 江城市今天公布一批新场景。", "晚报"),
        ("湖东讯(江城晨报) 近日，湖东区公布一批新场景。", "江城晨报"),
    ],
)
def test_a_dateline_names_the_outlet_without_its_place_and_gives_no_date_without_a_year(
    first: str, publisher: str
) -> None:
    head = read_header(first + "\n第二段。\n")
    assert (head.publisher, head.published, head.title) == (publisher, None, None)


def test_a_reporters_line_names_the_outlet_but_is_not_the_title_and_our_own_paper_names_none() -> None:
    head = read_header("江城快报记者 王小川\n通讯员 李四\n江城：场景清单再扩容\n正文。\n")
    assert (head.title, head.publisher) == ("江城：场景清单再扩容", "江城快报")
    assert read_header("◎本报记者 王小川\n正文。\n").publisher is None


def test_a_date_line_a_caption_and_a_widget_are_not_titles() -> None:
    text = "评论 (3)\n2025年10月09日 星期四\n社区广场上的无人机。 李四摄\n江城：无人机送餐进社区\n正文。\n"
    head = read_header(text)
    assert (head.title, head.published) == ("江城：无人机送餐进社区", "2025-10-09")


def test_a_date_in_the_body_is_not_the_articles() -> None:
    head = read_header("江城场景清单发布\n2023年5月6日，江城市公布一批场景。\n")
    assert (head.title, head.published) == ("江城场景清单发布", None)


def test_english_datelines_and_bylines() -> None:
    wire = read_header("HANGZHOU, China, March 3, 2025 (EXAMPLE WIRE) -- The city opened ten scenarios.\n")
    assert (wire.publisher, wire.published) == ("EXAMPLE WIRE", "2025-03-03")
    by = read_header(
        "Lakeside opens drone scenarios\nBy Jane Doe, Lakeside Daily\nPublished: 2024-11-02\nText.\n"
    )
    assert by.title == "Lakeside opens drone scenarios"
    assert (by.publisher, by.published) == ("Lakeside Daily", "2024-11-02")


def test_html_meta_fields_come_first_and_the_site_name_leaves_the_title() -> None:
    page = (
        "<html><head><title>江城发布场景清单_江城新闻网</title>"
        '<meta property="og:title" content="江城发布首批场景清单">'
        '<meta property="article:publisher" content="https://example.org/jiangcheng">'
        '<meta property="og:site_name" content="江城新闻网">'
        '<meta property="article:published_time" content="2025-06-30T08:00:00+08:00">'
        "</head><body><div>首页 &gt; 要闻</div><p>江城市公布十个场景。</p></body></html>"
    )
    article = parse_article(page.encode("utf-8"), "page.html", html_suffix=True)
    assert article.title == "江城发布首批场景清单"
    assert (article.publisher, article.published) == ("江城新闻网", "2025-06-30")
    bare = "<html><head><title>江城发布场景清单 - 江城新闻网</title></head><body><p>正文。</p></body></html>"
    assert parse_article(bare.encode("utf-8"), "bare.html", html_suffix=True).title == "江城发布场景清单"
