"""Result models shared by the query catalogue, the HTTP API and the CLI's `--json`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph.errors import BadArgument

T = TypeVar("T")
MAX_LIMIT = 1000


class SourceRef(BaseModel):
    """One citation resolved against its Source node: where a fact was read."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "citation": "source:004#p36",
                "source": "source:004",
                "locator": "p36",
                "title": "场景创新释放超能力",
                "publisher": "银川日报“他山之石”",
                "published": "2026",
            }
        }
    )
    citation: str
    source: str
    locator: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None


class EntityRef(BaseModel):
    """Enough of an entity to name it and look it up."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {"id": "city:tangshan", "label": "City", "name_zh": "唐山市", "name_en": "Tangshan"}
        }
    )
    id: str
    label: str
    name_zh: str | None = None
    name_en: str | None = None


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

    aliases: list[str] = []
    description: str | None = None
    properties: dict[str, Any] = Field(default_factory=dict, description="Label-specific properties")
    sources: list[SourceRef] = []


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
