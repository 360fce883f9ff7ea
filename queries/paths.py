"""Collaboration paths between two entities: the shortest, and up to k alternatives.

Each hop says which relationship joins two entities, in which direction, and where that was
read, so an analyst can defend every step of "how is 唐山 connected to 北京".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graph import cypher
from graph.errors import BadArgument, QueryTimeout
from graph.schema import SEMANTIC_RELATIONSHIPS, Label, RelType, label_of
from graph.store import GraphStore
from model.limits import DEFAULT_PATH_HOPS, DEFAULT_PATHS, MAX_PATH_HOPS, MAX_PATHS, check_range
from model.refs import CITATION_EXAMPLE, EntityRef, SourceRef, entity_ref
from queries.lookup import resolve
from queries.sources import resolve_citations

_SHORTEST = cypher.load(__file__, "path_shortest")
_ALTERNATIVES = cypher.load(__file__, "path_alternatives")
# Paths of one length looked at per query. Measured between 合肥 and 人工智能 after a 20,000-row
# list: 13,000 two-hop alternatives ranked in 3.3 s, 500 of them in 0.2 s.
SCAN = 500


class Hop(BaseModel):
    source: EntityRef
    type: str
    direction: Literal["out", "in"] = Field(
        description="out: source -[type]-> target; in: source <-[type]- target"
    )
    target: EntityRef
    sources: list[SourceRef]


class Path(BaseModel):
    length: int
    hops: list[Hop]


class PathResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "paths": [
                    {
                        "length": 1,
                        "hops": [
                            {
                                "source": {"id": "city:tangshan", "label": "City", "name_zh": "唐山市"},
                                "type": "COLLABORATES_WITH",
                                "direction": "out",
                                "target": {"id": "city:beijing", "label": "City", "name_zh": "北京市"},
                                "sources": [CITATION_EXAMPLE],
                            }
                        ],
                    }
                ]
            }
        }
    )
    start: EntityRef | None = None
    end: EntityRef | None = None
    paths: list[Path]
    cut: bool = Field(
        default=False,
        description="True when the search for alternatives stopped at its budget (a cap on the paths "
        "looked at, or the database's time limit): the paths shown are the best found, not "
        "necessarily the k shortest. False: no shorter or better alternative was left unseen.",
    )


def paths(
    store: GraphStore,
    a: str,
    b: str,
    k: int = DEFAULT_PATHS,
    max_hops: int = DEFAULT_PATH_HOPS,
    rel_types: Sequence[RelType] | None = None,
    via_labels: Sequence[Label] | None = None,
) -> PathResult:
    """Up to `k` shortest simple paths from `a` to `b` of at most `max_hops` relationships,
    walking only `rel_types` (default: every type but HAS_FIGURE) and passing only through
    nodes of `via_labels` (default: any)."""
    check_range("k", k, 1, MAX_PATHS, named=True)
    check_range("max_hops", max_hops, 1, MAX_PATH_HOPS, named=True)
    shape = (tuple(rel_types) if rel_types else SEMANTIC_RELATIONSHIPS, max_hops, k)
    via = [label.value for label in via_labels] if via_labels else None
    # Ids go straight into the path query (checking each first would be a round trip per end);
    # only when it finds nothing are both ends resolved, for a NotFound or a name behind them.
    ends = _as_given(store, a), _as_given(store, b)
    found = _search(store, *ends, shape, via)
    if not found.paths:
        resolved = resolve(store, ends[0]), resolve(store, ends[1])
        if resolved != ends:
            found = _search(store, *resolved, shape, via)
    return found


def _as_given(store: GraphStore, ref: str) -> str:
    """`ref` itself when it has the form of an id, else the id its name resolves to."""
    ref = ref.strip()
    return ref if label_of(ref) is not None else resolve(store, ref)


Shape = tuple[tuple[RelType, ...], int, int]  # relationship types walked, max hops, k


def _search(store: GraphStore, start: str, end: str, shape: Shape, via: list[str] | None) -> PathResult:
    rels, max_hops, k = shape
    if start == end:
        raise BadArgument("b", "the two ends of a path must be different entities")
    start_label, end_label = label_of(start), label_of(end)
    assert start_label is not None and end_label is not None
    params: dict[str, Any] = {"a": start, "b": end, "via": via}
    shortest = store.read(
        cypher.render(_SHORTEST, start=start_label, end=end_label, rels=rels, hops=max_hops), params
    )
    found = [_path(store, row) for row in shortest]
    cut = _add_alternatives(store, found, k, max_hops, (start_label, end_label, rels), params)
    ends = [p.hops[0].source for p in found[:1]] + [p.hops[-1].target for p in found[:1]]
    return PathResult(start=ends[0] if ends else None, end=ends[1] if ends else None, paths=found, cut=cut)


def _add_alternatives(
    store: GraphStore,
    found: list[Path],
    k: int,
    max_hops: int,
    shape: tuple[Label, Label, tuple[RelType, ...]],
    params: dict[str, Any],
) -> bool:
    """Append alternatives to `found` (the shortest path), one length at a time, until there are
    `k`; True when the search was cut: the enumeration of one length reached SCAN paths, or the
    server stopped it at its time limit (between hubs there are millions of longer paths)."""
    start_label, end_label, rels = shape
    seen = {tuple(h.target.id for h in p.hops) for p in found}
    length = found[0].length if found else max_hops + 1
    while len(found) < k and length <= max_hops:
        query = cypher.render(_ALTERNATIVES, start=start_label, end=end_label, rels=rels, hops=length)
        try:
            rows = store.read(query, {**params, "limit": (k - len(found)) * 3, "scan": SCAN})
        except QueryTimeout:
            return True
        for row in rows:
            path = _path(store, row)
            key = tuple(h.target.id for h in path.hops)
            if key not in seen and len(found) < k:
                seen.add(key)
                found.append(path)
        if any(row["scanned"] >= SCAN for row in rows):
            return True
        length += 1
    return False


def _path(store: GraphStore, row: dict[str, Any]) -> Path:
    nodes = [entity_ref(n) for n in row["nodes"]]
    hops = [
        Hop(
            source=nodes[i],
            type=rel["type"],
            direction="out" if rel["start"] == nodes[i].id else "in",
            target=nodes[i + 1],
            sources=resolve_citations(store, rel["sources"]),
        )
        for i, rel in enumerate(row["rels"])
    ]
    return Path(length=len(hops), hops=hops)
