"""The security findings of issue 15, each replayed as the attack that worked, against the real
embedded server: writes, file reads and account changes through POST /cypher (findings 1-4),
remote JSON-LD contexts (5), foreign Host headers (6), colliding list Sources (7), and the
bombs of finding 11 (YAML aliases, huge or deeply nested articles)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from neo4j import Driver, GraphDatabase
from neo4j.exceptions import ClientError

from api import server as api_server
from api.app import create_app
from api.deps import ApiSettings
from extract.reading import MAX_ARTICLE_BYTES, html_text, read_article
from graph import embedded, revision
from graph.cypher_screen import written_by
from graph.errors import ConfigError, InputError, RefusedQuery
from graph.settings import REPO_ROOT, Settings
from graph.store import GraphStore, open_store
from ingest.pipeline import ingest
from ingest.rdf import read_rdf_file

KEY = "security-key-0123456789"
# Every line terminator a Cypher lexer may end a `//` comment at.
LINE_ENDS = ["\r", "\r\n", "\u2028", "\u2029", "\u0085"]


@pytest.fixture
def analyst(loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("SCENEKG_API_KEY", KEY)
    with TestClient(create_app(), headers={"X-API-Key": KEY}) as client:
        yield client


def _hefei(store: GraphStore) -> Any:
    return store.read("MATCH (c:City {id: 'city:hefei'}) RETURN c.name_en AS en")


def _labels(store: GraphStore) -> set[str]:
    return {row["label"] for row in store.read("CALL db.labels() YIELD label RETURN label")}


# ------------------------------------------------ findings 1-4: what /cypher must never do

HIDDEN = [
    "MATCH (c:City {id: 'city:hefei'}) SET c.name_en = 'Tampered' RETURN c.id",
    "UNWIND [1] AS i CALL { MATCH (o:Opportunity) DETACH DELETE o } IN TRANSACTIONS RETURN 1",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD CSV FROM 'file:///proc/self/environ' AS row RETURN row",
    "ALTER USER root SET PASSWORD 'attacker-password-1'",
    "CREATE USER intruder SET PASSWORD 'attacker-password-1'",
    "CREATE (n:Intruder {id: 'x'}) RETURN n.id",
    "INSERT (n:Intruder {id: 'x'}) RETURN n.id",
]


@pytest.mark.parametrize("end", LINE_ENDS, ids=[repr(e) for e in LINE_ENDS])
@pytest.mark.parametrize("attack", HIDDEN, ids=range(len(HIDDEN)))
def test_a_clause_hidden_after_a_comment_line_end_is_refused_and_changes_nothing(
    analyst: TestClient, loaded: GraphStore, settings: Settings, attack: str, end: str
) -> None:
    before = (_hefei(loaded), _labels(loaded), revision.current(loaded))
    opportunities = loaded.read("MATCH (o:Opportunity) RETURN count(o) AS n")
    response = analyst.post("/cypher", json={"query": f"MATCH (c:City) // harmless{end}{attack}"})
    assert response.status_code == 400, response.text
    assert response.json()["detail"].startswith("refused:")
    assert "root:" not in response.text and "PATH=" not in response.text
    assert (_hefei(loaded), _labels(loaded), revision.current(loaded)) == before
    assert loaded.read("MATCH (o:Opportunity) RETURN count(o) AS n") == opportunities
    assert loaded.ping()  # root's password is unchanged: the store still logs in


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (c:City) RETURN {create: c.id, set: 1, `delete`: 2} AS m",
        "MATCH (c:City) WHERE c.name_en <> 'create' AND c.name_en <> \"MERGE\" RETURN c.`set` AS s",
        "MATCH (c:City) /* CREATE */ RETURN c.id AS id // DELETE\nORDER BY id",
        "MATCH p = (start:City)-[*1]-(stop) RETURN count(p) AS n",
        "SHOW INDEXES",
    ],
)
def test_reads_that_merely_mention_write_words_run(analyst: TestClient, query: str) -> None:
    response = analyst.post("/cypher", json={"query": query})
    assert response.status_code == 200, response.text


@pytest.fixture
def reader(loaded: GraphStore, settings: Settings) -> Iterator[Driver]:
    """A driver logged in as the account /cypher uses, with no screen in front of it."""
    if not settings.embedded:
        pytest.skip("the embedded server's read-only account")
    state = embedded.status(settings).server
    assert state is not None
    password = embedded.read_reader_password(settings)
    with GraphDatabase.driver(state.uri, auth=("scenekg_reader", password)) as driver:
        yield driver


@pytest.mark.parametrize(
    "attack",
    [
        "MATCH (c:City {id: 'city:hefei'}) SET c.name_en = 'Tampered'",
        "MATCH (c:City {id: 'city:hefei'}) DETACH DELETE c",
        "CREATE (c:City {id: 'city:intruder'})",
        "UNWIND [1] AS i CALL { MATCH (c:City {id: 'city:hefei'}) SET c.name_en = 'T' } IN TRANSACTIONS",
        "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
        "ALTER USER root SET PASSWORD 'attacker-password-1'",
        "CREATE USER intruder SET PASSWORD 'attacker-password-1'",
        "MERGE (n:Intruder {id: 'x'})",
        "CREATE CONSTRAINT intruder IF NOT EXISTS FOR (n:Intruder) REQUIRE n.id IS UNIQUE",
    ],
)
def test_the_read_only_account_itself_cannot_write_read_files_or_manage_users(
    reader: Driver, loaded: GraphStore, settings: Settings, attack: str
) -> None:
    users = (settings.server_dir / "config" / "server-users.jsonl").read_text(encoding="utf-8")
    before = (_hefei(loaded), _labels(loaded), loaded.read("MATCH (n) RETURN count(n) AS n"))
    with (
        reader.session(database=settings.embedded_database) as session,
        pytest.raises(ClientError) as refused,
    ):
        session.run(attack).consume()  # auto-commit: what would stick if the server allowed it
    assert "not allowed" in str(refused.value) or "Forbidden" in str(refused.value)
    assert (_hefei(loaded), _labels(loaded), loaded.read("MATCH (n) RETURN count(n) AS n")) == before
    assert (settings.server_dir / "config" / "server-users.jsonl").read_text(encoding="utf-8") == users


def test_a_write_that_gets_past_the_screen_is_refused_and_bumps_the_revision(
    analyst: TestClient, loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import readonly

    monkeypatch.setattr(readonly, "written_by", lambda query: None)  # as if the screen missed it
    token, hefei = revision.current(loaded), _hefei(loaded)
    query = "MATCH (c:City {id: 'city:hefei'}) SET c.name_en = 'Tampered' RETURN c.id AS id"
    response = analyst.post("/cypher", json={"query": query})
    assert response.status_code == 400
    assert "changed the graph" in response.json()["detail"]
    assert _hefei(loaded) == hefei
    assert revision.current(loaded) != token  # no cache keeps serving what it held before


def test_health_tells_a_caller_without_the_key_only_whether_it_answers(
    loaded: GraphStore, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENEKG_API_KEY", KEY)
    with TestClient(create_app()) as client:
        health, stats = client.get("/health"), client.get("/stats")
    assert health.status_code == 200
    assert health.json() == {
        "status": "ok",
        "database": "answers",
        "backend": None,
        "revision": None,
        "load": None,  # no load runs; one would read only "in progress" (tests/test_api.py)
    }
    for body in (health.text, stats.text):
        assert "bolt://" not in body and str(settings.data_dir) not in body


# ------------------------------------------------ finding 5: no remote JSON-LD context


class _Counting(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).hits.append(self.path)
        body = json.dumps({"@context": {"scenekg": "https://w3id.org/scenekg/"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def context_server() -> Iterator[str]:
    """A loopback server that would hand out a valid context, counting every fetch."""
    _Counting.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


CONTEXT_FORMS = {
    "string": lambda url: url,
    "flat list": lambda url: [url, {"x": "https://example.org/"}],
    "nested list": lambda url: [[url], {"x": "https://example.org/"}],
    "scoped": lambda url: {"t": {"@id": "https://example.org/t", "@context": [[url]]}},
    "import": lambda url: {"@version": 1.1, "@import": url},
    "inside a context map": lambda url: [{"@context": url}],
}


@pytest.mark.parametrize("form", CONTEXT_FORMS)
def test_no_form_of_remote_json_ld_context_is_fetched(context_server: str, tmp_path: Path, form: str) -> None:
    document = {
        "@context": CONTEXT_FORMS[form](f"{context_server}/ctx.jsonld"),
        "@id": "https://w3id.org/scenekg/id/city/a",
        "t": {"@id": "https://w3id.org/scenekg/id/city/b"},
    }
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(InputError, match="remote JSON-LD contexts are not fetched"):
        read_rdf_file(path)
    assert _Counting.hits == []


def test_rdflib_itself_refuses_to_fetch_a_context_once_scenekg_is_loaded(context_server: str) -> None:
    from rdflib import Graph

    document = json.dumps({"@context": [[f"{context_server}/ctx.jsonld"]], "@id": "https://e.org/a"})
    with pytest.raises(ValueError, match="does not fetch"):
        Graph().parse(data=document, format="json-ld")
    assert _Counting.hits == []


# ------------------------------------------------ finding 6: Host header


def test_a_foreign_host_header_gets_nothing(loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCENEKG_API_KEY", raising=False)
    app = create_app(api_settings=ApiSettings(allowed_hosts="graph.example.org"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as client:
        rebound = client.get("/export/rdf", headers={"Host": "attacker.example"})
        assert rebound.status_code == 421
        assert "@prefix" not in rebound.text and "city:hefei" not in rebound.text
        assert client.get("/health", headers={"Host": "attacker.example:8000"}).status_code == 421
        assert client.get("/health", headers={"Host": "a b"}).status_code == 400
        for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000", "GRAPH.example.org"):
            assert client.get("/health", headers={"Host": host}).status_code == 200, host


# ------------------------------------------------ finding 7: list provenance cannot collide


LIST = "id,name_zh,city,needs,status\n{id},示例需求{n},city:hefei,tech:quantum-encryption,open\n"


def _source_titles(store: GraphStore) -> dict[str, str]:
    rows = store.read("MATCH (s:Source {kind: 'csv'}) RETURN s.id AS id, s.title AS title")
    return {row["id"]: row["title"] for row in rows}


def test_lists_with_the_same_file_name_never_share_a_source(loaded: GraphStore, tmp_path: Path) -> None:
    paths = [tmp_path / "a" / "list.csv", tmp_path / "b" / "list.csv", tmp_path / "b" / "List.csv"]
    for n, path in enumerate(paths):
        path.parent.mkdir(exist_ok=True)
        path.write_text(LIST.format(id=f"SEC-{n}", n=n), encoding="utf-8")
    before = _source_titles(loaded)
    assert ingest(loaded, [paths[0]], batch_size=100).nodes["Source"].created == 1
    token = revision.current(loaded)
    for path, words in ((paths[1], "loaded from another folder"), (paths[2], "'list.csv'")):
        with pytest.raises(InputError) as clash:  # the same id, source:csv-list: refused, not shared
            ingest(loaded, [path], batch_size=100)
        assert words in str(clash.value) and "--source" in str(clash.value)
    assert revision.current(loaded) == token
    for n, path in enumerate(paths[1:]):  # each given a name of its own, as the error says
        summary = ingest(loaded, [path], batch_size=100, source=f"list {n}")
        assert summary.nodes["Source"].created == 1 and summary.nodes["Source"].updated == 0
    added = {k: v for k, v in _source_titles(loaded).items() if k not in before}
    assert sorted(added.values()) == ["List.csv", "list.csv", "list.csv"]
    cited = loaded.read(
        "MATCH (o:Opportunity) WHERE o.id STARTS WITH 'opportunity:sec-' RETURN o.id AS id, o.sources AS s"
    )
    assert len({row["s"][0].split("#")[0] for row in cited}) == 3


def test_a_source_name_given_to_another_file_is_refused_naming_both(
    loaded: GraphStore, tmp_path: Path
) -> None:
    first, second = tmp_path / "hefei-2025.csv", tmp_path / "other.csv"
    first.write_text(LIST.format(id="SEC-A", n="甲"), encoding="utf-8")
    second.write_text(LIST.format(id="SEC-B", n="乙"), encoding="utf-8")
    ingest(loaded, [first], batch_size=100, source="Hefei list")
    first.write_text(LIST.format(id="SEC-A", n="甲二"), encoding="utf-8")  # a new version keeps its name
    assert ingest(loaded, [first], batch_size=100, source="Hefei list").nodes["Source"].updated == 1
    token = revision.current(loaded)
    for name in ("Hefei list", "HEFEI LIST"):  # case variants name the same Source
        with pytest.raises(InputError) as clash:
            ingest(loaded, [second], batch_size=100, source=name)
        assert "hefei-2025.csv" in str(clash.value) and "other.csv" in str(clash.value)
    assert revision.current(loaded) == token


# ------------------------------------------------ finding 11: input that cannot explode


def test_an_article_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes("场景".encode() * (MAX_ARTICLE_BYTES // 6 + 1))
    with pytest.raises(InputError, match="the limit is"):
        read_article(path)


def test_deeply_nested_html_keeps_its_text_and_structure() -> None:
    depth = 50_000
    page = "<div>" * depth + "<p>深处的文字</p>" + "</div>" * depth + "<p>after</p>" + "</span>" * depth
    text, _, _ = html_text(page)
    assert text == "深处的文字\n\nafter"
    nested, _, title = html_text("<h1>标题<b>甲</b></h1><div><p>一<span>二</div><title>T</title><p>三")
    assert (nested, title) == ("标题甲\n\n一二\n\n三", "标题")


def test_a_megabyte_of_stray_end_tags_is_read_in_linear_time() -> None:
    """Behaviour, not a benchmark: a quadratic reader needs hours for this page, a linear one a
    second or two, so the generous limit below can only be hit by the quadratic one."""
    script = (
        "from extract.reading import html_text\n"
        "page = '<div>' * 100_000 + '<p>x' + '</span>' * 120_000\n"
        "print(html_text(page)[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "x"


# ------------------------------------------------ finding 10: slow request heads


@pytest.fixture
def served(settings: Settings, loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    """The app under uvicorn with `scenekg serve`'s options and a 1 s head deadline."""
    monkeypatch.setenv("SCENEKG_API_HEADER_TIMEOUT", "1")
    api_server._header_timeout.cache_clear()
    port = embedded.free_port()
    options = api_server.uvicorn_options("127.0.0.1", port, workers=1)
    for key in ("factory", "workers"):
        options.pop(key)
    server = uvicorn.Server(uvicorn.Config(create_app(settings, ApiSettings()), **options))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(600):
        if server.started or not thread.is_alive():
            break
        time.sleep(0.05)
    assert server.started
    yield port
    server.should_exit = True
    thread.join(timeout=30)
    api_server._header_timeout.cache_clear()


