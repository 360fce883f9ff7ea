"""The data model: node labels, relationship types and which labels each type may join.

Every node carries exactly one label and a unique `id` of the form `<prefix>:<slug>`, the
prefix naming the label. One label per node keeps MERGE on the embedded server fast (a
multi-label MERGE measured 12x slower) and lets any id be resolved to its label without a
scan. Labels and types enter Cypher only from these enumerations, never from data.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Label(StrEnum):
    PROVINCE = "Province"
    CITY = "City"
    DISTRICT = "District"
    ALLIANCE = "Alliance"
    ENTERPRISE = "Enterprise"
    AGENCY = "Agency"
    TECHNOLOGY = "Technology"
    SCENARIO = "Scenario"
    INITIATIVE = "Initiative"
    POLICY = "Policy"
    MATCHING_EVENT = "MatchingEvent"
    OPPORTUNITY = "Opportunity"
    CAPABILITY = "Capability"
    FIGURE = "Figure"
    SOURCE = "Source"

    @property
    def prefix(self) -> str:
        return _PREFIX[self]


_PREFIX: dict[Label, str] = {
    Label.PROVINCE: "province",
    Label.CITY: "city",
    Label.DISTRICT: "district",
    Label.ALLIANCE: "alliance",
    Label.ENTERPRISE: "enterprise",
    Label.AGENCY: "agency",
    Label.TECHNOLOGY: "tech",
    Label.SCENARIO: "scenario",
    Label.INITIATIVE: "initiative",
    Label.POLICY: "policy",
    Label.MATCHING_EVENT: "event",
    Label.OPPORTUNITY: "opportunity",
    Label.CAPABILITY: "capability",
    Label.FIGURE: "figure",
    Label.SOURCE: "source",
}
_LABEL_BY_PREFIX = {prefix: label for label, prefix in _PREFIX.items()}


def label_of(entity_id: str) -> Label | None:
    """The label an id belongs to, from its prefix; None when the prefix is unknown."""
    prefix, sep, rest = entity_id.partition(":")
    if not sep or not rest:
        return None
    return _LABEL_BY_PREFIX.get(prefix)


def group_by_label(ids: Iterable[str]) -> dict[Label, list[str]]:
    """Distinct ids grouped by the label their prefix names, each group sorted (unknown
    prefixes dropped): queries then look each group up through its label's unique index."""
    groups: dict[Label, list[str]] = {}
    for ident in sorted(set(ids)):
        label = label_of(ident)
        if label is not None:
            groups.setdefault(label, []).append(ident)
    return groups


class InternalLabel(StrEnum):
    """Labels outside the data model: the one node that holds the graph's revision token
    (graph/revision.py). It has no id prefix, no edges and no place in exports or counts."""

    META = "SceneKGMeta"


class Domain(StrEnum):
    """The five scenario domains named in article 004 (产业、消费、社会、城市、数字基础设施)."""

    INDUSTRY = "industry"
    CONSUMPTION = "consumption"
    SOCIETY = "society"
    CITY = "city"
    DIGITAL_INFRASTRUCTURE = "digital_infrastructure"


class RelType(StrEnum):
    PART_OF = "PART_OF"
    LOCATED_IN = "LOCATED_IN"
    MEMBER_OF = "MEMBER_OF"
    COLLABORATES_WITH = "COLLABORATES_WITH"
    APPLIES = "APPLIES"
    FOCUSES_ON = "FOCUSES_ON"
    PROVIDES = "PROVIDES"
    BROADER = "BROADER"
    LAUNCHED = "LAUNCHED"
    ISSUED = "ISSUED"
    IMPLEMENTS = "IMPLEMENTS"
    INCLUDES = "INCLUDES"
    PARTICIPATES_IN = "PARTICIPATES_IN"
    ORGANISED = "ORGANISED"
    RELEASED = "RELEASED"
    NEEDS = "NEEDS"
    OFFERS = "OFFERS"
    OFFERED_BY = "OFFERED_BY"
    HAS_FIGURE = "HAS_FIGURE"


L = Label
# Label groups, defined here once and imported wherever a rule speaks of "a place" or "an actor".
# Places from the largest to the smallest (readers that try each in turn use this order).
PLACE_ORDER = (L.PROVINCE, L.CITY, L.DISTRICT)
PLACES = frozenset(PLACE_ORDER)
# Who acts: places and the organisations that launch, join, collaborate and focus.
ACTORS = PLACES | {L.ALLIANCE, L.ENTERPRISE, L.AGENCY}
# The ecosystem's entities: every label but the figures and sources that describe them.
ENTITIES = frozenset(Label) - {L.FIGURE, L.SOURCE}

