"""The graph's revision: a token every scenekg write changes, so derived data (name index,
analytics) is recomputed only when the graph has changed.

It lives on one internal `SceneKGMeta` node, outside the data model: it has no edges, no
name, and the model's queries never match its label.
"""

from __future__ import annotations

import uuid

from graph import cypher
from graph.store import GraphStore, Transaction

_BUMP = cypher.load(__file__, "bump_revision")
_READ = cypher.load(__file__, "read_revision")


def bump(tx: Transaction) -> None:
    """Mark the graph as changed, inside the transaction that changed it."""
    tx.run(_BUMP, {"token": uuid.uuid4().hex})


def current(store: GraphStore) -> str:
    """The current revision; "none" for a graph that scenekg has never written."""
    rows = store.read(_READ)
    return str(rows[0]["revision"]) if rows and rows[0]["revision"] else "none"
