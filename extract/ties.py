"""What each graph entity is tied to, for linking by context (extract.linking): where it is
(LOCATED_IN, PART_OF), who launched, issued, organised or released it, and where those owners
are; and the places that enclose each place (a district in its city, a city in its province).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from graph.schema import PLACES, RelType, label_of

# entity -> where it is or what it is part of
TIES_OUT = (RelType.LOCATED_IN, RelType.PART_OF)
# owner -> the entity it launched, issued, organised or released
TIES_IN = (RelType.LAUNCHED, RelType.ISSUED, RelType.ORGANISED, RelType.RELEASED)


@dataclass(frozen=True)
class Ties:
    """What each graph entity is tied to (places and owners), and the places enclosing each place."""

    of: dict[str, frozenset[str]] = field(default_factory=dict)
    within: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of_edges(cls, edges: Iterable[tuple[str, str, str]]) -> Ties:
        """From (start id, relationship type, end id) rows of the TIES_OUT and TIES_IN types."""
        direct: dict[str, set[str]] = defaultdict(set)
        up: dict[str, set[str]] = defaultdict(set)
        outward, inward = {t.value for t in TIES_OUT}, {t.value for t in TIES_IN}
        for start, kind, end in edges:
            if kind in outward:
                direct[start].add(end)
                if label_of(start) in PLACES and label_of(end) in PLACES:
                    up[start].add(end)
            elif kind in inward:
                direct[end].add(start)
        ties = {entity: frozenset(tied | _owners_places(tied, direct)) for entity, tied in direct.items()}
        return cls(ties, {place: frozenset(_enclosing(place, up)) for place in up})

    def agrees(self, place: str, entity: str) -> bool:
        """The place is one the entity is tied to, or lies within one."""
        tied = self.of.get(entity, frozenset())
        return place in tied or not tied.isdisjoint(self.within.get(place, frozenset()))


def _owners_places(tied: set[str], direct: dict[str, set[str]]) -> set[str]:
    """Where the agencies and firms an entity is tied to are (a place's own parents are not its places)."""
    return {
        place
        for owner in tied
        if label_of(owner) not in PLACES
        for place in direct.get(owner, ())
        if label_of(place) in PLACES
    }


def _enclosing(place: str, up: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = list(up.get(place, ()))
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo.extend(up.get(parent, ()))
    return seen
