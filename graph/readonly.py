"""Read-only Cypher from outside (`POST /cypher`), guarded four times:

1. The account: the query runs as a database user that may only read (on the embedded server
   the `graph.reader_group` account, whose group has no write, schema, security or file
   rights; on Neo4j the NEO4J_READER_USERNAME account, with a reader role), in READ access mode.
2. The screen (`graph.cypher_screen`) refuses writes, schema and admin commands before they run.
3. The transaction is always rolled back.
4. A result whose counters show any update is refused, and the graph's revision is bumped all
   the same: if something did change, no cache may keep serving what it held before.

Values come back as JSON, so no driver type leaves this package.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import neo4j
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time
from pydantic import JsonValue

from graph import revision
from graph.cypher_screen import written_by
from graph.errors import RefusedQuery
from graph.store import GraphStore


@dataclass(frozen=True)
class Answer:
    """Rows as column -> JSON value, at most the row cap of them."""

    columns: list[str]
    rows: list[dict[str, JsonValue]]
    truncated: bool


def run(store: GraphStore, query: str, parameters: Mapping[str, Any], row_cap: int, timeout: float) -> Answer:
    """Run `query` read-only and return at most `row_cap` rows; RefusedQuery for a query that
    writes (before it runs when the screen sees it, after it when its counters show it).

    Neo4j aborts the transaction after `timeout` seconds; the embedded ArcadeDB ignores a
    per-transaction timeout (`store.dialect` says so): there the server's own settings bound it."""
    word = written_by(query)
    if word is not None:
        raise RefusedQuery(f"'{word}' may write or change the schema; read-only Cypher only")
    limit = timeout if store.dialect.honours_transaction_timeout else None
    with store.rolled_back(limit) as tx:
        answer, updated = _collect(tx, query, parameters, row_cap)
    if updated:
        _mark_changed(store)
        raise RefusedQuery("the query changed the graph (rolled back)")
    return answer


def _collect(
    tx: neo4j.Transaction, query: str, parameters: Mapping[str, Any], row_cap: int
) -> tuple[Answer, bool]:
    # Driver errors raised here are mapped by `store.rolled_back`, around the whole block.
    result = tx.run(query, dict(parameters))
    columns = list(result.keys())
    rows: list[dict[str, JsonValue]] = []
    truncated = False
    for record in result:
        if len(rows) == row_cap:
            truncated = True
            break
        rows.append({key: to_json(record[key]) for key in columns})
    counters = result.consume().counters
    return Answer(columns, rows, truncated), counters.contains_updates or counters.contains_system_updates


def _mark_changed(store: GraphStore) -> None:
    """A write got past the account and the screen: it was rolled back, but bump the revision
    anyway, so that a server which commits part of such a query never leaves caches stale."""
    with store.transaction() as tx:
        revision.bump(tx)


def to_json(value: object) -> JsonValue:
    """A driver value as JSON: nodes, relationships and paths become their labels or type and
    properties, keyed by the model's own `id`, never the server's element ids."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Node):
        return {"labels": [label for label in sorted(value.labels)], "properties": to_json(dict(value))}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {
            "type": value.type,
            "start": start.get("id") if start is not None else None,
            "end": end.get("id") if end is not None else None,
            "properties": to_json(dict(value)),
        }
    if isinstance(value, Path):
        return {"nodes": [to_json(n) for n in value.nodes], "relationships": [to_json(r) for r in value]}
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": [to_json(c) for c in value]}
    if isinstance(value, Date | Time | DateTime | Duration):
        return value.iso_format()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return str(value)
