"""Is the service usable, and what does the graph hold."""

from __future__ import annotations

from typing import Literal

import anyio
import anyio.to_thread
from fastapi import APIRouter, Response, status
from pydantic import BaseModel, ConfigDict, Field

from api.deps import HoldsApiKey, ProbeLimiterDep, StoreDep
from graph import loads, revision
from graph.errors import ConfigError, StoreError
from graph.store import GraphStore
from queries.stats import Stats, stats

router = APIRouter(tags=["service"])

HEALTH_DEADLINE = 1.0

_BACKEND = "embedded ArcadeDB at bolt://127.0.0.1:44399 (data in /home/analyst/.local/share/scenekg)"


class Health(BaseModel):
    """Whether the graph database answers; to a caller with the API key also where it is and
    the graph's revision (an address and a data folder help an attacker, not a load balancer)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "status": "ok",
                "database": "answers",
                "backend": _BACKEND,
                "revision": "a669b9353db74a94960902f8421584ea",
            }
        }
    )
    status: Literal["ok", "unavailable"]
    database: Literal["answers", "no answer"]
    backend: str | None = None
    revision: str | None = None
    load: str | None = Field(
        default=None,
        description="The load in progress, if any: until it commits, queries may count part of it",
        examples=["a load by pid 4242 on analyst-pc, started 2026-12-01T10:15:00+00:00"],
    )


@router.get(
    "/health",
    response_model=Health,
    summary="Service health",
    description="200 when the database answers, 503 with `status: unavailable` when it does not "
    f"answer within {HEALTH_DEADLINE:g} s. With the API key (`X-API-Key`) the answer also names the "
    "database and the graph's revision, which changes with every load.",
    responses={
        503: {
            "model": Health,
            "description": "The database does not answer",
            "content": {
                "application/json": {
                    "example": {
                        "status": "unavailable",
                        "database": "no answer",
                        "backend": None,
                        "revision": None,
                    }
                }
            },
        }
    },
)
async def health(
    store: StoreDep, probes: ProbeLimiterDep, response: Response, trusted: HoldsApiKey
) -> Health:
    # The driver retries an unreachable server for half a minute; a health check must answer
    # sooner, so it waits at most HEALTH_DEADLINE and leaves one probe thread to finish alone.
    current: tuple[str, str | None] | None = None
    with anyio.move_on_after(HEALTH_DEADLINE):
        current = await anyio.to_thread.run_sync(_probe, store, abandon_on_cancel=True, limiter=probes)
    backend = store.description if trusted else None
    if current is None:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return Health(status="unavailable", database="no answer", backend=backend)
    token, load = current
    if not trusted:  # whose load, and where, is for callers with the key
        return Health(status="ok", database="answers", load=load and "in progress")
    return Health(status="ok", database="answers", backend=backend, revision=token, load=load)


def _probe(store: GraphStore) -> tuple[str, str | None] | None:
    """The revision and the load in progress, or None when the database does not answer."""
    try:
        return revision.current(store, probe=True), loads.in_progress(store)
    except (StoreError, ConfigError):
        return None


_STATS_EXAMPLE = {  # `scenekg ingest` with no arguments: the curated dataset and the reference places
    "labels": {"City": 345, "District": 3043, "Province": 28, "Initiative": 37, "Technology": 28},
    "relationship_types": {"APPLIES": 30, "HAS_FIGURE": 37, "LOCATED_IN": 51, "PART_OF": 3383},
    "sourced": {"nodes": 1.0, "relationships": 1.0},
    "places": {
        "Province": {"count": 28, "reference": 28, "curated": 2},
        "City": {"count": 345, "reference": 345, "curated": 13},
        "District": {"count": 3043, "reference": 3039, "curated": 8},
    },
    "nodes": 3563,
    "relationships": 3604,
    "unsourced_nodes": 0,
    "unsourced_relationships": 0,
    "database": "embedded ArcadeDB",
}


@router.get(
    "/stats",
    response_model=Stats,
    summary="What the graph holds",
    description="Node counts per label, relationship counts per type, and the share of nodes and "
    "relationships that cite at least one source (1.0 for the bundled dataset). `database` names the "
    "kind of database; with the API key also its address.",
    responses={
        200: {"content": {"application/json": {"example": _STATS_EXAMPLE}}},
    },
)
def graph_stats(store: StoreDep, trusted: HoldsApiKey) -> Stats:
    found = stats(store)
    return found if trusted else found.model_copy(update={"database": store.kind})
