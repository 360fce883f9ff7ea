"""Check a `GraphBatch` against the graph, work out what it changes, then write that in one
transaction.

Nothing is written until every check has passed; the plan (`ingest.plan`) is the exact
difference between the batch and the graph, so the summary's counts are what happened and a
dry run is the plan without the write. The write is one explicit transaction, so a bad file or a
failure half-way leaves the graph as it was.
"""

from __future__ import annotations

import contextlib
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import chain
from typing import Any

from pydantic import BaseModel, ConfigDict

from graph import cypher, loads, revision
from graph.constraints import ensure_schema
from graph.errors import InputErrors, StoreError
from graph.retry import with_retries
from graph.schema import Label, RelType, group_by_label, label_of
from graph.settings import DEFAULT_COMMIT_ROWS
from graph.store import GraphStore, Transaction
from ingest.batch import GraphBatch, bulk
from ingest.check import check_batch
from ingest.plan import Changes, Plan, make_plan
from model import cache
from model.citations import source_of

_EXISTING = cypher.load(__file__, "existing_ids")
_BROADER = cypher.load(__file__, "broader_edges")
_NODE_WRITES = {
    "remove": cypher.load(__file__, "remove_nodes"),
    "create": cypher.load(__file__, "create_nodes"),
    "update": cypher.load(__file__, "replace_nodes"),
}
_REL_WRITES = {
    "remove": cypher.load(__file__, "remove_relationships"),
    "create": cypher.load(__file__, "create_relationships"),
    "update": cypher.load(__file__, "replace_relationships"),
}

Progress = Callable[[int], None]


class Tally(BaseModel):
    """One label or relationship type: the rows the batch gave, and what the load did. `updated`
    and `removed` also count facts outside the batch that lost a synced source's citation."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


class LoadSummary(BaseModel):
    """What a load did (or, with `dry_run`, would do), per label and per relationship type."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "files": [],
                "nodes": {
                    "Opportunity": {"rows": 0, "created": 0, "updated": 0, "removed": 3, "unchanged": 0},
                    "Source": {"rows": 0, "created": 0, "updated": 0, "removed": 1, "unchanged": 0},
                },
                "relationships": {
                    "LOCATED_IN": {"rows": 0, "created": 0, "updated": 0, "removed": 3, "unchanged": 0},
                    "NEEDS": {"rows": 0, "created": 0, "updated": 0, "removed": 5, "unchanged": 0},
                },
                "constraints_created": 0,
                "synced": ["source:csv-opportunities"],
                "dry_run": True,
            }
        }
    )

    files: list[str]
    nodes: dict[str, Tally]
    relationships: dict[str, Tally]
    constraints_created: int
    synced: list[str] = []
    dry_run: bool = False

    def total(self, part: str) -> Tally:
        tallies = list(self.nodes.values() if part == "nodes" else self.relationships.values())
        return Tally(**{key: sum(getattr(t, key) for t in tallies) for key in Tally.model_fields})


def referenced_ids(batch: GraphBatch) -> set[str]:
    """Ids the batch points at (edge ends, cited sources) that it does not define itself."""
    wanted: set[str] = set()
    for edges in batch.rels.values():
        wanted.update(chain.from_iterable(edges))  # each key is (start, end)
    cited = [row.sources for rows in batch.nodes.values() for row in rows.values()]
    cited += [edge.sources for edges in batch.rels.values() for edge in edges.values()]
    wanted.update(map(source_of, chain.from_iterable(cited)))
    return wanted.difference(batch.node_ids())


