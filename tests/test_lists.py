"""Opportunity and capability lists as XLSX and CSV, with Chinese or English headers, against the
real embedded server: a workbook with a merged title row loads with the right values, bad
workbooks are refused naming file, sheet, row and column, a row's format and reference problems
come in one run with the closest known names, and a YAML loaded beside a list adds what the
list names. Workbooks are made here with openpyxl."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import Workbook

from graph import revision
from graph.errors import MAX_SHOWN_ERRORS, InputError, InputErrors
from graph.store import GraphStore
from ingest.list_columns import DOMAIN_VALUES, IGNORED_HEADERS, KINDS, STATUS_VALUES
from ingest.list_sources import source_for
from ingest.lists import read_list
from ingest.pipeline import ingest
from model.names import NameIndex
from queries.rdf_export import RdfFormat, export_rdf
from queries.stats import stats
from tests.conftest import TEMPLATES
from tests.test_cli import run
from tests.test_rdf import _parse, _shacl

SEED = """
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
  - id: tech:twin
    name_zh: 数字孪生
    name_en: Digital twin
    sources: ["source:t#p1"]
"""
OPPORTUNITY_HEADER = [
    "序号",
    "场景名称",
    "需求单位",
    "所属领域",
    "技术需求",
    "预算（万元）",
    "截止日期",
    "所在城市",
    "联系人",
]


@pytest.fixture
def seeded(store: GraphStore, tmp_path: Path) -> GraphStore:
    seed = tmp_path / "seed.yaml"
    seed.write_text(SEED, encoding="utf-8")
    ingest(store, [seed], batch_size=50)
    return store


def _workbook(path: Path, sheets: dict[str, list[list[Any]]], title: str | None = None) -> Path:
    """A workbook with the given sheets; `title` is merged across the first sheet's first row,
    with a blank row under it, as published lists have."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for index, (name, rows) in enumerate(sheets.items()):
        sheet = book.create_sheet(name)
        if title and index == 0:
            sheet.append([title])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
            sheet.append([])
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def _props(store: GraphStore, ident: str) -> dict[str, Any]:
    rows = store.read("MATCH (n {id: $id}) RETURN properties(n) AS p", {"id": ident})
    assert len(rows) == 1, ident
    return dict(rows[0]["p"])


def _links(store: GraphStore, ident: str) -> set[tuple[str, str, tuple[str, ...]]]:
    rows = store.read(
        "MATCH (n {id: $id})-[r]-(m) RETURN type(r) AS t, m.id AS other, r.sources AS s", {"id": ident}
    )
    return {(r["t"], r["other"], tuple(r["s"])) for r in rows}


def test_xlsx_with_chinese_headers_and_a_merged_title_loads_the_values_it_states(
    seeded: GraphStore, tmp_path: Path
) -> None:
    rows = [
        OPPORTUNITY_HEADER,
        [
            1,
            "测试场景甲",
            "测试单位一",
            "城市",
            "人工智能、数字孪生",
            500,
            datetime(2026, 6, 30),
            "合肥",
            "张三",
        ],
        [2, "测试场景乙", None, "产业", "人工智能", "3,000", "2026年7月", "合肥市", None],
    ]
    path = _workbook(tmp_path / "测试清单.xlsx", {"机会清单": rows}, title="测试市2026年场景机会清单")
    summary = ingest(seeded, [path], batch_size=50)
    assert summary.nodes["Opportunity"].created == 2
    first = _props(seeded, "opportunity:测试清单-机会清单-1")
    assert {k: first[k] for k in ("name_zh", "demand_unit", "domain", "deadline", "status")} == {
        "name_zh": "测试场景甲",
        "demand_unit": "测试单位一",
        "domain": "city",
        "deadline": "2026-06-30",
        "status": "open",
    }
    assert (first["budget_cny"], first["budget_value"], first["budget_unit"]) == (5_000_000, 500, "万元")
    assert "张三" not in str(first)  # the contact column is read past, never stored
    second = _props(seeded, "opportunity:测试清单-机会清单-2")
    assert (second["budget_cny"], second["budget_value"], second["budget_unit"]) == (3e7, 3000, "万元")
    assert (second["deadline"], second["domain"]) == ("2026-07", "industry")
    source_id = source_for(path, path.read_bytes(), None, "机会清单").id
    assert source_id == "source:xlsx-测试清单-机会清单"  # the file's name and the sheet's
    row4 = (f"{source_id}#row4",)
    assert _links(seeded, "opportunity:测试清单-机会清单-1") == {
        ("NEEDS", "tech:ai", row4),
        ("NEEDS", "tech:twin", row4),
        ("LOCATED_IN", "city:hefei", row4),
    }
    source = _props(seeded, source_id)
    assert (source["kind"], source["title"]) == ("xlsx", "测试清单.xlsx (机会清单)")
    conforms, report = _shacl(_parse(export_rdf(seeded, RdfFormat.TURTLE).text))  # new properties too
    assert conforms, report.serialize(format="turtle")


