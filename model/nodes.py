"""One node's properties by id: what a lookup, a profile and the extractor's describer start from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph import cypher
from graph.schema import label_of
from graph.store import GraphStore

_NODE = cypher.load(__file__, "node_by_id")
_NODES = cypher.load(__file__, "nodes_by_id")


def node_by_id(store: GraphStore, ident: str) -> dict[str, Any] | None:
    """All properties of the node whose id is `ident`; None if there is none (or no such label)."""
    label = label_of(ident)
    if label is None:
        return None
    rows = store.read(cypher.render(_NODE, label=label), {"id": ident})
    node: dict[str, Any] | None = rows[0]["node"] if rows else None
    return node


def nodes_by_id(store: GraphStore, idents: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The properties of every node among `idents` that exists, by id: one read per label, not
    one per node (the extractor describes every known entity an article names)."""
    by_label: dict[Any, list[str]] = {}
    for ident in dict.fromkeys(idents):
        label = label_of(ident)
        if label is not None:
            by_label.setdefault(label, []).append(ident)
    found: dict[str, dict[str, Any]] = {}
    for label, wanted in by_label.items():
        for row in store.read(cypher.render(_NODES, label=label), {"ids": wanted}):
            found[row["node"]["id"]] = row["node"]
    return found