def _closed_while_trickling(port: int, head: bytes) -> bool:
    """Send `head`, then one more header byte every 0.2 s for up to 30 s; True once the server
    closed the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head)
        sock.settimeout(0.2)
        for _ in range(150):
            try:
                sock.sendall(b"x")
                if sock.recv(1) == b"":
                    return True
            except TimeoutError:
                continue
            except OSError:
                return True
    return False


def test_a_request_head_trickled_byte_by_byte_is_cut_off(served: int) -> None:
    assert _closed_while_trickling(served, b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    assert httpx.get(f"http://127.0.0.1:{served}/health", timeout=10).status_code == 200


# ------------------------------------------------ the screen on its own (no server)

SCREENED = {
    "GRANT ROLE admin TO reader": "GRANT",
    "DENY WRITE ON GRAPH * TO reader": "DENY",
    "REVOKE ROLE admin FROM reader": "REVOKE",
    "CREATE DATABASE other": "CREATE",
    "ALTER DATABASE neo4j SET ACCESS READ WRITE": "ALTER",
    "DROP INDEX city_id": "DROP",
    "START DATABASE neo4j": "START DATABASE",
    "stop database neo4j": "STOP DATABASE",
    "ENABLE SERVER 'x'": "ENABLE SERVER",
    "SHOW USERS": "SHOW USERS",
    "SHOW CURRENT USER": "SHOW CURRENT USER",
    "SHOW ROLE admin PRIVILEGES": "SHOW ROLE ADMIN",
    "SHOW DATABASES": "SHOW DATABASES",
    "SHOW TRANSACTIONS": "SHOW TRANSACTIONS",
    "USE system SHOW USERS": "USE",
    "MATCH (n) NODETACH DELETE n": "NODETACH",
    "MATCH (n) FOREACH (x IN [1] | SET n.a = x)": "FOREACH",
    "CALL { CREATE (:X) } IN CONCURRENT TRANSACTIONS": "CREATE",
    "UNWIND [1] AS i CALL (i) { RETURN i } IN TRANSACTIONS OF 10 ROWS RETURN i": "TRANSACTIONS",
    "CALL dbms.security.createUser('x', 'y')": "CALL dbms.security.createUser",
    "CALL dbms.components()": "CALL dbms.components",
    "CALL `db`.`createLabel`('X')": "CALL db.createLabel",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'": "TERMINATE",
    "ＳＥＴ": "SET",
    "RETURN 1.set": "SET",
    "LOAD CSV FROM 'file:///etc/passwd' AS r RETURN r": "LOAD",
}


@pytest.mark.parametrize("query", SCREENED)
def test_the_screen_names_each_write_or_admin_clause(query: str) -> None:
    assert written_by(query) == SCREENED[query]


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (c:City) RETURN c {.id, create: 1, merge: c.name_zh} AS m",
        "MATCH (c:City) WHERE c.id = $set RETURN c.create, c.`delete`",
        "MATCH (`create`:City) RETURN `create`.id",
        "MATCH p = (start)-[*..2]-(stop) RETURN start, stop",
        "RETURN 'CREATE (n)' AS a, \"DETACH DELETE\" AS b // SET\nLIMIT 1",
        "SHOW INDEXES YIELD name RETURN name",
        "SHOW CONSTRAINTS",
        "SHOW PROCEDURES",
        "CALL db.labels() YIELD label RETURN label",
        "CALL { MATCH (n) RETURN n LIMIT 1 } RETURN n",
    ],
)
def test_the_screen_lets_names_strings_and_read_commands_through(query: str) -> None:
    assert written_by(query) is None


@pytest.mark.parametrize(
    "query",
    ["RETURN 'open", "RETURN `open", "MATCH (n) /* open RETURN n", "RETURN 'a\\' CREATE (n) //'"],
)
def test_the_screen_refuses_what_it_cannot_read(query: str) -> None:
    with pytest.raises(RefusedQuery):
        written_by(query)


def test_a_neo4j_reader_needs_both_its_name_and_its_password() -> None:
    half = Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="x", NEO4J_READER_USERNAME="reader")
    with pytest.raises(ConfigError, match="NEO4J_READER_PASSWORD"):
        open_store(half)
    unread = open_store(Settings(NEO4J_URI="bolt://127.0.0.1:1", NEO4J_PASSWORD="x"))
    try:
        with pytest.raises(ConfigError, match="read-only database account"), unread.rolled_back():
            pass  # no reader configured: /cypher cannot run as the administrator instead
    finally:
        unread.close()
