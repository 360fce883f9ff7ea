"""The graph's revision: a token every scenekg write changes, so derived data (name index,
analytics) is recomputed only when the graph has changed.

It lives on one internal `SceneKGMeta` node, outside the data model: it has no edges, no
name, and the model's queries never match its label.
"""

from __future__ import annotations

import uuid

from graph import cypher
from graph.store import GraphStore, Transaction

META_LABEL = "SceneKGMeta"  # its uniqueness constraint is created with the schema's (graph.constraints)
_BUMP = cypher.load(__file__, "bump_revision")
_READ = cypher.load(__file__, "read_revision")


def bump(tx: Transaction) -> tuple[str, str]:
    """Mark the graph as changed, inside the transaction that changed it; returns the revision
    it replaced ("none" for a graph never written) and the new one, for what keeps derived
    data per revision (a hub profile of the one before can be carried over if nothing it shows
    changed)."""
    token = uuid.uuid4().hex
    rows = tx.run(_BUMP, {"token": token})
    before = rows[0]["before"] if rows else None
    return str(before) if before else "none", token


def current(store: GraphStore, probe: bool = False) -> str:
    """The current revision; "none" for a graph that scenekg has never written. A `probe` asks
    once, without the driver's retries, so a health check answers within its deadline."""
    rows = store.read_once(_READ) if probe else store.read(_READ)
    return str(rows[0]["revision"]) if rows and rows[0]["revision"] else "none"
