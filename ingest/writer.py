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
from graph.schema import Label, RelType, label_of
from graph.store import GraphStore, Transaction
from ingest.batch import GraphBatch, NodeRow, RelRow
from ingest.check import check_batch
from ingest.ids import split_citation

_MERGE_NODES = cypher.load(__file__, "merge_nodes")
_MERGE_RELS = cypher.load(__file__, "merge_relationships")
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
    by_label: dict[Label, list[str]] = defaultdict(list)
    for ident in ids:
        label = label_of(ident)
        if label is not None:
            by_label[label].append(ident)
    found: dict[str, Label] = {}
    for label, wanted in by_label.items():
        for row in store.read(cypher.render(_EXISTING, label=label), {"ids": sorted(wanted)}):
            found[row["id"]] = label
    return found


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
    """Ensure the schema, validate, then write every row in one transaction."""
    constraints = ensure_schema(store)
    validate(store, batch)
    nodes: dict[str, Tally] = {}
    rels: dict[str, Tally] = {}
    with store.transaction() as tx:
        for label, node_rows in batch.nodes.items():
            if node_rows:
                nodes[label.value] = _write_nodes(tx, label, list(node_rows.values()), batch_size, progress)
        for rel, edges in batch.rels.items():
            if edges:
                rels[rel.value] = _write_rels(tx, rel, list(edges.values()), batch_size, progress)
        if any(t.created or t.updated for t in [*nodes.values(), *rels.values()]):
            revision.bump(tx)
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
    tx: Transaction, label: Label, rows: list[NodeRow], size: int, progress: Progress | None
) -> Tally:
    query = cypher.render(_MERGE_NODES, label=label)
    tally = Tally()
    for chunk in _chunks(rows, size):
        _run_counted(tx, query, [{"id": r.id, "props": r.props, "sources": r.sources} for r in chunk], tally)
        if progress:
            progress(len(chunk))
    return tally


def _write_rels(
    tx: Transaction, rel: RelType, edges: list[RelRow], size: int, progress: Progress | None
) -> Tally:
    groups: dict[tuple[Label, Label], list[RelRow]] = defaultdict(list)
    for edge in edges:
        start, end = label_of(edge.start), label_of(edge.end)
        assert start is not None and end is not None  # checked by validate()
        groups[(start, end)].append(edge)
    tally = Tally()
    for (start, end), group in sorted(groups.items()):
        query = cypher.render(_MERGE_RELS, rel=rel, start=start, end=end)
        for chunk in _chunks(group, size):
            payload = [
                {"start": e.start, "end": e.end, "props": e.props, "sources": e.sources} for e in chunk
            ]
            _run_counted(tx, query, payload, tally)
            if progress:
                progress(len(chunk))
    return tally
