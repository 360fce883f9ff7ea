"""Result models shared by the query catalogue, the HTTP API and the CLI's `--json`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from graph.errors import BadArgument
from model.limits import MAX_LIMIT
from model.refs import EntityRef, SourceRef

T = TypeVar("T")


class FigureOut(BaseModel):
    """A quantitative statement with its unit, the date it refers to and its sources."""

    id: str
    measure: str
    label_en: str | None = None
    label_zh: str | None = None
    value: float
    unit: str
    currency: str | None = None
    qualifier: str = "exact"
    stated: str | None = None
    as_of: str | None = None
    period_start: str | None = None
    target_year: int | None = None
    sources: list[SourceRef] = []


class Entity(EntityRef):
    """An entity with all its properties and sources."""

    aliases: list[str] = []  # noqa: RUF012 (a pydantic field: each instance gets a copy)
    description: str | None = None
    properties: dict[str, Any] = Field(default_factory=dict, description="Label-specific properties")
    sources: list[SourceRef] = []  # noqa: RUF012 (a pydantic field: each instance gets a copy)


class Page(BaseModel):
    """Where a capped list stands: `total` items exist, `offset`..`offset+limit` are shown."""

    total: int
    offset: int
    limit: int


def paged(items: Sequence[T], offset: int, limit: int) -> tuple[list[T], Page]:
    """One page of an already ordered list, refusing offsets and limits out of range."""
    if offset < 0:
        raise BadArgument("offset", f"must be 0 or more, not {offset}")
    if not 1 <= limit <= MAX_LIMIT:
        raise BadArgument("limit", f"must be between 1 and {MAX_LIMIT}, not {limit}")
    return list(items[offset : offset + limit]), Page(total=len(items), offset=offset, limit=limit)
