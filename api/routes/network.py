"""How entities connect: paths between two, cities alike, and the network's central actors."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Annotated

from fastapi import APIRouter, Query, Request

from api.deps import StoreDep, expensive_slot_held
from api.routes import LOOKUP_ERRORS, Limit, Offset, ref_param
from graph.schema import Label, RelType
from model.limits import (
    DEFAULT_PATH_HOPS,
    DEFAULT_PATHS,
    DEFAULT_SIMILAR_LIMIT,
    DEFAULT_TOP,
    MAX_PATH_HOPS,
    MAX_PATHS,
    MAX_TOP_HTTP,
)
from queries import paths as path_queries
from queries.analytics import Analytics, Scope, analytics
from queries.paths import PathResult
from queries.similar import SimilarCities, similar_cities

router = APIRouter(tags=["network"])


@router.get(
    "/paths",
    response_model=PathResult,
    summary="Shortest paths between two entities",
    description="Up to `k` shortest simple paths from `a` to `b`, shortest first, each hop with its "
    "direction and sources. `types` limits the relationship types walked (default: all but "
    "HAS_FIGURE), `via` the labels a path may pass through; no path gives an empty list. Between "
    "hubs the search for alternatives stops at a budget and says so (`cut`); when "
    "SCENEKG_EXPENSIVE_SLOTS searches with alternatives (k > 1) or /cypher queries already run, "
    "503 after a second.",
    responses=LOOKUP_ERRORS,
)
def get_paths(
    request: Request,
    store: StoreDep,
    a: Annotated[str, ref_param("Where the paths start", "city:tangshan", query=True)],
    b: Annotated[str, ref_param("Where the paths end", "city:beijing", query=True)],
    k: Annotated[int, Query(ge=1, le=MAX_PATHS, description="How many paths")] = DEFAULT_PATHS,
    max_hops: Annotated[
        int, Query(ge=1, le=MAX_PATH_HOPS, description="Most relationships in a path")
    ] = DEFAULT_PATH_HOPS,
    types: Annotated[
        list[RelType] | None, Query(description="Relationship types to walk (repeat the parameter)")
    ] = None,
    via: Annotated[
        list[Label] | None, Query(description="Labels a path may pass through (repeat the parameter)")
    ] = None,
) -> PathResult:
    # One shortest path is a breadth-first search; alternatives enumerate paths and can cost more.
    with expensive_slot_held(request) if k > 1 else nullcontext():
        return path_queries.paths(store, a, b, k, max_hops, types, via)


@router.get(
    "/cities/{id}/similar",
    response_model=SimilarCities,
    summary="Cities most alike, as collaboration candidates",
    description="Other cities ranked by what they share with this one: 2.0 per alliance, 1.0 per "
    "technology used, 0.5 per scenario domain; cities sharing nothing are left out. Ties by id.",
    responses=LOOKUP_ERRORS,
)
def get_similar_cities(
    store: StoreDep,
    id: Annotated[str, ref_param("The city", "city:hefei", "合肥")],
    offset: Offset = 0,
    limit: Limit = DEFAULT_SIMILAR_LIMIT,
) -> SimilarCities:
    return similar_cities(store, id, offset, limit)


@router.get(
    "/analytics",
    response_model=Analytics,
    summary="Central actors, brokers and communities",
    description="Degree and betweenness leaders, communities and brokers (nodes whose removal "
    "splits the network) of the whole graph (`scope=all`) or of the collaboration network among "
    "actors (`scope=actors`), each list cut to `top`. Recomputed only when the graph changes.",
)
def get_analytics(
    store: StoreDep,
    scope: Annotated[Scope, Query(description="all: every entity; actors: cities, enterprises ...")] = "all",
    top: Annotated[int, Query(ge=1, le=MAX_TOP_HTTP, description="Longest list returned")] = DEFAULT_TOP,
) -> Analytics:
    return analytics(store, scope, top)
