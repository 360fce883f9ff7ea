"""Property-based tests of the HTTP API from its own OpenAPI document (schemathesis, in-process
ASGI, no network): whatever a client sends, valid or nearly valid, the API answers without a
server error, with a status code, content type and body that the document describes, and the
graph is unchanged afterwards. /cypher is fuzzed with a key, so its guards face random input.
DELETE /sources/{id} is left out: changing the graph is what it is for (tests/test_sync.py)."""

from __future__ import annotations

from collections.abc import Iterator

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from api.deps import ApiSettings
from graph import revision
from graph.settings import Settings
from graph.store import GraphStore
from queries.stats import Stats, stats

KEY = "fuzz-key-0123456789abcdef"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# The document does not depend on settings, and building it connects nothing, so the schema can be
# read at import; requests go to the app the `client` fixture starts against the session's server.
# (schemathesis.pytest.from_fixture would defer all this, but fails on pytest 9: no `_nodeid`.)
schema = schemathesis.openapi.from_dict(create_app().openapi()).exclude(
    method="DELETE", path="/sources/{source_id}"
)


@pytest.fixture(scope="module")
def client(settings: Settings, server_store: GraphStore) -> Iterator[asgi.ASGIClient]:
    with asgi.get_client(create_app(settings, ApiSettings(api_key=KEY))) as session:
        session.headers["X-API-Key"] = KEY
        yield session
    asgi.shutdown_lifespans()  # schemathesis keeps an app's lifespan running until told


@pytest.fixture(scope="module")
def before() -> dict[str, tuple[Stats, str]]:
    """The graph as the first fuzzed operation found it, to compare with after the last."""
    return {}


@pytest.fixture
def graph(loaded: GraphStore, before: dict[str, tuple[Stats, str]]) -> GraphStore:
    before.setdefault("graph", (stats(loaded), revision.current(loaded)))
    return loaded


@schema.parametrize()
@hypothesis.settings(
    max_examples=50,
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_api_answers_every_request_as_documented(
    case: schemathesis.Case, client: asgi.ASGIClient, graph: GraphStore
) -> None:
    case.call_and_validate(session=client, base_url=client.base_url, checks=CHECKS)


def test_fuzzing_left_the_graph_unchanged(loaded: GraphStore, before: dict[str, tuple[Stats, str]]) -> None:
    assert before, "runs after the fuzzed operations"
    assert (stats(loaded), revision.current(loaded)) == before["graph"]
