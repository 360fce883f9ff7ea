"""The API's routers, and the error bodies they share so the OpenAPI document shows every answer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict

from model.limits import MAX_OFFSET, MAX_PAGE

MAX_TEXT = 200

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Items per page (1..{MAX_PAGE})")]


def ref_param(what: str, *examples: str, query: bool = False) -> Any:
    """A path (or query) parameter naming an entity by id, name or alias; `examples` are real."""
    where = Query if query else Path
    return where(
        min_length=1,
        max_length=MAX_TEXT,
        description=f"{what}: an id or a Chinese or English name or alias",
        openapi_examples={f"example-{i}": {"value": example} for i, example in enumerate(examples, 1)},
    )


class ErrorBody(BaseModel):
    """Any refusal or failure: one readable sentence, never a stack trace."""

    model_config = ConfigDict(
        json_schema_extra={"example": {"detail": "the graph database is unavailable; try again later"}}
    )
    detail: str


class NotFoundBody(ErrorBody):
    """An entity reference that matched nothing, with the closest names."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "detail": "no entity matches 'shenzen' (did you mean: Shenzhen (city:shenzhen), "
                "Shenze (district:shijiazhuang-shenze), Shenhe (district:shenyang-shenhe))",
                "suggestions": [
                    "Shenzhen (city:shenzhen)",
                    "Shenze (district:shijiazhuang-shenze)",
                    "Shenhe (district:shenyang-shenhe)",
                ],
            }
        }
    )
    suggestions: list[str] = []


class AmbiguousBody(ErrorBody):
    """An entity reference that matched several entities: choose one of the candidate ids."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "detail": "'智算算力' matches several entities: "
                "scenario:intelligent-computing-power-infrastructure, tech:intelligent-computing-power",
                "candidates": [
                    "scenario:intelligent-computing-power-infrastructure",
                    "tech:intelligent-computing-power",
                ],
            }
        }
    )
    candidates: list[str]


class WrongKindBody(ErrorBody):
    """An entity reference that names one entity of another kind than the endpoint needs."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "detail": "'合肥' is a City (city:hefei); diffusion needs a Technology",
                "entity": "city:hefei",
                "label": "City",
                "needed": ["Technology"],
            }
        }
    )
    entity: str
    label: str
    needed: list[str]


class UnprocessableBody(BaseModel):
    """What a 422 carries: a `WrongKindBody` (a sentence, `entity`, `label`, `needed`) or, for a
    parameter FastAPI refused, its list of refused parameters in `detail`. One schema for both,
    so the document says what the endpoint really sends."""

    model_config = WrongKindBody.model_config
    detail: str | list[dict[str, Any]]
    entity: str | None = None
    label: str | None = None
    needed: list[str] | None = None


Responses = dict[int | str, dict[str, Any]]

LOOKUP_ERRORS: Responses = {
    404: {"model": NotFoundBody, "description": "No entity matches; `suggestions` lists close names"},
    409: {"model": AmbiguousBody, "description": "Several entities match; `candidates` lists their ids"},
}
KIND_ERRORS: Responses = {
    **LOOKUP_ERRORS,
    422: {
        "model": UnprocessableBody,
        "description": "The entity is of another kind than this endpoint needs (`needed`); a "
        "parameter out of range answers 422 too, with FastAPI's list of refused parameters",
    },
}
SERVER_ERRORS: Responses = {
    500: {"model": ErrorBody, "description": "Unexpected failure (the body carries no details)"},
    503: {"model": ErrorBody, "description": "The graph database does not answer"},
}
