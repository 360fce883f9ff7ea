"""Match opportunities (机会清单 entries) with the capabilities and enterprises that can serve
them, and an enterprise with the open opportunities it could serve.

What a candidate offers is what its capabilities OFFER (withdrawn capabilities excluded) and,
for an enterprise, what it PROVIDES itself. Scoring, per technology the opportunity NEEDS:
- 1.0 when the candidate offers exactly that technology;
- else 0.5 when it offers one up to three BROADER steps narrower or broader than it;
- else nothing.
A candidate's score is the sum over the needs, so it says how much of the need list is
covered: five narrower offers for one need still count 0.5. Candidates are ranked by score,
then by the number of exactly covered needs, then by id. Scores, ranks and the page are computed
in the database (a hub technology is offered by thousands, which once crossed Bolt row by row);
the related technologies come from the hierarchy cached per revision, and the reasons and their
citations are read for the candidates of the page only. The reasons listed for a need are the
offers at its best level, each with the citations of the NEEDS, the offer (OFFERS and
OFFERED_BY, or PROVIDES) and the BROADER steps between the two technologies.

Where no capability covers a need, the answer adds who already works with the technology (the
enterprises that PROVIDE it and the scenarios and initiatives that APPLY it, or a narrower one)
as leads apart from the ranking, and an empty ranking says why (`queries.match_explain`).
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue
from pydantic.config import JsonDict

from graph import cypher
from graph.schema import Label
from graph.store import GraphStore, Record
from model.limits import DEFAULT_MATCH_LIMIT
from model.names import name_index
from model.refs import EntityRef, SourceRef
from queries.diffusion import Hierarchy, technology_hierarchy
from queries.lookup import resolve
from queries.match_explain import Fallback, fallback, no_candidates, no_opportunities
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
_ENTERPRISE_OFFERS = cypher.load(__file__, "match_enterprise_offers")
_RANK_OFFERS = cypher.load(__file__, "match_rank_offers")
_RANK_OPPORTUNITIES = cypher.load(__file__, "match_rank_opportunities")
_PAGE_OFFERS = cypher.load(__file__, "match_page_offers")
_PAGE_NEEDS = cypher.load(__file__, "match_page_needs")
_COVERED = cypher.load(__file__, "match_covered")

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
            "citation": f"source:csv-{name}#row{row}",
            "source": f"source:csv-{name}",
            "locator": f"row{row}",
            "title": f"{name}.csv",
            "file": f"{name}.csv",
        }
        # The Source ids of data/templates/*.csv (a test checks this example against them).
        for name, row in (("opportunities", 3), ("capabilities", 4))
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
                "uncovered": [],
                "fallback": [],
                "fallback_total": 0,
                "empty_reason": None,
            }
        }
    )
    opportunity: EntityRef
    needs: list[EntityRef]
    page: Page
    matches: list[Match]
    uncovered: list[EntityRef] = Field(default=[], description="Needs no capability covers")
    fallback: list[Fallback] = Field(
        default=[],
        description="For the uncovered needs: enterprises that PROVIDE and scenarios or initiatives that "
        "APPLY the technology or a narrower one (leads, not offers), at most `limit`",
    )
    fallback_total: int = Field(default=0, description="How many fallback entries there are in all")
    empty_reason: str | None = Field(default=None, description="Why `matches` is empty, when it is")


class EnterpriseMatches(BaseModel):
    """Open (or example) opportunities an enterprise could serve, best first."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "enterprise": _ENTERPRISE_C,
                "offers": [_EVTOL, _LAE],
                "page": {"total": 1, "offset": 0, "limit": 20},
                "matches": [_example_match(_OPP_002, _CAP_003)],
                "empty_reason": None,
            }
        }
    )
    enterprise: EntityRef
    offers: list[EntityRef]
    page: Page
    matches: list[Match]
    empty_reason: str | None = Field(default=None, description="Why `matches` is empty, when it is")


@dataclass(frozen=True)
class _Meet:
    """How offering `offered` meets the need `need`: the relation, and the citations of the need
    and of the BROADER steps between the two; on the enterprise side also the capability it is
    offered through (`via`, None for PROVIDES) with that offer's citations."""

    need: str
    offered: str
    relation: Relation
    citations: tuple[str, ...]
    via: str | None = None


# candidate id -> its links: how it meets a need, with the citations of its own offer or need
Links = dict[str, list[tuple[_Meet, tuple[str, ...]]]]


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


def _ranked(
    store: GraphStore, query: str, meets: list[dict[str, JsonValue]], offset: int, limit: int
) -> tuple[list[Record], Page]:
    """Run a ranking query (candidates scored, ordered and cut in the database); its page."""
    _, page = paged((), offset, limit)  # refuses offsets and limits out of range
    params = {"meets": meets, "statuses": list(OPEN_STATUSES), "offset": offset, "end": offset + limit}
    rows = store.read(query, params)
    if not rows:
        return [], page
    return list(rows[0]["page"]), page.model_copy(update={"total": rows[0]["total"]})


