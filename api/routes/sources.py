"""A source as evidence (GET: what it is and everything it supports) and its retraction
(DELETE, behind the API key)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from api.deps import RequireApiKey, StoreDep
from api.routes import LOOKUP_ERRORS, MAX_TEXT, ErrorBody, Limit, NotFoundBody, Offset
from graph.settings import Settings
from ingest.retract import retract
from ingest.writer import LoadSummary
from model.limits import DEFAULT_PROFILE_CAP
from queries.sources import SourceEvidence, source_evidence

router = APIRouter(tags=["sources"])


@router.get(
    "/sources/{id}",
    response_model=SourceEvidence,
    summary="A source and everything it supports",
    description="The source (title, publisher, date, file or URL) and every entity and "
    "relationship citing it, in id order and paged; a citation (`source:004#p36`) narrows the "
    "list to what that one passage supports.",
    responses=LOOKUP_ERRORS,
)
def get_source(
    store: StoreDep,
    id: Annotated[
        str,
        Path(
            min_length=1,
            max_length=MAX_TEXT,
            description="A source id, or a citation of one passage",
            openapi_examples={"source": {"value": "source:004"}, "passage": {"value": "source:004#p36"}},
        ),
    ],
    offset: Offset = 0,
    limit: Limit = DEFAULT_PROFILE_CAP,
) -> SourceEvidence:
    return source_evidence(store, id, limit, offset)


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
