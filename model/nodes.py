"""One node's properties by id: what a lookup, a profile and the extractor's describer start from."""

from __future__ import annotations

from typing import Any

from graph import cypher
from graph.schema import label_of
from graph.store import GraphStore

_NODE = cypher.load(__file__, "node_by_id")


def node_by_id(store: GraphStore, ident: str) -> dict[str, Any] | None:
    """All properties of the node whose id is `ident`; None if there is none (or no such label)."""
    label = label_of(ident)
    if label is None:
        return None
    rows = store.read(cypher.render(_NODE, label=label), {"id": ident})
    node: dict[str, Any] | None = rows[0]["node"] if rows else None
    return node
