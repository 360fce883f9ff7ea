"""Hub profiles kept on the graph per revision: a hub's first page (hundreds of neighbours,
thousands of enterprises to sort) costs seconds to compute, so it is computed after each write
(queries.hub_refresh), not on the first request of every process (a CLI `show` is a new process).

Each is kept as the profile's JSON on an internal `SceneKGMeta` node (`id` 'profile:<entity
id>', unique and indexed), and beside it, on a small node of its own ('hubref:<entity id>'),
what the next write needs to tell whether it can change it: the ids it shows (`refs`), its
places (itself, or a city and its districts) and its relationship count. The `SceneKGMeta` node
'profiles' says at which revision the kept set was made every hub's, and lists the hubs. A
profile is read only while that is still the graph's revision, so a later write that did not
refresh the set (another process, a failed refresh) makes them all unused rather than wrong; a
write that cannot change a profile leaves it as it is (no rewrite of tens of kilobytes each).
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
_MARKER = cypher.load(__file__, "hub_profiles_marker")
_INDEX = cypher.load(__file__, "hub_profiles_index")
_HIT = cypher.load(__file__, "hub_profiles_hit")
_FORGET = cypher.load(__file__, "hub_profiles_forget")
_DROP = cypher.load(__file__, "hub_profiles_drop")
_SAVE = cypher.load(__file__, "hub_profiles_save")
_DONE = cypher.load(__file__, "hub_profiles_done")
_READ = cypher.load(__file__, "hub_profile_read")
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
    """What is kept: the revision at which it was made every hub's with more than `degree`
    relationships (None: never), and each kept hub's relationships and places."""

    complete: str | None
    degree: int | None
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
    marker = store.read(_MARKER)
    if not marker or marker[0]["hubs"] is None:
        return KeptSet(None, None, {}, {})
    rows = store.read(_INDEX, {"hubs": marker[0]["hubs"]})
    return KeptSet(
        complete=marker[0]["revision"],
        degree=marker[0]["degree"],
        degrees={row["id"]: row["degree"] for row in rows},
        places={row["id"]: row["places"] for row in rows},
    )


def showing(store: GraphStore, hubs: Iterable[str], ids: Iterable[str]) -> set[str]:
    """Those of the kept `hubs` whose profile shows one of `ids`."""
    rows = store.read(_HIT, {"hubs": sorted(hubs), "ids": sorted(set(ids))})
    return {row["id"] for row in rows}


def save(
    store: GraphStore,
    token: str,
    degree: int,
    hubs: Iterable[str],
    profiles: dict[str, Kept],
    gone: Iterable[str] | None = None,
) -> None:
    """Mark the kept set as every one of `hubs`' (more than `degree` relationships) at revision
    `token`, keeping `profiles` (entity id -> what to keep) computed at it, in one transaction.
    Profiles of `gone` go; without `gone`, every profile but those of `hubs` goes."""
    hubs = sorted(hubs)
    with store.transaction() as tx:
        for rows in _parts(profiles):
            tx.run(_SAVE, {"rows": rows})
        if gone is None:
            tx.run(_DROP, {"hubs": hubs})
        else:
            tx.run(_FORGET, {"hubs": sorted(gone)})
        tx.run(_DONE, {"revision": token, "degree": degree, "hubs": hubs})


def _parts(profiles: dict[str, Kept]) -> list[list[dict[str, object]]]:
    """The rows to save, in parts of about `PART_CHARS` characters each."""
    parts: list[list[dict[str, object]]] = []
    size = 0
    for ident, kept in profiles.items():
        if not parts or size + len(kept.profile) > PART_CHARS:
            parts.append([])
            size = 0
        row = {"hub": ident, "profile": kept.profile, "refs": kept.refs}
        parts[-1].append({**row, "places": kept.places, "degree": kept.degree})
        size += len(kept.profile)
    return parts


def read(store: GraphStore, ident: str) -> str | None:
    """The kept profile JSON of `ident` if it was computed at the current revision, else None."""
    rows = store.read(_READ, {"hub": ident})
    return str(rows[0]["profile"]) if rows else None
