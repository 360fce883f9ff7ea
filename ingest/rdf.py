"""Read RDF in the scenekg vocabulary (what `scenekg export rdf` writes) into a `GraphBatch`.

Turtle (.ttl), N-Triples (.nt) and JSON-LD (.jsonld, .json-ld) are accepted. Each resource
typed with a scenekg class becomes a node, each `scenekg:Statement` a relationship; their
values go through the same models as the dataset YAML, so the same checks apply. Triples the
export derives for other vocabularies (`prov:wasDerivedFrom`, `org:*`) are not read back: the
scenekg terms hold the facts. `skos:altLabel` is read only where `scenekg:aliases` (which keeps
their order) is absent, in sorted order. Anything else is refused, and a plain relationship
triple without a statement is refused too, because its sources would be lost.
RDF carries no line numbers once parsed, so problems are located by file and by the term or
entity at fault; syntax errors by their line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.shared.jsonld import context as _jsonld_context
from rdflib.term import Node

from graph.errors import InputError, InputErrors, Location
from graph.schema import Label, RelType, label_of
from ingest.batch import GraphBatch, NodeRow, RelRow
from model.dataset import SECTIONS, FigureEntry, Relationship
from model.ids import check_id
from model.rdf_terms import (
    CLASSES,
    DATE_TYPES,
    NAME_LANGUAGES,
    PREDICATES,
    PREFIXES,
    SCENEKG,
    STATEMENT,
    entity_id,
    property_key,
    property_term,
)
from model.textfile import read_text

# N-Triples is read with the Turtle parser (N-Triples is a subset of Turtle) for its line numbers.
FORMATS = {".ttl": "turtle", ".nt": "turtle", ".jsonld": "json-ld", ".json-ld": "json-ld"}
RDF_SUFFIXES = frozenset(FORMATS)

_LABEL_OF_CLASS: dict[Node, Label] = {term: label for label, term in CLASSES.items()}
_REL_OF_PREDICATE: dict[Node, RelType] = {term: rel for rel, term in PREDICATES.items()}
_MODELS: dict[Label, type[BaseModel]] = {model.label: model for model in SECTIONS.values()}
_MODELS[Label.FIGURE] = FigureEntry
# Derived by the export from the scenekg terms; not read back.
_DERIVED = frozenset({PROV.wasDerivedFrom, ORG.member, ORG.organization, ORG.role})
_STATEMENT_TYPES = frozenset({STATEMENT, ORG.Membership})
_INTEGERS = frozenset(
    {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.nonNegativeInteger, XSD.positiveInteger}
)
_REALS = frozenset({XSD.decimal, XSD.double, XSD.float})
_TEXTS = frozenset({XSD.string, *DATE_TYPES.values()})
# Graph-side properties that the models do not hold: kept as the RDF states them.
_OUTSIDE_MODEL = {Label.FIGURE: ("owner", "name_zh", "name_en"), Label.SOURCE: ("name_zh", "name_en")}
_NAME_KEYS = {language: key for key, language in NAME_LANGUAGES.items()}
_RELATIONSHIP_FIELDS = frozenset({"type", "start", "end", "from", "to"})


def read_rdf_file(path: Path) -> GraphBatch:
    """Parse one RDF file and turn it into a batch; raise InputErrors listing every problem."""
    name = str(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError(Location(name), f"not an RDF file name (expected {', '.join(sorted(FORMATS))})")
    graph = _parse(read_text(path), fmt, name)
    return _Reader(graph, name).read()


def _parse(text: str, fmt: str, name: str) -> Graph:
    if fmt == "json-ld":
        _refuse_remote_contexts(text, name)
    graph = Graph()
    try:
        graph.parse(data=text, format=fmt)
    except BadSyntax as exc:
        raise InputError(Location(name, exc.lines + 1), f"not valid Turtle: {exc._why}") from None
    except Exception as exc:  # rdflib's parsers raise many types; all mean a malformed file
        raise InputError(Location(name), f"not valid {fmt}: {exc}") from None
    if not graph:
        raise InputError(Location(name), "the file holds no triples; expected scenekg resources")
    return graph


def _refuse_remote_contexts(text: str, name: str) -> None:
    """JSON-LD may name contexts by URL or file path, which rdflib would fetch or open: refuse
    every form before parsing. A context is a string, a map or a list of them, lists nested
    at will (`[["http://..."]]`); maps may hold `@import` and, in term definitions, scoped
    `@context`s of their own. `_refuse_fetch` stands behind this, inside rdflib."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Location(name, exc.lineno), f"not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise InputError(Location(name), "JSON nested too deeply to read") from None
    pending: list[tuple[Any, bool]] = [(document, False)]
    while pending:
        value, is_context = pending.pop()
        if isinstance(value, list):
            pending.extend((item, is_context) for item in value)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "@import":
                    raise InputError(Location(name, None, key), _NO_REMOTE)
                pending.append((item, key == "@context"))
        elif is_context and isinstance(value, str):
            raise InputError(Location(name, None, "@context"), _NO_REMOTE)


