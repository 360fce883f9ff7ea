"""Keep the first page of every hub's profile on the graph after each write (queries.
hub_profiles), computing as little as the write allows.

In bulk: the hubs' profiles are computed a chunk at a time, each part of a profile one query
for the whole chunk (queries.profile `build_many`, the very queries a request runs for one).

Only what the write can reach: if the kept set was every hub's at the revision the write
replaced, a kept profile is left as it is unless the write created, replaced or removed
- a node it shows (a neighbour, a section's item, a place, a figure, a source), or the lower end
  of a PART_OF (the places above a shown place are shown too);
- a relationship at one of its places (the hub itself, or a city and its districts): its
  neighbours and ties, a city's districts and sections, what counts for its key figures;
- a relationship one hop beyond a neighbour of its places, of the kinds a profile follows that
  far (a scenario's or initiative's APPLIES and PARTICIPATES_IN, an owner's HAS_FIGURE, a
  neighbour's LOCATED_IN for the places it is tied to), or a figure of such an owner.
A node the write created is shown nowhere yet, and all its relationships are new. Otherwise (no
kept set, one of another revision, a write touching too much), every hub is recomputed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from graph import revision
from graph.schema import Label, label_of
from graph.store import GraphStore
from model.cache import Written
from model.limits import DEFAULT_PROFILE_CAP, HUB_DEGREE
from queries import hub_profiles
from queries.hub_profiles import Kept
from queries.profile import Profile, build_many

# Relationships a profile reaches one hop beyond a neighbour of its places (see the module's
# docstring), by the type of the second hop, and which end of it is that neighbour.
_SECOND = {"APPLIES", "PARTICIPATES_IN", "HAS_FIGURE", "LOCATED_IN"}
_FROM_START = {"APPLIES", "HAS_FIGURE", "LOCATED_IN"}
# Above this many touched ids, finding what they reach costs more than recomputing every hub.
MAX_TOUCHED = 2_000
# Hubs in one bulk computation, and their relationships: the server bounds one query's memory.
CHUNK_HUBS = 200
CHUNK_DEGREE = 40_000


def refresh_hubs(store: GraphStore, written: Written | None = None, degree: int = HUB_DEGREE) -> int:
    """Keep the first page of the profile of every entity with more than `degree` relationships
    at the revision `written` set (else the current one), recomputing only those the write can
    have changed when it can tell; returns how many hubs there are. Tagged with that revision: a
    write meanwhile leaves them unused, never wrong."""
    token = written.after if written else revision.current(store)
    state = hub_profiles.kept(store) if written else None
    if written and state and _can_carry(written, state, degree):
        hubs, carried = _reached(store, written, state, degree)
        gone: set[str] | None = set(state.degrees) - set(hubs)
    else:
        hubs, carried, gone = hub_profiles.hubs(store, degree), set(), None
    computed = compute(store, {h: d for h, d in hubs.items() if h not in carried})
    hub_profiles.save(store, token, degree, hubs, computed, gone)
    return len(hubs)


def _can_carry(written: Written, state: hub_profiles.KeptSet, degree: int) -> bool:
    """Whether the hubs after `written` can be told from it and the kept set (every hub's at the
    revision it replaced; a graph never written has none) without asking the whole graph."""
    if written.before == "none":
        return True
    return state.complete == written.before and state.degree == degree and len(written.touched) <= MAX_TOUCHED


def _reached(
    store: GraphStore, written: Written, state: hub_profiles.KeptSet, degree: int
) -> tuple[dict[str, int], set[str]]:
    """The hubs after the write (id -> relationships), and those of them whose kept profile
    the write cannot have changed."""
    touched = written.touched
    existing = [t for t in touched if t not in written.created_degrees]
    found = hub_profiles.degrees(store, existing) if existing else {}
    counts = {h: d for h, d in state.degrees.items() if h not in touched}
    counts.update(written.created_degrees)
    counts.update(found)
    hubs = {h: d for h, d in counts.items() if d > degree}
    if written.before == "none":  # a graph never written kept nothing: every hub is new
        return hubs, set()
    # What a profile shows changed: a node it shows, or the place of a place it shows.
    shown = {t for t in written.nodes if t not in written.created_degrees}
    shown |= {start for kind, start, _ in written.relationships if kind == "PART_OF"}
    # What it counts changed: a relationship at one of its places, or one hop beyond a neighbour
    # of its places (the near end of that hop tied to a place); a figure counts for its owner.
    figures = [t for t in written.nodes if t in found and label_of(t) is Label.FIGURE]
    owners = hub_profiles.near(store, figures) if figures else set()
    seconds = {
        start if kind in _FROM_START else end for kind, start, end in written.relationships if kind in _SECOND
    }
    ties = {t for t in seconds if t in found} | owners
    ends = set(touched) | owners | (hub_profiles.near(store, ties) if ties else set())
    changed = hub_profiles.showing(store, state.degrees, shown) if shown else set()
    changed |= {h for h, places in state.places.items() if ends.intersection(places)}
    carried = {h for h in hubs if h in state.degrees and h not in changed}
    return hubs, carried


def compute(store: GraphStore, hubs: dict[str, int]) -> dict[str, Kept]:
    """The kept first page of each of `hubs` (id -> relationships), in bulk."""
    out: dict[str, Kept] = {}
    for label, chunk in _chunks(hubs):
        for ident, built in build_many(store, label, chunk, DEFAULT_PROFILE_CAP, 0).items():
            out[ident] = _kept(built, hubs[ident])
    return out


def _chunks(hubs: dict[str, int]) -> Iterator[tuple[Label, list[str]]]:
    """The hubs by label, in chunks of at most CHUNK_HUBS hubs and about CHUNK_DEGREE
    relationships (a bigger hub alone)."""
    by_label: dict[Label, list[str]] = {}
    for ident in sorted(hubs):
        label = label_of(ident)
        if label is not None:
            by_label.setdefault(label, []).append(ident)
    for label, idents in by_label.items():
        chunk: list[str] = []
        weight = 0
        for ident in idents:
            if chunk and (len(chunk) >= CHUNK_HUBS or weight + hubs[ident] > CHUNK_DEGREE):
                yield label, chunk
                chunk, weight = [], 0
            chunk.append(ident)
            weight += hubs[ident]
        if chunk:
            yield label, chunk


def _kept(built: Profile, degree: int) -> Kept:
    text = built.model_dump_json()
    places = [built.entity.id, *(d.id for d in built.city.districts)] if built.city else [built.entity.id]
    return Kept(profile=text, refs=sorted(_ids(text)), places=places, degree=degree)


# A JSON string that starts with an id's prefix: the text of a profile holds tens of thousands
# of strings, and parsing it back to walk them took longer than computing the profile.
_ID_STRING = re.compile(r'"((?:{}):(?:[^"\\]|\\.)+)"'.format("|".join(label.prefix for label in Label)))


def _ids(text: str) -> set[str]:
    """Every string of a profile's JSON that is an id (of an entity, figure or source) or a
    citation."""
    found = (json.loads(f'"{raw}"') if "\\" in raw else raw for raw in _ID_STRING.findall(text))
    return {ident for ident in found if label_of(ident) is not None}
