"""Hub profiles kept per revision (queries.hub_profiles): the kept first page is the one
computed live, a load keeps a fresh one, and one of an older revision is never read."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from graph import revision
from graph.errors import QueryError
from graph.store import GraphStore
from ingest.pipeline import ingest
from model import cache
from model.cache import Written
from model.limits import DEFAULT_PROFILE_CAP
from queries import hub_profiles
from queries.hub_profiles import PART_CHARS, Kept, _parts
from queries.hub_refresh import refresh_hubs
from queries.profile import _build, profile
from tests.conftest import CURATED, TEMPLATES

# No entity of the bundled data has HUB_DEGREE relationships: here a hub has more than this.
DEGREE = 8


def _refresh(store: GraphStore, written: Written | None) -> int:
    return refresh_hubs(store, written, DEGREE)


def _hub(store: GraphStore) -> str:
    """The first entity of the bundled data with more than DEGREE relationships."""
    hubs = hub_profiles.hubs(store, DEGREE)
    assert hubs, "the bundled data has no hub"
    return sorted(hubs)[0]


@pytest.fixture
def kept(store: GraphStore) -> Iterator[GraphStore]:
    """The bundled dataset loaded through a writer that keeps the hub profiles."""
    stop = cache.on_write(_refresh)
    ingest(store, [CURATED], batch_size=500)
    yield store
    stop()


def _live(store: GraphStore, ident: str) -> object:
    return json.loads(_build(store, ident, DEFAULT_PROFILE_CAP, 0).model_dump_json())


def test_a_load_keeps_every_hub_profile_equal_to_the_live_one(kept: GraphStore) -> None:
    hubs = hub_profiles.hubs(kept, DEGREE)
    hub = _hub(kept)
    for ident in hubs:
        text = hub_profiles.read(kept, ident)
        assert text is not None, ident
        assert json.loads(text) == _live(kept, ident), ident
    cache.forget(kept)
    assert json.loads(profile(kept, hub).model_dump_json()) == _live(kept, hub)


def test_a_profile_of_an_older_revision_is_not_read(kept: GraphStore) -> None:
    hub = _hub(kept)
    assert hub_profiles.read(kept, hub) is not None
    with kept.transaction() as tx:  # a write that keeps no profiles (another tool, a failed refresh)
        revision.bump(tx)
    assert hub_profiles.read(kept, hub) is None
    cache.forget(kept)
    assert json.loads(profile(kept, hub).model_dump_json()) == _live(kept, hub)
    ingest(kept, sorted(TEMPLATES.glob("*.csv")), batch_size=500)  # a new load keeps anew
    text = hub_profiles.read(kept, hub)
    assert text is not None and json.loads(text) == _live(kept, hub)


def test_other_pages_are_computed_not_kept(kept: GraphStore) -> None:
    # Only the first page at the default cap is kept: another cap or offset answers live.
    hub = _hub(kept)
    small = profile(kept, hub, cap=1)
    assert small.city is not None and len(small.city.enterprises.items) <= 1
    assert small.model_dump() == _build(kept, hub, 1, 0).model_dump()


def test_profiles_are_saved_in_parts_each_within_the_bolt_limit() -> None:
    profiles = {f"city:x{i}": Kept("x" * (PART_CHARS // 3), [], [], 0) for i in range(7)}
    parts = _parts(profiles)
    assert [len(p) for p in parts] == [3, 3, 1]
    assert [r["hub"] for p in parts for r in p] == [f"city:x{i}" for i in range(7)]


def test_a_failing_hook_after_the_write_leaves_the_load_done(store: GraphStore) -> None:
    # The write has committed when the hooks run: a hook the server refuses (hub profiles too
    # large, the server gone) must not turn a committed load into a reported failure.
    def refused(_: GraphStore, __: Written | None) -> None:
        raise QueryError("the database refused the query: Error during read lock")

    stop = cache.on_write(refused)
    try:
        summary = ingest(store, [CURATED], batch_size=500)
    finally:
        stop()
    assert summary.total("nodes").created > 0
    assert store.read("MATCH (c:City {id: 'city:hefei'}) RETURN c.id AS id") == [{"id": "city:hefei"}]
