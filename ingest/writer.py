"""Check a `GraphBatch` against the graph, then write it in one transaction.

Nothing is written until every check has passed, and the write itself is one explicit
transaction, so a bad file or a failure half-way leaves the graph as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pydantic import BaseModel, computed_field

from graph import cypher, revision
from graph.constraints import ensure_schema
from graph.errors import InputErrors, StoreError
from graph.retry import with_retries
from graph.schema import Label, RelType, group_by_label, label_of
from graph.store import GraphStore, Transaction
from ingest.batch import GraphBatch, NodeRow, RelRow
from ingest.check import check_batch
from model import cache
from model.citations import split_citation

_MERGE_NODES = cypher.load(__file__, "merge_nodes")
_MERGE_RELS = cypher.load(__file__, "merge_relationships")
_CREATE_NODES = cypher.load(__file__, "create_nodes")
_CREATE_RELS = cypher.load(__file__, "create_relationships")
_ANY_NODE = cypher.load(__file__, "any_node")
_EXISTING = cypher.load(__file__, "existing_ids")
_BROADER = cypher.load(__file__, "broader_edges")

Progress = Callable[[int], None]


class Tally(BaseModel):
    rows: int = 0
    created: int = 0
    updated: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unchanged(self) -> int:
        return self.rows - self.created - self.updated


class LoadSummary(BaseModel):
    """What a load did, per label and per relationship type."""

    files: list[str]
    nodes: dict[str, Tally]
    relationships: dict[str, Tally]
    constraints_created: int

    def total(self, part: str) -> Tally:
        tallies = self.nodes.values() if part == "nodes" else self.relationships.values()
        return Tally(
            rows=sum(t.rows for t in tallies),
            created=sum(t.created for t in tallies),
            updated=sum(t.updated for t in tallies),
        )


def referenced_ids(batch: GraphBatch) -> set[str]:
    """Ids the batch points at (edge ends, cited sources) that it does not define itself."""
    own = batch.node_ids()
    wanted: set[str] = set()
    for edges in batch.rels.values():
        for start, end in edges:
            wanted.update((start, end))
    for rows in batch.nodes.values():
        for row in rows.values():
            wanted.update(split_citation(c)[0] for c in row.sources)
    for edges in batch.rels.values():
        for edge in edges.values():
            wanted.update(split_citation(c)[0] for c in edge.sources)
    return {ident for ident in wanted if ident not in own}


def existing_ids(store: GraphStore, ids: Iterable[str]) -> dict[str, Label]:
    """Which of `ids` exist in the graph, looked up per label through the unique index."""
    found: dict[str, Label] = {}
    for label, wanted in group_by_label(ids).items():
        for row in store.read(cypher.render(_EXISTING, label=label), {"ids": wanted}):
            found[row["id"]] = label
    return found


def already_in_graph(store: GraphStore, batch: GraphBatch) -> set[str]:
    """Which of the batch's own node ids the graph holds already; a label with no node at all
    is skipped, so a first load of a large graph costs one query per label."""
    wanted: list[str] = []
    for label, rows in batch.nodes.items():
        if rows and store.read(cypher.render(_ANY_NODE, label=label)):
            wanted.extend(rows)
    return set(existing_ids(store, wanted))


def validate(store: GraphStore, batch: GraphBatch) -> None:
    """Raise InputErrors if the batch refers to what neither it nor the graph holds."""
    known = existing_ids(store, referenced_ids(batch))
    broader = [(r["start"], r["end"]) for r in store.read(_BROADER)]
    errors = check_batch(batch, known, broader)
    if errors:
        raise InputErrors(errors)


def write(
    store: GraphStore, batch: GraphBatch, batch_size: int, progress: Progress | None = None
) -> LoadSummary:
    """Ensure the schema, validate, then write every row in one transaction. Rows that cannot
    exist yet (new nodes, and relationships touching one) are CREATEd; the rest are MERGEd.
    A retryable failure (another load writing the same records at once, a server that moved)
    redoes all of it, checks included: what is new may have changed meanwhile."""
    return with_retries(lambda: _write_once(store, batch, batch_size, progress))


def _write_once(
    store: GraphStore, batch: GraphBatch, batch_size: int, progress: Progress | None
) -> LoadSummary:
    constraints = ensure_schema(store)
    validate(store, batch)
    old = already_in_graph(store, batch)
    fresh = set(batch.node_ids()) - old  # nodes this load creates
    nodes: dict[str, Tally] = {}
    rels: dict[str, Tally] = {}
    with store.transaction() as tx:
        for label, node_rows in batch.nodes.items():
            if node_rows:
                nodes[label.value] = _write_nodes(
                    tx, label, list(node_rows.values()), old, batch_size, progress
                )
        for rel, edges in batch.rels.items():
            if edges:
                rels[rel.value] = _write_rels(tx, rel, list(edges.values()), fresh, batch_size, progress)
        if any(t.created or t.updated for t in [*nodes.values(), *rels.values()]):
            revision.bump(tx)
    cache.forget(store)
    return LoadSummary(files=batch.files, nodes=nodes, relationships=rels, constraints_created=constraints)


def _chunks(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _run_counted(tx: Transaction, query: str, rows: list[dict[str, Any]], tally: Tally) -> None:
    result = tx.run(query, {"rows": rows})
    counts = result[0] if result else {"written": 0, "created": 0, "updated": 0}
    if counts["written"] != len(rows):  # an endpoint vanished since validation: undo everything
        raise StoreError(f"only {counts['written']} of {len(rows)} rows could be written; nothing was kept")
    tally.rows += len(rows)
    tally.created += int(counts["created"] or 0)
    tally.updated += int(counts["updated"] or 0)


def _write_nodes(
    tx: Transaction, label: Label, rows: list[NodeRow], old: set[str], size: int, progress: Progress | None
) -> Tally:
    def payload(part: list[NodeRow]) -> list[dict[str, Any]]:
        return [{"id": r.id, "props": r.props, "sources": r.sources} for r in part]

    new = [r for r in rows if r.id not in old]
    known = [r for r in rows if r.id in old]
    tally = Tally()
    _run_parts(
        tx,
        [
            (cypher.render(_CREATE_NODES, label=label), payload(new)),
            (cypher.render(_MERGE_NODES, label=label), payload(known)),
        ],
        size,
        progress,
        tally,
    )
    return tally


def _write_rels(
    tx: Transaction, rel: RelType, edges: list[RelRow], fresh: set[str], size: int, progress: Progress | None
) -> Tally:
    """Grouped by endpoint labels so each endpoint lookup uses its label's index; an edge with an
    endpoint new to the graph cannot exist yet and is CREATEd."""
    groups: dict[tuple[Label, Label], list[RelRow]] = defaultdict(list)
    for edge in edges:
        start, end = label_of(edge.start), label_of(edge.end)
        assert start is not None and end is not None  # checked by validate()
        groups[(start, end)].append(edge)

    def payload(part: list[RelRow]) -> list[dict[str, Any]]:
        return [{"start": e.start, "end": e.end, "props": e.props, "sources": e.sources} for e in part]

    tally = Tally()
    for (start, end), group in sorted(groups.items()):
        new = [e for e in group if e.start in fresh or e.end in fresh]
        known = [e for e in group if e.start not in fresh and e.end not in fresh]
        parts = [
            (cypher.render(_CREATE_RELS, rel=rel, start=start, end=end), payload(new)),
            (cypher.render(_MERGE_RELS, rel=rel, start=start, end=end), payload(known)),
        ]
        _run_parts(tx, parts, size, progress, tally)
    return tally


def _run_parts(
    tx: Transaction,
    parts: list[tuple[str, list[dict[str, Any]]]],
    size: int,
    progress: Progress | None,
    tally: Tally,
) -> None:
    for query, rows in parts:
        for chunk in _chunks(rows, size):
            _run_counted(tx, query, chunk, tally)
            if progress:
                progress(len(chunk))
