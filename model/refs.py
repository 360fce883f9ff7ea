"""References to entities and to the sources of facts: what a name index, a query result and
the extractor's lookups all hand around, so they live below all of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph.schema import label_of

# One citation as every answer gives it (the OpenAPI examples reuse it).
CITATION_EXAMPLE: dict[str, Any] = {
    "citation": "source:004#p36",
    "source": "source:004",
    "locator": "p36",
    "title": "场景创新释放超能力",
    "publisher": "银川日报“他山之石”",
    "published": "2026",
    "file": "004_ea1de3160fb1c319.txt",
    "passage": "唐山借助京津的研发力量、在河北转化成果，推动钢铁智能化和机器人应用场景跨区域落地。",
    "passage_en": "Tangshan draws on research in Beijing and Tianjin and turns it into use in Hebei, "
    "bringing steel-industry intelligence and robot application scenarios across the region.",
    "passage_kind": "paraphrase",
    "span": None,
}


class SourceRef(BaseModel):
    """One citation resolved against its Source node: where a fact was read and what the passage
    says. The one citation shape: every answer of the CLI (--json) and the API gives this."""

    model_config = ConfigDict(json_schema_extra={"example": CITATION_EXAMPLE})
    citation: str
    source: str
    locator: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None  # where the source can be read, when known
    file: str | None = None  # the file it was loaded from, when it was one
    passage: str | None = Field(
        default=None,
        description="What the cited passage says: the sentence as written in a user's article, or "
        "for an article we may not quote, our own short paraphrase in Chinese",
    )
    passage_en: str | None = Field(default=None, description="The paraphrase in English, beside it")
    passage_kind: Literal["sentence", "paraphrase"] | None = None
    span: tuple[int, int] | None = Field(
        default=None, description="[start, end) characters of the sentence in the article, when cited by span"
    )


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


def entity_ref(row: Mapping[str, Any], label: str | None = None, prefix: str = "") -> EntityRef:
    """The entity a query row names, the one conversion every query uses: `id`, `label`,
    `name_zh`, `name_en`, or with a prefix `<prefix>_id`, `<prefix>_label`, `<prefix>_zh`,
    `<prefix>_en` (a row naming several entities); `label` when the query fixes it.

    >>> entity_ref({"city_id": "city:hefei", "city_zh": "合肥市", "city_en": "Hefei"}, "City", "city")
    EntityRef(id='city:hefei', label='City', name_zh='合肥市', name_en='Hefei')
    """
    keys = ("id", "label", "name_zh", "name_en")
    if prefix:
        keys = (f"{prefix}_id", f"{prefix}_label", f"{prefix}_zh", f"{prefix}_en")
    return EntityRef(
        id=row[keys[0]],
        label=str(label) if label is not None else row[keys[1]],
        name_zh=row.get(keys[2]),
        name_en=row.get(keys[3]),
    )


def row_ref(row: Mapping[str, Any], prefix: str, label: str) -> EntityRef | None:
    """The entity a row gives under `prefix` (an OPTIONAL MATCH), or None when it found none."""
    return None if row.get(f"{prefix}_id") is None else entity_ref(row, label, prefix)


def ref_by_id(ident: str, name_zh: str | None = None, name_en: str | None = None) -> EntityRef:
    """An EntityRef whose label is read from its id (`city:hefei` -> City), for rows that mix
    labels and carry none.

    >>> ref_by_id("city:hefei", "合肥市").label
    'City'
    """
    label = label_of(ident)
    return EntityRef(id=ident, label=label.value if label else "", name_zh=name_zh, name_en=name_en)
