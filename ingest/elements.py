"""Where the nodes a load connects are, by the server's element ids, so that each new
relationship finds its two ends by record id instead of by two unique-index lookups per row.

The nodes a load creates report their element ids from the CREATE itself; the ends it did not
create are looked up once per node (not once per relationship) in the transaction that uses
them. On the embedded server `MATCH (a) WHERE elementId(a) = x` reads the record at `x`
directly. Neo4j promises an element id only within one transaction, and a load in parts uses
them across its parts, so every match also checks the node's own `id`: a node that is not the
one the plan named matches nothing, and the writer's row count then undoes the load.
"""

from __future__ import annotations

from typing import Any

from graph import cypher
from graph.schema import group_by_label
from graph.store import Transaction

_ELEMENTS = cypher.load(__file__, "node_elements")


class Elements:
    """Node id -> element id, for the nodes of one load: those it created and those it found."""

    def __init__(self) -> None:
        self._of: dict[str, str] = {}

    def add(self, pairs: list[list[str]]) -> None:
        """[id, element] pairs, from a CREATE or a lookup."""
        self._of.update((ident, element) for ident, element in pairs)

    def rows(self, tx: Transaction, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Relationship rows (`start`, `end`) with their ends' element ids as `a` and `b`; ends
        not yet known are looked up first. An end that is not in the graph gets None, which
        matches nothing."""
        missing = {i for row in rows for i in (row["start"], row["end"]) if i not in self._of}
        for label, ids in group_by_label(missing).items():
            for record in tx.run(cypher.render(_ELEMENTS, label=label), {"ids": ids}):
                self.add(record["elements"])
        return [row | {"a": self._of.get(row["start"]), "b": self._of.get(row["end"])} for row in rows]