def _reasons(
    store: GraphStore, hierarchy: Hierarchy, links: list[tuple[_Meet, tuple[str, ...]]]
) -> list[MatchReason]:
    """A candidate's reasons: the first link per (need, offer, via), kept where it scores the
    need's best weight, in (need, offer, via) order, with de-duplicated citations."""
    group: dict[tuple[str, str, str], tuple[_Meet, tuple[str, ...]]] = {}
    for meet, citations in links:
        group.setdefault((meet.need, meet.offered, meet.via or ""), (meet, citations))
    best: dict[str, float] = defaultdict(float)
    for meet, _ in group.values():
        best[meet.need] = max(best[meet.need], WEIGHTS[meet.relation])
    refs = name_index(store).refs
    return [
        MatchReason(
            needed=hierarchy.refs[meet.need],
            offered=hierarchy.refs[meet.offered],
            relation=meet.relation,
            via=refs[meet.via] if meet.via else None,
            sources=resolve_citations(store, dict.fromkeys(citations)),
        )
        for meet, citations in (group[key] for key in sorted(group))
        if WEIGHTS[meet.relation] == best[meet.need]
    ]


def _matches(store: GraphStore, hierarchy: Hierarchy, ranked: list[Record], links: Links) -> list[Match]:
    refs = name_index(store).refs
    return [
        Match(
            entity=refs[row["id"]],
            score=row["score"],
            exact=row["exact"],
            reasons=_reasons(store, hierarchy, links[row["id"]]),
        )
        for row in ranked
    ]


def match_opportunity(
    store: GraphStore, opportunity: str, offset: int = 0, limit: int = DEFAULT_MATCH_LIMIT
) -> OpportunityMatches:
    """Capabilities and enterprises whose offers cover what `opportunity` needs, ranked in the
    database; the reasons are read for the page only. The opportunity may be given by id, name
    or its list number."""
    ident = resolve(store, opportunity, Label.OPPORTUNITY)  # its list number is an alias
    hierarchy = technology_hierarchy(store)
    needs = {row["technology"]: tuple(row["sources"] or ()) for row in store.read(_NEEDS, {"id": ident})}
    meets: dict[str, list[_Meet]] = defaultdict(list)  # offered technology -> the needs it meets
    for need, need_citations in needs.items():
        for offered, (relation, path) in _related(hierarchy, need).items():
            meets[offered].append(_Meet(need, offered, relation, need_citations + path))
    rows: list[dict[str, JsonValue]] = [
        {"tech": m.offered, "need": m.need, "weight": WEIGHTS[m.relation]}
        for ms in meets.values()
        for m in ms
    ]
    ranked, page = _ranked(store, _RANK_OFFERS, rows, offset, limit)
    links: Links = defaultdict(list)
    params = {"ids": [row["id"] for row in ranked], "techs": sorted(meets)}
    for row in store.read(_PAGE_OFFERS, params) if ranked else ():
        offer = tuple(row["sources"] or ()) + tuple(row["by_sources"] or ())
        for meet in meets[row["technology"]]:
            links[row["candidate"]].append(
                (dataclasses.replace(meet, via=row["via"]), meet.citations + offer)
            )
    covered = {row["need"] for row in store.read(_COVERED, {"meets": rows})} if rows else set()
    reach = {
        need: {
            tech: related for tech, related in _related(hierarchy, need).items() if related[0] != "broader"
        }
        for need in sorted(set(needs) - covered)
    }
    leads, leads_total = fallback(store, hierarchy, reach, needs, limit)
    need_refs = [hierarchy.refs[need] for need in sorted(needs)]
    return OpportunityMatches(
        opportunity=name_index(store).refs[ident],
        needs=need_refs,
        page=page,
        matches=_matches(store, hierarchy, ranked, links),
        uncovered=[hierarchy.refs[need] for need in reach],
        fallback=leads,
        fallback_total=leads_total,
        empty_reason=None if page.total else no_candidates(store, need_refs, RELATED_DEPTH),
    )


def match_enterprise(
    store: GraphStore, enterprise: str, offset: int = 0, limit: int = DEFAULT_MATCH_LIMIT
) -> EnterpriseMatches:
    """Opportunities with status open or example whose needs `enterprise` covers, ranked in the
    database; the reasons are read for the page only."""
    ident = resolve(store, enterprise, Label.ENTERPRISE)
    hierarchy = technology_hierarchy(store)
    offers = store.read(_ENTERPRISE_OFFERS, {"id": ident})
    met_by: dict[str, list[_Meet]] = defaultdict(list)  # needed technology -> the offers meeting it
    for row in offers:
        offer = tuple(row["sources"] or ())
        for need, (relation, path) in _related(hierarchy, row["technology"]).items():
            met_by[need].append(
                _Meet(need, row["technology"], _FLIP[relation], offer + path, row["capability_id"])
            )
    rows: list[dict[str, JsonValue]] = [
        {"tech": need, "weight": max(WEIGHTS[m.relation] for m in ms)} for need, ms in met_by.items()
    ]
    ranked, page = _ranked(store, _RANK_OPPORTUNITIES, rows, offset, limit)
    links: Links = defaultdict(list)
    params = {"ids": [row["id"] for row in ranked], "techs": sorted(met_by)}
    for row in store.read(_PAGE_NEEDS, params) if ranked else ():
        need_citations = tuple(row["sources"] or ())
        for meet in met_by[row["technology"]]:
            links[row["candidate"]].append((meet, need_citations + meet.citations))
    me = name_index(store).refs[ident]
    offered = [hierarchy.refs[tech] for tech in sorted({row["technology"] for row in offers})]
    return EnterpriseMatches(
        enterprise=me,
        offers=offered,
        page=page,
        matches=_matches(store, hierarchy, ranked, links),
        empty_reason=None if page.total else no_opportunities(store, me, offered, RELATED_DEPTH),
    )
