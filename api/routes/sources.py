"""DELETE /sources/{id}: take a source back out of the graph, behind the API key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from api.deps import RequireApiKey, StoreDep
from api.routes import ErrorBody, NotFoundBody
from graph.settings import Settings
from ingest.retract import retract
from ingest.writer import LoadSummary

router = APIRouter(tags=["sources"])


@router.delete(
    "/sources/{source_id}",
    response_model=LoadSummary,
    dependencies=[RequireApiKey],
    summary="Retract a source (with an API key)",
    description="Removes every node and relationship that only this source supports (the Source "
    "node too) and strips its citations from facts other sources also state, in one transaction. "
    "With `dry_run=true` it reports the same counts and writes nothing. Off (404) unless the server "
    "has SCENEKG_API_KEY set; send it as `X-API-Key`.",
    responses={
        401: {"model": ErrorBody, "description": "No X-API-Key header"},
        403: {"model": ErrorBody, "description": "Wrong API key"},
        404: {"model": NotFoundBody, "description": "No such source, or the endpoint is off"},
    },
)
def delete_source(
    request: Request,
    store: StoreDep,
    source_id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=200,
            description="The Source's id, with or without `source:`",
            openapi_examples={"article": {"value": "source:004"}},
        ),
    ],
    dry_run: Annotated[bool, Query(description="Report what would go, write nothing")] = False,
) -> LoadSummary:
    settings: Settings = request.app.state.graph_settings
    return retract(store, source_id, settings.batch_size, dry_run=dry_run)
