"""What matching says besides its ranking (used by `queries.matching`): for a need no capability
covers, who already works with the technology; for an empty answer, why it is empty.

A capability list says who offers what; without one (or where it has nothing for a need) the
graph still knows the enterprises that PROVIDE a technology and the scenarios and initiatives
that APPLY it. They are leads, not offers, and are marked as such (`basis`), apart from the
ranked matches, so the ranking stays what the lists support.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, Field

from graph import cypher
from graph.store import GraphStore, Record
from model.names import name_index
from model.refs import EntityRef, SourceRef
from queries.diffusion import Hierarchy
from queries.sources import resolve_citations

_FALLBACK = cypher.load(__file__, "match_fallback")
_LISTS = cypher.load(__file__, "match_lists_loaded")
Basis = Literal["provides", "applies"]
# need -> technology (the need itself or a narrower one) -> (relation, citations of the steps)
Reach = Mapping[str, Mapping[str, tuple[str, tuple[str, ...]]]]


class Fallback(BaseModel):
    """An enterprise that PROVIDES, or a scenario or initiative that APPLIES, a needed technology
    or a narrower one, listed because no capability covers that need."""

    entity: EntityRef
    basis: Basis = Field(
        description="provides: an enterprise PROVIDES it; applies: a scenario or initiative APPLIES it"
    )
    needed: EntityRef = Field(description="The need no capability covers")
    technology: EntityRef = Field(description="The technology provided or applied")
    relation: Literal["exact", "narrower"] = Field(description="How that technology relates to the need")
    sources: list[SourceRef]


def fallback(
    store: GraphStore,
    hierarchy: Hierarchy,
    reach: Reach,
    need_citations: dict[str, tuple[str, ...]],
    limit: int,
) -> tuple[list[Fallback], int]:
    """Who PROVIDES or APPLIES each uncovered need (or a narrower technology): per need and
    entity the closest technology, ordered by need, exact before narrower, then entity id; the
    first `limit` with their citations, and how many there are."""
    techs = sorted({tech for related in reach.values() for tech in related})
    by_tech: dict[str, list[Record]] = defaultdict(list)
    for row in store.read(_FALLBACK, {"techs": techs}) if techs else ():
        by_tech[row["technology"]].append(row)
    best: dict[tuple[str, str], tuple[int, str, str, Record, tuple[str, ...]]] = {}
    for need, related in reach.items():
        for tech, (relation, path) in related.items():
            for row in by_tech.get(tech, ()):
                rank = 0 if relation == "exact" else 1
                key = (need, str(row["id"]))
                if key not in best or (rank, tech) < best[key][:2]:
                    sources = tuple(row["sources"] or ())
                    best[key] = (rank, tech, relation, row, need_citations[need] + path + sources)
    ordered = sorted(best.items(), key=lambda item: (item[0][0], item[1][0], item[0][1]))
    refs = name_index(store).refs
    shown = [
        Fallback(
            entity=refs[entity],
            basis="provides" if row["relationship"] == "PROVIDES" else "applies",
            needed=hierarchy.refs[need],
            technology=hierarchy.refs[tech],
            relation="exact" if relation == "exact" else "narrower",
            sources=resolve_citations(store, dict.fromkeys(citations)),
        )
        for (need, entity), (_, tech, relation, row, citations) in ordered[:limit]
    ]
    return shown, len(ordered)


def _names(refs: list[EntityRef]) -> str:
    return ", ".join(ref.name_zh or ref.name_en or ref.id for ref in refs)


def no_candidates(store: GraphStore, needs: list[EntityRef], depth: int) -> str:
    """Why no capability or enterprise matches an opportunity."""
    if not needs:
        return "the opportunity names no technology it needs (no NEEDS relationship)"
    lists = store.read(_LISTS)[0]
    if not lists["capabilities"]:
        return (
            "no capability list is loaded (`scenekg ingest` a capabilities CSV), and no enterprise "
            f"PROVIDES {_names(needs)} or a technology within {depth} BROADER steps of it"
        )
    return (
        f"no technology in common: no capability or enterprise offers {_names(needs)} or a technology "
        f"within {depth} BROADER steps of it"
    )


def no_opportunities(store: GraphStore, enterprise: EntityRef, offers: list[EntityRef], depth: int) -> str:
    """Why no open opportunity matches an enterprise."""
    lists = store.read(_LISTS)[0]
    name = enterprise.name_zh or enterprise.name_en or enterprise.id
    if not offers:
        loaded = "" if lists["capabilities"] else " (no capability list is loaded)"
        return f"{name} offers no technology: no capability is OFFERED_BY it{loaded} and it PROVIDES none"
    if not lists["opportunities"]:
        return "no opportunity list is loaded (`scenekg ingest` an opportunities CSV)"
    return (
        f"no technology in common: no open opportunity needs {_names(offers)} or a technology within "
        f"{depth} BROADER steps of it"
    )
