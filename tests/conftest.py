"""Fixtures: one real graph server per test session and a clean graph per test.

Without NEO4J_URI the session starts the embedded ArcadeDB server in a temporary data
folder. With NEO4J_URI the same tests run against that Neo4j, whose database they wipe,
so they refuse to run unless SCENEKG_TEST_ALLOW_WIPE=1 says that database is disposable.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph import cypher, embedded
from graph.settings import REPO_ROOT, Settings, get_settings
from graph.store import GraphStore, open_store

# No test, and no command a test starts, may ever reach the user's own data folder: before any
# fixture runs, the variable already points at a throwaway folder (the session fixture then
# gives the shared server its own).
if not os.environ.get("NEO4J_URI"):
    os.environ["SCENEKG_DATA_DIR"] = tempfile.mkdtemp(prefix="scenekg-tests-")
# Starlette's TestClient sends `Host: testserver`; the API refuses Hosts it does not serve.
os.environ.setdefault("SCENEKG_ALLOWED_HOSTS", "testserver")

CURATED = REPO_ROOT / "data" / "curated"
TEMPLATES = REPO_ROOT / "data" / "templates"
_DELETE_ALL = cypher.load(__file__, "delete_all")
# A load's own records (hub profiles, kind 'profile', are the graph's, kept after a load).
LOAD_RECORDS = "MATCH (m:SceneKGMeta) WHERE m.kind IN ['load', 'undo'] RETURN m.id AS id"


class Interrupted(Exception):
    """Raised from a load's progress callback: a load stopped half-way, as by Ctrl-C."""


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    if os.environ.get("NEO4J_URI"):
        if os.environ.get("SCENEKG_TEST_ALLOW_WIPE") != "1":
            pytest.exit(
                "NEO4J_URI is set: tests wipe that database; set SCENEKG_TEST_ALLOW_WIPE=1 to allow it"
            )
    else:
        os.environ["SCENEKG_DATA_DIR"] = str(tmp_path_factory.mktemp("scenekg-data"))
    return get_settings()


@pytest.fixture(scope="session")
def server_store(settings: Settings) -> Iterator[GraphStore]:
    store = open_store(settings)
    yield store
    store.close()
    if settings.embedded:
        embedded.stop(settings)


def wipe(store: GraphStore) -> None:
    from model import cache

    store.write(_DELETE_ALL)
    cache.forget(store)  # this process's cached revision token is stale now


@pytest.fixture
def store(server_store: GraphStore) -> GraphStore:
    """The session's server with an empty graph."""
    wipe(server_store)
    return server_store


_loaded_revision: dict[str, str] = {}


@pytest.fixture
def loaded(server_store: GraphStore) -> GraphStore:
    """The bundled dataset plus the CSV templates, loaded once and reused while no test changed
    the graph (the revision token tells); tests using it must not write."""
    from graph import revision
    from ingest.pipeline import ingest

    if _loaded_revision.get("token") != revision.current(server_store):
        wipe(server_store)
        ingest(server_store, [CURATED], batch_size=500)
        ingest(server_store, sorted(TEMPLATES.glob("*.csv")), batch_size=500)
        _loaded_revision["token"] = revision.current(server_store)
    return server_store


@pytest.fixture
def data_file(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a test input file; bytes are written as they are, text as UTF-8."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write
