"""The names the workbench shows for the graph's labels, relationship types and profile parts,
in Chinese and English, so a reader sees 区县 · District rather than `districts` or `District`.

The labels' names, and the relationship types' English names, are the ontology's own
`rdfs:label`s (data/ontology/scenekg.ttl, read once at run time): the project's vocabulary is
defined there and nowhere else. The ontology names relationships in English only, so their
Chinese names are given here, beside the one profile part that is not a label (a city's context).
A candidate file's sections (`districts:`) are named by the label they hold.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rdflib import RDFS, Graph, Literal

from graph.resources import data_path
from graph.schema import ENTITIES, Label, RelType
from model.dataset import SECTIONS
from model.rdf_terms import CLASSES, MEMBERSHIP_ROLES, PREDICATES

# Chinese names of the relationship types (the ontology has English ones only).
RELATIONSHIP_ZH: dict[RelType, str] = {
    RelType.PART_OF: "隶属于",
    RelType.LOCATED_IN: "位于",
    RelType.MEMBER_OF: "加入",
    RelType.COLLABORATES_WITH: "合作",
    RelType.APPLIES: "应用",
    RelType.FOCUSES_ON: "聚焦",
    RelType.PROVIDES: "提供",
    RelType.BROADER: "上位技术",
    RelType.LAUNCHED: "发起",
    RelType.ISSUED: "印发",
    RelType.IMPLEMENTS: "实施",
    RelType.INCLUDES: "包含",
    RelType.PARTICIPATES_IN: "参与",
    RelType.ORGANISED: "组织",
    RelType.RELEASED: "发布",
    RelType.NEEDS: "需要",
    RelType.OFFERS: "供给",
    RelType.OFFERED_BY: "供给方",
    RelType.HAS_FIGURE: "数据",
}
# Profile parts that are neither a label nor a section of the dataset.
PROFILE_PARTS: dict[str, dict[str, str]] = {"city": {"zh": "城市概况", "en": "City context"}}


def _names(graph: Graph, term: Any) -> dict[str, str]:
    names: dict[str, str] = {}
    for value in graph.objects(term, RDFS.label):
        if isinstance(value, Literal) and value.language in ("zh", "en"):
            names[value.language] = str(value)
    return names


@cache
def vocabulary() -> dict[str, Any]:
    """Every name the page shows for a label, a relationship type, a member's role or a profile part, and the
    entity types a reviewer may give a candidate (its section in the file, the id prefix)."""
    ontology = Graph().parse(data_path("ontology", "scenekg.ttl"), format="turtle")
    labels = {label.value: _names(ontology, CLASSES[label]) for label in Label}
    relationships = {
        rel.value: {"en": _names(ontology, PREDICATES[rel]).get("en", rel.value), "zh": RELATIONSHIP_ZH[rel]}
        for rel in RelType
    }
    sections: dict[str, dict[str, str]] = {}
    for section, model in SECTIONS.items():
        label = Label(model.__name__)
        english = section.replace("_", " ").capitalize()
        zh = labels[label]["zh"]
        sections[section] = {"label": label.value, "prefix": label.prefix, "zh": zh, "en": english}
    types = {name: entry for name, entry in sections.items() if Label(entry["label"]) in ENTITIES}
    return {
        "labels": labels,
        "relationships": relationships,
        "roles": {role: _names(ontology, term) for role, term in MEMBERSHIP_ROLES.items()},
        "sections": {**sections, **PROFILE_PARTS},
        "entity_types": types,
        "relationship_types": [t.value for t in RelType if t != RelType.HAS_FIGURE],
    }
