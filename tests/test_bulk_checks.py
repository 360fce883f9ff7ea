"""The bulk load's shortcuts give exactly what the row-by-row path gave: a JSON Lines line parsed
without `json.loads`'s wrapper, and `check_batch` / `referenced_ids` passing plainly valid rows
without a call each. Each is held to the row-by-row form on the bundled dataset and on a
synthetic ecosystem, valid and with faults of every kind the checks report."""

from __future__ import annotations

import json
from collections.abc import Mapping
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import InputError, Location
from graph.schema import Label, RelType
from ingest import check, jsonl_dataset, synthetic
from ingest.batch import GraphBatch, RelRow
from ingest.check import check_batch
from ingest.jsonl_dataset import read_jsonl_file
from ingest.writer import referenced_ids
from ingest.yaml_dataset import read_dataset_file
from model.citations import source_of

CURATED = Path(__file__).resolve().parents[1] / "data" / "curated"
QUICK = settings(max_examples=400, deadline=None, derandomize=True, database=None)

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
)
slips = st.sampled_from(["", " ", "\t", "\ufeff", ",", "]", "}", "x", "1e400", "NaN", '"\\ud800"', "\n"])


@st.composite
def lines(draw: st.DrawFn) -> str:
    """A JSON value as a line, now and then with something before, after or cut off."""
    text = json.dumps(draw(values), ensure_ascii=draw(st.booleans()))
    choice = draw(st.integers(0, 4))
    if choice == 1:
        text = draw(slips) + text
    elif choice == 2:
        text += draw(slips)
    elif choice == 3:
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _outcome(parse: Any, line: str) -> tuple[str, str]:
    try:
        return "value", repr(parse(line))  # repr: NaN equals NaN
    except (ValueError, RecursionError) as exc:
        return type(exc).__name__, str(exc)


@QUICK
@given(lines())
def test_a_line_parses_to_what_json_loads_gives_or_fails_the_same(line: str) -> None:
    assert _outcome(jsonl_dataset._parse, line) == _outcome(json.loads, line)


def test_json_nested_too_deeply_is_refused_the_same() -> None:
    line = "[" * 100_000 + "]" * 100_000
    assert _outcome(jsonl_dataset._parse, line) == _outcome(json.loads, line)


@pytest.fixture(scope="module")
def synthetic_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = synthetic.write(tmp_path_factory.mktemp("eco"), "S", seed=7)
    return next(f for f in files if f.suffix == ".jsonl")


def test_a_synthetic_file_reads_as_with_json_loads(
    synthetic_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = read_jsonl_file(synthetic_file)
    monkeypatch.setattr(jsonl_dataset, "_parse", json.loads)
    assert read_jsonl_file(synthetic_file) == fast
    assert fast.rel_count() > 1000


def _row_by_row(
    batch: GraphBatch, known: Mapping[str, Label], broader: list[tuple[str, str]]
) -> list[InputError]:
    """`check_batch` as it was: every row through the checks that word the errors."""
    ids = {**known, **batch.node_ids()}
    paraphrased = check._paraphrased(batch)
    errors: list[InputError] = []
    for rows in batch.nodes.values():
        for row in rows.values():
            errors.extend(check._check_citations(row.sources, row.where, ids, paraphrased))
    for rel, edges in batch.rels.items():
        for edge in edges.values():
            errors.extend(check._check_edge(rel, edge.start, edge.end, edge.where, ids))
            errors.extend(check._check_citations(edge.sources, edge.where, ids, paraphrased))
    return errors + check._check_broader_cycles(batch, broader)


def _referenced_row_by_row(batch: GraphBatch) -> set[str]:
    own = batch.node_ids()
    wanted = {ident for edges in batch.rels.values() for key in edges for ident in key}
    rows = chain(
        (r.sources for rs in batch.nodes.values() for r in rs.values()),
        (e.sources for es in batch.rels.values() for e in es.values()),
    )
    wanted |= {source_of(c) for c in chain.from_iterable(rows)}
    return {ident for ident in wanted if ident not in own}


def _curated() -> GraphBatch:
    batch = GraphBatch()
    for path in sorted(CURATED.glob("*.yaml")):
        batch.extend(read_dataset_file(path))
    return batch


def _with_faults(batch: GraphBatch) -> GraphBatch:
    """Relationships and citations with every fault the checks name, spread through the batch."""
    some = [ident for rows in batch.nodes.values() for ident in list(rows)[:3]]
    source = next(iter(batch.nodes[Label.SOURCE]))
    paraphrasing = next(iter(check._paraphrased(batch)), source)
    where = Location("faults.jsonl", 1)
    faults = [
        (RelType.LOCATED_IN, some[0], "city:nowhere", [f"{source}#r1"]),
        (RelType.LOCATED_IN, "enterprise:ghost", "city:nowhere", [f"{source}#r1"]),
        (RelType.COLLABORATES_WITH, some[1], some[1], [f"{source}#r1"]),
        (RelType.BROADER, some[0], some[-1], [f"{source}#r1"]),
        (RelType.APPLIES, some[2], some[-2], ["source:unknown#p1", f"{source}#r2"]),
        (RelType.APPLIES, some[2], some[-3], [f"{some[0]}#p1"]),
        (RelType.APPLIES, some[3], some[-3], [f"{paraphrasing}#nosuchlocator", f"{paraphrasing}#document"]),
    ]
    for number, (rel, start, end, sources) in enumerate(faults, start=2):
        batch.rels[rel][(start, end)] = RelRow(start, end, {}, sources, Location(where.file, number))
    row = next(iter(batch.nodes[Label.TECHNOLOGY].values()))
    row.sources = [*row.sources, "source:unknown#p2"]
    return batch


def _texts(errors: list[InputError]) -> list[str]:
    return [f"{e.location}: {e.message}" for e in errors]


@pytest.mark.parametrize("faulty", [False, True])
def test_checks_and_references_are_those_of_the_row_by_row_path(synthetic_file: Path, faulty: bool) -> None:
    for batch in (_curated(), read_jsonl_file(synthetic_file)):
        batch = _with_faults(batch) if faulty else batch
        tech = sorted(batch.nodes[Label.TECHNOLOGY])
        for known in ({}, {"source:elsewhere": Label.SOURCE, "city:nowhere": Label.CITY}):
            broader = [(tech[0], tech[1]), (tech[1], tech[0])] if faulty else []
            expected = _texts(_row_by_row(batch, known, broader))
            assert _texts(check_batch(batch, known, broader)) == expected
            assert bool(expected) == faulty
        assert referenced_ids(batch) == _referenced_row_by_row(batch)


def test_the_faults_are_all_reported(synthetic_file: Path) -> None:
    """The fault list above reaches every check (so the comparison compares something)."""
    text = "\n".join(_texts(check_batch(_with_faults(_curated()), {})))
    for words in ("unknown entity", "to itself", "cannot join", "not a known source", "no paraphrase"):
        assert words in text


def test_a_file_read_into_an_empty_batch_is_taken_whole_and_meets_the_next(synthetic_file: Path) -> None:
    read = read_jsonl_file(synthetic_file)
    batch = GraphBatch()
    assert batch.extend(read) == []
    assert (batch.nodes, batch.rels) == (read.nodes, read.rels)
    again = read_jsonl_file(synthetic_file)
    next(iter(again.nodes[Label.TECHNOLOGY].values())).props["name_en"] = "changed"
    conflicts = batch.extend(again)  # row by row now: the one changed node conflicts
    assert [message.split(" is defined")[0] for _, message in conflicts] == [
        f"id {next(iter(again.nodes[Label.TECHNOLOGY]))}"
    ]
