"""Crash safety: a load killed half-way, by SIGKILL of the database server or of the loader, leaves
whole loads only (here, since the kill comes before the commit: nothing of it, never a part), and
running the same load again ends with exactly the counts of an uninterrupted load.

The load is the synthetic ecosystem of size M (about 10,700 nodes and 34,700 relationships, some
6 s of writing on two cores) run by a child process that prints how many rows its open
transaction has sent so far; the kill comes once a fifth of the rows are in. With commits of
2,000 rows (a load in parts) the kill comes after several parts committed: whichever process
is killed, the parts stay until the next command's `recover` undoes them. These tests run their
own embedded server in a temporary folder, so the session's graph is not touched.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import embedded, loads
from graph.settings import REPO_ROOT, Settings
from graph.store import GraphStore, open_store
from ingest import synthetic
from ingest.pipeline import ingest, read_inputs
from model import cache
from queries.stats import stats

pytestmark = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="kills the embedded server")

KILL_AT = 0.2  # share of the load's rows written in the open transaction when the kill comes
LOADER = """
import sys
from pathlib import Path

from graph.settings import get_settings
from graph.store import open_store
from ingest.pipeline import ingest

sent = 0


def progress(rows: int) -> None:
    global sent
    sent += rows
    print(sent, flush=True)


settings = get_settings()
with open_store(settings) as store:
    ingest(
        store,
        [Path(p) for p in sys.argv[1:]],
        batch_size=1000,
        progress=progress,
        commit_rows=settings.commit_rows,
    )
print("committed", flush=True)
"""
Counts = tuple[dict[str, int], dict[str, int]]


class Ecosystem:
    def __init__(self, files: list[Path], expected: Counts, rows: int) -> None:
        self.files = files
        self.expected = expected  # labels and relationship types of an uninterrupted load
        self.rows = rows


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    settings = Settings(SCENEKG_DATA_DIR=tmp_path_factory.mktemp("crash-data"))
    embedded.ensure_running(settings)
    yield settings
    embedded.stop(settings)


@pytest.fixture(scope="module")
def ecosystem(server: Settings, tmp_path_factory: pytest.TempPathFactory) -> Ecosystem:
    files = synthetic.write(tmp_path_factory.mktemp("eco-m"), "M", seed=7)
    with open_store(server) as store:
        batch = read_inputs(store, files)  # the graph is empty: the batch is the whole load
    expected = (
        {label.value: len(rows) for label, rows in batch.nodes.items() if rows},
        {rel.value: len(edges) for rel, edges in batch.rels.items() if edges},
    )
    return Ecosystem(files, expected, batch.node_count() + batch.rel_count())


def counts(store: GraphStore) -> Counts:
    now = stats(store)
    return now.labels, now.relationship_types


def empty_graph(settings: Settings) -> None:
    with open_store(settings) as store:
        store.write("MATCH (n) DETACH DELETE n")
        cache.forget(store)
        assert counts(store) == ({}, {})


def start_loader(
    settings: Settings, files: list[Path], log: Path, commit_rows: int | None = None
) -> subprocess.Popen[str]:
    env = {**os.environ, "SCENEKG_DATA_DIR": str(settings.data_dir), "PYTHONPATH": str(REPO_ROOT)}
    if commit_rows is not None:
        env["SCENEKG_COMMIT_ROWS"] = str(commit_rows)
    with open(log, "w", encoding="utf-8") as errors:
        return subprocess.Popen(
            [sys.executable, "-c", LOADER, *map(str, files)],
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            env=env,
            cwd=REPO_ROOT,
        )


def wait_until_sent(loader: subprocess.Popen[str], rows: int, log: Path, timeout: float = 120) -> int:
    """Block until the loader's open transaction has sent at least `rows` rows; return how many."""
    assert loader.stdout is not None
    watch = selectors.DefaultSelector()
    watch.register(loader.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not watch.select(timeout=deadline - time.monotonic()):
            break
        line = loader.stdout.readline().strip()
        if not line or line == "committed":
            pytest.fail(f"the loader ended before the kill ({line!r}): {log.read_text()}")
        if int(line) >= rows:
            return int(line)
    loader.kill()
    pytest.fail(f"the loader did not reach {rows} rows in {timeout} s: {log.read_text()}")


def kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)  # our child (the fixture started it): reap it


