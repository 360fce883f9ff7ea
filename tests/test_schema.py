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
    assert ensure_schema(store) == len(Label) + 1
    first = existing_constraints(store)
    assert ensure_schema(store) == 0
    expected = {f"{label.value}_id" for label in Label} | {"SceneKGMeta_id"}
    assert existing_constraints(store) == first == expected


def test_duplicate_id_is_refused_by_the_server(store: GraphStore) -> None:
    ensure_schema(store)
    store.write("CREATE (:City {id: 'city:x'})")
    with pytest.raises(QueryError):
        store.write("CREATE (:City {id: 'city:x'})")
    assert store.read("MATCH (n:City) RETURN count(n) AS c") == [{"c": 1}]


def test_a_constraint_of_another_kind_on_id_does_not_pass_for_uniqueness(store: GraphStore) -> None:
    """An existence constraint on `id` leaves duplicates possible: ensure_schema must still create
    the uniqueness one (it took any constraint on `id` for it)."""
    _drop_all(store)
    store.write("CREATE CONSTRAINT tech_id_present IF NOT EXISTS FOR (n:Technology) REQUIRE n.id IS NOT NULL")
    try:
        assert "Technology_id" not in existing_constraints(store)
        ensure_schema(store)
        kinds = {(r["name"], r["type"]) for r in store.read("SHOW CONSTRAINTS")}
        assert ("Technology_id", "UNIQUENESS") in kinds
        store.write("CREATE (:Technology {id: 'tech:x'})")
        with pytest.raises(QueryError, match="Duplicated key"):
            store.write("CREATE (:Technology {id: 'tech:x'})")
    finally:
        store.write("DROP CONSTRAINT tech_id_present IF EXISTS")


def test_the_revision_node_is_unique(store: GraphStore) -> None:
    ensure_schema(store)
    store.write("MERGE (:SceneKGMeta {id: 'graph'})")
    with pytest.raises(QueryError):
        store.write("CREATE (:SceneKGMeta {id: 'graph'})")
    assert store.read("MATCH (m:SceneKGMeta) RETURN count(m) AS c") == [{"c": 1}]


def test_every_relationship_type_has_endpoints() -> None:
    assert set(ENDPOINTS) == set(RelType)
    for starts, ends in ENDPOINTS.values():
        assert starts and ends
