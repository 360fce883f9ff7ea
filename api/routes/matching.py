"""Who uses a technology, and who can serve an opportunity list's needs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.routes import KIND_ERRORS, Limit, Offset, ref_param
from model.limits import DEFAULT_DIFFUSION_LIMIT, DEFAULT_MATCH_LIMIT
from queries.diffusion import Diffusion, diffusion
from queries.matching import EnterpriseMatches, OpportunityMatches, match_enterprise, match_opportunity

router = APIRouter(tags=["matching"])


@router.get(
    "/technologies/{id}/diffusion",
    response_model=Diffusion,
    summary="Where a technology is used",
    description="Cities whose scenarios, initiatives or actors use the technology (and, unless "
    "`include_narrower=false`, the narrower technologies under it), ranked by distinct users; "
    "users placed in no city are listed apart.",
    responses=KIND_ERRORS,
)
def get_diffusion(
    store: StoreDep,
    id: Annotated[str, ref_param("The technology", "tech:artificial-intelligence", "人工智能")],
    include_narrower: Annotated[bool, Query(description="Count narrower technologies too")] = True,
    offset: Offset = 0,
    limit: Limit = DEFAULT_DIFFUSION_LIMIT,
) -> Diffusion:
    return diffusion(store, id, include_narrower, offset, limit)


@router.get(
    "/opportunities/{id}/matches",
    response_model=OpportunityMatches,
    summary="Capabilities and enterprises that can serve an opportunity",
    description="Candidates ranked by how much of the opportunity's need list their offers cover: "
    "1.0 per need offered exactly, 0.5 when only a narrower or broader technology is offered; "
    "each with its reasons and sources. The opportunity may be given by its list number.",
    responses=KIND_ERRORS,
)
def get_opportunity_matches(
    store: StoreDep,
    id: Annotated[str, ref_param("The opportunity", "opportunity:example-opp-002", "EXAMPLE-OPP-001")],
    offset: Offset = 0,
    limit: Limit = DEFAULT_MATCH_LIMIT,
) -> OpportunityMatches:
    return match_opportunity(store, id, offset, limit)


@router.get(
    "/enterprises/{id}/opportunities",
    response_model=EnterpriseMatches,
    summary="Open opportunities an enterprise could serve",
    description="Open opportunities ranked by how much of their need lists the enterprise's offers "
    "(its own and its capabilities') cover, scored as for opportunity matches.",
    responses=KIND_ERRORS,
)
def get_enterprise_opportunities(
    store: StoreDep,
    id: Annotated[str, ref_param("The enterprise", "enterprise:示例企业丙", "奇瑞")],
    offset: Offset = 0,
    limit: Limit = DEFAULT_MATCH_LIMIT,
) -> EnterpriseMatches:
    return match_enterprise(store, id, offset, limit)
