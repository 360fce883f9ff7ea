"""Lookup of one entity by id or by name, and ranked search across names and aliases."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from graph import cypher
from graph.errors import NotFound
from graph.schema import Label, label_of
from graph.store import GraphStore
from model.limits import DEFAULT_SEARCH_LIMIT
from model.names import name_index
from model.refs import EntityRef
from queries.models import Entity
from queries.sources import resolve_citations

_NODE = cypher.load(__file__, "node_by_id")
_COMMON = {"id", "name_zh", "name_en", "aliases", "description", "sources"}


def resolve(store: GraphStore, ref: str, label: Label | None = None) -> str:
    """The id of the one entity `ref` names (id, Chinese or English name, alias)."""
    ref = ref.strip()
    ref_label = label_of(ref)
    if ref_label is not None and (label is None or ref_label is label) and _node(store, ref) is not None:
        return ref
    return name_index(store).resolve(ref, label)


def _node(store: GraphStore, ident: str) -> dict[str, Any] | None:
    label = label_of(ident)
    if label is None:
        return None
    rows = store.read(cypher.render(_NODE, label=label), {"id": ident})
    return rows[0]["node"] if rows else None


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
    """The entity `ref` names, with all its properties and resolved sources."""
    ref = ref.strip()
    ref_label = label_of(ref)
    node = _node(store, ref) if ref_label is not None and label in (None, ref_label) else None
    if node is None:  # not an id: a name or alias
        node = _node(store, name_index(store).resolve(ref, label))
    if node is None:
        raise NotFound(ref)
    return to_entity(store, node)


class SearchHit(BaseModel):
    entity: EntityRef
    matched: str
    score: float


class SearchResult(BaseModel):
    query: str
    label: str | None
    hits: list[SearchHit]


def search(
    store: GraphStore, text: str, label: Label | None = None, limit: int = DEFAULT_SEARCH_LIMIT
) -> SearchResult:
    """Entities ranked by the best match of the query against their names and aliases."""
    hits = name_index(store).search(text, label, limit)
    return SearchResult(
        query=text,
        label=label.value if label else None,
        hits=[SearchHit(entity=h.entity, matched=h.matched, score=h.score) for h in hits],
    )
