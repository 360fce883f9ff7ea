"""Match opportunities (机会清单 entries) with the capabilities and enterprises that can serve
them, and an enterprise with the open opportunities it could serve.

What a candidate offers is what its capabilities OFFER (withdrawn capabilities excluded) and,
for an enterprise, what it PROVIDES itself. Scoring, per technology the opportunity NEEDS:
- 1.0 when the candidate offers exactly that technology;
- else 0.5 when it offers one up to three BROADER steps narrower or broader than it;
- else nothing.
A candidate's score is the sum over the needs, so it says how much of the need list is
covered: five narrower offers for one need still count 0.5. Candidates are ranked by score,
then by the number of exactly covered needs, then by id. The reasons listed for a need are the
offers at its best level, each with the citations of the NEEDS, the offer (OFFERS and
OFFERED_BY, or PROVIDES) and the BROADER steps between the two technologies.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue
from pydantic.config import JsonDict

from graph import cypher
from graph.errors import NotFound
from graph.schema import Label
from graph.store import GraphStore
from model.ids import make_id
from model.limits import DEFAULT_MATCH_LIMIT
from model.names import name_index
from model.refs import EntityRef, SourceRef, row_ref
from queries.diffusion import Hierarchy, technology_hierarchy
from queries.lookup import resolve
from queries.models import Page, paged
from queries.sources import resolve_citations

RELATED_DEPTH = 3
# A broad technology in a bushy taxonomy reaches thousands of others within three steps, each
# offered by many; beyond the nearest RELATED_CAP in each direction they add rows, not reasons.
RELATED_CAP = 50
OPEN_STATUSES = ("open", "example")
Relation = Literal["exact", "narrower", "broader"]
WEIGHTS: dict[Relation, float] = {"exact": 1.0, "narrower": 0.5, "broader": 0.5}
_FLIP: dict[Relation, Relation] = {"exact": "exact", "narrower": "broader", "broader": "narrower"}

_NEEDS = cypher.load(__file__, "match_needs")
_OFFERS = cypher.load(__file__, "match_offers")
_ENTERPRISE_OFFERS = cypher.load(__file__, "match_enterprise_offers")
_OPPORTUNITIES = cypher.load(__file__, "match_opportunities")

_EVTOL: JsonDict = {
    "id": "tech:evtol",
    "label": "Technology",
    "name_zh": "电动垂直起降飞行器",
    "name_en": "eVTOL",
}
_LAE: JsonDict = {
    "id": "tech:low-altitude-economy",
    "label": "Technology",
    "name_zh": "低空经济",
    "name_en": "Low-altitude economy",
}
_CAP_003: JsonDict = {
    "id": "capability:example-cap-003",
    "label": "Capability",
    "name_zh": "示例：低空飞行器运营服务",
    "name_en": "Example: low-altitude aircraft operations",
}
_OPP_002: JsonDict = {
    "id": "opportunity:example-opp-002",
    "label": "Opportunity",
    "name_zh": "示例：园区低空物流航线",
    "name_en": "Example: low-altitude logistics route for an industrial park",
}
_ENTERPRISE_C: JsonDict = {
    "id": "enterprise:示例企业丙",
    "label": "Enterprise",
    "name_zh": "示例企业丙",
    "name_en": "Example Enterprise C",
}


def _example_match(entity: JsonDict, via: JsonDict | None) -> JsonDict:
    sources: list[JsonValue] = [
        {
            "citation": f"source:csv-{name}-{digest}#row{row}",
            "source": f"source:csv-{name}-{digest}",
            "locator": f"row{row}",
            "title": f"{name}.csv",
        }
        # The Source ids of data/templates/*.csv (a test checks this example against them).
        for name, digest, row in (("opportunities", "010e2985ea94", 3), ("capabilities", "2d2bfcfe22a8", 4))
    ]
    reasons: list[JsonValue] = [
        {"needed": tech, "offered": tech, "relation": "exact", "via": via, "sources": sources}
        for tech in (_EVTOL, _LAE)
    ]
    return {"entity": entity, "score": 2.0, "exact": 2, "reasons": reasons}


class MatchReason(BaseModel):
    """One needed technology met by one offered technology."""

    needed: EntityRef = Field(description="The technology the opportunity needs")
    offered: EntityRef = Field(description="The technology the candidate offers")
    relation: Relation = Field(description="How the offered technology relates to the needed one")
    via: EntityRef | None = Field(
        default=None, description="The capability through which an enterprise offers it (none: PROVIDES)"
    )
    sources: list[SourceRef]


class Match(BaseModel):
    """A ranked candidate with the reasons for its score."""

    entity: EntityRef
    score: float = Field(description="Sum over the needs: 1.0 exact, 0.5 narrower or broader")
    exact: int = Field(description="Needs covered by exactly the technology needed")
    reasons: list[MatchReason]


class OpportunityMatches(BaseModel):
    """Capabilities and enterprises that can serve an opportunity, best first."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "opportunity": _OPP_002,
                "needs": [_EVTOL, _LAE],
                "page": {"total": 2, "offset": 0, "limit": 1},
                "matches": [_example_match(_CAP_003, None)],
            }
        }
    )
    opportunity: EntityRef
    needs: list[EntityRef]
    page: Page
    matches: list[Match]


