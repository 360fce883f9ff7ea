"""Hardening against hostile requests, each test failing if its protection is taken away: Cypher
only ever parameterised with labels and types from the schema, the read-only endpoint refusing
every kind of write, the timeout reaching the transaction, the API key compared in constant time,
no stack trace in any answer, and an embedded server that never runs on a default password.
(tests/test_api.py covers the row cap, the body limit and the rollback guarantee; tests/test_embedded.py
the loopback-only listener and the secret file's mode.)"""

from __future__ import annotations

import ast
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from api.app import create_app
from api.routes import cypher as cypher_route
from api.routes import entities, health, views
from api.routes.cypher import run_read_only
from graph import cypher, embedded, revision
from graph.cypher_screen import written_by
from graph.dialect import Dialect
from graph.schema import Label, RelType
from graph.settings import REPO_ROOT, Settings
from graph.store import GraphStore
from queries.stats import stats

KEY = "hardening-key-0123456789"
PACKAGES = ("graph", "model", "ingest", "extract", "queries", "api", "viz", "bench")


@pytest.fixture
def analyst(loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("SCENEKG_API_KEY", KEY)
    with TestClient(create_app(), headers={"X-API-Key": KEY}, raise_server_exceptions=False) as client:
        yield client


# ---------------------------------------------------------------- Cypher from the schema only


@pytest.mark.parametrize(
    "value",
    [
        "City",
        "City) DETACH DELETE n //",
        "LOCATED_IN|KNOWS",
        ("KNOWS",),
        (RelType.APPLIES, "NEEDS]->() DETACH DELETE x //"),
        (),
        0,
        11,
        -1,
        True,
        2.0,
        None,
    ],
)
def test_render_refuses_anything_but_schema_names_and_small_hop_counts(value: Any) -> None:
    with pytest.raises(TypeError, match="takes schema names"):
        cypher.render(
            "MATCH (n:{label})-[:{rels}*..{hops}]->() RETURN n", label=value, rels=value, hops=value
        )


def test_render_fills_schema_names_and_hop_counts() -> None:
    text = cypher.render(
        "MATCH (n:{label})-[:{rels}*..{hops}]->() RETURN n",
        label=Label.CITY,
        rels=(RelType.APPLIES, RelType.NEEDS),
        hops=10,
    )
    assert text == "MATCH (n:City)-[:APPLIES|NEEDS*..10]->() RETURN n"


@pytest.mark.parametrize("key", ["name` : 1}) DETACH DELETE n //", "a b", "", "1st", "名称", "x.y"])
def test_a_rendered_property_key_is_a_plain_identifier(key: str) -> None:
    with pytest.raises(TypeError, match="plain identifier"):
        cypher.Properties(("id", key))


def test_render_fills_a_create_map_whose_values_stay_parameters() -> None:
    text = cypher.render(
        "CREATE (n:{label} {props})", label=Label.CITY, props=cypher.Properties(("id", "name_zh"))
    )
    assert text == "CREATE (n:City {`id`: row.props.`id`, `name_zh`: row.props.`name_zh`})"


_CYPHER_WORD = re.compile(r"\b(MATCH|MERGE|CREATE|RETURN|UNWIND|CALL|DELETE|DROP|SHOW|SET)\b", re.I)


def _built_queries(tree: ast.AST) -> Iterator[ast.Call]:
    """Calls that send Cypher (`read`, `write`, `run`, `execute_query`) whose query is assembled
    in Python from strings holding Cypher (an f-string, `+`, `%` or `.format`) rather than loaded
    from a .cypher file and rendered."""
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"read", "write", "run", "execute_query"}
            and node.args
        ):
            continue
        query = node.args[0]
        built = (
            isinstance(query, ast.JoinedStr)
            or (isinstance(query, ast.BinOp) and isinstance(query.op, ast.Add | ast.Mod))
            or (
                isinstance(query, ast.Call)
                and isinstance(query.func, ast.Attribute)
                and query.func.attr == "format"
            )
        )
        texts = [n.value for n in ast.walk(query) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        if built and any(_CYPHER_WORD.search(text) for text in texts):
            yield node


def test_no_product_code_builds_cypher_from_strings() -> None:
    built = [
        f"{path.relative_to(REPO_ROOT)}:{call.lineno}"
        for package in PACKAGES
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        for call in _built_queries(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert built == []


def test_the_scan_finds_a_query_built_from_strings() -> None:
    sample = (
        'store.read(f"MATCH (n:{kind}) RETURN n")\n'
        'tx.run("MATCH (n) WHERE n.id = " + ident)\n'
        'store.write("MATCH (n:%s) DETACH DELETE n" % kind)\n'
        'handle.write(json.dumps(row) + "\\n")\n'  # a file, not a query
    )
    assert len(list(_built_queries(ast.parse(sample)))) == 3


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/lookup?name=合肥&label=City) DETACH DELETE n //", "label"),
        ("/search?q=hefei&label=City`) DETACH DELETE n //", "label"),
        ("/paths?a=唐山&b=北京&types=LOCATED_IN]->() DETACH DELETE x //", "types"),
        ("/entities/city:hefei/neighbourhood?hops=1) DETACH DELETE n //", "hops"),
    ],
)
def test_an_api_parameter_that_names_a_label_or_type_accepts_schema_names_only(
    analyst: TestClient, loaded: GraphStore, url: str, parameter: str
) -> None:
    before = (stats(loaded), revision.current(loaded))
    response = analyst.get(url)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["query", parameter]
    assert (stats(loaded), revision.current(loaded)) == before


