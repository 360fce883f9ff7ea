"""A source as evidence: what it is and everything it supports."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from api.deps import StoreDep
from api.routes import LOOKUP_ERRORS, MAX_TEXT, Limit, Offset
from model.limits import DEFAULT_PROFILE_CAP
from queries.sources import SourceEvidence, source_evidence

router = APIRouter(tags=["entities"])


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
