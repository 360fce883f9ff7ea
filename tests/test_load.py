"""The real API under load on loopback: the app served by uvicorn, driven over HTTP by 32 concurrent
clients for a bounded time. Every answer is a 200 and the same answer each time, no driver
session is left holding a connection afterwards, readers keep getting whole answers while another
process commits a load, and oversized requests are refused by the server itself."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api import app as app_module
from api.deps import ApiSettings
from graph import embedded
from graph.settings import REPO_ROOT, Settings
from graph.store import GraphStore, open_store
from ingest import synthetic
from queries.stats import stats

CLIENTS = 32
SECONDS = 8.0
KEY = "load-test-key-0123456789"
# What analysts ask most, each answered from the bundled dataset (see tests/test_api.py).
READS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/entities/city:hefei", None),
    ("GET", "/entities/唐山", None),
    ("GET", "/lookup?name=合肥", None),
    ("GET", "/search?q=hefie", None),
    ("GET", "/entities/city:hefei/profile?cap=5", None),
    ("GET", "/entities/city:hefei/neighbourhood?hops=1", None),
    ("GET", "/paths?a=唐山&b=北京&types=COLLABORATES_WITH&types=PART_OF", None),
    ("GET", "/technologies/人工智能/diffusion?limit=5", None),
    ("GET", "/opportunities/EXAMPLE-OPP-002/matches", None),
    ("GET", "/stats", None),
    ("POST", "/cypher", {"query": "MATCH (c:City) RETURN c.id AS id ORDER BY id LIMIT 5"}),
]


@dataclass
class Tally:
    """What the clients saw: status codes and bodies per request, and any transport error."""

    statuses: Counter[int] = field(default_factory=Counter)
    bodies: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + len(self.errors)


def drive(
    base: str, requests: list[tuple[str, str, dict[str, Any] | None]], until: Callable[[], bool]
) -> Tally:
    """CLIENTS threads, each with its own connection, asking in turn until `until()` holds."""
    tally = Tally()
    # Built before any thread starts: an httpx client takes tens of milliseconds to set up.
    sessions = [httpx.Client(base_url=base, timeout=30, headers={"X-API-Key": KEY}) for _ in range(CLIENTS)]

    def client(offset: int) -> None:
        with sessions[offset] as session:
            turn = offset
            while not until():
                method, url, body = requests[turn % len(requests)]
                turn += 1
                try:
                    response = session.request(method, url, json=body)
                except Exception as exc:  # any failure is counted, none ends the client
                    with tally.lock:
                        tally.errors.append(f"{url}: {exc!r}")
                    continue
                with tally.lock:
                    tally.statuses[response.status_code] += 1
                    tally.bodies[url].add(response.text)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally


def for_seconds(seconds: float) -> Callable[[], bool]:
    """True once `seconds` have passed since the first time it was asked."""
    deadline: list[float] = []

    def until() -> bool:
        if not deadline:
            deadline.append(time.monotonic() + seconds)
        return time.monotonic() >= deadline[0]

    return until


@dataclass
class Api:
    base: str
    store: GraphStore  # the one the app's lifespan opened

    def pool(self) -> tuple[int, int]:
        """The app driver's Bolt connections: (open, in use). The pool is private to the driver,
        and this is the one place that has to look inside it."""
        pool = self.store._driver._pool
        addresses = list(pool.connections)
        return (
            sum(len(pool.connections[address]) for address in addresses),
            sum(pool.in_use_connection_count(address) for address in addresses),
        )


@pytest.fixture(scope="module")
def api(settings: Settings, server_store: GraphStore) -> Iterator[Api]:
    """The app served by uvicorn on a free loopback port, in a thread of this process, against the
    session's embedded server; the store its lifespan opens is kept to look at its pool."""
    opened: list[GraphStore] = []

    def open_and_keep(graph: Settings) -> GraphStore:
        store = open_store(graph)
        opened.append(store)
        return store

    patch = pytest.MonkeyPatch()
    patch.setattr(app_module, "open_store", open_and_keep)
    port = embedded.free_port()
    # 32 clients of which several ask /cypher at once: this measures the API under load, not the
    # guard that keeps /cypher and /paths to two at a time (tests/test_availability.py).
    app = app_module.create_app(settings, ApiSettings(api_key=KEY, expensive_slots=CLIENTS))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        yield Api(f"http://127.0.0.1:{port}", opened[0])
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        patch.undo()


