"""The Python scorer that `queries.matching` used before matching was scored in the database,
kept here only as the reference the new query is compared with (tests/test_matching_reference.py).

It fetches every offer of every related technology and scores them in Python: per need the
best weight (1.0 exact, 0.5 narrower or broader), summed; ranked by score, exact needs, id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph import cypher
from graph.schema import Label
from graph.store import GraphStore
from model.refs import EntityRef, row_ref
from queries.diffusion import technology_hierarchy
from queries.matching import _ENTERPRISE_OFFERS, _FLIP, _NEEDS, OPEN_STATUSES, WEIGHTS, Relation, _related

_OFFERS = cypher.load(__file__, "reference_match_offers")
_OPPORTUNITIES = cypher.load(__file__, "reference_match_opportunities")
# candidate id, score, exact, reasons as (needed, offered, relation, via id, citations)
Ranked = list[tuple[str, float, int, list[tuple[str, str, str, str | None, tuple[str, ...]]]]]


@dataclass(frozen=True)
class _Link:
    candidate: EntityRef
    needed: str
    offered: str
    relation: Relation
    via: EntityRef | None
    citations: tuple[str, ...]


def _rank(links: list[_Link]) -> Ranked:
    groups: dict[str, dict[tuple[str, str, str], _Link]] = defaultdict(dict)
    for link in links:
        key = (link.needed, link.offered, link.via.id if link.via else "")
        groups[link.candidate.id].setdefault(key, link)
    scored: Ranked = []
    for candidate, group in groups.items():
        best: dict[str, float] = defaultdict(float)
        for link in group.values():
            best[link.needed] = max(best[link.needed], WEIGHTS[link.relation])
        kept = [group[k] for k in sorted(group) if WEIGHTS[group[k].relation] == best[group[k].needed]]
        exact = sum(1 for weight in best.values() if weight == WEIGHTS["exact"])
        reasons = [
            (k.needed, k.offered, k.relation, k.via.id if k.via else None, tuple(dict.fromkeys(k.citations)))
            for k in kept
        ]
        scored.append((candidate, sum(best.values()), exact, reasons))
    scored.sort(key=lambda s: (-s[1], -s[2], s[0]))
    return scored


def rank_opportunity(store: GraphStore, ident: str) -> Ranked:
    """Every candidate for opportunity `ident`, ranked, as the old code ranked them."""
    hierarchy = technology_hierarchy(store)
    needs = {row["technology"]: tuple(row["sources"] or ()) for row in store.read(_NEEDS, {"id": ident})}
    meets: dict[str, list[tuple[str, Relation, tuple[str, ...]]]] = defaultdict(list)
    for need, need_citations in needs.items():
        for offered, (relation, path) in _related(hierarchy, need).items():
            meets[offered].append((need, relation, need_citations + path))
    links: list[_Link] = []
    for row in store.read(_OFFERS, {"techs": sorted(meets)}):
        capability = row_ref(row, "capability", Label.CAPABILITY)
        enterprise = row_ref(row, "enterprise", Label.ENTERPRISE)
        offer = tuple(row["sources"] or ())
        for need, relation, citations in meets[row["technology"]]:
            if capability is not None:
                links.append(_Link(capability, need, row["technology"], relation, None, citations + offer))
            if enterprise is not None:
                by = tuple(row["by_sources"] or ())
                links.append(
                    _Link(enterprise, need, row["technology"], relation, capability, citations + offer + by)
                )
    return _rank(links)


def rank_enterprise(store: GraphStore, ident: str) -> Ranked:
    """Every open opportunity for enterprise `ident`, ranked, as the old code ranked them."""
    hierarchy = technology_hierarchy(store)
    met_by: dict[str, list[tuple[str, Relation, EntityRef | None, tuple[str, ...]]]] = defaultdict(list)
    for row in store.read(_ENTERPRISE_OFFERS, {"id": ident}):
        via = row_ref(row, "capability", Label.CAPABILITY)
        for need, (relation, path) in _related(hierarchy, row["technology"]).items():
            met_by[need].append((row["technology"], _FLIP[relation], via, tuple(row["sources"] or ()) + path))
    links: list[_Link] = []
    for row in store.read(_OPPORTUNITIES, {"techs": sorted(met_by), "statuses": list(OPEN_STATUSES)}):
        candidate = EntityRef(id=row["id"], label=Label.OPPORTUNITY.value)
        for offered, relation, via, citations in met_by[row["technology"]]:
            links.append(
                _Link(
                    candidate,
                    row["technology"],
                    offered,
                    relation,
                    via,
                    tuple(row["sources"] or ()) + citations,
                )
            )
    return _rank(links)
