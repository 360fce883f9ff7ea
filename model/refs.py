"""References to entities and to the sources of facts: what a name index, a query result and
the extractor's lookups all hand around, so they live below all of them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


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
