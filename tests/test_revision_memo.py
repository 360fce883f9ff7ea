"""The revision token each process trusts for `REVISION_TTL` seconds (model/cache.py): under
steady use its successor is read in the background, so no use waits for the server; a write by
another process is still seen within the TTL; and a write by this process is never undone by a
background read that was under way when it committed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from graph import revision
from graph.store import GraphStore
from model import cache


def _bump_elsewhere(store: GraphStore) -> None:
    """A write as another process makes it: the revision changes, this process is not told."""
    with store.transaction() as tx:
        revision.bump(tx)


def _counting() -> tuple[Callable[[GraphStore], int], list[int]]:
    computed = [0]

    def compute(_: GraphStore) -> int:
        computed[0] += 1
        return computed[0]

    return compute, computed


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread of every revision read (the real read, counted)."""
    seen: list[str] = []
    real = revision.current

    def spy(store: GraphStore, probe: bool = False) -> str:
        seen.append(threading.current_thread().name)
        return real(store, probe)

    monkeypatch.setattr(revision, "current", spy)
    return seen


def test_steady_use_never_waits_for_the_revision(store: GraphStore, reads: list[str]) -> None:
    compute, computed = _counting()
    cache.forget(store)
    assert cache.cached(store, "memo:steady", compute) == 1
    assert reads == ["MainThread"]  # the first use asks in the foreground
    until = time.monotonic() + 3 * cache.REVISION_TTL
    while time.monotonic() < until:
        assert cache.peek(store, "memo:steady") == 1  # the token never ran out
        time.sleep(0.02)
    assert computed == [1]
    assert len(reads) >= 3 and set(reads[1:]) == {"scenekg-revision"}


def test_a_write_by_another_process_is_seen_within_the_ttl(store: GraphStore) -> None:
    compute, computed = _counting()
    cache.forget(store)
    assert cache.cached(store, "memo:other", compute) == 1
    _bump_elsewhere(store)
    time.sleep(cache.REVISION_TTL)  # however often it was refreshed, a token this old is not trusted
    assert cache.peek(store, "memo:other") is None
    assert cache.cached(store, "memo:other", compute) == 2
    assert computed == [2]


def test_a_background_read_does_not_undo_this_process_s_write(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    compute, _ = _counting()
    cache.forget(store)
    assert cache.cached(store, "memo:own", compute) == 1
    real = revision.current

    def read_then_write(store_: GraphStore, probe: bool = False) -> str:
        token = real(store_, probe)  # the old revision is on its way back...
        if threading.current_thread().name == "scenekg-revision":
            _bump_elsewhere(store_)  # ...when this process commits a write and forgets it
            cache.forget(store_)
        return token

    monkeypatch.setattr(revision, "current", read_then_write)
    time.sleep(cache.REFRESH_AFTER)
    cache.peek(store, "memo:own")  # due: starts the background read
    until = time.monotonic() + 5
    while store.description in cache._refreshing and time.monotonic() < until:
        time.sleep(0.01)
    monkeypatch.setattr(revision, "current", real)
    assert cache.peek(store, "memo:own") is None  # the stale answer was not kept
    assert cache.cached(store, "memo:own", compute) == 2