class EnterpriseMatches(BaseModel):
    """Open (or example) opportunities an enterprise could serve, best first."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "enterprise": _ENTERPRISE_C,
                "offers": [_EVTOL, _LAE],
                "page": {"total": 1, "offset": 0, "limit": 20},
                "matches": [_example_match(_OPP_002, _CAP_003)],
            }
        }
    )
    enterprise: EntityRef
    offers: list[EntityRef]
    page: Page
    matches: list[Match]


@dataclass(frozen=True)
class _Link:
    """One (candidate, needed, offered) pairing before scoring."""

    candidate: EntityRef
    needed: str
    offered: str
    relation: Relation
    via: EntityRef | None
    citations: tuple[str, ...]


def _related(hierarchy: Hierarchy, tech: str) -> dict[str, tuple[Relation, tuple[str, ...]]]:
    """`tech` and the technologies up to RELATED_DEPTH steps below and above it (the nearest
    RELATED_CAP each way, fewest steps first), each with how it relates to `tech` and the
    citations of the BROADER steps in between."""
    related: dict[str, tuple[Relation, tuple[str, ...]]] = {tech: ("exact", ())}
    directions: tuple[tuple[bool, Relation], ...] = ((False, "narrower"), (True, "broader"))
    for upward, relation in directions:
        reached = hierarchy.reach(tech, RELATED_DEPTH, upward)  # breadth first: nearest first
        for other, citations in itertools.islice(reached.items(), RELATED_CAP):
            related[other] = (relation, citations)
    return related


def _rank(
    store: GraphStore, hierarchy: Hierarchy, links: Iterable[_Link], offset: int, limit: int
) -> tuple[list[Match], Page]:
    """Score each candidate (per need its best weight, summed), keep the reasons at each need's
    best level, rank by score, exactly covered needs, id, and cut out the page."""
    groups: dict[str, dict[tuple[str, str, str], _Link]] = defaultdict(dict)
    for link in links:
        key = (link.needed, link.offered, link.via.id if link.via else "")
        groups[link.candidate.id].setdefault(key, link)
    scored: list[tuple[float, int, str, list[_Link]]] = []
    for candidate, group in groups.items():
        best: dict[str, float] = defaultdict(float)
        for link in group.values():
            best[link.needed] = max(best[link.needed], WEIGHTS[link.relation])
        kept = [
            group[key] for key in sorted(group) if WEIGHTS[group[key].relation] == best[group[key].needed]
        ]
        exact = sum(1 for weight in best.values() if weight == WEIGHTS["exact"])
        scored.append((sum(best.values()), exact, candidate, kept))
    scored.sort(key=lambda s: (-s[0], -s[1], s[2]))
    shown, page = paged(scored, offset, limit)
    matches = [
        Match(
            entity=kept[0].candidate,
            score=score,
            exact=exact,
            reasons=[
                MatchReason(
                    needed=hierarchy.refs[link.needed],
                    offered=hierarchy.refs[link.offered],
                    relation=link.relation,
                    via=link.via,
                    sources=resolve_citations(store, dict.fromkeys(link.citations)),
                )
                for link in kept
            ],
        )
        for score, exact, _, kept in shown
    ]
    return matches, page


def _opportunity_id(store: GraphStore, ref: str) -> str:
    """An opportunity by id, name or alias, or by the list's own number (`HF-2025-017`), which
    the CSV loader turned into the id `opportunity:hf-2025-017`."""
    try:
        return resolve(store, ref, Label.OPPORTUNITY)
    except NotFound as not_found:
        try:
            return resolve(store, make_id(Label.OPPORTUNITY, ref), Label.OPPORTUNITY)
        except (NotFound, ValueError):
            raise not_found from None


def match_opportunity(
    store: GraphStore, opportunity: str, offset: int = 0, limit: int = DEFAULT_MATCH_LIMIT
) -> OpportunityMatches:
    """Capabilities and enterprises whose offers cover what `opportunity` needs, ranked; the
    opportunity may be given by id, name or its list number."""
    ident = _opportunity_id(store, opportunity)
    hierarchy = technology_hierarchy(store)
    needs = {row["technology"]: tuple(row["sources"] or ()) for row in store.read(_NEEDS, {"id": ident})}
    # offered technology -> the needs it meets: (need, relation of the offer, citations so far)
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
    matches, page = _rank(store, hierarchy, links, offset, limit)
    return OpportunityMatches(
        opportunity=name_index(store).refs[ident],
        needs=[hierarchy.refs[need] for need in sorted(needs)],
        page=page,
        matches=matches,
    )


def match_enterprise(
    store: GraphStore, enterprise: str, offset: int = 0, limit: int = DEFAULT_MATCH_LIMIT
) -> EnterpriseMatches:
    """Opportunities with status open or example whose needs `enterprise` covers, ranked."""
    ident = resolve(store, enterprise, Label.ENTERPRISE)
    hierarchy = technology_hierarchy(store)
    offers = store.read(_ENTERPRISE_OFFERS, {"id": ident})
    # needed technology -> the offers that meet it: (offered, relation of the offer, via, citations)
    met_by: dict[str, list[tuple[str, Relation, EntityRef | None, tuple[str, ...]]]] = defaultdict(list)
    for row in offers:
        via = row_ref(row, "capability", Label.CAPABILITY)
        for need, (relation, path) in _related(hierarchy, row["technology"]).items():
            met_by[need].append((row["technology"], _FLIP[relation], via, tuple(row["sources"] or ()) + path))
    links: list[_Link] = []
    for row in store.read(_OPPORTUNITIES, {"techs": sorted(met_by), "statuses": list(OPEN_STATUSES)}):
        candidate = EntityRef(
            id=row["id"], label=Label.OPPORTUNITY.value, name_zh=row["name_zh"], name_en=row["name_en"]
        )
        need_citations = tuple(row["sources"] or ())
        for offered, relation, via, citations in met_by[row["technology"]]:
            links.append(
                _Link(candidate, row["technology"], offered, relation, via, need_citations + citations)
            )
    matches, page = _rank(store, hierarchy, links, offset, limit)
    return EnterpriseMatches(
        enterprise=name_index(store).refs[ident],
        offers=[hierarchy.refs[tech] for tech in sorted({row["technology"] for row in offers})],
        page=page,
        matches=matches,
    )
