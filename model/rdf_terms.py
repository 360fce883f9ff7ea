"""The scenekg RDF vocabulary (data/ontology/scenekg.ttl): namespaces, classes, predicates and
the mapping between graph ids and properties and their IRIs and terms.

The exporter (`queries.rdf_export`) writes these terms and the RDF reader (`ingest.rdf`) reads
them back, so they live below both.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote

from rdflib import RDF, RDFS, XSD, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from graph.schema import Label, RelType, label_of

BASE = "https://w3id.org/scenekg/"
SCENEKG = Namespace(f"{BASE}ontology#")
ID_BASE = f"{BASE}id/"
STATEMENT_BASE = f"{ID_BASE}statement/"

CLASSES: dict[Label, URIRef] = {label: SCENEKG[label.value] for label in Label}
STATEMENT = SCENEKG.Statement
# Roles of MEMBER_OF as W3C ORG roles (org:role needs a resource, the graph keeps a word).
MEMBERSHIP_ROLES: dict[str, URIRef] = {"initiator": SCENEKG.initiatorRole, "member": SCENEKG.memberRole}

# Node properties holding partial dates: typed xsd:gYear, xsd:gYearMonth or xsd:date by precision.
DATE_KEYS = frozenset(
    {"founded", "launched", "issued", "date", "period_start", "deadline", "as_of", "published"}
)
DATE_TYPES: dict[int, URIRef] = {4: XSD.gYear, 7: XSD.gYearMonth, 10: XSD.date}
# Keys with a term of their own rather than `scenekg:<camelCase key>`.
NAME_LANGUAGES = {"name_zh": "zh", "name_en": "en"}
STRUCTURAL_KEYS = frozenset({"id", "sources", "aliases", "description", "owner", *NAME_LANGUAGES})

PREFIXES: dict[str, str] = {
    "scenekg": str(SCENEKG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "org": str(ORG),
    **{label.prefix: f"{ID_BASE}{label.prefix}/" for label in Label},
}
# Ordered lists appear in JSON-LD as plain arrays under these names.
LIST_TERMS = {"citations": SCENEKG.citations, "aliases": SCENEKG.aliases}
JSONLD_CONTEXT: dict[str, Any] = {
    **PREFIXES,
    **{name: {"@id": f"scenekg:{name}", "@container": "@list"} for name in LIST_TERMS},
}


def camel(name: str) -> str:
    """`target_year` -> `targetYear`, `MEMBER_OF` -> `memberOf`: the local name of a term."""
    head, *rest = name.lower().split("_")
    return head + "".join(part.capitalize() for part in rest)


def snake(local: str) -> str:
    """`targetYear` -> `target_year`: the graph property of a term's local name."""
    return re.sub(r"[A-Z]", lambda m: "_" + m.group().lower(), local)


PREDICATES: dict[RelType, URIRef] = {rel: SCENEKG[camel(rel.value)] for rel in RelType}


# Two properties share their name with a relationship type (LAUNCHED, ISSUED): their terms say "on".
_RENAMED = {"launched": SCENEKG.launchedOn, "issued": SCENEKG.issuedOn}
_KEY_OF_RENAMED = {term: key for key, term in _RENAMED.items()}


def property_term(key: str) -> URIRef:
    """The predicate of a node or relationship property that has no term of its own."""
    return _RENAMED.get(key) or SCENEKG[camel(key)]


def property_key(term: str) -> str | None:
    """The property a `scenekg:` predicate stands for (the inverse of `property_term`); None
    for a term outside the scenekg namespace or one with a meaning of its own."""
    local = term.removeprefix(str(SCENEKG))
    key = _KEY_OF_RENAMED.get(URIRef(term)) or snake(local)
    if local == term or not local or key in STRUCTURAL_KEYS:
        return None
    return None if property_term(key) != URIRef(term) else key


def entity_iri(ident: str) -> URIRef:
    """`city:hefei` -> https://w3id.org/scenekg/id/city/hefei (non-ASCII slugs percent-encoded)."""
    prefix, _, slug = ident.partition(":")
    return URIRef(f"{ID_BASE}{prefix}/{quote(slug, safe='')}")


def entity_id(iri: str) -> str | None:
    """The graph id an entity IRI stands for; None for any IRI outside the scheme."""
    if not iri.startswith(ID_BASE):
        return None
    prefix, sep, slug = iri.removeprefix(ID_BASE).partition("/")
    ident = f"{prefix}:{unquote(slug)}"
    return ident if sep and slug and "/" not in slug and label_of(ident) is not None else None


def statement_iri(rel: RelType, start: str, end: str) -> URIRef:
    """One stable IRI per relationship: its type and both ends (at most one per type and pair)."""
    ends = f"{entity_iri(start).removeprefix(ID_BASE)}/{entity_iri(end).removeprefix(ID_BASE)}"
    return URIRef(f"{STATEMENT_BASE}{camel(rel.value)}/{ends}")


def language_of(text: str) -> str:
    """`zh` for text with CJK characters, else `en`: the tag of an alias, whose language is not
    recorded in the graph."""
    return "zh" if re.search(r"[\u3400-\u9fff\uf900-\ufaff]", text) else "en"
