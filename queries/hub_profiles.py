"""Hub profiles kept on the graph per revision: a hub's first page (hundreds of neighbours,
thousands of enterprises to sort) costs seconds to compute, so it is computed after each write
(queries.hub_refresh), not on the first request of every process (a CLI `show` is a new process).

Each is kept as the profile's JSON on an internal `SceneKGMeta` node (`id` 'profile:<entity
id>', unique and indexed) tagged with the revision it was computed at, beside what the next
write needs to tell whether it can change it: the ids it shows (`refs`), its places (itself, or
a city and its districts) and its relationship count. It is read only while that is still the
graph's revision, so a later write that did not recompute or carry it over (another process, a
failed refresh) makes it unused rather than wrong. A `SceneKGMeta` node 'profiles' says at which
revision the kept set was every hub's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph import cypher
from graph.schema import group_by_label
from graph.store import GraphStore

_HUBS = cypher.load(__file__, "hub_ids")
_DEGREES = cypher.load(__file__, "hub_degrees")
_NEAR = cypher.load(__file__, "hub_near")
_KEPT = cypher.load(__file__, "hub_profiles_kept")
_HIT = cypher.load(__file__, "hub_profiles_hit")
_CARRY = cypher.load(__file__, "hub_profiles_carry")
_DROP = cypher.load(__file__, "hub_profiles_drop")
_SAVE = cypher.load(__file__, "hub_profiles_save")
_DONE = cypher.load(__file__, "hub_profiles_done")
_READ = cypher.load(__file__, "hub_profile_read")
_PREFIX = "profile:"
# Characters of profile JSON per statement: one Bolt message may not exceed 16 MiB on the
# embedded server (a hub's profile is tens of kB; all of L's at once were more).
PART_CHARS = 4_000_000


@dataclass(frozen=True)
class Kept:
    """A hub profile to keep: its JSON, the ids it shows, its places, its relationship count."""

    profile: str
    refs: list[str]
    places: list[str]
    degree: int


@dataclass(frozen=True)
class KeptSet:
    """What is kept: the revision at which it was every hub's with more than `degree`
    relationships (None: never), and each kept hub's revision, relationships and places."""

    complete: str | None
    degree: int | None
    revisions: dict[str, str]
    degrees: dict[str, int]
    places: dict[str, list[str]]


def hubs(store: GraphStore, degree: int) -> dict[str, int]:
    """Every entity with more than `degree` relationships, and how many it has."""
    return {row["id"]: row["degree"] for row in store.read(_HUBS, {"min": degree})}


def degrees(store: GraphStore, ids: Iterable[str]) -> dict[str, int]:
    """The relationships of each of `ids` that exists."""
    out: dict[str, int] = {}
    for label, wanted in group_by_label(ids).items():
        out.update(
            (r["id"], r["degree"]) for r in store.read(cypher.render(_DEGREES, label=label), {"ids": wanted})
        )
    return out


def near(store: GraphStore, ids: Iterable[str]) -> set[str]:
    """The ids of every entity tied to one of `ids`."""
    out: set[str] = set()
    for label, wanted in group_by_label(ids).items():
        out.update(r["id"] for r in store.read(cypher.render(_NEAR, label=label), {"ids": wanted}))
    return out


def kept(store: GraphStore) -> KeptSet:
    rows = store.read(_KEPT)
    found = [row for row in rows if row["id"] is not None]
    return KeptSet(
        complete=rows[0]["complete"] if rows else None,
        degree=rows[0]["min"] if rows else None,
        revisions={row["id"][len(_PREFIX) :]: row["revision"] for row in found},
        degrees={row["id"][len(_PREFIX) :]: row["degree"] or 0 for row in found},
        places={row["id"][len(_PREFIX) :]: row["places"] or [] for row in found},
    )


def showing(store: GraphStore, before: str, ids: Iterable[str]) -> set[str]:
    """The hubs whose profile kept at revision `before` shows one of `ids`."""
    rows = store.read(_HIT, {"before": before, "ids": sorted(set(ids))})
    return {row["id"][len(_PREFIX) :] for row in rows}


def save(
    store: GraphStore,
    token: str,
    degree: int,
    profiles: dict[str, Kept],
    carried: Iterable[str] = (),
    before: str | None = None,
) -> None:
    """Keep `profiles` (entity id -> what to keep), computed at revision `token`, and carry
    those of `carried` over from revision `before` (the write cannot have changed them), in one
    transaction; any other goes, and the set is marked as every hub's (more than `degree`
    relationships) at `token`."""
    with store.transaction() as tx:
        if before is not None:
            ids = [_PREFIX + ident for ident in carried]
            tx.run(_CARRY, {"ids": ids, "before": before, "after": token})
        for rows in _parts(profiles):
            tx.run(_SAVE, {"rows": rows, "revision": token})
        tx.run(_DROP, {"revision": token})
        tx.run(_DONE, {"revision": token, "degree": degree})


def _parts(profiles: dict[str, Kept]) -> list[list[dict[str, object]]]:
    """The rows to save, in parts of about `PART_CHARS` characters each."""
    parts: list[list[dict[str, object]]] = []
    size = 0
    for ident, kept in profiles.items():
        if not parts or size + len(kept.profile) > PART_CHARS:
            parts.append([])
            size = 0
        row = {"id": _PREFIX + ident, "profile": kept.profile, "refs": kept.refs}
        parts[-1].append({**row, "places": kept.places, "degree": kept.degree})
        size += len(kept.profile)
    return parts


def read(store: GraphStore, ident: str) -> str | None:
    """The kept profile JSON of `ident` if it was computed at the current revision, else None."""
    rows = store.read(_READ, {"id": _PREFIX + ident})
    return str(rows[0]["profile"]) if rows else None
