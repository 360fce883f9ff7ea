"""Lookup of one entity by id or by name, and ranked search across names and aliases."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from graph.errors import NotFound
from graph.schema import Label, label_of
from graph.store import GraphStore
from model.cache import cached
from model.limits import DEFAULT_SEARCH_LIMIT
from model.names import name_index
from model.nodes import node_by_id
from model.refs import EntityRef
from queries.models import Entity, Page, paged
from queries.sources import resolve_citations

# `passages` (a Source's table, JSON text) is given through each citation, not as a property.
_COMMON = {"id", "name_zh", "name_en", "aliases", "description", "sources", "passages"}


def resolve(store: GraphStore, ref: str, label: Label | None = None, purpose: str = "") -> str:
    """The id of the one entity `ref` names (id, Chinese or English name, alias); one of another
    label than `label` is a WrongKind naming what it is and what `purpose` needs."""
    ref = ref.strip()
    ref_label = label_of(ref)
    if ref_label is not None and (label is None or ref_label is label) and node_by_id(store, ref) is not None:
        return ref
    return name_index(store).resolve(ref, label, purpose)


def to_entity(store: GraphStore, node: dict[str, Any]) -> Entity:
    label = label_of(node["id"])
    return Entity(
        id=node["id"],
        label=label.value if label else "",
        name_zh=node.get("name_zh"),
        name_en=node.get("name_en"),
        aliases=node.get("aliases") or [],
        description=node.get("description"),
        properties={k: v for k, v in node.items() if k not in _COMMON},
        sources=resolve_citations(store, node.get("sources")),
    )


def lookup(store: GraphStore, ref: str, label: Label | None = None) -> Entity:
    """The entity `ref` names, with all its properties and resolved sources. Names resolve in
    the in-memory index (no round trip), and the entity is fetched once per graph revision."""
    ref = ref.strip()
    ref_label = label_of(ref)
    if ref_label is not None and label in (None, ref_label):  # an id (figures are not indexed)
        found = cached(store, f"entity:{ref}", lambda s: _fetch(s, ref))
        if found is not None:
            return found
    ident = name_index(store).resolve(ref, label)  # a name or alias; NotFound with suggestions
    entity = cached(store, f"entity:{ident}", lambda s: _fetch(s, ident))
    if entity is None:
        raise NotFound(ref)
    return entity


def _fetch(store: GraphStore, ident: str) -> Entity | None:
    node = node_by_id(store, ident)
    return to_entity(store, node) if node is not None else None


class SearchHit(BaseModel):
    entity: EntityRef
    matched: str
    score: float


class SearchResult(BaseModel):
    """One page of entities ranked by how well one of their names matches the query."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "query": "hefie",
                "label": None,
                "page": {"total": 1, "offset": 0, "limit": 10},
                "hits": [
                    {
                        "entity": {
                            "id": "city:hefei",
                            "label": "City",
                            "name_zh": "合肥市",
                            "name_en": "Hefei",
                        },
                        "matched": "Hefei",
                        "score": 63.2,
                    }
                ],
            }
        }
    )
    query: str
    label: str | None
    page: Page
    hits: list[SearchHit]


def search(
    store: GraphStore,
    text: str,
    label: Label | None = None,
    limit: int = DEFAULT_SEARCH_LIMIT,
    offset: int = 0,
) -> SearchResult:
    """Entities ranked by the best match of the query against their names and aliases; every
    match is ranked once, so pages never overlap or skip whatever offset is asked for."""
    index = name_index(store)
    hits, page = paged(index.search(text, label, limit=max(len(index.refs), 1)), offset, limit)
    return SearchResult(
        query=text,
        label=label.value if label else None,
        page=page,
        hits=[SearchHit(entity=h.entity, matched=h.matched, score=h.score) for h in hits],
    )
