"""The graph as RDF in the scenekg vocabulary (data/ontology/scenekg.ttl), for triple stores.

Every node becomes a resource `https://w3id.org/scenekg/id/<prefix>/<slug>` (the slug
percent-encoded as UTF-8, so `city:hefei` is `.../id/city/hefei`) typed with the class of its
label. A relationship becomes two things: the plain triple `<start> scenekg:memberOf <end>`
that SPARQL users query, and a `scenekg:Statement` (an `rdf:Statement` naming the same
subject, predicate and object) that carries the relationship's properties and its citations,
since a triple cannot carry them itself. Citations keep their order in an `rdf:List`
(`scenekg:citations`); `prov:wasDerivedFrom` links each node and statement to the Source
nodes it cites. `ingest.rdf` reads the same vocabulary (`model.rdf_terms`) back.

Output is deterministic: triples are added in id order, list nodes get ids derived from
their owner, Turtle is sorted by rdflib, N-Triples and JSON-LD are sorted here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from graph import cypher
from graph.schema import SEMANTIC_RELATIONSHIPS, Label, RelType, group_by_label, label_of
from graph.store import GraphStore
from model.cache import cached
from model.citations import split_citation
from model.rdf_terms import (
    CLASSES,
    DATE_KEYS,
    DATE_TYPES,
    JSONLD_CONTEXT,
    LIST_TERMS,
    MEMBERSHIP_ROLES,
    NAME_LANGUAGES,
    PREDICATES,
    PREFIXES,
    SCENEKG,
    STATEMENT,
    entity_iri,
    language_of,
    property_term,
    statement_iri,
)
from queries.neighbourhood import neighbourhood

_NODES = cypher.load(__file__, "rdf_nodes")
_NODES_BY_ID = cypher.load(__file__, "rdf_nodes_by_id")
_RELS = cypher.load(__file__, "rdf_relationships")
_RELS_AMONG = cypher.load(__file__, "rdf_relationships_among")
_FIGURES = cypher.load(__file__, "figures_of")
# The neighbourhood walk's cap; an export wants every node in reach.
_NEIGHBOURHOOD_CAP = 1_000_000


class RdfFormat(StrEnum):
    TURTLE = "turtle"
    NT = "nt"
    JSON_LD = "json-ld"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    RdfFormat.TURTLE: "text/turtle",
    RdfFormat.NT: "application/n-triples",
    RdfFormat.JSON_LD: "application/ld+json",
}


@dataclass(frozen=True)
class _Node:
    id: str
    props: dict[str, Any]


@dataclass(frozen=True)
class _Rel:
    type: RelType
    start: str
    end: str
    props: dict[str, Any]


class RdfExport(BaseModel):
    """An RDF document of the whole graph or of one entity's neighbourhood."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "format": "turtle",
                "media_type": "text/turtle",
                "scope": "city:tangshan within 1 hop(s), with their figures and cited sources",
                "nodes": 7,
                "relationships": 5,
                "triples": 178,
                "text": "@prefix city: <https://w3id.org/scenekg/id/city/> .\n...\n"
                'city:tangshan a scenekg:City ;\n    rdfs:label "Tangshan"@en,\n        "唐山市"@zh ;\n...',
            }
        }
    )
    format: RdfFormat
    media_type: str
    scope: str = Field(description="What the document holds: the whole graph or a neighbourhood")
    nodes: int
    relationships: int
    triples: int
    text: str = Field(description="The document itself")


def export_rdf(
    store: GraphStore, fmt: RdfFormat = RdfFormat.TURTLE, around: str | None = None, hops: int = 1
) -> RdfExport:
    """The whole graph, or the entities within `hops` of `around` with their figures and the
    Source nodes they cite (so the document loads on its own), as RDF in `fmt`."""
    if around is None:
        return cached(store, f"rdf-export:{fmt.value}", lambda s: _export(s, fmt, None, hops))
    return _export(store, fmt, around, hops)


def _export(store: GraphStore, fmt: RdfFormat, around: str | None, hops: int) -> RdfExport:
    if around is None:
        nodes, rels = _whole_graph(store)
        scope = "the whole graph"
    else:
        centre, nodes, rels = _neighbourhood(store, around, hops)
        scope = f"{centre} within {hops} hop(s), with their figures and cited sources"
    graph = to_rdf(nodes, rels)
    return RdfExport(
        format=fmt,
        media_type=fmt.media_type,
        scope=scope,
        nodes=len(nodes),
        relationships=len(rels),
        triples=len(graph),
        text=serialise(graph, fmt),
    )


def _whole_graph(store: GraphStore) -> tuple[list[_Node], list[_Rel]]:
    nodes = [
        _Node(row["id"], row["props"])
        for label in Label
        for row in store.read(cypher.render(_NODES, label=label))
    ]
    rels = [
        _Rel(rel, row["start"], row["end"], row["props"])
        for rel in RelType
        for row in store.read(cypher.render(_RELS, rel=rel))
    ]
    return nodes, rels


def _neighbourhood(store: GraphStore, ref: str, hops: int) -> tuple[str, list[_Node], list[_Rel]]:
    near = neighbourhood(store, ref, hops, _NEIGHBOURHOOD_CAP)
    ids = [node.id for node in near.nodes]
    figures = [
        _Node(figure["id"], figure)
        for label, group in group_by_label(ids).items()
        for row in store.read(cypher.render(_FIGURES, label=label), {"ids": group})
        for figure in row["figures"]
    ]
    keep = sorted({*ids, *(f.id for f in figures)})
    nodes = [*_nodes_by_id(store, ids), *figures]
    rels = [
        _Rel(RelType(row["type"]), row["start"], row["end"], row["props"])
        for label, group in group_by_label(ids).items()
        for row in store.read(
            cypher.render(_RELS_AMONG, label=label, rels=(*SEMANTIC_RELATIONSHIPS, RelType.HAS_FIGURE)),
            {"ids": group, "keep": keep},
        )
    ]
    props = [node.props for node in nodes] + [rel.props for rel in rels]
    cited = {split_citation(c)[0] for item in props for c in item.get("sources") or []}
    nodes += _nodes_by_id(store, sorted(cited - set(keep)))
    return near.centre.id, nodes, rels


