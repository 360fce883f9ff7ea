"""Several articles into one candidate file (`scenekg extract DIR --out FILE`): the walk, one
Source per article, an entity named in several articles merged with all its citations, and the
merged file accepted by `scenekg ingest` and the workbench. Sentences are our own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.workbench import parse_candidates
from extract import store_describer
from extract.batch import article_paths, merge, source_ids
from graph.errors import InputError, NotFound
from graph.settings import REPO_ROOT
from graph.store import GraphStore
from ingest.pipeline import ingest
from queries.lookup import lookup
from tests.conftest import CURATED
from tests.test_extract import document, gazetteer

FIRM = "岚泽智能科技有限公司"
FIRST = f"河西市消息\n\n{FIRM}发布12个应用场景。\n"
SECOND = f"江城市动态\n\n{FIRM}加入江城市人工智能产业联盟。\n"


def _articles(folder: Path) -> Path:
    (folder / "news" / "later").mkdir(parents=True)
    (folder / "news" / "one.txt").write_text(FIRST, encoding="utf-8")
    (folder / "news" / "later" / "two.md").write_text(SECOND, encoding="utf-8")
    (folder / "news" / ".draft.txt").write_text("草稿", encoding="utf-8")
    (folder / "news" / "notes.json").write_text("{}", encoding="utf-8")
    return folder / "news"


def _rows(doc: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        row
        for section, rows in doc.items()
        if section not in ("candidates_of", "sources", "relationships") and isinstance(rows, list)
        for row in rows
    ]


def test_a_folder_is_walked_for_articles_and_hidden_files_are_left_out(tmp_path: Path) -> None:
    folder = _articles(tmp_path)
    other = tmp_path / "elsewhere" / "one.htm"
    other.parent.mkdir()
    other.write_text("<p>x</p>", encoding="utf-8")
    paths = article_paths([folder, folder / "one.txt", other])
    assert [p.relative_to(tmp_path).as_posix() for p in paths] == [
        "news/later/two.md",
        "news/one.txt",
        "elsewhere/one.htm",
    ]
    # one Source each; two files of one name are told apart by their folder
    assert source_ids(paths) == ["source:two", "source:news-one", "source:elsewhere-one"]
    with pytest.raises(InputError, match="no such file or folder"):
        article_paths([tmp_path / "missing"])


def test_an_entity_named_in_two_articles_is_one_candidate_citing_both() -> None:
    known = gazetteer({"city:hexi": ["河西市", "Hexi", "河西"], "city:jiangcheng": ["江城市", "Jiangcheng"]})
    first, second = document(FIRST, known), document(SECOND, known)
    second["candidates_of"] = second["sources"][0]["id"] = "source:second"
    second = yaml.safe_load(yaml.safe_dump(second).replace("source:test#", "source:second#"))
    merged = merge([first, second])
    assert merged["candidates_of"] == ["source:test", "source:second"]
    assert [s["id"] for s in merged["sources"]] == ["source:test", "source:second"]
    [firm] = [row for row in _rows(merged) if row.get("name_zh") == FIRM]
    assert {c.split("#")[0] for c in firm["sources"]} == {"source:test", "source:second"}
    assert firm["candidate"]["mentions"] == 2
    for row in _rows(merged):  # each figure keeps its own article's citation
        for figure in row.get("figures", []):
            assert figure["sources"][0].startswith(figure["candidate"]["source"] + "#")
    assert any(f["value"] == 12 for row in _rows(merged) for f in row.get("figures", []))
    for rel in merged.get("relationships", []):
        assert all(c.startswith(rel["candidate"]["source"] + "#") for c in rel["sources"])


def _entry(ident: str, name: str, source: str) -> dict[str, Any]:
    return {
        "id": ident,
        "name_zh": name,
        "name_en": "Qiyun",
        "sources": [f"{source}#c0-5"],
        "candidate": {"status": "new", "resolves_to": None, "confidence": 0.6, "mentions": 1},
    }


def test_one_id_for_two_names_is_not_merged_and_references_follow_the_rename() -> None:
    first = {
        "candidates_of": "source:a",
        "sources": [{"id": "source:a"}],
        "enterprises": [_entry("enterprise:qiyun", "启云", "source:a")],
    }
    second = {
        "candidates_of": "source:b",
        "sources": [{"id": "source:b"}],
        "enterprises": [_entry("enterprise:qiyun", "企云", "source:b")],
        "alliances": [_entry("alliance:x", "某联盟", "source:b")],
        "relationships": [
            {"type": "MEMBER_OF", "from": "enterprise:qiyun", "to": "alliance:x",
             "sources": ["source:b#c0-5"], "candidate": {"confidence": 0.7}},
        ],
    }  # fmt: skip
    merged = merge([first, second])
    assert [(r["id"], r["name_zh"]) for r in merged["enterprises"]] == [
        ("enterprise:qiyun", "启云"),
        ("enterprise:qiyun-2", "企云"),
    ]
    [rel] = merged["relationships"]
    assert (rel["from"], rel["to"]) == ("enterprise:qiyun-2", "alliance:x")


def test_extract_folder_writes_one_file_that_ingest_and_the_workbench_accept(
    store: GraphStore, tmp_path: Path
) -> None:
    ingest(store, [CURATED], batch_size=500)
    folder = _articles(tmp_path)
    out = tmp_path / "all.candidates.yaml"
    code = "from api.cli import main; main()"
    result = subprocess.run(
        [sys.executable, "-c", code, "extract", str(folder), "--out", str(out)],
        capture_output=True, text=True, env=dict(os.environ), cwd=REPO_ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "2 articles" in result.stderr
    text = out.read_text(encoding="utf-8")
    opened = parse_candidates(out.name, text)
    assert opened["candidates_of"] == ["source:two", "source:one"]
    ingest(store, [out], batch_size=500)
    [firm] = [row for row in _rows(opened) if row.get("name_zh") == FIRM]
    cited = {s.source for s in lookup(store, firm["id"]).sources}
    assert cited == {"source:one", "source:two"}


def test_the_describer_reads_known_entities_at_once_and_refuses_an_unknown_one(
    loaded: GraphStore,
) -> None:
    describe = store_describer(loaded)
    describe.many(["city:hefei", "tech:robotics", "city:no-such-city"])
    first = describe("city:hefei")
    assert first is not None and first["name_zh"] == "合肥市"
    assert describe("tech:robotics") == describe("tech:robotics")
    first["name_zh"] = "changed by a caller"
    assert describe("city:hefei")["name_zh"] == "合肥市"  # type: ignore[index]
    with pytest.raises(NotFound):
        describe("city:no-such-city")