def test_a_sheet_is_chosen_by_name_and_each_sheet_is_its_own_source(
    seeded: GraphStore, tmp_path: Path
) -> None:
    capabilities = [
        ["编号", "能力名称", "企业名称", "企业英文名称", "技术能力", "所属领域", "状态"],
        ["CAP-1", "测试能力", "测试企业甲", "Test Enterprise A", "数字孪生", "消费", "可提供"],
    ]
    opportunities = [OPPORTUNITY_HEADER, [1, "测试场景", None, None, "人工智能", None, None, "合肥", None]]
    path = _workbook(tmp_path / "book.xlsx", {"机会清单": opportunities, "能力清单": capabilities})
    ingest(seeded, [path], batch_size=50, sheet="能力清单")
    row2 = (f"{source_for(path, path.read_bytes(), None, '能力清单').id}#row2",)
    assert _props(seeded, "capability:cap-1")["domain"] == "consumption"
    assert _links(seeded, "capability:cap-1") == {
        ("OFFERS", "tech:twin", row2),
        ("OFFERED_BY", "enterprise:测试企业甲", row2),
    }
    assert stats(seeded).labels.get("Opportunity", 0) == 0
    ingest(seeded, [path], batch_size=50)  # the first sheet by default
    assert _props(seeded, "opportunity:book-机会清单-1")["name_zh"] == "测试场景"


