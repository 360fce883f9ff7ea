"""Create the schema's uniqueness constraints, idempotently, before anything is written.

Only a constraint that makes `id` unique counts: an existence or type constraint on `id` (or
one a DBA added for another reason) does not stop two nodes sharing an id, so it must not
stop scenekg creating the uniqueness one. `SHOW CONSTRAINTS` names the kind in `type`:
UNIQUENESS on Neo4j 5 and ArcadeDB, NODE_PROPERTY_UNIQUENESS on later Neo4j; a NODE_KEY
implies uniqueness.
"""

from __future__ import annotations

from graph import cypher
from graph.revision import META_LABEL
from graph.schema import Label
from graph.store import GraphStore

_CONSTRAINT = cypher.load(__file__, "constraint")
_META_CONSTRAINT = cypher.load(__file__, "meta_constraint")
_SHOW = cypher.load(__file__, "show_constraints")
UNIQUE_KINDS = frozenset({"UNIQUENESS", "NODE_PROPERTY_UNIQUENESS", "NODE_KEY"})


def existing_constraints(store: GraphStore) -> set[str]:
    """The labels whose `id` the database keeps unique, as `<Label>_id`."""
    rows = store.read(_SHOW)
    return {
        f"{row['labelsOrTypes'][0]}_id"
        for row in rows
        if row.get("type") in UNIQUE_KINDS
        and row.get("entityType", "NODE") == "NODE"
        and row.get("labelsOrTypes")
        and len(row["labelsOrTypes"]) == 1
        and row.get("properties") == ["id"]
    }


def ensure_schema(store: GraphStore) -> int:
    """One uniqueness constraint on `id` per label and one on the revision node (each also serves
    as the index); returns how many were created. Only missing ones are sent, so a second run
    sends nothing."""
    have = existing_constraints(store)
    missing = [label for label in Label if f"{label.value}_id" not in have]
    for label in missing:
        store.write(cypher.render(_CONSTRAINT, label=label))
    meta = f"{META_LABEL}_id" not in have
    if meta:
        store.write(_META_CONSTRAINT)
    return len(missing) + meta
