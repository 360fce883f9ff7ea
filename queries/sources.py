"""Citations as evidence: each `source:<id>#<locator>` resolved to its source's title, date, URL
or file, and a source's own page listing everything it supports."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from graph import cypher
from graph.errors import BadArgument, NotFound
from graph.schema import label_of
from graph.store import GraphStore
from model.cache import cached
from model.citations import span_of, split_citation
from model.dataset import Passage, read_passages
from model.limits import DEFAULT_PROFILE_CAP
from model.refs import CITATION_EXAMPLE, EntityRef, SourceRef, ref_by_id
from queries.models import Entity, Page, paged

_ALL = cypher.load(__file__, "all_sources")
CITATION_MEMO = 200_000  # SourceRefs kept per revision (a few hundred bytes each)
_NODES = cypher.load(__file__, "source_nodes")
_RELATIONSHIPS = cypher.load(__file__, "source_relationships")


def _load(store: GraphStore) -> dict[str, dict[str, Any]]:
    out = {}
    for row in store.read(_ALL):
        data = dict(row)
        data["passages"] = read_passages(data.get("passages"))
        out[data["id"]] = data
    return out


def citation_ref(citation: str, row: dict[str, Any]) -> SourceRef:
    """The one citation shape every answer gives: the source's title, date, URL or file, and what
    the passage says (the sentence and its span, or our paraphrase), from its Source's `row`."""
    try:
        source, locator = split_citation(citation)
    except ValueError:
        return SourceRef(citation=citation, source="", locator="")
    passage: Passage | None = row.get("passages", {}).get(locator)
    said: dict[str, Any] = {}
    if passage is not None:
        said = {
            "passage": passage.zh if passage.paraphrase else passage.sentence,
            "passage_en": passage.en,
            "passage_kind": "paraphrase" if passage.paraphrase else "sentence",
            "span": span_of(locator),
        }
    return SourceRef(
        citation=citation,
        source=source,
        locator=locator,
        title=row.get("title"),
        publisher=row.get("publisher"),
        published=row.get("published"),
        url=row.get("url"),
        file=row.get("file"),
        **said,
    )


def resolve_citations(store: GraphStore, citations: Iterable[str] | None) -> list[SourceRef]:
    """SourceRefs for citations, in their order, each once; a malformed citation is kept,
    unresolved. Each is built once per revision and then shared: a hub's answer repeats the same
    thousands of citations in every item (similar cities, profiles), and building a SourceRef is
    most of such an answer's time. The memo is emptied when it holds `CITATION_MEMO` of them."""
    known = cached(store, "sources", _load)
    memo = cached(store, "citation-refs", lambda _: dict[str, SourceRef]())
    if len(memo) > CITATION_MEMO:
        memo.clear()
    out: list[SourceRef] = []
    for citation in dict.fromkeys(citations or []):
        ref = memo.get(citation)
        if ref is None:
            ref = memo[citation] = citation_ref(citation, known.get(citation.partition("#")[0], {}))
        out.append(ref)
    return out


def unique_sources(refs: Iterable[SourceRef]) -> list[SourceRef]:
    """Each citation once, sorted: the list a result ends with."""
    return sorted({s.citation: s for s in refs}.values(), key=lambda s: s.citation)


class Supported(BaseModel):
    """An entity, or a relationship between two, and the locators in the source it is read from."""

    entity: EntityRef | None = None
    relationship: str | None = None
    to: EntityRef | None = None
    locators: list[str]


class SourceEvidence(BaseModel):
    """One source and what it supports, optionally only at one locator (`source:004#p9`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "source": {
                    "id": "source:004",
                    "label": "Source",
                    "name_zh": "场景创新释放超能力",
                    "name_en": "Scenario innovation unleashes super-powers",
                    "properties": {
                        "title": "场景创新释放超能力",
                        "publisher": "银川日报“他山之石”",
                        "published": "2026",
                        "kind": "article",
                        "file": "004_ea1de3160fb1c319.txt",
                        "locator_scheme": "pN = the N-th non-blank line of the file",
                    },
                },
                "locator": "p36",
                "passages": [CITATION_EXAMPLE],
                "page": {"total": 13, "offset": 0, "limit": 1},
                "supports": [
                    {
                        "entity": {
                            "id": "city:beijing",
                            "label": "City",
                            "name_zh": "北京市",
                            "name_en": "Beijing",
                        },
                        "relationship": None,
                        "to": None,
                        "locators": ["p36"],
                    }
                ],
            }
        }
    )
    source: Entity
    locator: str | None
    passages: list[SourceRef] = Field(
        description="Each locator cited (or the one asked for) once, with what its passage says"
    )
    page: Page
    supports: list[Supported]


def source_evidence(
    store: GraphStore, ref: str, limit: int = DEFAULT_PROFILE_CAP, offset: int = 0
) -> SourceEvidence:
    """The source `ref` names (`source:004`, or a citation `source:004#p9` for one passage) and
    every node and relationship citing it there, nodes first, each in id order."""
    from queries.lookup import lookup  # lookup resolves citations through this module

    ident, _, locator = ref.strip().partition("#")
    if label_of(ident) is None or not ident.startswith("source:"):
        raise BadArgument("id", f"'{ref}' is not a source id such as source:004 or source:004#p9")
    try:
        source = lookup(store, ident)
    except NotFound:
        raise NotFound(ident) from None
    prefix = f"{ident}#"
    wanted = f"{prefix}{locator}" if locator else None

    def locators(citations: list[str]) -> list[str] | None:
        kept = [c for c in citations if wanted is None or c == wanted]
        return [c.removeprefix(prefix) for c in kept] or None

    found: list[Supported] = []
    for row in store.read(_NODES, {"prefix": prefix}):
        if row["id"] != ident and (at := locators(row["citations"])):
            found.append(Supported(entity=ref_by_id(row["id"], row["name_zh"], row["name_en"]), locators=at))
    for row in store.read(_RELATIONSHIPS, {"prefix": prefix}):
        if at := locators(row["citations"]):
            found.append(
                Supported(
                    entity=ref_by_id(row["from_id"], row["from_zh"], row["from_en"]),
                    relationship=row["type"],
                    to=ref_by_id(row["to_id"], row["to_zh"], row["to_en"]),
                    locators=at,
                )
            )
    items, page = paged(found, offset, limit)
    cited = sorted({at for item in found for at in item.locators}, key=_natural)
    return SourceEvidence(
        source=source,
        locator=locator or None,
        passages=resolve_citations(
            store, [f"{prefix}{at}" for at in cited or ([locator] if locator else [])]
        ),
        page=page,
        supports=items,
    )


def _natural(locator: str) -> tuple[str, int, str]:
    """p9 before p10, [2] before [10]: locators in reading order."""
    number = re.search(r"\d+", locator)
    return (re.sub(r"\d+", "", locator), int(number.group()) if number else -1, locator)