def nothing_of_it(found: Counts) -> None:
    """The kill came before the loader had sent its last row, so before any commit: whole loads
    only means none of this one."""
    assert found == ({}, {}), f"part of a load that never committed is visible: {found}"


def load_again_gives_the_uninterrupted_counts(settings: Settings, eco: Ecosystem) -> None:
    with open_store(settings) as store:
        summary = ingest(store, eco.files, batch_size=5000)
        assert counts(store) == eco.expected
    assert summary.total("nodes").rows + summary.total("relationships").rows == eco.rows


def loader_part_way(
    server: Settings, ecosystem: Ecosystem, tmp_path: Path, commit_rows: int | None = None
) -> subprocess.Popen[str]:
    """An empty graph, and a loader child that has sent part, not all, of the ecosystem."""
    empty_graph(server)
    log = tmp_path / "loader.log"
    loader = start_loader(server, ecosystem.files, log, commit_rows)
    sent = wait_until_sent(loader, int(ecosystem.rows * KILL_AT), log)
    assert sent < ecosystem.rows
    return loader


def test_server_killed_mid_load_keeps_whole_loads_and_the_rerun_completes(
    server: Settings, ecosystem: Ecosystem, tmp_path: Path
) -> None:
    loader = loader_part_way(server, ecosystem, tmp_path)
    state = embedded.status(server).server
    assert state is not None
    kill(state.pid)
    assert loader.wait(timeout=60) != 0  # the loader saw its server die, and says so
    assert embedded.status(server).state == "stale"

    restarted = embedded.ensure_running(server)  # clears the stale state, recovers the database
    assert restarted.pid != state.pid
    with open_store(server) as store:
        nothing_of_it(counts(store))
    load_again_gives_the_uninterrupted_counts(server, ecosystem)


def test_loader_killed_mid_load_keeps_whole_loads_and_the_rerun_completes(
    server: Settings, ecosystem: Ecosystem, tmp_path: Path
) -> None:
    loader = loader_part_way(server, ecosystem, tmp_path)
    loader.kill()
    assert loader.wait(timeout=30) == -signal.SIGKILL

    with open_store(server) as store:
        nothing_of_it(counts(store))
    load_again_gives_the_uninterrupted_counts(server, ecosystem)


def test_loader_killed_mid_load_in_parts_is_undone_by_the_next_command(
    server: Settings, ecosystem: Ecosystem, tmp_path: Path
) -> None:
    """Commits of 2,000 rows: when the kill comes, several parts are committed. Until something
    opens the graph again they are there, and the graph says a load is in progress; the next
    command's `recover` (or the next load) takes them out, and the rerun completes."""
    loader = loader_part_way(server, ecosystem, tmp_path, commit_rows=2000)
    loader.kill()
    assert loader.wait(timeout=30) == -signal.SIGKILL

    with open_store(server) as store:
        assert sum(counts(store)[0].values()) > 0  # committed parts of the killed load
        assert "in parts, not yet committed" in (loads.in_progress(store) or "")
        assert loads.recover(store) != []
        nothing_of_it(counts(store))
        assert loads.in_progress(store) is None
        assert store.read("MATCH (m:SceneKGMeta) WHERE m.kind IS NOT NULL RETURN m.id AS id") == []
    load_again_gives_the_uninterrupted_counts(server, ecosystem)


def test_server_killed_mid_load_in_parts_keeps_its_parts_until_the_next_command_undoes_them(
    server: Settings, ecosystem: Ecosystem, tmp_path: Path
) -> None:
    """Commits of 2,000 rows, then SIGKILL of the server: the loader cannot undo its parts (it
    has no server), so the restarted server holds them, and says a load is unfinished, until
    the next command's `recover` takes them out; then the rerun completes."""
    loader = loader_part_way(server, ecosystem, tmp_path, commit_rows=2000)
    state = embedded.status(server).server
    assert state is not None
    kill(state.pid)
    assert loader.wait(timeout=120) != 0

    embedded.ensure_running(server)
    with open_store(server) as store:
        assert sum(counts(store)[0].values()) > 0  # the parts committed before the kill
        assert "in parts, not yet committed" in (loads.in_progress(store) or "")
        assert loads.recover(store) != []
        nothing_of_it(counts(store))
        assert store.read("MATCH (m:SceneKGMeta) WHERE m.kind IS NOT NULL RETURN m.id AS id") == []
    load_again_gives_the_uninterrupted_counts(server, ecosystem)
