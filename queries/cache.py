"""Values derived from the whole graph (name index, sources, analytics), recomputed only when
the graph's revision token changes."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from graph import revision
from graph.store import GraphStore

T = TypeVar("T")
_lock = threading.Lock()
_entries: dict[tuple[str, str], tuple[str, Any]] = {}


def cached(store: GraphStore, key: str, compute: Callable[[GraphStore], T]) -> T:
    """`compute(store)`, reused until the graph changes; one cache per database."""
    current = revision.current(store)
    slot = (store.description, key)
    with _lock:
        entry = _entries.get(slot)
    if entry is not None and entry[0] == current:
        value: T = entry[1]
        return value
    value = compute(store)
    with _lock:
        _entries[slot] = (current, value)
    return value
