"""Values derived from the whole graph (name index, sources, analytics), recomputed only when
the graph's revision token changes.

Asking the server for the token is a round trip, and one request may use the cache dozens of
times (a profile resolves a citation list per neighbour), so the token itself is trusted for
`REVISION_TTL` seconds, counted from when it was asked for. A write through this process forgets
it at once (`forget`); a write by another process is seen within the TTL. Once a token is older
than `REFRESH_AFTER`, the next use starts one background read of the next token while the
current one still answers: under steady traffic the token never runs out, so no request waits
for the round trip (when it did run out, every request in flight, 32 at the benchmark's load,
went to a thread and asked the server at once, which set the API's p99).

Per-entity values (profiles, entities) make many keys, so the cache keeps the `MAX_ENTRIES`
most recently used and forgets the rest; a whole-graph value is one key and always fits.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from graph import revision
from graph.errors import SceneKGError
from graph.store import GraphStore

log = logging.getLogger("scenekg.cache")

T = TypeVar("T")
REVISION_TTL = 1.0
REFRESH_AFTER = REVISION_TTL / 2
MAX_ENTRIES = 4096
_lock = threading.Lock()
_entries: OrderedDict[tuple[str, str], tuple[str, Any]] = OrderedDict()
_revisions: dict[str, tuple[float, str]] = {}
_forgotten: dict[str, int] = {}  # per database, how often `forget` ran: a read begun before is stale
_refreshing: set[str] = set()  # databases whose next token is being read in the background
_wanted: queue.SimpleQueue[GraphStore] = queue.SimpleQueue()  # what the refresher is to read
_refresher: list[threading.Thread] = []  # one thread, started on first need, not at import


def _revision(store: GraphStore) -> str:
    with _lock:
        token = _fresh_token(store)
    return token if token is not None else _read_token(store)


def _fresh_token(store: GraphStore) -> str | None:
    """The token still trusted (held under `_lock`), starting its background successor when due."""
    seen = _revisions.get(store.description)
    age = time.monotonic() - seen[0] if seen is not None else REVISION_TTL
    if seen is None or age >= REVISION_TTL:
        return None
    if age >= REFRESH_AFTER and store.description not in _refreshing:
        _refreshing.add(store.description)
        _wanted.put(store)  # never blocks: an event loop may be the caller
        if not _refresher:
            _refresher.append(threading.Thread(target=_refresh_forever, name="scenekg-revision", daemon=True))
            _refresher[0].start()
    return seen[1]


def _read_token(store: GraphStore) -> str:
    """Ask the server for the revision and trust it from the moment it was asked for, unless this
    process wrote (`forget`) while the answer was on its way."""
    with _lock:
        generation = _forgotten.get(store.description, 0)
    asked = time.monotonic()
    token = revision.current(store)
    with _lock:
        if _forgotten.get(store.description, 0) == generation:
            _revisions[store.description] = (asked, token)
    return token


def _refresh_forever() -> None:
    while True:
        store = _wanted.get()
        try:
            _read_token(store)
        except Exception as failed:  # this thread serves every store: it must not die
            # The token then runs out, and the next use asks in the foreground and reports.
            log.debug("reading the graph's revision in the background failed: %s", failed)
        finally:
            with _lock:
                _refreshing.discard(store.description)


def peek(store: GraphStore, key: str) -> Any | None:
    """The value `cached` would return for `key`, if it can be told without asking the server
    (its revision was read within `REVISION_TTL` and the value was kept for it); else None. For
    an event loop that must not block: a miss goes to a thread that calls `cached`."""
    with _lock:
        token = _fresh_token(store)
        entry = _entries.get((store.description, key))
        if token is None or entry is None or entry[0] != token:
            return None
        _entries.move_to_end((store.description, key))
        return entry[1]


def forget(store: GraphStore) -> None:
    """The graph behind `store` changed: check its revision again on the next use."""
    with _lock:
        _revisions.pop(store.description, None)
        _forgotten[store.description] = _forgotten.get(store.description, 0) + 1


@dataclass(frozen=True)
class Written:
    """What one committed write changed, for a hook that keeps derived data up to date by
    recomputing only what the change can reach: the revision it replaced and the one it set;
    `touched`, the ids of every node it created, replaced or removed (`nodes`) and of both ends
    of every relationship it created, replaced or removed (`relationships`: type, start id, end
    id); and for each node it created its number of relationships (all of them new with it)."""

    before: str
    after: str
    touched: frozenset[str]
    nodes: frozenset[str] = frozenset()
    relationships: frozenset[tuple[str, str, str]] = frozenset()
    created_degrees: Mapping[str, int] = field(default_factory=dict)


Hook = Callable[[GraphStore, Written | None], object]
_after_write: list[Hook] = []


def on_write(hook: Hook) -> Callable[[], None]:
    """Run `hook(store, written)` after every write through this process (once, however often
    asked): how a layer above keeps derived data on the graph (the hub profiles) without the
    writer importing it. Returns what stops it (a test's own hook must not outlive the test)."""
    with _lock:
        if hook not in _after_write:
            _after_write.append(hook)

    def stop() -> None:
        with _lock:
            if hook in _after_write:
                _after_write.remove(hook)

    return stop


def written(store: GraphStore, change: Written | None = None) -> None:
    """This process changed the graph behind `store` (`change`, if it can say what changed: a
    hook then recomputes only what that reaches): forget its revision, run the hooks.

    The write has committed when this runs, so a hook that fails (derived data too large for the
    server, the server gone) must not report the load as failed: its derived data is simply
    missing, which readers treat as not computed. It is logged as a warning."""
    forget(store)
    with _lock:
        hooks = list(_after_write)
    for hook in hooks:
        try:
            hook(store, change)
        except SceneKGError as failed:
            log.warning("after the write, %s failed: %s", getattr(hook, "__name__", hook), failed)


def cached(store: GraphStore, key: str, compute: Callable[[GraphStore], T]) -> T:
    """`compute(store)`, reused until the graph changes; one cache per database."""
    current = _revision(store)
    slot = (store.description, key)
    with _lock:
        entry = _entries.get(slot)
        if entry is not None:
            _entries.move_to_end(slot)
    if entry is not None and entry[0] == current:
        value: T = entry[1]
        return value
    value = compute(store)
    with _lock:
        _entries[slot] = (current, value)
        _entries.move_to_end(slot)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value
