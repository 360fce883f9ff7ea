"""Availability (issue 15, findings 8 and 9) against an embedded server of this module's own,
started with a 2 s statement limit so that a runaway query is stopped within the test.

Each test reproduces an attack of the issue: runaway queries that would hold the server's four
query slots, a restart on a new port under a running API, a stop with clients connected, the
data folder deleted under a running server.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import ApiSettings
from graph import embedded
from graph.errors import QueryTimeout, ServerStartError
from graph.settings import Settings
from graph.store import open_store
from queries import paths as paths_query

pytestmark = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="embedded server only")

KEY = "availability-key-0123456789"
# 1,500 nodes: a three-way cartesian product is 3.4 billion rows, minutes of work unbounded.
RUNAWAY = "MATCH (a:Filler), (b:Filler), (c:Filler) WHERE a.n + b.n + c.n < 0 RETURN count(*) AS n"


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    settings = Settings(SCENEKG_DATA_DIR=tmp_path_factory.mktemp("availability"), SCENEKG_QUERY_TIMEOUT=2)
    try:
        _fill(settings)
        yield settings
    finally:
        embedded.stop(settings)


@pytest.fixture
def running(own: Settings) -> Settings:
    embedded.ensure_running(own)
    return own


def _pid(settings: Settings) -> int:
    state = embedded.status(settings).server
    assert state is not None
    return state.pid


def test_a_runaway_query_is_stopped_at_the_server_time_limit(running: Settings) -> None:
    with open_store(running) as store, pytest.raises(QueryTimeout, match="time limit"):
        store.read(RUNAWAY)


def test_runaway_cypher_requests_leave_health_and_other_clients_answering(running: Settings) -> None:
    """Four runaway /cypher requests at once: two run (until the server stops them), the others
    are refused when no slot frees within a second, and /health and /stats answer meanwhile."""
    app = create_app(running, ApiSettings(SCENEKG_API_KEY=KEY))
    with TestClient(app, headers={"X-API-Key": KEY}) as client:
        answers: list[int] = []
        started = threading.Barrier(5)

        def runaway() -> None:
            started.wait()
            answers.append(client.post("/cypher", json={"query": RUNAWAY}).status_code)

        threads = [threading.Thread(target=runaway) for _ in range(4)]
        for thread in threads:
            thread.start()
        started.wait()
        health = client.get("/health")
        counts = client.get("/stats")
        for thread in threads:
            thread.join()
    assert health.status_code == 200, health.json()
    assert counts.status_code == 200, counts.json()
    # Each is stopped at the time limit (400) or finds both slots taken for a second (503).
    assert set(answers) <= {400, 503} and 503 in answers, answers


def test_an_oversized_query_is_refused_before_it_reaches_the_server(running: Settings) -> None:
    """Three 50 KB patterns ran the server out of memory while parsing, before any time limit."""
    huge = "MATCH (a)" + "-->()" * 10_000 + " RETURN count(*) AS n"
    app = create_app(running, ApiSettings(SCENEKG_API_KEY=KEY))
    with TestClient(app, headers={"X-API-Key": KEY}) as client:
        refused = client.post("/cypher", json={"query": huge})
        assert refused.status_code == 422
        assert "at most 8000 characters" in refused.text
        assert client.get("/health").status_code == 200


def test_the_api_follows_the_server_to_its_new_port_after_a_restart(running: Settings) -> None:
    app = create_app(running)
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        old = embedded.status(running).server
        assert old is not None
        os.kill(old.pid, signal.SIGKILL)
        psutil.Process(old.pid).wait(timeout=30)
        down = client.get("/health")
        assert down.status_code == 503 and down.json()["status"] == "unavailable"
        new = embedded.ensure_running(running)  # as `scenekg db start` would
        assert new.bolt_port != old.bolt_port
        # The first probe may spend its second connecting to the fresh JVM; the old driver never
        # answered again, whatever the number of tries.
        back = [client.get("/health").status_code for _ in range(10)]
        assert 200 in back, back
        assert client.get("/stats").status_code == 200


def test_stop_with_clients_connected_ends_the_server_cleanly(running: Settings) -> None:
    """The JVM waited for connected clients to hang up after the server had stopped (63 s with
    an API connected, then SIGKILL); now the process exits by itself with status 0."""
    with open_store(running) as store:
        assert store.ping()
        pid = _pid(running)
        os.kill(pid, signal.SIGTERM)
        assert psutil.Process(pid).wait(timeout=30) == 0
    assert embedded.status(running).state == "stale"


def test_a_deleted_data_folder_does_not_start_a_second_server(running: Settings) -> None:
    first = _pid(running)
    shutil.rmtree(running.data_dir)
    with pytest.raises(ServerStartError, match=f"pid {first}"):
        embedded.ensure_running(running)
    status = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "db", "status"],
        env={**os.environ, "SCENEKG_DATA_DIR": str(running.data_dir), "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert f"a server (pid {first}) runs on this data folder without its state file" in status.stdout
    assert embedded.stop(running)
    assert not psutil.pid_exists(first) or psutil.Process(first).status() == psutil.STATUS_ZOMBIE
    second = embedded.ensure_running(running)  # the folder is free again: a fresh, empty server
    assert second.pid != first
    with open_store(running) as store:
        assert store.read("MATCH (n:Filler) RETURN count(n) AS c") == [{"c": 0}]
    _fill(running)


def _fill(settings: Settings) -> None:
    """1,500 nodes in statements of 100: each must end well within the 2 s limit, even on a fresh
    JVM on a busy machine."""
    with open_store(settings) as store:
        for first in range(1, 1501, 100):
            store.write("UNWIND range($first, $first + 99) AS n CREATE (:Filler {n: n})", {"first": first})


HUBS = """
CREATE (a:City {id: 'city:hub-a', name_zh: '甲市', name_en: 'Hub A', sources: []}),
       (b:City {id: 'city:hub-b', name_zh: '乙市', name_en: 'Hub B', sources: []}),
       (a)-[:COLLABORATES_WITH {sources: []}]->(b)
