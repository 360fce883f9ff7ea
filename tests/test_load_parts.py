"""Loads one after another, and loads too large for one transaction, against the real server.

Two `scenekg ingest` processes started together both succeed, the second waiting for the first
on the data folder's lock; a load committed in parts ends exactly like the same load in one
transaction and leaves no record behind; a load in parts interrupted half-way is undone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import loads
from graph.settings import REPO_ROOT, Settings
from graph.store import GraphStore
from ingest import synthetic
from ingest.pipeline import ingest, read_inputs
from queries.stats import Stats, stats
from tests.conftest import CURATED, LOAD_RECORDS, TEMPLATES, Interrupted

CLI = "from api.cli import main; main()"


@pytest.fixture(scope="module")
def eco_s(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return synthetic.write(tmp_path_factory.mktemp("eco-s"), "S", seed=11)


def shape(result: Stats) -> tuple[dict[str, int], dict[str, int]]:
    return result.labels, result.relationship_types


def test_two_loads_started_together_both_succeed(store: GraphStore, settings: Settings) -> None:
    if not settings.embedded:
        pytest.skip("the lock is the embedded server's data folder")
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    templates = [str(p) for p in sorted(TEMPLATES.glob("*.csv"))]
    assert store.lock_dir is not None
    with loads.exclusive(store.lock_dir) as me:  # both start while a load holds the lock
        children = [
            subprocess.Popen(
                [sys.executable, "-c", CLI, "ingest", *files],
                env=env,
                cwd=REPO_ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for files in ([str(CURATED)], [str(CURATED), *templates])
        ]
        assert loads.holder(store.lock_dir) == me
        # each says whose load it waits for before it writes anything
        first_lines = [child.stderr.readline() for child in children if child.stderr is not None]
    assert all(f"waiting for a load by pid {me.pid}" in line for line in first_lines), first_lines
    answers = [child.communicate(timeout=300) for child in children]
    for child, (_, err) in zip(children, answers, strict=True):
        assert child.returncode == 0, err
        assert "retry" not in err.lower()
    both = shape(stats(store))
    store.write("MATCH (n) DETACH DELETE n")
    ingest(store, [CURATED, *TEMPLATES.glob("*.csv")], batch_size=500)
    assert both == shape(stats(store))  # exactly what one load of everything gives
    assert loads.holder(store.lock_dir) is None


def test_a_load_in_parts_ends_like_one_transaction_and_leaves_no_record(
    store: GraphStore, eco_s: list[Path]
) -> None:
    commits: list[int] = []
    summary = ingest(store, eco_s, batch_size=300, commit_rows=1000, progress=commits.append)
    in_parts = shape(stats(store))
    assert store.read(LOAD_RECORDS) == []
    store.write("MATCH (n) DETACH DELETE n")
    whole = ingest(store, eco_s, batch_size=300)
    assert shape(stats(store)) == in_parts
    assert summary.model_dump() == whole.model_dump()
    batch = read_inputs(store, eco_s)
    assert sum(commits) == batch.node_count() + batch.rel_count() > 5 * 1000  # several parts
    again = ingest(store, eco_s, batch_size=300, commit_rows=1000)
    assert all(again.total(part).unchanged == again.total(part).rows for part in ("nodes", "relationships"))


def test_a_load_in_parts_stopped_half_way_leaves_the_graph_as_it_was(
    store: GraphStore, eco_s: list[Path]
) -> None:
    ingest(store, [CURATED], batch_size=500)
    before = stats(store)
    sent: list[int] = []

    def stop_half_way(rows: int) -> None:
        sent.append(rows)
        if sum(sent) > 3000:
            raise Interrupted

    with pytest.raises(Interrupted):
        ingest(store, eco_s, batch_size=300, commit_rows=1000, progress=stop_half_way)
    assert stats(store) == before
    assert store.read(LOAD_RECORDS) == []
    assert loads.in_progress(store) is None