_NO_REMOTE = "remote JSON-LD contexts are not fetched; put the context in the file"


def _refuse_fetch(source: object, *args: object, **kwargs: object) -> Any:
    """rdflib's context loader, replaced: scenekg never fetches a JSON-LD document."""
    raise ValueError(f"scenekg does not fetch JSON-LD contexts ({source!r})")


# The one place rdflib's JSON-LD parser loads a context by URL or path (`Context._fetch_context`,
# for `@context` strings and `@import`): make it refuse, whatever the pre-check above missed.
setattr(_jsonld_context, "source_to_json", _refuse_fetch)  # noqa: B010 (mypy: not exported)


def _curie(term: Node) -> str:
    for prefix, namespace in PREFIXES.items():
        if str(term).startswith(namespace):
            return f"{prefix}:{str(term).removeprefix(namespace)}"
    return f"<{term}>"


class _Reader:
    """One pass over a parsed file, collecting every problem before giving up."""

    def __init__(self, graph: Graph, name: str) -> None:
        self.graph = graph
        self.name = name
        self.errors: list[InputError] = []
        self.batch = GraphBatch(files=[name])
        self.asserted: set[tuple[RelType, str, str]] = set()

    def problem(self, field: str | None, message: str) -> None:
        self.errors.append(InputError(Location(self.name, None, field), message))

    def read(self) -> GraphBatch:
        for subject in sorted(
            set(self.graph.subjects()), key=lambda node: (isinstance(node, BNode), str(node))
        ):
            types = set(self.graph.objects(subject, RDF.type))
            if isinstance(subject, BNode) and not types and (subject, RDF.first, None) in self.graph:
                continue  # a cell of an rdf:List, read with its owner
            if STATEMENT in types:
                self._statement(subject, types)
            else:
                self._entity(subject, types)
        for rel, start, end in sorted(self.asserted - self._stated()):
            self.problem(
                _curie(PREDICATES[rel]),
                f"{start} -> {end} has no scenekg:Statement giving its sources",
            )
        if self.errors:
            raise InputErrors(self.errors)
        return self.batch

    def _stated(self) -> set[tuple[RelType, str, str]]:
        return {(rel, start, end) for rel, edges in self.batch.rels.items() for start, end in edges}

    def _entity(self, subject: Node, types: set[Node]) -> None:
        labels = [_LABEL_OF_CLASS[t] for t in types if t in _LABEL_OF_CLASS]
        unknown = sorted(_curie(t) for t in types if t not in _LABEL_OF_CLASS)
        if unknown or len(labels) != 1:
            what = f"unknown class(es) {', '.join(unknown)}" if unknown else "no scenekg class"
            if len(labels) > 1:
                what = "several scenekg classes; a node has one label"
            self.problem("rdf:type", f"{_curie(subject)}: {what}")
            return
        label = labels[0]
        ident = self._ref(subject, "subject")
        if ident is None:
            return
        if label_of(ident) is not label:
            self.problem(
                "rdf:type", f"{ident} is typed {_curie(CLASSES[label])}, but its IRI names another label"
            )
            return
        raw, sources = self._values(subject, ident, entity=True)
        props = self._validated(label, ident, raw, sources)
        if props is not None and sources is not None:
            self.batch.nodes[label][ident] = NodeRow(ident, props, sources, Location(self.name, None, ident))

    def _statement(self, subject: Node, types: set[Node]) -> None:
        where = _curie(subject)
        for extra in sorted(_curie(t) for t in types - _STATEMENT_TYPES):
            self.problem("rdf:type", f"statement {where}: unknown class {extra}")
        start, predicate, end = (
            self._one(subject, p, where) for p in (RDF.subject, RDF.predicate, RDF.object)
        )
        rel = _REL_OF_PREDICATE.get(predicate) if isinstance(predicate, URIRef) else None
        if predicate is not None and rel is None:
            self.problem(
                "rdf:predicate", f"statement {where}: {_curie(predicate)} is not a scenekg relationship"
            )
        start_id = self._ref(start, f"statement {where}: rdf:subject") if start is not None else None
        end_id = self._ref(end, f"statement {where}: rdf:object") if end is not None else None
        raw, sources = self._values(subject, where, entity=False)
        if rel is None or start_id is None or end_id is None or sources is None:
            return
        if (start_id, end_id) in self.batch.rels[rel]:
            self.problem(where, f"a second statement of {rel.value} {start_id} -> {end_id}")
            return
        try:
            model = Relationship.model_validate(
                {"type": rel, "from": start_id, "to": end_id, "sources": sources, **raw}
            )
        except ValidationError as exc:
            for error in exc.errors():
                self.problem(_field(error), f"statement {where}: {error['msg']}")
            return
        row = RelRow(start_id, end_id, model.properties(), sources, Location(self.name, None, where))
        self.batch.rels[rel][(start_id, end_id)] = row

    def _values(self, subject: Node, who: str, entity: bool) -> tuple[dict[str, Any], list[str] | None]:
        """The graph properties a resource states, and its citations (None when missing)."""
        raw: dict[str, Any] = {}
        sources: list[str] | None = None
        alt_labels: list[str] = []
        skip = {
            RDF.type,
            *_DERIVED,
            *((DCTERMS.identifier,) if entity else (RDF.subject, RDF.predicate, RDF.object)),
        }
        for predicate, value in sorted(self.graph.predicate_objects(subject)):
            if predicate in skip:
                continue
            if predicate == SKOS.altLabel and entity:
                alt_labels.append(str(value))
            elif predicate == SCENEKG.citations:
                sources = self._list(value, who, predicate)
            elif predicate in _REL_OF_PREDICATE and entity:
                end = self._ref(value, f"{who}: {_curie(predicate)}")
                if end is not None:
                    self.asserted.add((_REL_OF_PREDICATE[predicate], who, end))
            elif predicate == SCENEKG.aliases and entity:
                self._set(raw, "aliases", self._list(value, who, predicate), who, predicate)
            elif predicate == SCENEKG.owner and entity:
                self._set(raw, "owner", self._ref(value, f"{who}: scenekg:owner"), who, predicate)
            else:
                key = self._key(predicate, value, who, entity)
                if key is not None:
                    self._set(raw, key, self._literal(predicate, value, who), who, predicate)
        if entity and "aliases" not in raw and alt_labels:
            raw["aliases"] = sorted(alt_labels)
        if entity:
            stated = {str(v) for v in self.graph.objects(subject, DCTERMS.identifier)}
            if stated - {who}:
                self.problem(
                    "dcterms:identifier", f"{who}: identifier {', '.join(sorted(stated))} is not the IRI's"
                )
        if sources is None:
            self.problem("scenekg:citations", f"{who}: no citations; every fact needs a source")
        return raw, sources

    def _key(self, predicate: Node, value: Node, who: str, entity: bool) -> str | None:
        """The graph property a predicate stands for; None (and a problem) when it is unknown."""
        if predicate == RDFS.label and entity and isinstance(value, Literal):
            key = _NAME_KEYS.get(value.language or "")
            if key is None:
                self.problem("rdfs:label", f"{who}: a name needs the language tag @zh or @en")
            return key
        if predicate == DCTERMS.description:
            return "description"
        key = property_key(str(predicate))
        if key is not None and (entity or key not in _RELATIONSHIP_FIELDS):
            return key
        self.problem(_curie(predicate), f"{who}: unknown property")
        return None

    def _literal(self, predicate: Node, value: Node, who: str) -> Any:
        if not isinstance(value, Literal):
            self.problem(_curie(predicate), f"{who}: expected a literal, found {_curie(value)}")
            return None
        if value.ill_typed:
            self.problem(
                _curie(predicate), f"{who}: '{value}' is not a valid {_curie(value.datatype or XSD.string)}"
            )
            return None
        datatype = value.datatype
        if datatype is None or datatype in _TEXTS:
            return str(value)
        if datatype in _INTEGERS:
            return int(value)
        if datatype in _REALS:
            return float(value)
        if datatype == XSD.boolean:
            return bool(value.toPython())
        self.problem(_curie(predicate), f"{who}: unsupported datatype {_curie(datatype)}")
        return None

    def _set(self, raw: dict[str, Any], key: str, value: Any, who: str, predicate: Node) -> None:
        if value is None:
            return
        if key in raw:
            self.problem(_curie(predicate), f"{who}: several values; expected one")
            return
        raw[key] = value

    def _list(self, head: Node, who: str, predicate: Node) -> list[str] | None:
        try:
            items = list(self.graph.items(head))
        except ValueError as exc:  # a cyclic list
            self.problem(_curie(predicate), f"{who}: {exc}")
            return None
        if (head != RDF.nil and (head, RDF.first, None) not in self.graph) or not all(
            isinstance(item, Literal) for item in items
        ):
            self.problem(_curie(predicate), f"{who}: expected an rdf:List of texts")
            return None
        return [str(item) for item in items]

    def _one(self, subject: Node, predicate: URIRef, who: str) -> Node | None:
        values = list(self.graph.objects(subject, predicate))
        if len(values) != 1:
            self.problem(_curie(predicate), f"statement {who}: needs exactly one {_curie(predicate)}")
            return None
        return values[0]

    def _ref(self, node: Node, who: str) -> str | None:
        """The id of an entity IRI, checked like any id."""
        ident = entity_id(str(node)) if isinstance(node, URIRef) else None
        if ident is None:
            self.problem(who, f"{_curie(node)} is not a scenekg entity IRI ({PREFIXES['city']}<slug>, ...)")
            return None
        try:
            return check_id(ident)
        except ValueError as exc:
            self.problem(who, str(exc))
            return None

    def _validated(
        self, label: Label, ident: str, raw: dict[str, Any], sources: list[str] | None
    ) -> dict[str, Any] | None:
        """The node's properties after the model of its label has checked them; only the
        properties the file states are kept (no defaults added)."""
        kept = {key: raw.pop(key) for key in _OUTSIDE_MODEL.get(label, ()) if key in raw}
        missing = [key for key in _OUTSIDE_MODEL.get(label, ()) if key not in kept]
        for key in missing:
            self.problem(f"scenekg:{key}" if key == "owner" else "rdfs:label", f"{ident}: {key} is missing")
        model = _MODELS[label]
        fields = set(model.model_fields) - {"figures", "sources", "id"}
        for key in sorted(set(raw) - fields):
            self.problem(_term_of(key), f"{ident}: unknown property for a {label.value}")
        if missing or set(raw) - fields or sources is None:
            return None
        data = dict(raw)
        if label is not Label.FIGURE:  # a figure's id is derived from its owner, not a field
            data["id"] = ident
        if label is not Label.SOURCE:  # a source cites itself, not a field either
            data["sources"] = sources
        try:
            entry = model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                self.problem(_field(error), f"{ident}: {error['msg']}")
            return None
        dumped = entry.model_dump(mode="json", exclude_none=True)
        return {**{key: value for key, value in dumped.items() if key in raw}, **kept}


def _term_of(key: str) -> str:
    """The RDF term that states a graph property, for messages."""
    if key in NAME_LANGUAGES:
        return "rdfs:label"
    return "dcterms:description" if key == "description" else _curie(property_term(key))


def _field(error: Any) -> str:
    """The term a pydantic error is about, e.g. `scenekg:level`."""
    loc = [str(part) for part in error["loc"]]
    return _term_of(loc[0]) if loc else "value"