def existing_ids(store: GraphStore, ids: Iterable[str]) -> dict[str, Label]:
    """Which of `ids` exist in the graph, looked up per label through the unique index."""
    found: dict[str, Label] = {}
    for label, wanted in group_by_label(ids).items():
        for row in store.read(cypher.render(_EXISTING, label=label), {"ids": wanted}):
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
    store: GraphStore,
    batch: GraphBatch,
    batch_size: int,
    progress: Progress | None = None,
    dry_run: bool = False,
    commit_rows: int = DEFAULT_COMMIT_ROWS,
    on_wait: Callable[[loads.Loader | None], None] | None = None,
) -> LoadSummary:
    """Ensure the schema, validate, plan, then write the plan (or, with `dry_run`, only report
    it). Rows the plan found absent are CREATEd, changed ones get their whole new property map,
    and facts no source supports any more are deleted. A plan of at most `commit_rows` changes is
    one transaction; a larger one commits its creations in parts (`graph.loads`). The data
    folder's load lock is held throughout: a second load waits (`on_wait` hears whose load).
    A retryable failure (another machine's load writing the same records, a server that moved)
    redoes all of it, checks and plan included: what is new may have changed meanwhile."""
    lock = loads.exclusive(store.lock_dir, on_wait) if store.lock_dir is not None else nullcontext()
    with lock:
        if not dry_run:
            loads.undo_unfinished(store)  # what a killed load in parts left goes first
        return with_retries(lambda: _write_once(store, batch, batch_size, progress, dry_run, commit_rows))


def _write_once(
    store: GraphStore,
    batch: GraphBatch,
    batch_size: int,
    progress: Progress | None,
    dry_run: bool,
    commit_rows: int,
) -> LoadSummary:
    constraints = 0 if dry_run else ensure_schema(store)
    with bulk():
        validate(store, batch)
        plan = make_plan(store, batch)
    summary = summarise(batch, plan, constraints, dry_run)
    if dry_run or not plan.changes():
        return summary
    if plan.changes() <= commit_rows:
        with store.transaction() as tx:
            for step in [*_steps(plan, "remove"), *_steps(plan, "create"), *_steps(plan, "update")]:
                _run(tx, step, batch_size, progress)
            before, after = revision.bump(tx)
    else:
        before, after = _write_in_parts(store, batch, plan, batch_size, commit_rows, progress)
    change = cache.Written(
        before,
        after,
        touched=frozenset(plan.touched()),
        nodes=frozenset(plan.changed_nodes()),
        relationships=frozenset(plan.changed_relationships()),
        created_degrees=plan.created_degrees(),
    )
    cache.written(store, change)
    return summary


def _write_in_parts(
    store: GraphStore,
    batch: GraphBatch,
    plan: Plan,
    batch_size: int,
    commit_rows: int,
    progress: Progress | None,
) -> tuple[str, str]:
    """Creations in parts of about `commit_rows` rows, each recording what it created; then the
    removals, updates, revision and the end of the records in one last transaction (the
    revision it replaced and the new one are returned). Any failure undoes the parts already
    committed. A relationship with an end this load creates is not recorded: undoing that node
    (DETACH DELETE) takes it too."""
    load = uuid.uuid4().hex
    created = {ident for changes in plan.nodes.values() for ident in changes.create}
    loads.begin(store, load, batch.files)
    try:
        chunks = [
            (step, chunk) for step in _steps(plan, "create") for chunk in _chunks(step.rows, batch_size)
        ]
        part = 0
        while chunks:
            taken = 0
            with store.transaction() as tx:
                while chunks and taken < commit_rows:
                    step, chunk = chunks.pop(0)
                    _run(tx, Step(step.query, chunk, step.label, step.rel, step.ends), len(chunk), progress)
                    step.record(tx, load, part, chunk, created)
                    taken += len(chunk)
                    part += 1
        with store.transaction() as tx:
            for step in [*_steps(plan, "remove"), *_steps(plan, "update")]:
                _run(tx, step, batch_size, progress)
            loads.finish(tx, load)
            return revision.bump(tx)
    except BaseException:
        with contextlib.suppress(StoreError):  # a dead server: the next load or command undoes it
            loads.undo(store, load)
        raise


@dataclass
class Step:
    """One statement of the plan and its rows: the rows of one kind of change to one label, or
    to one relationship type between one start and one end label."""

    query: str
    rows: list[dict[str, Any]]
    label: Label | None = None
    rel: RelType | None = None
    ends: tuple[Label, Label] | None = None

    def record(
        self, tx: Transaction, load: str, part: int, rows: list[dict[str, Any]], created: set[str]
    ) -> None:
        """Record what these created rows are, for `graph.loads.undo`: nodes, and relationships
        between two nodes that were there before (undoing a node of `created` takes its own)."""
        if self.label is not None:
            loads.record_nodes(tx, load, part, self.label, [row["props"]["id"] for row in rows])
        elif self.rel is not None and self.ends is not None:
            keys = [(r["start"], r["end"]) for r in rows if created.isdisjoint((r["start"], r["end"]))]
            if keys:
                loads.record_rels(tx, load, part, self.rel, self.ends, keys)


