"""Turn citation strings into SourceRef objects carrying the article's title and date."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph import cypher
from graph.store import GraphStore
from model.cache import cached
from model.citations import split_citation
from model.refs import SourceRef

_ALL = cypher.load(__file__, "all_sources")


def _load(store: GraphStore) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in store.read(_ALL)}


def resolve_citations(store: GraphStore, citations: Iterable[str] | None) -> list[SourceRef]:
    """SourceRefs for citations, in their order; a malformed citation is kept, unresolved."""
    known = cached(store, "sources", _load)
    out: list[SourceRef] = []
    for citation in citations or []:
        try:
            source, locator = split_citation(citation)
        except ValueError:
            out.append(SourceRef(citation=citation, source="", locator=""))
            continue
        row = known.get(source, {})
        out.append(
            SourceRef(
                citation=citation,
                source=source,
                locator=locator,
                title=row.get("title"),
                publisher=row.get("publisher"),
                published=row.get("published"),
            )
        )
    return out
