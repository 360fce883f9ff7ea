"""Loads in progress: one at a time per data folder, and loads too large for one transaction.

**One at a time.** A load holds an exclusive `flock` on `<data folder>/load.lock` from its first
check to its commit, with its pid, host and start time written in the file. A second load waits
for it (and says whose load it waits for) instead of colliding with it on the server, which the
embedded server reports as a raw "Concurrent modification … Please retry". The kernel drops the
lock when the process dies, so a lock is never stale. Loads from other machines (a shared Neo4j)
are not serialised by it; there the loader's retry of conflicting transactions applies.

**In parts.** A load larger than one transaction should hold (the heap of the embedded server
is 1 GB by default) commits its creations in parts. It first commits a record of itself, and
every part commits, in the same transaction as its rows, a record of what it created; updates,
removals and the revision follow in one last transaction, which also deletes the records. A load
that fails, or whose process was killed, is undone from its records, part by part: on failure
by the loader itself, after a kill by the next load or the next `scenekg` command that opens the
graph and finds the lock free (`recover`). The records live on the internal `SceneKGMeta` label,
outside the data model.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from graph import cypher
from graph.schema import Label, RelType
from graph.store import GraphStore, Transaction

LOCK_FILE = "load.lock"
_BEGIN = cypher.load(__file__, "load_begin")
_RECORD = cypher.load(__file__, "load_undo_record")
_UNFINISHED = cypher.load(__file__, "load_unfinished")
_PARTS = cypher.load(__file__, "load_undo_parts")
_FORGET_PART = cypher.load(__file__, "load_forget_part")
_FINISH = cypher.load(__file__, "load_finish")
_UNDO_NODES = cypher.load(__file__, "undo_nodes")
_UNDO_RELS = cypher.load(__file__, "undo_relationships")


@dataclass(frozen=True)
class Loader:
    """Who runs a load: its process, machine and start time (UTC, ISO 8601)."""

    pid: int
    host: str
    started: str

    def __str__(self) -> str:
        return f"a load by pid {self.pid} on {self.host}, started {self.started}"


def _me() -> Loader:
    return Loader(os.getpid(), socket.gethostname(), datetime.now(UTC).isoformat(timespec="seconds"))


def _read_holder(handle: IO[str]) -> Loader | None:
    handle.seek(0)
    try:
        data = json.loads(handle.read() or "null")
        return Loader(int(data["pid"]), str(data["host"]), str(data["started"]))
    except (ValueError, TypeError, KeyError):
        return None


@contextmanager
def exclusive(lock_dir: Path, on_wait: Callable[[Loader | None], None] | None = None) -> Iterator[Loader]:
    """Hold the data folder's load lock for the block, waiting for a load that holds it first
    (`on_wait` is told whose, once)."""
    lock_dir.mkdir(parents=True, exist_ok=True)
    with open(lock_dir / LOCK_FILE, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait(_read_holder(handle))
            fcntl.flock(handle, fcntl.LOCK_EX)
        me = _me()
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(vars(me)))
        handle.flush()
        try:
            yield me
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def holder(lock_dir: Path) -> Loader | None:
    """The load holding the data folder's lock right now, or None."""
    path = lock_dir / LOCK_FILE
    if not path.exists():
        return None
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(handle) or Loader(-1, "?", "?")
        fcntl.flock(handle, fcntl.LOCK_UN)
        return None


def in_progress(store: GraphStore) -> str | None:
    """A sentence naming the load in progress on this graph, or None: this machine's lock holder,
    else a load in parts recorded in the graph (which may run on another machine)."""
    local = holder(store.lock_dir) if store.lock_dir is not None else None
    if local is not None:
        return str(local)
    for row in store.read(_UNFINISHED):
        return f"{Loader(int(row['pid']), row['host'], row['started'])} (in parts, not yet committed)"
    return None


def begin(store: GraphStore, load: str, files: list[str]) -> None:
    """Commit the record of a load in parts before its first part."""
    me = _me()
    with store.transaction() as tx:
        tx.run(_BEGIN, {"id": f"load:{load}", "load": load, "files": files, **vars(me)})


def record_nodes(tx: Transaction, load: str, part: int, label: Label, ids: list[str]) -> None:
    """In the transaction that creates them: which nodes of `label` part `part` created."""
    tx.run(_RECORD, _part(load, part) | {"label": label.value, "ids": ids})


def record_rels(
    tx: Transaction,
    load: str,
    part: int,
    rel: RelType,
    ends: tuple[Label, Label],
    keys: list[tuple[str, str]],
) -> None:
    """In the transaction that creates them: which relationships part `part` created."""
    starts, stops = [k[0] for k in keys], [k[1] for k in keys]
    tx.run(
        _RECORD,
        _part(load, part)
        | {"rel": rel.value, "start": ends[0].value, "end": ends[1].value}
        | {"starts": starts, "ends": stops},
    )


def _part(load: str, part: int) -> dict[str, Any]:
    empty: dict[str, Any] = dict.fromkeys(("label", "rel", "start", "end", "ids", "starts", "ends"))
    return empty | {"id": f"undo:{load}:{part:06d}", "load": load}


def finish(tx: Transaction, load: str) -> None:
    """In the load's last transaction: its records go."""
    tx.run(_FINISH, {"load": load})


def undo(store: GraphStore, load: str) -> None:
    """Take out what the parts of `load` created, one part per transaction (each deleting its own
    record, so an undo interrupted in turn resumes where it stopped), then the load's record."""
    for part in store.read(_PARTS, {"load": load}):
        with store.transaction() as tx:
            if part["rel"] is not None:
                query = cypher.render(
                    _UNDO_RELS, rel=RelType(part["rel"]), start=Label(part["start"]), end=Label(part["end"])
                )
                tx.run(query, {"starts": part["starts"], "ends": part["ends"]})
            else:
                tx.run(cypher.render(_UNDO_NODES, label=Label(part["label"])), {"ids": part["ids"]})
            tx.run(_FORGET_PART, {"id": part["id"]})
    with store.transaction() as tx:
        finish(tx, load)


def undo_unfinished(store: GraphStore) -> list[str]:
    """Undo every load in parts that this machine recorded in the graph and did not finish; call
    with the load lock held (so none of them runs). A load recorded by another machine is left
    to it: this lock says nothing about that machine. Returns the loads undone."""
    here = socket.gethostname()
    loads = [str(row["load"]) for row in store.read(_UNFINISHED) if row["host"] == here]
    for load in loads:
        undo(store, load)
    return loads


def recover(store: GraphStore) -> list[str]:
    """Undo the loads in parts that a killed process left, unless a load is running now (the
    lock is taken without waiting; if it is held, nothing is done)."""
    if store.lock_dir is None or not store.read(_UNFINISHED):
        return []
    try:
        with _try_lock(store.lock_dir):
            return undo_unfinished(store)
    except BlockingIOError:
        return []


@contextmanager
def _try_lock(lock_dir: Path) -> Iterator[None]:
    with open(lock_dir / LOCK_FILE, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
