"""What a load writes, and what a load in parts records to undo, against the real server.

What the graph holds after a load must be exactly what the batch says: every relationship
between the two ids the batch names, with its properties, on the bundled data and on a
synthetic ecosystem, in one transaction and in parts. A load in parts does not record the
relationships of the nodes it creates (undoing the node takes them), so an interrupted load
whose relationships join nodes that were there before, or nodes it created, must still be
undone whole.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph.store import GraphStore
from ingest import synthetic
from ingest.batch import GraphBatch
from ingest.pipeline import ingest, read_inputs
from queries.stats import stats
from tests.conftest import CURATED, LOAD_RECORDS, TEMPLATES, Interrupted

ALL_RELS = "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS p"


@pytest.fixture(scope="module")
def eco_s(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return synthetic.write(tmp_path_factory.mktemp("eco-elements"), "S", seed=5)


def expected(batch: GraphBatch) -> set[tuple[str, str, str]]:
    return {(rel.value, start, end) for rel, edges in batch.rels.items() for start, end in edges}


def in_graph(store: GraphStore) -> list[tuple[str, str, str]]:
    return sorted((r["type"], r["start"], r["end"]) for r in store.read(ALL_RELS))


def props_in_graph(store: GraphStore) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(r["type"], r["start"], r["end"]): r["p"] for r in store.read(ALL_RELS)}


@pytest.mark.parametrize(
    ("data", "commit_rows"),
    [("bundled", 100_000), ("bundled", 300), ("synthetic", 100_000), ("synthetic", 700)],
)
def test_the_relationships_written_are_exactly_the_batchs_between_the_named_ids(
    store: GraphStore, eco_s: list[Path], data: str, commit_rows: int
) -> None:
    files = [CURATED, *TEMPLATES.glob("*.csv")] if data == "bundled" else eco_s
    batch = read_inputs(store, files)
    summary = ingest(store, files, batch_size=250, commit_rows=commit_rows)
    rels = in_graph(store)
    assert len(rels) == len(set(rels)) == batch.rel_count()  # no duplicate, none missing
    assert set(rels) == expected(batch)
    assert summary.total("relationships").created == batch.rel_count()
    kept = props_in_graph(store)
    for rel, edges in batch.rels.items():
        for (start, end), edge in edges.items():
            assert kept[(rel.value, start, end)]["sources"] == list(edge.sources)
            for key, value in edge.props.items():
                assert kept[(rel.value, start, end)].get(key) == value, (rel, start, end, key)
    assert store.read(LOAD_RECORDS) == []


def _nodes_only(dataset: Path, out: Path) -> Path:
    lines = dataset.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if json.loads(line)["section"] != "relationships"]
    out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return out


def test_an_interrupted_load_in_parts_joining_old_and_new_nodes_is_undone_whole(
    store: GraphStore, eco_s: list[Path], tmp_path: Path
) -> None:
    dataset = next(p for p in eco_s if p.suffix == ".jsonl")
    # The nodes first, under the same file name: the full file then adds relationships between
    # nodes that were there before (recorded), and the lists add nodes with their relationships
    # (not recorded: undoing the node takes them).
    ingest(store, [_nodes_only(dataset, tmp_path / dataset.name)], batch_size=500)
    before, rels_before = stats(store), in_graph(store)
    batch = read_inputs(store, eco_s)
    sent: list[int] = []

    def stop_late(rows: int) -> None:
        sent.append(rows)
        if sum(sent) > 0.9 * (batch.rel_count() + batch.node_count() - before.nodes):
            raise Interrupted

    with pytest.raises(Interrupted):
        ingest(store, eco_s, batch_size=200, commit_rows=600, progress=stop_late)
    assert len(sent) > 10  # many parts had committed
    assert stats(store) == before
    assert in_graph(store) == rels_before
    assert store.read(LOAD_RECORDS) == []
    done = ingest(store, eco_s, batch_size=200, commit_rows=600)
    assert set(in_graph(store)) == expected(batch)
    assert done.total("relationships").created == batch.rel_count() - len(rels_before)
