"""The schema: created idempotently, and uniqueness is enforced by the server."""

from __future__ import annotations

import pytest

from graph.constraints import ensure_schema, existing_constraints
from graph.errors import QueryError
from graph.schema import ENDPOINTS, Label, RelType
from graph.store import GraphStore


def _drop_all(store: GraphStore) -> None:
    for name in existing_constraints(store):
        store.write(f"DROP CONSTRAINT {name} IF EXISTS")


def test_schema_creation_twice_is_harmless(store: GraphStore) -> None:
    _drop_all(store)
    assert existing_constraints(store) == set()
    assert ensure_schema(store) == len(Label)
    first = existing_constraints(store)
    assert ensure_schema(store) == 0
    assert existing_constraints(store) == first == {f"{label.value}_id" for label in Label}


def test_duplicate_id_is_refused_by_the_server(store: GraphStore) -> None:
    ensure_schema(store)
    store.write("CREATE (:City {id: 'city:x'})")
    with pytest.raises(QueryError):
        store.write("CREATE (:City {id: 'city:x'})")
    assert store.read("MATCH (n:City) RETURN count(n) AS c") == [{"c": 1}]


def test_every_relationship_type_has_endpoints() -> None:
    assert set(ENDPOINTS) == set(RelType)
    for starts, ends in ENDPOINTS.values():
        assert starts and ends