def test_csv_with_chinese_headers_full_width_brackets_and_a_bom_loads(
    seeded: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "hefei.csv"
    text = (
        "编号,场景名称,所在城市,技术需求,预算 （万元）,截止日期,状态\n"
        "HF-9,测试场景,合肥,人工智能；数字孪生,35,2026/3/1,征集中\n"
    )
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    ingest(seeded, [path], batch_size=50)
    props = _props(seeded, "opportunity:hf-9")
    assert (props["budget_cny"], props["budget_unit"], props["deadline"], props["status"]) == (
        350_000,
        "万元",
        "2026-03-01",
        "open",
    )
    assert {t for t, _, _ in _links(seeded, "opportunity:hf-9")} == {"NEEDS", "LOCATED_IN"}


def test_a_budget_header_without_a_unit_takes_the_unit_from_each_cell(
    seeded: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "units.csv"
    path.write_text(
        "编号,场景名称,所在城市,技术需求,预算\nU-1,甲,合肥,人工智能,1.2亿\nU-2,乙,合肥,人工智能,80\n",
        encoding="utf-8",
    )
    with pytest.raises(InputErrors) as caught:
        ingest(seeded, [path], batch_size=50)
    assert [(e.location.row, e.location.field) for e in caught.value.errors] == [(3, "预算")]
    assert "states no unit" in caught.value.errors[0].message
    path.write_text(
        "编号,场景名称,所在城市,技术需求,预算\nU-1,甲,合肥,人工智能,1.2亿\nU-2,乙,合肥,人工智能,80万元\n",
        encoding="utf-8",
    )
    ingest(seeded, [path], batch_size=50)
    first, second = _props(seeded, "opportunity:u-1"), _props(seeded, "opportunity:u-2")
    assert (first["budget_cny"], first["budget_value"], first["budget_unit"]) == (1.2e8, 1.2, "亿元")
    assert (second["budget_cny"], second["budget_value"], second["budget_unit"]) == (800_000, 80, "万元")


BAD_WORKBOOKS = [
    pytest.param(
        [OPPORTUNITY_HEADER, [1, "场景", None, None, "人工智能", datetime(2026, 1, 1), None, "合肥", None]],
        (3, "预算（万元）", "a date or time cell, expected a number"),
        id="date-in-budget",
    ),
    pytest.param(
        [OPPORTUNITY_HEADER, [1, "场景", None, None, "人工智能", None, True, "合肥", None]],
        (3, "截止日期", "a TRUE/FALSE cell, expected a date"),
        id="boolean-deadline",
    ),
    pytest.param(
        [[*OPPORTUNITY_HEADER, "颜色"], [1, "场景", None, None, "人工智能", None, None, "合肥", None, "红"]],
        (2, "颜色", "unknown column"),
        id="unknown-header",
    ),
    pytest.param(
        [["序号", "场景名称", "技术需求"], [1, "场景", "人工智能"]],
        (2, "city", "required column is missing (city, 所在城市"),
        id="missing-city-column",
    ),
]


@pytest.mark.parametrize(("rows", "expected"), BAD_WORKBOOKS)
def test_bad_workbook_is_refused_naming_file_sheet_row_and_column(
    seeded: GraphStore, tmp_path: Path, rows: list[list[Any]], expected: tuple[int, str, str]
) -> None:
    path = _workbook(tmp_path / "bad.xlsx", {"清单": [["说明：测试用"], *rows]})
    before = (stats(seeded), revision.current(seeded))
    with pytest.raises(InputErrors) as caught:
        ingest(seeded, [path], batch_size=50)
    first = caught.value.errors[0]
    row, field, words = expected
    assert (first.location.file, first.location.sheet, first.location.row) == (str(path), "清单", row)
    assert first.location.field == field and words in first.message
    assert f"sheet '清单', row {row}, field '{field}'" in str(first)
    assert (stats(seeded), revision.current(seeded)) == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"id,name_zh\n1,not a workbook\n", "not a readable .xlsx workbook"),
        (b"PK\x03\x04broken", "not a readable"),
    ],
    ids=["text", "truncated-zip"],
)
def test_a_file_that_is_no_workbook_is_refused_as_a_whole(
    seeded: GraphStore, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        ingest(seeded, [path], batch_size=50)
    problem = caught.value.errors[0] if isinstance(caught.value, InputErrors) else caught.value
    assert (problem.location.file, problem.location.row) == (str(path), None)
    assert words in problem.message


def test_a_workbook_whose_sheet_is_cut_short_is_refused_naming_the_sheet(
    seeded: GraphStore, tmp_path: Path
) -> None:
    rows = [OPPORTUNITY_HEADER] + [
        [i, f"场景{i}", None, None, "人工智能", None, None, "合肥", None] for i in range(50)
    ]
    whole = _workbook(tmp_path / "whole.xlsx", {"机会清单": rows})
    cut = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(whole) as source, zipfile.ZipFile(cut, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(
                item, data[: len(data) // 2] if item.filename == "xl/worksheets/sheet1.xml" else data
            )
    before = (stats(seeded), revision.current(seeded))
    with pytest.raises(InputErrors) as caught:
        ingest(seeded, [cut], batch_size=50)
    problem = caught.value.errors[-1]
    assert (problem.location.file, problem.location.sheet) == (str(cut), "机会清单")
    assert problem.location.row is not None and "cannot be read past here" in problem.message
    assert (stats(seeded), revision.current(seeded)) == before


def test_an_unknown_sheet_name_is_refused_with_the_sheets_there_are(
    seeded: GraphStore, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "book.xlsx", {"机会清单": [OPPORTUNITY_HEADER], "附表": [["x"]]})
    with pytest.raises(InputError, match="has no sheet '能力清单' \\(its sheets: 机会清单, 附表\\)"):
        ingest(seeded, [path], batch_size=50, sheet="能力清单")


def test_a_folder_with_a_workbook_open_in_excel_loads_without_the_lock_file(
    seeded: GraphStore, tmp_path: Path
) -> None:
    folder = tmp_path / "lists"
    folder.mkdir()
    _workbook(
        folder / "list.xlsx",
        {"机会清单": [OPPORTUNITY_HEADER, [1, "场景", None, None, "人工智能", None, None, "合肥", None]]},
    )
    (folder / "~$list.xlsx").write_bytes(
        b"\x05owner" + bytes(150)
    )  # what Excel leaves while the file is open
    ingest(seeded, [folder], batch_size=50)
    assert _props(seeded, "opportunity:list-机会清单-1")["name_zh"] == "场景"


def test_a_row_without_its_running_number_is_refused_not_dropped(tmp_path: Path) -> None:
    path = tmp_path / "seq.csv"
    path.write_text(
        "序号,场景名称,所在城市,技术需求\n1,甲,合肥,人工智能\n,乙,合肥,人工智能\n", encoding="utf-8"
    )
    names = NameIndex()
    names.add("city:hefei", ["合肥"])
    names.add("tech:ai", ["人工智能"])
    with pytest.raises(InputErrors) as caught:
        read_list(path, names)
    assert [(e.location.row, e.location.field, e.message) for e in caught.value.errors] == [
        (3, "序号", "required value is empty")
    ]


def test_format_and_reference_problems_of_a_row_come_in_one_run_with_the_closest_names(
    seeded: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "编号,场景名称,所在城市,技术需求,所属领域,状态,预算(万元),截止日期\n"
        "B-1,测试场景,合飞,人工只能,火星,进行中,很多,2026-02-30\n",
        encoding="utf-8",
    )
    with pytest.raises(InputErrors) as caught:
        ingest(seeded, [path], batch_size=50)
    by_field = {e.location.field: e.message for e in caught.value.errors}
    assert set(by_field) == {"所在城市", "技术需求", "所属领域", "状态", "预算(万元)", "截止日期"}
    assert {e.location.row for e in caught.value.errors} == {2}
    assert "人工智能 (tech:ai)" in by_field["技术需求"] and "beside the list" in by_field["技术需求"]
    assert "city:hefei" in by_field["所在城市"]
    assert "城市治理" in by_field["所属领域"] and "征集中" in by_field["状态"]
    assert "not a number" in by_field["预算(万元)"] and "not a real date" in by_field["截止日期"]


def test_a_misspelt_english_name_is_suggested_by_text(tmp_path: Path) -> None:
    names = NameIndex()
    names.add("tech:twin", ["数字孪生", "Digital twin"])
    path = tmp_path / "typo.csv"
    path.write_text("id,name_zh,city,needs\nE-1,场景,Atlantis,Digtal twin\n", encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        read_list(path, names)
    assert [e.location.field for e in caught.value.errors] == ["needs", "city"]
    assert "Digital twin (tech:twin)" in caught.value.errors[0].message


def test_problems_past_the_first_hundred_are_counted_not_listed(tmp_path: Path) -> None:
    path = tmp_path / "many.csv"
    lines = ["id,name_zh,city,needs"] + [f"M-{i},场景{i},合肥,无此技术" for i in range(150)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    names = NameIndex()
    names.add("city:hefei", ["合肥"])
    with pytest.raises(InputErrors) as caught:
        read_list(path, names)
    assert len(caught.value.errors) == 150
    shown = caught.value.shown()
    assert len(shown) == MAX_SHOWN_ERRORS + 1 and shown[-1] == "... and 50 more"


def _readme_yaml() -> str:
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", readme, re.S)
    assert block is not None
    return block.group(1)


def test_a_yaml_beside_the_list_adds_the_technology_and_city_it_names(
    seeded: GraphStore, tmp_path: Path
) -> None:
    """The README's own example: refused alone, loaded with the YAML beside it."""
    additions = tmp_path / "new-technologies.yaml"
    additions.write_text(_readme_yaml(), encoding="utf-8")
    new = yaml.safe_load(additions.read_text(encoding="utf-8"))
    tech, city = new["technologies"][0], new["cities"][0]
    path = _workbook(
        tmp_path / "list.xlsx",
        {
            "机会清单": [
                OPPORTUNITY_HEADER,
                [
                    1,
                    "测试场景",
                    None,
                    None,
                    f"{tech['name_zh']}、人工智能",
                    None,
                    None,
                    city["name_zh"],
                    None,
                ],
            ]
        },
    )
    with pytest.raises(InputErrors) as caught:
        ingest(seeded, [path], batch_size=50)
    assert {e.location.field for e in caught.value.errors} == {"技术需求", "所在城市"}
    ingest(seeded, [path, additions], batch_size=50)
    assert {(t, other) for t, other, _ in _links(seeded, "opportunity:list-机会清单-1")} == {
        ("NEEDS", tech["id"]),
        ("NEEDS", "tech:ai"),
        ("LOCATED_IN", city["id"]),
    }


def _template_names() -> NameIndex:
    names = NameIndex()
    for ident, name in [
        ("tech:ai", "人工智能"),
        ("tech:twin", "数字孪生"),
        ("tech:low-altitude", "低空经济"),
        ("tech:evtol", "eVTOL"),
        ("tech:quantum-encryption", "量子加密"),
        ("tech:harmonyos", "鸿蒙"),
        *((f"city:{c}", c) for c in ("合肥", "深圳", "Hefei", "无锡", "厦门", "成都")),
    ]:
        names.add(ident, [name])
    return names


@pytest.mark.parametrize("stem", ["opportunities", "capabilities"])
def test_the_xlsx_templates_hold_the_same_entries_as_the_csv_templates(stem: str) -> None:
    from_csv, from_xlsx = (
        read_list(TEMPLATES / f"{stem}.{suffix}", _template_names()) for suffix in ("csv", "xlsx")
    )
    labels = {label for label in from_csv.nodes if label.value != "Source"}
    assert labels == {label for label in from_xlsx.nodes if label.value != "Source"} and labels
    for label in labels:
        assert {i: r.props for i, r in from_csv.nodes[label].items()} == {
            i: r.props for i, r in from_xlsx.nodes[label].items()
        }
    assert {rel: set(edges) for rel, edges in from_csv.rels.items()} == {
        rel: set(edges) for rel, edges in from_xlsx.rels.items()
    }


def test_the_templates_readme_documents_every_header_and_value() -> None:
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    headers = {h for kind in KINDS for column in kind.columns for h in column.headers}
    words = headers | set(IGNORED_HEADERS) | set(DOMAIN_VALUES) | set(STATUS_VALUES)
    assert sorted(w for w in words if w not in readme) == []


def test_the_command_reads_the_named_sheet_and_shows_the_first_hundred_problems(
    store: GraphStore, tmp_path: Path
) -> None:
    rows = [OPPORTUNITY_HEADER] + [
        [i, f"场景{i}", None, None, "无此技术", None, None, "合肥", None] for i in range(150)
    ]
    path = _workbook(tmp_path / "book.xlsx", {"说明": [["本表仅供测试"]], "机会清单": rows})
    result = run("ingest", str(path), "--sheet", "机会清单")
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("refused: 300 problem(s)")  # an unknown technology and city per row
    assert len(lines) == 1 + MAX_SHOWN_ERRORS + 1 and lines[-1].strip() == "... and 200 more"
    assert f"{path}, sheet '机会清单', row 2, field '技术需求'" in lines[1]
    assert store.read("MATCH (n) RETURN count(n) AS c") == [{"c": 0}]


def test_places_in_a_list_resolve_against_the_reference_places_of_the_same_load(
    seeded: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "places.csv"
    path.write_text(
        "编号,场景名称,所在城市,技术需求\nQ-1,甲,泉州,人工智能\nQ-2,乙,朝阳区,人工智能\n", encoding="utf-8"
    )
    with pytest.raises(InputErrors) as caught:
        ingest(seeded, [path], batch_size=500, references=["places"])
    assert [(e.location.row, e.location.field) for e in caught.value.errors] == [(3, "所在城市")]
    message = caught.value.errors[0].message
    assert "district:beijing-chaoyang" in message and "write the id of the one meant" in message
    path.write_text(
        "编号,场景名称,所在城市,技术需求\nQ-1,甲,泉州,人工智能\nQ-2,乙,district:beijing-chaoyang,人工智能\n",
        encoding="utf-8",
    )
    ingest(seeded, [path], batch_size=500, references=["places"])
    placed = _pairs(seeded, "MATCH (o:Opportunity)-[:LOCATED_IN]->(c) RETURN o.id AS a, c.id AS b")
    assert placed == {("opportunity:q-1", "city:quanzhou"), ("opportunity:q-2", "district:beijing-chaoyang")}


def _pairs(store: GraphStore, query: str) -> set[tuple[str, str]]:
    return {(row["a"], row["b"]) for row in store.read(query)}
