"""Hub profiles kept on the graph per revision: a hub's first page (hundreds of neighbours,
thousands of enterprises to sort) costs seconds to compute, so it is computed once, in bulk
after each write, not on the first request of every process (a CLI `show` is a new process).

Each is kept as the profile's JSON on an internal `SceneKGMeta` node (`id` 'profile:<entity
id>', unique and indexed) tagged with the revision it was computed at. It is read only while
that is still the graph's revision, so a later write that did not recompute it (another
process, a failed refresh) makes it unused rather than wrong.
"""

from __future__ import annotations

from graph import cypher
from graph.store import GraphStore

_HUBS = cypher.load(__file__, "hub_ids")
_DROP = cypher.load(__file__, "hub_profiles_drop")
_SAVE = cypher.load(__file__, "hub_profiles_save")
_READ = cypher.load(__file__, "hub_profile_read")
_PREFIX = "profile:"


def hubs(store: GraphStore, degree: int) -> list[str]:
    """The ids of every city (the profile analysts open first) and of every other entity with
    more than `degree` relationships."""
    return [row["id"] for row in store.read(_HUBS, {"min": degree})]


def save(store: GraphStore, token: str, profiles: dict[str, str]) -> None:
    """Keep `profiles` (entity id -> JSON), computed at revision `token`, in one transaction;
    those kept for any other revision go."""
    rows = [{"id": _PREFIX + ident, "profile": text} for ident, text in profiles.items()]
    with store.transaction() as tx:
        tx.run(_DROP, {"revision": token})
        if rows:
            tx.run(_SAVE, {"rows": rows, "revision": token})


def read(store: GraphStore, ident: str) -> str | None:
    """The kept profile JSON of `ident` if it was computed at the current revision, else None."""
    rows = store.read(_READ, {"id": _PREFIX + ident})
    return str(rows[0]["profile"]) if rows else None
