"""`scenekg stats`: what the graph holds and how much of it is sourced."""

from __future__ import annotations

from pydantic import BaseModel, Field

from graph import cypher
from graph.schema import Label
from graph.store import GraphStore

_LABELS = cypher.load(__file__, "label_counts")
_RELS = cypher.load(__file__, "relationship_counts")
_PLACES = cypher.load(__file__, "place_provenance")
PLACE_LABELS = (Label.PROVINCE, Label.CITY, Label.DISTRICT)


class Sourced(BaseModel):
    nodes: float = Field(description="Share of nodes with at least one source citation (0..1)")
    relationships: float = Field(
        description="Share of relationships with at least one source citation (0..1)"
    )


class PlaceCounts(BaseModel):
    """A place may be both: curated 合肥市 is also the reference record of that name."""

    count: int = Field(description="Nodes of this label")
    reference: int = Field(description="Cited by a reference dataset (Source of kind 'reference')")
    curated: int = Field(description="Cited by any other source: curated data, lists, articles")


class Stats(BaseModel):
    labels: dict[str, int]
    relationship_types: dict[str, int]
    sourced: Sourced
    places: dict[str, PlaceCounts]
    nodes: int
    relationships: int
    unsourced_nodes: int
    unsourced_relationships: int
    database: str


def _share(part: int, whole: int) -> float:
    return 1.0 if whole == 0 else part / whole


def stats(store: GraphStore) -> Stats:
    labels = sorted(store.read(_LABELS), key=lambda r: str(r["label"]))
    rels = sorted(store.read(_RELS), key=lambda r: str(r["type"]))
    nodes = sum(r["count"] for r in labels)
    edges = sum(r["count"] for r in rels)
    sourced_nodes = sum(r["sourced"] for r in labels)
    sourced_edges = sum(r["sourced"] for r in rels)
    return Stats(
        labels={r["label"]: r["count"] for r in labels},
        relationship_types={r["type"]: r["count"] for r in rels},
        sourced=Sourced(nodes=_share(sourced_nodes, nodes), relationships=_share(sourced_edges, edges)),
        places=place_counts(store),
        nodes=nodes,
        relationships=edges,
        unsourced_nodes=nodes - sourced_nodes,
        unsourced_relationships=edges - sourced_edges,
        database=store.description,
    )


def place_counts(store: GraphStore) -> dict[str, PlaceCounts]:
    """Per place label, how many places the reference data and the other sources each cite."""
    counts: dict[str, PlaceCounts] = {}
    for label in PLACE_LABELS:
        [row] = store.read(cypher.render(_PLACES, label=label))
        counts[label.value] = PlaceCounts(
            count=row["count"], reference=row["reference"] or 0, curated=row["curated"] or 0
        )
    return counts
