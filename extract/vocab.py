"""The extraction vocabulary, read once from the bundled data files (data/extraction/).

Units, qualifiers, name forms, trigger words, technologies and places are data, so a new
wording is added to a YAML file, not to the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from graph.resources import data_path
from graph.schema import Label, RelType
from model.yamlfile import read_yaml

DATA_DIR = data_path("extraction")


@dataclass(frozen=True)
class NameForm:
    """What a name ending in a suffix (or English head) is: its label and required fields."""

    label: str
    attrs: dict[str, str]


@dataclass(frozen=True)
class TriggerGroup:
    """Words that signal one kind of relationship, and the types they may yield, in order."""

    name: str
    words: tuple[str, ...]
    types: tuple[RelType, ...]
    close_types: tuple[RelType, ...]  # readings that need the object right after the trigger
    role: str | None
    symmetric: bool
    also_located: bool
    adjacent: bool
    all_subjects: bool  # every member of the subject's enumeration (北京、上海和深圳联合发起)
    reversible: bool  # an object before the trigger and a subject after it also fit
    passive: bool  # "X has been implemented": X is the object, the paragraph's actor the subject
    inverse: tuple[RelType, ...]  # types read from the object to the subject ("X like Y": Y BROADER X)
    object_before: bool  # 以“X”为抓手: the object stands before the trigger, the subject before it
    object_next: bool  # only objects right after the trigger (在三岔湖、丹景台等景区)
    plans: bool  # a place that will do it is its planner (triggers.yaml `intent`)
    examples: bool  # no object after it: the actor before the examples focuses on them
    goals: tuple[str, ...]  # 以X为目标: X includes what the sentence goes on to make
    attended: bool  # no object after it: the subjects attend what was named before them


@dataclass(frozen=True)
class Vocab:
    numbers: dict[str, Any]
    nouns: dict[str, Any]
    zh_suffixes: dict[str, NameForm]
    en_heads: dict[str, NameForm]
    en_person_titles: tuple[str, ...]
    en_quoted_heads: dict[str, NameForm]
    en_described_heads: dict[str, NameForm]
    title_plans: tuple[str, ...]
    title_documents: tuple[str, ...]
    generic_places: frozenset[str]
    generic_names: frozenset[str]
    generic_modifiers: tuple[str, ...]
    firm_context_before: tuple[str, ...]
    event_boundaries: tuple[str, ...]
    firm_context_after: tuple[str, ...]
    designation_markers: tuple[str, ...]
    never_start: frozenset[str]
    name_verbs: frozenset[str]
    stop_words: frozenset[str]
    agency_levels: dict[str, str]
    instance_heads: dict[str, NameForm]
    quote_verbs: tuple[str, ...]
    frame_roles: tuple[str, ...]
    release_verbs: tuple[str, ...]
    partner_words: tuple[str, ...]
    tech_facilities: tuple[str, ...]
    example_words: tuple[str, ...]
    en_example_heads: dict[str, NameForm]
    anaphora: dict[str, Label]
    triggers: tuple[TriggerGroup, ...]
    place_joiners: tuple[str, ...]
    intent: tuple[str, ...]  # will, 将在: what follows is planned
    intent_after_nominal: tuple[str, ...]  # "the release of X will be prioritised"
    intent_right_before: tuple[str, ...]  # 将打造: only right before the trigger
    sector_leads: tuple[str, ...]  # 在X领域, "in the X sector"
    joint: tuple[str, ...]  # 共同, jointly: done with others, so not located in one of them
    sector_heads: tuple[str, ...]
    technologies: tuple[tuple[str, ...], ...]
    provinces: dict[str, str]
    abbreviations: dict[str, str]
    municipalities: frozenset[str]
    cities: dict[str, str]


def _load(name: str) -> Any:
    return read_yaml(DATA_DIR / name)[0]


def _forms(raw: dict[str, dict[str, str]]) -> dict[str, NameForm]:
    return {
        key: NameForm(value["label"], {k: str(v) for k, v in value.items() if k != "label"})
        for key, value in raw.items()
    }


@cache
def vocab() -> Vocab:
    """The vocabulary; read on first use and kept for the process."""
    names = _load("names.yaml")
    triggers = _load("triggers.yaml")
    places = _load("places.yaml")
    groups = tuple(
        TriggerGroup(
            name=name,
            words=tuple([*group.get("zh", []), *group.get("en", [])]),
            types=tuple(RelType(t) for t in group["types"]),
            close_types=tuple(RelType(t) for t in group.get("close_types", [])),
            role=group.get("role"),
            symmetric=bool(group.get("symmetric", False)),
            also_located=bool(group.get("also_located", False)),
            adjacent=bool(group.get("adjacent", False)),
            all_subjects=bool(group.get("all_subjects", False)),
            reversible=bool(group.get("reversible", False)),
            passive=bool(group.get("passive", False)),
            inverse=tuple(RelType(t) for t in group.get("inverse", [])),
            object_before=bool(group.get("object_before", False)),
            object_next=bool(group.get("object_next", False)),
            plans=bool(group.get("plans", False)),
            examples=bool(group.get("examples", False)),
            goals=tuple(group.get("goals", [])),
            attended=bool(group.get("attended", False)),
        )
        for name, group in triggers["groups"].items()
    )
    return Vocab(
        numbers=_load("numbers.yaml"),
        nouns=_load("nouns.yaml"),
        zh_suffixes=_forms(names["zh_suffixes"]),
        en_heads=_forms(names["en_heads"]),
        en_person_titles=tuple(sorted(names["en_person_titles"], key=len, reverse=True)),
        en_quoted_heads=_forms(names["en_quoted_heads"]),
        en_described_heads=_forms(names["en_described_heads"]),
        title_plans=tuple(names["title_plans"]),
        title_documents=tuple(names["title_documents"]),
        generic_places=frozenset(names["generic_places"]),
        generic_names=frozenset(names["generic_names"]),
        generic_modifiers=tuple(sorted(names["generic_modifiers"], key=len, reverse=True)),
        firm_context_before=tuple(names["firm_context_before"]),
        event_boundaries=tuple(names["event_boundaries"]),
        firm_context_after=tuple(names["firm_context_after"]),
        designation_markers=tuple(names["designation_markers"]),
        never_start=frozenset(names["never_start"]),
        name_verbs=frozenset(names["name_verbs"]),
        stop_words=frozenset(names["stop_words"]),
        agency_levels=dict(names["agency_levels"]),
        instance_heads=_forms(names["instance_heads"]),
        quote_verbs=tuple(names["quote_verbs"]),
        frame_roles=tuple(names["frame_roles"]),
        release_verbs=tuple(names["release_verbs"]),
        partner_words=tuple(names["partner_words"]),
        tech_facilities=tuple(names["tech_facilities"]),
        example_words=tuple(names["example_words"]),
        en_example_heads=_forms(names["en_example_heads"]),
        anaphora={word: Label(label) for word, label in names["anaphora"].items()},
        triggers=groups,
        place_joiners=tuple(triggers["place_joiners"]),
        intent=tuple([*triggers["intent"]["zh"], *triggers["intent"]["en"]]),
        intent_after_nominal=tuple(triggers["intent"]["after_nominal"]),
        intent_right_before=tuple(triggers["intent"]["right_before"]),
        sector_leads=tuple(triggers["sectors"]["leads"]),
        joint=tuple(triggers["joint"]),
        sector_heads=tuple(triggers["sectors"]["heads"]),
        technologies=tuple(tuple(str(x) for x in row) for row in _load("technologies.yaml")),
        provinces=dict(places["provinces"]),
        abbreviations=dict(places["abbreviations"]),
        municipalities=frozenset(places["municipalities"]),
        cities=dict(places["cities"]),
    )
