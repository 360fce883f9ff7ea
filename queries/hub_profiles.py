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
# Characters of profile JSON per statement: one Bolt message may not exceed 16 MiB on the
# embedded server (a hub's profile is tens of kB; all of L's at once were more).
PART_CHARS = 4_000_000


def hubs(store: GraphStore, degree: int) -> list[str]:
    """The ids of every entity with more than `degree` relationships."""
    return [row["id"] for row in store.read(_HUBS, {"min": degree})]


def save(store: GraphStore, token: str, profiles: dict[str, str]) -> None:
    """Keep `profiles` (entity id -> JSON), computed at revision `token`, in one transaction;
    those kept for any other revision go."""
    with store.transaction() as tx:
        tx.run(_DROP, {"revision": token})
        for rows in _parts(profiles):
            tx.run(_SAVE, {"rows": rows, "revision": token})


def _parts(profiles: dict[str, str]) -> list[list[dict[str, str]]]:
    """The rows to save, in parts of about `PART_CHARS` characters each."""
    parts: list[list[dict[str, str]]] = []
    size = 0
    for ident, text in profiles.items():
        if not parts or size + len(text) > PART_CHARS:
            parts.append([])
            size = 0
        parts[-1].append({"id": _PREFIX + ident, "profile": text})
        size += len(text)
    return parts


def read(store: GraphStore, ident: str) -> str | None:
    """The kept profile JSON of `ident` if it was computed at the current revision, else None."""
    rows = store.read(_READ, {"id": _PREFIX + ident})
    return str(rows[0]["profile"]) if rows else None
