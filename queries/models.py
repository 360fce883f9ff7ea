"""Result models shared by the query catalogue, the HTTP API and the CLI's `--json`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from model.limits import MAX_LIMIT, check_range
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
    check_range("offset", offset, 0)
    check_range("limit", limit, 1, MAX_LIMIT)
    return list(items[offset : offset + limit]), Page(total=len(items), offset=offset, limit=limit)