ENDPOINTS: dict[RelType, tuple[frozenset[Label], frozenset[Label]]] = {
    RelType.PART_OF: (
        frozenset({L.DISTRICT, L.CITY, L.AGENCY}),
        frozenset({L.DISTRICT, L.CITY, L.PROVINCE, L.AGENCY}),
    ),
    RelType.LOCATED_IN: (
        frozenset(
            {
                L.ENTERPRISE,
                L.AGENCY,
                L.ALLIANCE,
                L.SCENARIO,
                L.INITIATIVE,
                L.MATCHING_EVENT,
                L.OPPORTUNITY,
                L.CAPABILITY,
            }
        ),
        PLACES,
    ),
    RelType.MEMBER_OF: (frozenset({L.CITY, L.DISTRICT, L.ENTERPRISE, L.AGENCY}), frozenset({L.ALLIANCE})),
    RelType.COLLABORATES_WITH: (ACTORS, ACTORS),
    RelType.APPLIES: (frozenset({L.SCENARIO, L.INITIATIVE}), frozenset({L.TECHNOLOGY})),
    RelType.FOCUSES_ON: (ACTORS | {L.INITIATIVE, L.POLICY}, frozenset({L.TECHNOLOGY})),
    RelType.PROVIDES: (frozenset({L.ENTERPRISE}), frozenset({L.TECHNOLOGY})),
    RelType.BROADER: (frozenset({L.TECHNOLOGY}), frozenset({L.TECHNOLOGY})),
    RelType.LAUNCHED: (ACTORS, frozenset({L.INITIATIVE})),
    RelType.ISSUED: (frozenset({L.AGENCY, L.PROVINCE, L.CITY}), frozenset({L.POLICY})),
    RelType.IMPLEMENTS: (frozenset({L.AGENCY, L.INITIATIVE}), frozenset({L.POLICY})),
    RelType.INCLUDES: (frozenset({L.INITIATIVE}), frozenset({L.SCENARIO, L.INITIATIVE, L.MATCHING_EVENT})),
    RelType.PARTICIPATES_IN: (ACTORS, frozenset({L.SCENARIO, L.INITIATIVE, L.MATCHING_EVENT})),
    RelType.ORGANISED: (ACTORS, frozenset({L.MATCHING_EVENT})),
    RelType.RELEASED: (
        ACTORS | {L.INITIATIVE, L.MATCHING_EVENT},
        frozenset({L.OPPORTUNITY, L.CAPABILITY, L.SCENARIO}),
    ),
    RelType.NEEDS: (frozenset({L.OPPORTUNITY}), frozenset({L.TECHNOLOGY})),
    RelType.OFFERS: (frozenset({L.CAPABILITY}), frozenset({L.TECHNOLOGY})),
    RelType.OFFERED_BY: (frozenset({L.CAPABILITY}), frozenset({L.ENTERPRISE})),
    RelType.HAS_FIGURE: (ENTITIES, frozenset({L.FIGURE})),
}

# Where the cross product of ENDPOINTS is too broad, the only pairs allowed.
PAIRS: dict[RelType, frozenset[tuple[Label, Label]]] = {
    RelType.PART_OF: frozenset(
        {
            (L.DISTRICT, L.CITY),
            (L.DISTRICT, L.DISTRICT),
            (L.DISTRICT, L.PROVINCE),  # a county-level city a province governs directly (济源市)
            (L.CITY, L.PROVINCE),
            (L.AGENCY, L.AGENCY),
        }
    ),
}

# Relationship properties a loader may set besides `sources`; anything else is refused.
REL_PROPERTIES: dict[RelType, frozenset[str]] = {
    RelType.MEMBER_OF: frozenset({"role", "since"}),
    RelType.COLLABORATES_WITH: frozenset({"mode", "mode_zh", "description"}),
    RelType.PARTICIPATES_IN: frozenset({"role"}),
    RelType.APPLIES: frozenset({"description"}),
    RelType.FOCUSES_ON: frozenset({"description"}),
}

# The relationships that carry meaning between actors; paths and analytics walk these.
SEMANTIC_RELATIONSHIPS: tuple[RelType, ...] = tuple(t for t in RelType if t is not RelType.HAS_FIGURE)


def allowed(rel: RelType, start: Label, end: Label) -> bool:
    """Whether the model lets `rel` join a `start` node to an `end` node."""
    starts, ends = ENDPOINTS[rel]
    pairs = PAIRS.get(rel)
    return start in starts and end in ends and (pairs is None or (start, end) in pairs)