def _nodes_by_id(store: GraphStore, ids: Iterable[str]) -> list[_Node]:
    return [
        _Node(row["id"], row["props"])
        for label, group in group_by_label(ids).items()
        for row in store.read(cypher.render(_NODES_BY_ID, label=label), {"ids": group})
    ]


def to_rdf(nodes: Iterable[_Node], rels: Iterable[_Rel]) -> Graph:
    """The RDF graph of these nodes and relationships, built in a stable order."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for node in sorted(nodes, key=lambda n: n.id):
        subject = entity_iri(node.id)
        label = label_of(node.id)
        assert label is not None  # ids in the graph are checked when loaded
        graph.add((subject, RDF.type, CLASSES[label]))
        graph.add((subject, DCTERMS.identifier, Literal(node.id)))
        _describe(graph, subject, node.props)
    for rel in sorted(rels, key=lambda r: (r.type.value, r.start, r.end)):
        start, end, predicate = entity_iri(rel.start), entity_iri(rel.end), PREDICATES[rel.type]
        graph.add((start, predicate, end))
        statement = statement_iri(rel.type, rel.start, rel.end)
        graph.add((statement, RDF.type, STATEMENT))
        graph.add((statement, RDF.subject, start))
        graph.add((statement, RDF.predicate, predicate))
        graph.add((statement, RDF.object, end))
        if rel.type is RelType.MEMBER_OF:
            graph.add((statement, RDF.type, ORG.Membership))
            graph.add((statement, ORG.member, start))
            graph.add((statement, ORG.organization, end))
            role = MEMBERSHIP_ROLES.get(str(rel.props.get("role")))
            if role is not None:
                graph.add((statement, ORG.role, role))
        _describe(graph, statement, rel.props)
    return graph


def _describe(graph: Graph, subject: URIRef, props: dict[str, Any]) -> None:
    """The triples of a node's or a relationship's properties (`id` aside)."""
    for key, value in sorted(props.items()):
        if key == "id":
            continue
        if key in NAME_LANGUAGES:
            graph.add((subject, RDFS.label, Literal(value, lang=NAME_LANGUAGES[key])))
        elif key == "description":
            graph.add((subject, DCTERMS.description, Literal(value)))
        elif key == "aliases":
            _add_list(graph, subject, SCENEKG.aliases, value)
            for alias in value:
                graph.add((subject, SKOS.altLabel, Literal(alias, lang=language_of(alias))))
        elif key == "sources":
            _add_list(graph, subject, SCENEKG.citations, value)
            for source in sorted({split_citation(c)[0] for c in value}):
                graph.add((subject, PROV.wasDerivedFrom, entity_iri(source)))
        elif key == "owner":
            graph.add((subject, SCENEKG.owner, entity_iri(value)))
        else:
            graph.add((subject, property_term(key), literal(key, value)))


def literal(key: str, value: str | int | float | bool) -> Literal:
    """A property value as a typed literal. Floats become exact xsd:decimal (rdflib's Turtle
    writer rounds xsd:double to 7 digits); partial dates get the XSD type of their precision;
    `*_zh` / `*_en` texts carry that language tag."""
    if isinstance(value, bool | int):
        return Literal(value)
    if isinstance(value, float):
        return Literal(format(Decimal(repr(value)), "f"), datatype=XSD.decimal)
    if key in DATE_KEYS and len(value) in DATE_TYPES:
        return Literal(value, datatype=DATE_TYPES[len(value)])
    language = key.rpartition("_")[2]
    return Literal(value, lang=language if language in ("zh", "en") else None)


def _add_list(graph: Graph, subject: URIRef, predicate: URIRef, items: list[str]) -> None:
    """An rdf:List whose blank nodes are named after its owner, so output is reproducible."""
    digest = hashlib.sha1(f"{subject} {predicate}".encode()).hexdigest()[:16]
    cells = [BNode(f"l{digest}n{index}") for index in range(len(items))]
    graph.add((subject, predicate, cells[0] if cells else RDF.nil))
    for index, (cell, item) in enumerate(zip(cells, items, strict=True)):
        graph.add((cell, RDF.first, Literal(item)))
        graph.add((cell, RDF.rest, cells[index + 1] if index + 1 < len(cells) else RDF.nil))


def serialise(graph: Graph, fmt: RdfFormat) -> str:
    """The graph in `fmt`, byte-for-byte the same for the same graph."""
    if fmt is RdfFormat.TURTLE:
        return str(graph.serialize(format="turtle"))
    if fmt is RdfFormat.NT:
        lines = str(graph.serialize(format="nt")).splitlines()
        return "".join(f"{line}\n" for line in sorted(line for line in lines if line.strip()))
    document = json.loads(graph.serialize(format="json-ld", context=JSONLD_CONTEXT, auto_compact=True))
    return json.dumps(_sorted_jsonld(document), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _sorted_jsonld(value: Any, key: str = "") -> Any:
    """JSON-LD with nodes and unordered values sorted; ordered lists keep their order."""
    if isinstance(value, dict):
        return {k: _sorted_jsonld(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_jsonld(v) for v in value]
        if key in LIST_TERMS or key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    return value
