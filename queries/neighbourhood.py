"""The neighbourhood of an entity up to three hops away, as nodes and edges for network views.

The walk is breadth-first in Python, one query per label and hop: ids carry their label, so
every lookup goes through that label's id index instead of scanning the graph, and each node
is expanded once however many paths lead to it (hub nodes stay cheap). Figures and HAS_FIGURE
are left out unless asked for; they are statements about a node, not connections.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from graph import cypher
from graph.schema import SEMANTIC_RELATIONSHIPS, RelType, group_by_label
from graph.store import GraphStore
from model.limits import DEFAULT_NEIGHBOURHOOD_LIMIT, MAX_NEIGHBOURHOOD_HOPS, check_range
from model.refs import EntityRef
from queries.lookup import lookup

_STEP = cypher.load(__file__, "neighbourhood_step")
_EDGES = cypher.load(__file__, "neighbourhood_edges")

_HEFEI: JsonDict = {"id": "city:hefei", "label": "City", "name_zh": "合肥市", "name_en": "Hefei"}
_SOE_ALLIANCE: JsonDict = {
    "id": "alliance:hefei-soe-scenario-innovation-alliance",
    "label": "Alliance",
    "name_zh": "合肥国有企业场景创新联盟",
    "name_en": "Hefei State-owned Enterprise Scenario Innovation Alliance",
}


class NeighbourNode(EntityRef):
    """An entity in the neighbourhood and its distance from the centre."""

    hop: int = Field(description="Fewest relationships between it and the centre (0 for the centre)")


class NeighbourEdge(BaseModel):
    """One relationship between two returned nodes; parallel relationships each appear."""

    start: str
    end: str
    type: str
    sources: list[str] = Field(description="Citations, e.g. source:004#p9")
    properties: dict[str, Any] = Field(
        default_factory=dict, description="Its other properties (role, mode, ...)"
    )


class Neighbourhood(BaseModel):
    """Nodes within `hops` of the centre, nearest first, and every relationship among them."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "centre": _HEFEI,
                "hops": 1,
                "nodes": [
                    {**_HEFEI, "hop": 0},
                    {**_SOE_ALLIANCE, "hop": 1},
                ],
                "edges": [
                    {
                        "start": _SOE_ALLIANCE["id"],
                        "end": "city:hefei",
                        "type": "LOCATED_IN",
                        "sources": ["source:004#p34"],
                    },
                    {
                        "start": "city:hefei",
                        "end": _SOE_ALLIANCE["id"],
                        "type": "MEMBER_OF",
                        "sources": ["source:004#p34"],
                        "properties": {"role": "initiator"},
                    },
                ],
                "truncated": True,
                "total_nodes": 11,
            }
        }
    )
    centre: EntityRef
    hops: int
    nodes: list[NeighbourNode]
    edges: list[NeighbourEdge]
    truncated: bool = Field(description="True when more than `limit` nodes were in reach")
    total_nodes: int = Field(description="Nodes within reach, the centre included, before truncation")


def edges_among(store: GraphStore, ids: Iterable[str], rels: tuple[RelType, ...]) -> list[NeighbourEdge]:
    """Every relationship of the types `rels` between two of `ids`, parallel ones included,
    ordered by start, type and end."""
    keep = set(ids)
    edges = [
        NeighbourEdge(
            start=row["start"],
            end=row["end"],
            type=row["type"],
            sources=row["properties"].get("sources") or [],
            properties={k: v for k, v in row["properties"].items() if k != "sources"},
        )
        for label, group in group_by_label(keep).items()
        for row in store.read(cypher.render(_EDGES, label=label, rels=rels), {"ids": group})
        if row["end"] in keep
    ]
    return sorted(edges, key=lambda e: (e.start, e.type, e.end))


def neighbourhood(
    store: GraphStore,
    ref: str,
    hops: int = 1,
    limit: int = DEFAULT_NEIGHBOURHOOD_LIMIT,
    include_figures: bool = False,
) -> Neighbourhood:
    """The entities within `hops` (1..3) relationships of `ref` in either direction and the
    relationships among them. Beyond `limit` nodes the nearest are kept (by hop, then id) and
    `truncated` is set; edges only ever join returned nodes."""
    check_range("hops", hops, 1, MAX_NEIGHBOURHOOD_HOPS)
    check_range("limit", limit, 1)
    rels = tuple(RelType) if include_figures else SEMANTIC_RELATIONSHIPS
    centre = lookup(store, ref)
    found = {
        centre.id: NeighbourNode(
            id=centre.id, label=centre.label, name_zh=centre.name_zh, name_en=centre.name_en, hop=0
        )
    }
    frontier: list[str] = [centre.id]
    for hop in range(1, hops + 1):
        reached: dict[str, NeighbourNode] = {}
        for label, ids in group_by_label(frontier).items():
            for row in store.read(cypher.render(_STEP, label=label, rels=rels), {"ids": ids}):
                if row["id"] not in found:
                    reached.setdefault(row["id"], NeighbourNode(**row, hop=hop))
        found.update(reached)
        frontier = list(reached)

    nodes = sorted(found.values(), key=lambda n: (n.hop, n.id))[:limit]
    edges = edges_among(store, [node.id for node in nodes], rels)
    return Neighbourhood(
        centre=EntityRef(id=centre.id, label=centre.label, name_zh=centre.name_zh, name_en=centre.name_en),
        hops=hops,
        nodes=nodes,
        edges=edges,
        truncated=len(found) > limit,
        total_nodes=len(found),
    )
