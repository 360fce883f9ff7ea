"""The bad-input corpus in tests/bad_inputs/ (one file per case, expectations in its cases.yaml):
each file goes through the public loader into the graph base.yaml makes. A bad file is refused
with its first problem naming file, row and field, and the graph and its revision stay as they
were; an unusual but valid file (a byte-order mark, a value spanning lines) loads exactly as
written; hostile names are stored and shown as plain text by lookup, the API, the HTML view and
the command line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api import cli_queries
from api.app import create_app
from graph import revision
from graph.errors import InputError, InputErrors
from graph.store import GraphStore
from ingest.pipeline import ingest
from model import cache
from queries.lookup import lookup
from queries.models import Entity
from queries.stats import stats

CORPUS = Path(__file__).parent / "bad_inputs"
SPEC: dict[str, Any] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = SPEC["cases"]
BATCH_SIZE = 7  # small, so a load that got as far as writing would span many statements


def _files(case: dict[str, Any]) -> list[str]:
    return list(case.get("files") or [case["file"]])


def _cases(kind: str, shown: bool = False) -> list[Any]:
    chosen = [c for c in CASES if kind in c and (not shown or c[kind].get("shown"))]
    return [pytest.param(c, id="+".join(_files(c))) for c in chosen]


_seeded: dict[str, str] = {}


@pytest.fixture
def seeded(server_store: GraphStore) -> GraphStore:
    """The graph base.yaml makes, rebuilt only when a test (or another file's) changed it."""
    if _seeded.get("token") != revision.current(server_store):
        server_store.write("MATCH (n) DETACH DELETE n")
        cache.forget(server_store)
        ingest(server_store, [CORPUS / SPEC["seed"]], batch_size=100)
        _seeded["token"] = revision.current(server_store)
    return server_store


def test_every_file_in_the_corpus_is_a_case() -> None:
    named = [name for case in CASES for name in _files(case)]
    assert len(named) == len(set(named))
    assert {*named, SPEC["seed"], "cases.yaml"} == {path.name for path in CORPUS.iterdir()}
    assert all(("refused" in case) != ("loads" in case) and case["what"] for case in CASES)


@pytest.mark.parametrize("case", _cases("refused"))
def test_bad_file_is_refused_naming_file_row_and_field_and_the_graph_is_unchanged(
    seeded: GraphStore, case: dict[str, Any]
) -> None:
    before = (stats(seeded), revision.current(seeded))
    expected = case["refused"]
    with pytest.raises(InputError) as caught:
        ingest(seeded, [CORPUS / name for name in _files(case)], batch_size=BATCH_SIZE)
    problems = caught.value.errors if isinstance(caught.value, InputErrors) else [caught.value]
    first = problems[0]
    assert first.location.file == str(CORPUS / expected.get("file", _files(case)[0]))
    assert first.location.row == expected["row"]
    if "field" in expected:
        assert first.location.field == expected["field"]
    assert expected["words"] in first.message
    assert len(problems) == expected.get("problems", len(problems))
    assert (stats(seeded), revision.current(seeded)) == before


def _value(entity: Entity, key: str) -> Any:
    return getattr(entity, key) if key in Entity.model_fields else entity.properties[key]


@pytest.mark.parametrize("case", _cases("loads"))
def test_unusual_file_loads_exactly_as_written_and_reloads_unchanged(
    seeded: GraphStore, case: dict[str, Any]
) -> None:
    expected = case["loads"]
    paths = [CORPUS / name for name in _files(case)]
    summary = ingest(seeded, paths, batch_size=BATCH_SIZE)
    assert summary.total("nodes").created == expected["nodes"]
    assert summary.total("relationships").created == expected["relationships"]
    for ident, properties in expected["stored"].items():
        entity = lookup(seeded, ident)
        assert {key: _value(entity, key) for key in properties} == properties
    again = ingest(seeded, paths, batch_size=BATCH_SIZE)
    changed = [again.total(part) for part in ("nodes", "relationships")]
    assert [(t.created, t.updated) for t in changed] == [(0, 0), (0, 0)]


def _texts(properties: dict[str, Any]) -> list[str]:
    """Every text a case stores, aliases one by one."""
    return [text for value in properties.values() for text in (value if isinstance(value, list) else [value])]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.fixture
def client(seeded: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.mark.parametrize("case", _cases("loads", shown=True))
def test_hostile_names_come_back_as_plain_text_everywhere(
    seeded: GraphStore, client: TestClient, case: dict[str, Any]
) -> None:
    ingest(seeded, [CORPUS / name for name in _files(case)], batch_size=BATCH_SIZE)
    benign = client.get("/views/neighbourhood/city:hefei").text
    cli = typer.Typer()
    cli_queries.register(cli)
    for ident, properties in case["loads"]["stored"].items():
        texts = _texts(properties)
        # the graph and the lookup by name: the name finds its entity, the Cypher in it did nothing
        assert lookup(seeded, properties["name_zh"]).id == ident
        # the JSON API, by id and by name
        body = client.get(f"/entities/{ident}").json()
        assert {
            key: body[key] if key in body else body["properties"][key] for key in properties
        } == properties
        assert client.get("/lookup", params={"name": properties["name_zh"]}).json()["id"] == ident
        # the HTML view: markup only escaped, the script's data intact once parsed
        page = client.get(f"/views/neighbourhood/{ident}").text
        for text in texts:
            if re.search(r"[<>&]", text):
                assert text not in page
        data = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', page, re.S)
        assert data is not None
        shown = "\n".join(_strings(json.loads(data.group(1))))
        assert all(text in shown for text in texts)
        assert page.count("<script") == benign.count("<script")
        # the command line: no console markup, no emoji codes, no crash
        result = CliRunner().invoke(cli, ["show", ident])
        assert result.exit_code == 0, result.output
        assert all(text in result.output for text in texts)
    assert stats(seeded).labels["City"] >= 1  # nothing was deleted by a name
    assert lookup(seeded, "city:hefei").name_zh == "合肥市"