@pytest.mark.parametrize(
    "ref", ["x'}) DETACH DELETE n //", 'city:hefei"}) DETACH DELETE n //', "$id} MATCH (n) DETACH DELETE n"]
)
def test_an_entity_reference_is_a_value_never_cypher(
    analyst: TestClient, loaded: GraphStore, ref: str
) -> None:
    before = (stats(loaded), revision.current(loaded))
    assert analyst.get(f"/entities/{ref}").status_code == 404
    assert analyst.get("/lookup", params={"name": ref}).status_code == 404
    assert (stats(loaded), revision.current(loaded)) == before


# ---------------------------------------------------------------- POST /cypher refuses every write

WRITES = [
    "CREATE CONSTRAINT intruder IF NOT EXISTS FOR (n:City) REQUIRE n.name_en IS UNIQUE",
    "DROP INDEX City_id",
    "CREATE DATABASE intruder",
    "CREATE USER intruder SET PASSWORD 'intruder-password'",
    "ALTER USER root SET PASSWORD 'intruder-password'",
    "GRANT ALL ON DATABASE * TO PUBLIC",
    "STOP DATABASE scenekg",
    "USE system SHOW USERS",
    "LOAD CSV WITH HEADERS FROM 'https://127.0.0.1/x.csv' AS row RETURN row",
    "CALL apoc.create.node(['Intruder'], {id: 'x'}) YIELD node RETURN node",
    "CALL db.index.fulltext.createNodeIndex('x', ['City'], ['name_en'])",
    "CALL dbms.security.createUser('intruder', 'intruder-password', false)",
    "CALL db.clearQueryCaches()",
    "CALL `db`.`createLabel`('Intruder')",
    "CALL\n  db.createProperty('x')",
    "CALL db.labels() YIELD label CALL db.createLabel(label + 'X') RETURN label",
    "OPTIONAL CALL db.createLabel('Intruder')",
    "MATCH (c:City) CALL { WITH c MERGE (x:City {id: 'city:intruder'}) } RETURN c.id",
    "MATCH (c:City) WITH c LIMIT 1 Set c.name_zh = 'x' RETURN c",
    "UNWIND [1] AS i CREATE (:City {id: 'city:' + i})",
]


@pytest.mark.parametrize("query", WRITES)
def test_cypher_endpoint_refuses_each_kind_of_write_before_it_runs(
    analyst: TestClient, loaded: GraphStore, query: str
) -> None:
    assert written_by(query) is not None
    before = (stats(loaded), revision.current(loaded))
    response = analyst.post("/cypher", json={"query": query})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("refused:")
    assert (stats(loaded), revision.current(loaded)) == before


# ---------------------------------------------------------------- timeout