def _steps(plan: Plan, kind: str) -> list[Step]:
    """The statements of one kind of change, in the order they must run: removals take the
    relationships before the nodes; creations and updates the nodes before the relationships,
    so a relationship always finds both its ends."""
    nodes = [
        Step(cypher.render(_NODE_WRITES[kind], label=label, **_keys(rows, kind)), rows, label=label)
        for label, changes in sorted(plan.nodes.items())
        for rows in [_node_rows(changes, kind)]
    ]
    rels = [step for rel, changes in sorted(plan.rels.items()) for step in _rel_steps(rel, changes, kind)]
    return [step for step in ([*rels, *nodes] if kind == "remove" else [*nodes, *rels]) if step.rows]


def _node_rows(changes: Changes, kind: str) -> list[dict[str, Any]]:
    if kind == "remove":
        return [{"id": ident} for ident in sorted(changes.remove)]
    return [{"props": props} for props in (changes.create if kind == "create" else changes.update).values()]


def _rel_steps(rel: RelType, changes: Changes, kind: str) -> list[Step]:
    """Grouped by endpoint labels so each endpoint lookup uses its label's index."""
    keyed: dict[Any, dict[str, Any]] = (
        {key: {} for key in changes.remove}
        if kind == "remove"
        else (changes.create if kind == "create" else changes.update)
    )
    groups: dict[tuple[Label, Label], list[dict[str, Any]]] = defaultdict(list)
    for (start, end), props in sorted(keyed.items()):
        start_label, end_label = label_of(start), label_of(end)
        assert start_label is not None and end_label is not None  # checked by validate()
        groups[(start_label, end_label)].append({"start": start, "end": end, "props": props})
    return [
        Step(
            cypher.render(_REL_WRITES[kind], rel=rel, start=ends[0], end=ends[1], **_keys(rows, kind)),
            rows,
            rel=rel,
            ends=ends,
        )
        for ends, rows in sorted(groups.items())
    ]


def _keys(rows: list[dict[str, Any]], kind: str) -> dict[str, cypher.Properties]:
    """For a creation, every property key its rows hold, written into the CREATE."""
    if kind != "create":
        return {}
    keys: set[str] = set()
    for row in rows:
        keys.update(row["props"])
    return {"props": cypher.Properties(tuple(sorted(keys)))}


def _chunks(rows: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _run(tx: Transaction, step: Step, size: int, progress: Progress | None) -> None:
    for chunk in _chunks(step.rows, size):
        result = tx.run(step.query, {"rows": chunk})
        written = int(result[0]["written"]) if result else 0
        if written != len(chunk):  # the graph changed since the plan was made: undo everything
            raise StoreError(f"only {written} of {len(chunk)} rows could be written; nothing was kept")
        if progress:
            progress(len(chunk))


def summarise(batch: GraphBatch, plan: Plan, constraints: int, dry_run: bool) -> LoadSummary:
    def tally(changes: Changes, given: Iterable[Any]) -> Tally:
        updated_given = sum(1 for key in given if key in changes.update)
        return Tally(
            rows=changes.rows,
            created=len(changes.create),
            updated=len(changes.update),
            removed=len(changes.remove),
            unchanged=changes.rows - len(changes.create) - updated_given,
        )

    nodes = {
        label.value: tally(changes, batch.nodes.get(label, {}))
        for label, changes in sorted(plan.nodes.items())
        if changes.rows or changes.changes()
    }
    rels = {
        rel.value: tally(changes, batch.rels.get(rel, {}))
        for rel, changes in sorted(plan.rels.items())
        if changes.rows or changes.changes()
    }
    return LoadSummary(
        files=batch.files,
        nodes=nodes,
        relationships=rels,
        constraints_created=constraints,
        synced=sorted(batch.synced),
        dry_run=dry_run,
    )