def test_32_clients_get_only_200s_with_stable_answers_and_no_leaked_sessions(
    api: Api, loaded: GraphStore
) -> None:
    warm = drive(api.base, READS, for_seconds(1.0))
    assert warm.errors == [] and set(warm.statuses) == {200}

    tally = drive(api.base, READS, for_seconds(SECONDS))
    assert tally.errors == []
    assert dict(tally.statuses) == {200: tally.requests}
    assert tally.requests >= CLIENTS  # every client got answers, none was stuck
    # the graph did not change, so each request had one answer, the same as before the load
    assert {url: len(bodies) for url, bodies in tally.bodies.items()} == {url: 1 for _, url, _ in READS}
    assert {url: tally.bodies[url] for url in warm.bodies} == dict(warm.bodies)
    # Every session went back to the pool: none is in use once the clients are done.
    opened, in_use = api.pool()
    assert in_use == 0, f"{in_use} of {opened} Bolt connections still in use after the load"
    print(f"load: {tally.requests} requests from {CLIENTS} clients in {SECONDS:.0f} s, "
          f"errors {len(tally.errors)}, Bolt connections open {opened}, in use {in_use}")  # fmt: skip


def test_readers_see_whole_answers_while_another_process_commits_a_load(
    api: Api, loaded: GraphStore, settings: Settings, tmp_path: Path
) -> None:
    files = synthetic.write(tmp_path / "eco-s", "S", seed=3)
    before = stats(loaded)
    env = {**os.environ, "SCENEKG_DATA_DIR": str(settings.data_dir)}
    ingest = subprocess.Popen(
        [sys.executable, "-c", "from api.cli import main; main()", "ingest", "--json", *map(str, files)],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    finished: list[float] = []

    def until() -> bool:
        """Read until a second after the load committed (at most a minute)."""
        if not finished and ingest.poll() is not None:
            finished.append(time.monotonic())
        return bool(finished) and time.monotonic() > finished[0] + 1.0

    readers = [
        ("GET", "/stats", None),
        ("GET", "/entities/city:hefei", None),
        ("GET", "/paths?a=唐山&b=北京&types=COLLABORATES_WITH&types=PART_OF", None),
        ("POST", "/cypher", {"query": "MATCH (c:City {id: 'city:hefei'}) RETURN c.name_zh AS name"}),
    ]
    started = time.monotonic()
    tally = drive(api.base, readers, lambda: until() or time.monotonic() > started + 60)
    assert ingest.wait(timeout=60) == 0, ingest.stderr.read() if ingest.stderr else ""
    after = stats(loaded)
    assert after.nodes > before.nodes

    assert tally.errors == []
    assert dict(tally.statuses) == {200: tally.requests}
    seen = [json.loads(body) for body in tally.bodies["/stats"]]
    for answer in seen:  # every count between the graph before and after the load
        for counted, was, now in (
            (answer["labels"], before.labels, after.labels),
            (answer["relationship_types"], before.relationship_types, after.relationship_types),
        ):
            assert set(counted) <= set(now)
            assert all(was.get(key, 0) <= counted.get(key, 0) <= now[key] for key in now), counted
            # Neo4j reads a snapshot per query. ArcadeDB may show part of a commit while it lands
            # (seen: 757 LOCATED_IN where the load took 57 to 907), so there only the bounds hold.
            if loaded.dialect.name == "neo4j":
                assert counted in (was, now)
    assert after.labels in [answer["labels"] for answer in seen]  # the commit landed while reading
    partial = [  # one query's count neither before nor after the load
        a for a in seen if a["labels"] not in (before.labels, after.labels)
        or a["relationship_types"] not in (before.relationship_types, after.relationship_types)
    ]  # fmt: skip
    print(f"readers during a load: {tally.requests} requests, errors {len(tally.errors)}, "
          f"{len(seen)} distinct /stats answers, {len(partial)} of them part-way")  # fmt: skip
    for url in (
        "/entities/city:hefei",
        "/paths?a=唐山&b=北京&types=COLLABORATES_WITH&types=PART_OF",
        "/cypher",
    ):
        assert len(tally.bodies[url]) == 1, url  # untouched by the load, so always the same answer


def test_oversized_requests_are_refused_by_the_server_and_it_keeps_answering(api: Api) -> None:
    with httpx.Client(base_url=api.base, timeout=30, headers={"X-API-Key": KEY}) as client:
        declared = client.post(
            "/cypher", content=b"x" * 1_000_000, headers={"content-type": "application/json"}
        )
        assert declared.status_code == 413
        streamed = client.post(
            "/cypher",
            content=iter([b'{"query": "RETURN 1 AS n", "pad": "', b"x" * 200_000, b'"}']),
            headers={"content-type": "application/json"},
        )
        assert streamed.status_code == 413
        long_url = client.get("/search", params={"q": "x" * 60_000})
        assert 400 <= long_url.status_code < 500
    assert _raw_answer(api.base, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"x" * 1_000_000) in {
        "HTTP/1.1 400 Bad Request",  # uvicorn's own header limit (h11), somewhere under 1 MB
        "",  # or the connection closed while the header was still arriving
    }
    assert httpx.get(f"{api.base}/health", timeout=10).status_code == 200


def _raw_answer(base: str, head: bytes) -> str:
    """The status line a raw request gets ("" if the server closed the connection)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        try:
            sock.sendall(head + b"\r\n\r\n")
            return sock.recv(4096).decode("latin-1").split("\r\n")[0]
        except ConnectionError:  # reset or broken pipe: closed on us
            return ""