def test_cypher_timeout_reaches_the_transaction_where_the_server_honours_it(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[float | None] = []
    real = GraphStore.rolled_back

    def recording(self: GraphStore, timeout: float | None = None) -> AbstractContextManager[Any]:
        asked.append(timeout)
        return real(self, timeout)

    monkeypatch.setattr(GraphStore, "rolled_back", recording)
    run_read_only(loaded, "RETURN 1 AS one", {}, 10, 2.5)
    neo4j = Dialect.from_agent("Neo4j/5.26.0")
    monkeypatch.setitem(loaded.__dict__, "dialect", neo4j)  # the cached property, as Neo4j answers
    result = run_read_only(loaded, "RETURN 1 AS one", {}, 10, 2.5)
    assert result.rows == [{"one": 1}]
    assert asked == [None, 2.5]  # ArcadeDB ignores a transaction timeout; Neo4j gets the setting


# ---------------------------------------------------------------- the API key


def test_api_key_is_compared_in_constant_time(loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = secrets.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(secrets, "compare_digest", spy)
    monkeypatch.setenv("SCENEKG_API_KEY", KEY)
    with TestClient(create_app()) as client:
        wrong = client.post("/cypher", json={"query": "RETURN 1 AS one"}, headers={"X-API-Key": "x" * 24})
        right = client.post("/cypher", json={"query": "RETURN 1 AS one"}, headers={"X-API-Key": KEY})
    assert (wrong.status_code, right.status_code) == (403, 200)
    assert compared == [(b"x" * 24, KEY.encode()), (KEY.encode(), KEY.encode())]


# ---------------------------------------------------------------- no stack trace in any answer


def _boom(*args: object, **kwargs: object) -> Any:
    raise RuntimeError(f"internal detail at {REPO_ROOT}/queries/secret.py, line 42")


@pytest.mark.parametrize(
    ("module", "function", "method", "url"),
    [
        (entities, "lookup", "GET", "/entities/city:hefei"),
        (entities, "search", "GET", "/search?q=hefei"),
        (entities, "profile", "GET", "/entities/city:hefei/profile"),
        (health, "stats", "GET", "/stats"),
        (views, "graph_view", "GET", "/views/graph"),
        (cypher_route, "run_read_only", "POST", "/cypher"),
    ],
)
def test_an_internal_error_is_a_500_without_stack_trace_or_paths(
    analyst: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    module: object,
    function: str,
    method: str,
    url: str,
) -> None:
    monkeypatch.setattr(module, function, _boom)
    response = analyst.request(method, url, json={"query": "RETURN 1 AS one"} if method == "POST" else None)
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}
    for leak in ("Traceback", "RuntimeError", "secret.py", str(REPO_ROOT), 'File "'):
        assert leak not in response.text


# ---------------------------------------------------------------- the embedded server's password

DEFAULT_PASSWORDS = ["", "root", "admin", "password", "neo4j", "arcadedb", "playwithdata", "changeme"]
embedded_only = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="embedded server only")


@embedded_only
def test_each_data_folder_gets_its_own_random_secret(tmp_path: Path) -> None:
    first = embedded.read_password(Settings(SCENEKG_DATA_DIR=tmp_path / "a"))
    second = embedded.read_password(Settings(SCENEKG_DATA_DIR=tmp_path / "b"))
    assert first != second
    assert first not in DEFAULT_PASSWORDS and second not in DEFAULT_PASSWORDS
    assert len(first) >= 32 and len(set(first)) > 10
    assert embedded.read_password(Settings(SCENEKG_DATA_DIR=tmp_path / "a")) == first  # kept, not rotated


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """A server of its own: after a few wrong passwords in a row ArcadeDB refuses even the right
    one for about 30 s, which would lock the session's server away from every later test."""
    settings = Settings(SCENEKG_DATA_DIR=tmp_path_factory.mktemp("password-data"))
    embedded.ensure_running(settings)
    yield settings
    embedded.stop(settings)


@embedded_only
def test_the_running_server_refuses_default_passwords(own_server: Settings) -> None:
    state = embedded.status(own_server).server
    assert state is not None
    assert embedded.read_password(own_server) not in DEFAULT_PASSWORDS
    for password in DEFAULT_PASSWORDS:
        with (
            GraphDatabase.driver(state.uri, auth=(embedded.USERNAME, password)) as driver,
            pytest.raises(AuthError),
        ):
            driver.verify_connectivity()
