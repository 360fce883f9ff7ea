"""Each kind of bad file is refused with a message naming file, row and field, and the
graph is left exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from graph.errors import InputError, InputErrors
from graph.store import GraphStore
from ingest.pipeline import ingest
from queries.stats import stats

BASE = """\
sources:
  - id: source:t
    title: test source
cities:
  - id: city:hefei
    name_zh: 合肥市
    name_en: Hefei
    aliases: [合肥]
    sources: ["source:t#p1"]
technologies:
  - id: tech:ai
    name_zh: 人工智能
    name_en: Artificial intelligence
    sources: ["source:t#p1"]
  - id: tech:llm
    name_zh: 大模型
    name_en: Large models
    sources: ["source:t#p1"]
relationships:
  - type: BROADER
    from: tech:llm
    to: tech:ai
    sources: ["source:t#p1"]
"""

CITY = """\
cities:
  - id: city:wuxi
    name_zh: 无锡市
    name_en: Wuxi
    sources: ["source:t#p2"]
"""

OPP_HEADER = "id,name_zh,city,needs,budget_cny,deadline\n"

# (file name, content, expected (row, field) in the first error, words the message must hold)
CASES: list[tuple[str, str | bytes, int | None, str | None, str]] = [
    ("malformed.yaml", "cities:\n  - id: city:x\n    name_zh: [unclosed\n", 4, None, "not valid YAML"),
    ("empty.yaml", "", None, None, "empty"),
    ("unknown_section.yaml", "towns:\n  - id: city:x\n", 1, "towns", "unknown section"),
    ("missing_field.yaml", CITY.replace("    name_en: Wuxi\n", ""), 2, "name_en", "required"),
    (
        "extra_field.yaml",
        CITY.replace("name_en: Wuxi", "name_en: Wuxi\n    mayor: X"),
        5,
        "mayor",
        "unknown field",
    ),
    (
        "wrong_type.yaml",
        CITY + "    figures:\n      - {measure: gdp, label_en: GDP, value: lots, unit: currency,"
        " currency: CNY, sources: ['source:t#p2']}\n",
        7,
        "figures.0.value",
        "number",
    ),
    (
        "bad_date.yaml",
        "policies:\n  - {id: policy:p, name_zh: P, name_en: P, issued: '3000-01',"
        " sources: ['source:t#p1']}\n",
        2,
        "issued",
        "3000",
    ),
    (
        "negative.yaml",
        CITY + "    figures:\n      - {measure: n, label_en: N, value: -5, unit: item,"
        " sources: ['source:t#p2']}\n",
        7,
        "figures.0.value",
        "greater than or equal",
    ),
    ("control_chars.yaml", CITY.replace("无锡市", '"无锡\\x07市"'), 3, "name_zh", "control characters"),
    ("huge_name.yaml", CITY.replace("无锡市", "无" * 1_000_000), 3, "name_zh", "at most"),
    (
        "unknown_ref.yaml",
        "relationships:\n  - {type: LOCATED_IN, from: scenario:nowhere, to: city:hefei,"
        " sources: ['source:t#p1']}\n",
        2,
        "scenario:nowhere->city:hefei",
        "unknown entity",
    ),
    (
        "unknown_source.yaml",
        CITY.replace("source:t#p2", "source:missing#p2"),
        2,
        "city:wuxi",
        "not a known source",
    ),
    (
        "wrong_endpoints.yaml",
        "relationships:\n  - {type: MEMBER_OF, from: city:hefei, to: tech:ai, role: member,"
        " sources: ['source:t#p1']}\n",
        2,
        None,
        "cannot join a City to a Technology",
    ),
    (
        "cycle.yaml",
        "relationships:\n  - {type: BROADER, from: tech:ai, to: tech:llm, sources: ['source:t#p1']}\n",
        2,
        None,
        "cycle",
    ),
    (
        "duplicate_conflict.yaml",
        CITY + CITY.replace("cities:\n", "").replace("Wuxi", "Wuxi City"),
        6,
        None,
        "twice",
    ),
    ("gbk.yaml", CITY.encode("gbk"), 3, None, "not UTF-8"),
    ("missing_column.csv", "id,name_zh,needs\nO-1,机会,人工智能\n", 1, "city", "required column"),
    (
        "extra_column.csv",
        OPP_HEADER.replace("\n", ",colour\n") + "O-1,机会,合肥,人工智能,,,red\n",
        1,
        "colour",
        "unknown column",
    ),
    ("header_only.csv", OPP_HEADER, 1, None, "no data rows"),
    ("empty.csv", "", None, None, "empty"),
    ("unknown_tech.csv", OPP_HEADER + "O-1,机会,合肥,人工智障,,\n", 2, "needs", "人工智障"),
    ("unknown_city.csv", OPP_HEADER + "O-1,机会,Atlantis,人工智能,,\n", 2, "city", "Atlantis"),
    ("bad_number.csv", OPP_HEADER + "O-1,机会,合肥,人工智能,many,\n", 2, "budget_cny", "number"),
    (
        "bad_deadline.csv",
        OPP_HEADER + "O-1,机会,合肥,人工智能,,2025-02-30\n",
        2,
        "deadline",
        "not a real date",
    ),
    ("short_row.csv", OPP_HEADER + "O-1,机会,合肥\n", 2, None, "fields"),
    (
        "duplicate_id.csv",
        OPP_HEADER + "O-1,机会,合肥,人工智能,,\nO-1,另一个,合肥,人工智能,,\n",
        3,
        "id",
        "already used",
    ),
    ("gbk.csv", (OPP_HEADER + "O-1,机会,合肥,人工智能,,\n").encode("gbk"), 2, None, "not UTF-8"),
    ("both_kinds.csv", "id,name_zh,city,needs,offers\n", 1, None, "'needs' column"),
]


@pytest.fixture
def seeded(store: GraphStore, data_file: Callable[[str, str | bytes], Path]) -> GraphStore:
    ingest(store, [data_file("base.yaml", BASE)], batch_size=100)
    return store


@pytest.mark.parametrize(("name", "content", "row", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_refused_and_graph_unchanged(
    seeded: GraphStore,
    data_file: Callable[[str, str | bytes], Path],
    name: str,
    content: str | bytes,
    row: int | None,
    field: str | None,
    words: str,
) -> None:
    before = stats(seeded)
    path = data_file(name, content)
    with pytest.raises(InputError) as caught:
        ingest(seeded, [path], batch_size=100)
    problems = caught.value.errors if isinstance(caught.value, InputErrors) else [caught.value]
    first = problems[0]
    assert first.location.file == str(path)
    assert first.location.row == row
    if field is not None:
        assert first.location.field == field
    assert words in str(first)
    assert stats(seeded) == before


def test_a_good_file_with_one_bad_row_writes_nothing(
    seeded: GraphStore, data_file: Callable[[str, str | bytes], Path]
) -> None:
    before = stats(seeded)
    rows = "".join(f"O-{i},机会{i},合肥,人工智能,,\n" for i in range(50)) + "O-X,坏,合肥,不存在的技术,,\n"
    with pytest.raises(InputErrors) as caught:
        ingest(seeded, [data_file("mostly_good.csv", OPP_HEADER + rows)], batch_size=7)
    assert [(e.location.row, e.location.field) for e in caught.value.errors] == [(52, "needs")]
    assert stats(seeded) == before


def test_injection_text_is_stored_as_plain_text(
    seeded: GraphStore, data_file: Callable[[str, str | bytes], Path]
) -> None:
    hostile = "x'}) DETACH DELETE n //<img src=x onerror=alert(1)>"
    ingest(
        seeded, [data_file("hostile.csv", OPP_HEADER + f'O-1,"{hostile}",合肥,人工智能,,\n')], batch_size=100
    )
    rows = seeded.read("MATCH (o:Opportunity) RETURN o.name_zh AS name")
    assert rows == [{"name": hostile}]
    assert stats(seeded).labels["City"] == 1
