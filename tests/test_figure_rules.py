"""Figures on sentences of our own: an ordinal (第三批, 首届, 第二届) counts nothing, the unit is
the counted noun's, a target keeps its year, and a technology naming the kind of thing counted
is not the figure's owner. Pure functions; no server."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_extract import document, gazetteer


def figures(text: str) -> list[tuple[str, float, str, int | None]]:
    doc = document(text, gazetteer({}))
    rows: list[dict[str, Any]] = [
        row
        for section, rows in doc.items()
        if isinstance(rows, list) and section not in ("sources", "relationships")
        for row in rows
    ]
    return [
        (r["name_zh"], f["value"], f["unit"], f.get("target_year"))
        for r in rows
        for f in r.get("figures", [])
    ]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("江城市日前发布第三批场景清单，共计45个应用场景。", 45, "scenario"),
        ("首届江城场景大会吸引120家企业参加。", 120, "enterprise"),
        ("江城市第二届供需对接会上，江城数据局发布了场景机会80个。", 80, "opportunity"),
        ("江城市去年签约项目38个。", 38, "project"),
    ],
)
def test_an_ordinal_counts_nothing_and_the_unit_is_the_counted_nouns(
    text: str, value: int, unit: str
) -> None:
    assert [(v, u) for _, v, u, _ in figures(text)] == [(value, unit)]


def test_a_target_keeps_its_year_and_its_place_not_the_technology_counted() -> None:
    assert figures("到2027年，江城市将培育人工智能企业500家。") == [("江城市", 500, "enterprise", 2027)]
    english = figures("Jiangcheng City plans to open 300 application scenarios by 2028.")
    assert english == [("Jiangcheng City", 300, "scenario", 2028)]
