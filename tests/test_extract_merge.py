"""An article unknown to the dataset through extract, review and merge, then queried, on the
real embedded server; `--accept-above` and unresolved ambiguity at merge time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from typer.testing import CliRunner

from api import cli_extract
from extract import dump, extract_file, store_describer, store_gazetteer
from graph.errors import InputErrors
from graph.store import GraphStore
from ingest.pipeline import ingest
from queries.lookup import lookup
from queries.profile import profile
from tests.conftest import CURATED

ARTICLE = Path(__file__).parent / "data" / "articles" / "wuhan-low-altitude.txt"
SOURCE = "source:wuhan-low-altitude"


def candidates(store: GraphStore) -> dict[str, Any]:
    ingest(store, [CURATED], batch_size=500)
    return extract_file(ARTICLE, store_gazetteer(store), store_describer(store))


def save(document: dict[str, Any], folder: Path) -> Path:
    path = folder / "wuhan.candidates.yaml"
    path.write_text(dump(document), encoding="utf-8")
    return path


def entry(document: dict[str, Any], section: str, name_zh: str) -> dict[str, Any]:
    return next(row for row in document[section] if row["name_zh"] == name_zh)


def test_article_is_extracted_reviewed_merged_and_answers_with_its_source(
    store: GraphStore, tmp_path: Path
) -> None:
    document = candidates(store)
    assert document["candidates_of"] == SOURCE
    hefei = entry(document, "cities", "合肥市")
    assert hefei["candidate"]["status"] == "existing" and hefei["id"] == "city:hefei"
    alliance = entry(document, "alliances", "低空经济场景联盟")
    assert alliance["candidate"]["status"] == "new"
    # review: name the alliance in English, drop a relationship the reviewer doubts
    alliance["name_en"] = "Low-altitude Economy Scenario Alliance"
    document["relationships"] = [r for r in document["relationships"] if r["type"] != "LOCATED_IN"]
    path = save(document, tmp_path)
    first = ingest(store, [path], batch_size=500)
    assert first.nodes["Alliance"].created == 1
    shown = profile(store, "Low-altitude Economy Scenario Alliance")
    assert {s.source for s in shown.entity.sources} == {SOURCE}
    assert shown.entity.sources[0].title == "武汉牵头组建低空经济场景联盟"
    assert [(f.value, f.unit) for f in shown.figures] == [(12, "city")]
    members = {
        n.entity.id for g in shown.neighbours for n in g.items if any(t.type == "MEMBER_OF" for t in n.ties)
    }
    assert "city:wuhan" in members and "city:hangzhou" in members
    citations = [s.citation for s in lookup(store, "city:hefei").sources]
    assert any(c.startswith(SOURCE + "#c") for c in citations) and "source:004#p9" in citations
    assert lookup(store, "city:hefei").name_zh == "合肥市"
    again = ingest(store, [path], batch_size=500)
    assert again.total("nodes").created == again.total("nodes").updated == 0
    assert again.total("relationships").created == again.total("relationships").updated == 0


def test_accept_above_merges_only_confident_entries(store: GraphStore, tmp_path: Path) -> None:
    path = save(candidates(store), tmp_path)
    summary = ingest(store, [path], batch_size=500, accept_above=0.9)
    assert "Alliance" not in summary.nodes  # new names found by their form are 0.6
    assert any(s.source == SOURCE for s in lookup(store, "city:hefei").sources)
    with pytest.raises(Exception, match="no entity matches"):
        lookup(store, "低空经济场景联盟")


def test_unresolved_ambiguous_entry_is_refused_and_nothing_written(store: GraphStore, tmp_path: Path) -> None:
    document = candidates(store)
    drones = entry(document, "technologies", "无人机")
    drones["candidate"].update(status="ambiguous", resolves_to=["tech:robotics", "tech:evtol"])
    path = save(document, tmp_path)
    with pytest.raises(InputErrors, match="ambiguous: it may be any of tech:robotics, tech:evtol"):
        ingest(store, [path], batch_size=500)
    with pytest.raises(Exception, match="no entity matches"):
        lookup(store, "低空经济场景联盟")
    drones["candidate"].update(status="existing", resolves_to="tech:robotics")
    ingest(store, [save(document, tmp_path)], batch_size=500)
    assert lookup(store, "tech:robotics").name_zh == "机器人"
    assert any(s.source == SOURCE for s in lookup(store, "tech:robotics").sources)


def test_extract_command_writes_a_candidate_file(store: GraphStore, tmp_path: Path) -> None:
    ingest(store, [CURATED], batch_size=500)
    app = typer.Typer()
    cli_extract.register(app)
    app.command("noop")(lambda: None)  # a second command keeps `extract` a subcommand
    out = tmp_path / "out.candidates.yaml"
    result = CliRunner().invoke(app, ["extract", str(ARTICLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert written["candidates_of"] == SOURCE
    assert written["sources"][0]["published"] == "2026-03-02"
