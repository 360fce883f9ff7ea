"""Find entities: by id or name, and ranked search over names and aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.cached_json import cached_json
from api.deps import StoreDep
from api.routes import KIND_ERRORS, LOOKUP_ERRORS, MAX_TEXT, Limit, Offset, ref_param
from graph.schema import Label
from model.limits import (
    DEFAULT_NEIGHBOURHOOD_LIMIT,
    DEFAULT_PROFILE_CAP,
    DEFAULT_SEARCH_LIMIT,
    MAX_NEIGHBOURHOOD_HOPS,
    MAX_NEIGHBOURHOOD_NODES,
    MAX_PROFILE_CAP,
    MAX_PROFILE_OFFSET,
)
from model.refs import CITATION_EXAMPLE
from queries import neighbourhood as nb
from queries.lookup import SearchResult, lookup, search
from queries.models import Entity
from queries.neighbourhood import Neighbourhood
from queries.profile import Profile, profile

router = APIRouter(tags=["entities"])

_ENTITY_EXAMPLE = {
    "id": "city:tangshan",
    "label": "City",
    "name_zh": "唐山市",
    "name_en": "Tangshan",
    "aliases": ["唐山", "Tangshan City"],
    "description": "City landing steel-industry intelligence and robot scenarios by drawing on Beijing "
    "and Tianjin innovation resources.",
    "properties": {},
    "sources": [CITATION_EXAMPLE],
}
# A label narrows a lookup, so naming an entity of another label is a 422 (a WrongKind).
ENTITY_RESPONSES = {200: {"content": {"application/json": {"example": _ENTITY_EXAMPLE}}}, **KIND_ERRORS}

EntityRefParam = Annotated[str, ref_param("The entity", "city:tangshan", "唐山市", "Hefei")]
LabelParam = Annotated[
    Label | None,
    Query(description="Only entities with this label", openapi_examples={"city": {"value": "City"}}),
]


@router.get(
    "/entities/{id}",
    response_model=Entity,
    summary="One entity by id or name",
    description="The entity with all its properties and its sources resolved to article titles. "
    "Ids contain a colon (`/entities/city:hefei`); a name works too (`/entities/合肥`).",
    responses=ENTITY_RESPONSES,
)
async def get_entity(store: StoreDep, id: EntityRefParam) -> Response:
    return await cached_json(store, f"entity:{id}", lambda s: lookup(s, id))


@router.get(
    "/lookup",
    response_model=Entity,
    summary="One entity by name, optionally within a label",
    description="Resolve what a person typed (id, Chinese or English name, alias; case and width "
    "do not matter) to exactly one entity; a label narrows an ambiguous name.",
    responses=ENTITY_RESPONSES,
)
async def lookup_entity(
    store: StoreDep,
    name: Annotated[str, ref_param("The entity", "Tangshan", "唐山", "智算算力", query=True)],
    label: LabelParam = None,
) -> Response:
    key = f"lookup:{label.value if label else ''}:{name}"
    return await cached_json(store, key, lambda s: lookup(s, name, label))


@router.get(
    "/search",
    response_model=SearchResult,
    summary="Ranked search over names and aliases",
    description="Exact matches first, then prefixes, substrings and near misses (typos such as "
    "`hefie`). Order is stable: score descending, then id; `page.total` counts every match, "
    "`offset` and `limit` choose the page.",
)
def search_entities(
    store: StoreDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_TEXT,
            description="What to look for",
            openapi_examples={"typo": {"value": "hefie"}, "chinese": {"value": "唐山"}},
        ),
    ],
    label: LabelParam = None,
    offset: Offset = 0,
    limit: Limit = DEFAULT_SEARCH_LIMIT,
) -> SearchResult:
    return search(store, q, label, limit, offset)


@router.get(
    "/entities/{id}/profile",
    response_model=Profile,
    summary="Everything the graph says about one entity",
    description="The entity, its figures, its relationships grouped by type and direction (at most "
    "`cap` items per group from `offset`, with the group's total) and, for a city, its districts, "
    "initiatives, scenarios, technologies, enterprises and alliances; every part with its sources.",
    responses=LOOKUP_ERRORS,
)
async def get_profile(
    store: StoreDep,
    id: EntityRefParam,
    cap: Annotated[
        int, Query(ge=1, le=MAX_PROFILE_CAP, description="Items per group or section")
    ] = DEFAULT_PROFILE_CAP,
    offset: Annotated[
        int,
        Query(
            ge=0,
            le=MAX_PROFILE_OFFSET,
            description="Skip this many items of every group and section (paging)",
        ),
    ] = 0,
) -> Response:
    return await cached_json(store, f"profile:{id}:{cap}:{offset}", lambda s: profile(s, id, cap, offset))


@router.get(
    "/entities/{id}/neighbourhood",
    response_model=Neighbourhood,
    summary="The entities within a few relationships, for a graph view",
    description=f"Nodes within `hops` (1..{MAX_NEIGHBOURHOOD_HOPS}) relationships in either direction, "
    "each with its distance, and the relationships among them. Beyond `limit` nodes the nearest are kept and "
    "`truncated` is set. Figures (quantitative statements) only with `include_figures`.",
    responses=LOOKUP_ERRORS,
)
def get_neighbourhood(
    store: StoreDep,
    id: EntityRefParam,
    hops: Annotated[int, Query(ge=1, le=MAX_NEIGHBOURHOOD_HOPS, description="Relationships to walk")] = 1,
    limit: Annotated[
        int, Query(ge=1, le=MAX_NEIGHBOURHOOD_NODES, description="Most nodes returned")
    ] = DEFAULT_NEIGHBOURHOOD_LIMIT,
    include_figures: Annotated[bool, Query(description="Include Figure nodes")] = False,
) -> Neighbourhood:
    return nb.neighbourhood(store, id, hops, limit, include_figures)
