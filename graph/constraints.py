"""Create the schema's uniqueness constraints, idempotently, before anything is written."""

from __future__ import annotations

from graph import cypher
from graph.schema import Label
from graph.store import GraphStore

_CONSTRAINT = cypher.load(__file__, "constraint")
_SHOW = cypher.load(__file__, "show_constraints")


def existing_constraints(store: GraphStore) -> set[str]:
    """Names of the unique-id constraints the database has, as `<Label>_id`."""
    rows = store.read(_SHOW)
    return {
        f"{row['labelsOrTypes'][0]}_id"
        for row in rows
        if row.get("labelsOrTypes") and row.get("properties") == ["id"]
    }


def ensure_schema(store: GraphStore) -> int:
    """One uniqueness constraint on `id` per label (it also serves as the index); returns how
    many were created. Only missing ones are sent, so a second run sends nothing."""
    have = existing_constraints(store)
    missing = [label for label in Label if f"{label.value}_id" not in have]
    for label in missing:
        store.write(cypher.render(_CONSTRAINT, label=label))
    return len(missing)