WITH a, b
UNWIND range(1, 100) AS n
CREATE (e:Enterprise {id: 'enterprise:e' + toString(n), name_zh: '企业' + toString(n),
                      name_en: 'Firm ' + toString(n), sources: []})
CREATE (e)-[:LOCATED_IN {sources: []}]->(a), (e)-[:LOCATED_IN {sources: []}]->(b)
"""


def test_paths_between_hubs_say_when_the_search_was_cut(
    running: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hundred two-hop alternatives between two hubs: a search that looks at fewer than all of
    them answers with what it found and says it was cut (between real hubs there are millions,
    and the search ran for minutes)."""
    with open_store(running) as store:
        store.write(HUBS)
        whole = paths_query.paths(store, "city:hub-a", "city:hub-b", k=3)
        assert [p.length for p in whole.paths] == [1, 2, 2] and not whole.cut
        monkeypatch.setattr(paths_query, "SCAN", 10)
        cut = paths_query.paths(store, "city:hub-a", "city:hub-b", k=3)
        assert [p.length for p in cut.paths] == [1, 2, 2] and cut.cut
        store.write("MATCH (n) WHERE n:City OR n:Enterprise DETACH DELETE n")


def test_the_lock_outlives_the_state_file(running: Settings, tmp_path: Path) -> None:
    """The lock is keyed on the folder's path and lives outside it, so deleting the folder
    cannot hide the running server."""
    from graph import server_lock

    lock = server_lock.lock_path(running.data_dir)
    assert not lock.is_relative_to(running.data_dir)
    assert server_lock.holder(running.data_dir) == _pid(running)
    assert server_lock.holder(tmp_path) is None
