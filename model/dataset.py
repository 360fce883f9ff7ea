"""Pydantic models of the curated dataset: one model per label, plus figures and relationships.

A dataset file is a YAML mapping whose keys are the section names in `SECTIONS`; each
section is a list of entries of that label. Every entry and relationship carries
`sources`, citations of the form `source:<id>#<locator>`.
"""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_serializer,
    field_validator,
    model_validator,
)

from graph.schema import REL_PROPERTIES, Domain, Label, RelType
from model.citations import split_citation
from model.ids import check_id, check_partial_date

# Every control character but tab and newline: C0, DEL and C1 (U+009B is a terminal's CSI),
# i.e. Unicode category Cc. One compiled class: a load checks millions of strings.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: invisible, they make the text after them
# display reordered ("Trojan Source"), so a name could show as something else than it is.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
ANY_CONTROL = re.compile(f"{_CONTROLS.pattern}|{_BIDI_CONTROLS.pattern}")


def _no_controls(value: str) -> str:
    if not ANY_CONTROL.search(value):  # one scan for the usual clean string, then which kind
        return value
    if _CONTROLS.search(value):
        raise ValueError("contains control characters")
    if _BIDI_CONTROLS.search(value):
        raise ValueError("contains invisible bidirectional control characters")
    return value


def _citation(value: str) -> str:
    split_citation(value)
    return _no_controls(value)


def _clean_text(value: str) -> str:
    return _no_controls(value).strip()


MAX_NAME = 300
Citation = Annotated[str, AfterValidator(_citation)]
PartialDate = Annotated[str, AfterValidator(check_partial_date)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME), AfterValidator(_clean_text)]
Text = Annotated[str, Field(max_length=4000), AfterValidator(_clean_text)]
Sources = Annotated[list[Citation], Field(min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Qualifier(StrEnum):
    """How a figure relates to its value: 超/余/多/以上 are `more_than`, 约 `about`, 近 `nearly`,
    至少/不少于 `at_least`."""

    EXACT = "exact"
    ABOUT = "about"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    NEARLY = "nearly"
    AT_MOST = "at_most"


class FigureEntry(Strict):
    """One quantitative statement about an entity, with its unit and the date it refers to."""

    measure: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=80)]
    label_en: Name
    label_zh: Name | None = None
    value: Annotated[float, Field(ge=0, le=1e15)]
    unit: Annotated[str, Field(min_length=1, max_length=40), AfterValidator(_no_controls)]
    currency: Literal["CNY", "USD", "EUR"] | None = None
    qualifier: Qualifier = Qualifier.EXACT
    stated: Annotated[str, Field(max_length=40), AfterValidator(_no_controls)] | None = None
    as_of: PartialDate | None = None
    period_start: PartialDate | None = None
    target_year: Annotated[int, Field(ge=1949, le=2100)] | None = None
    sources: Sources

    @model_validator(mode="after")
    def _money_has_currency(self) -> FigureEntry:
        if self.unit == "currency" and self.currency is None:
            raise ValueError("a money figure (unit: currency) needs a currency")
        if self.unit == "percent" and self.value > 100:
            raise ValueError("a percentage cannot exceed 100")
        return self


class Entry(Strict):
    """Fields every node shares: bilingual names, aliases and sources."""

    label: ClassVar[Label]
    id: str
    name_zh: Name
    name_en: Name
    # Factories, not `= []`: pydantic deep-copies an unhashable default for every entry, a
    # quarter of a bulk load's node validation.
    aliases: list[Name] = Field(default_factory=list)
    description: Text | None = None
    sources: Sources
    figures: list[FigureEntry] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_matches_label(cls, value: str) -> str:
        return check_id(value, cls.label)

    @model_validator(mode="after")
    def _unique_measures(self) -> Entry:
        if len(self.figures) < 2:
            return self
        measures = [f.measure for f in self.figures]
        duplicates = sorted({m for m in measures if measures.count(m) > 1})
        if duplicates:
            raise ValueError(f"figures repeat the measure(s) {', '.join(duplicates)}")
        return self

    def properties(self) -> dict[str, Any]:
        """Node properties for the graph: scalars and lists of scalars only, no nulls."""
        data = self.model_dump(mode="json", exclude={"id", "sources", "figures"}, exclude_none=True)
        return {key: value for key, value in data.items() if value != []}


class Province(Entry):
    label = Label.PROVINCE


class City(Entry):
    label = Label.CITY


class District(Entry):
    label = Label.DISTRICT


class Alliance(Entry):
    label = Label.ALLIANCE
    founded: PartialDate | None = None


class Enterprise(Entry):
    label = Label.ENTERPRISE
    ownership: Literal["state", "private", "foreign", "mixed", "unknown"] = "unknown"
    sector: Name | None = None


class Agency(Entry):
    label = Label.AGENCY
    level: Literal["national", "provincial", "municipal", "district"]
    kind: Literal["state_council", "ministry", "commission", "bureau", "office", "institute", "government"]


class Technology(Entry):
    label = Label.TECHNOLOGY


class Scenario(Entry):
    label = Label.SCENARIO
    domain: Domain
    status: Literal["planned", "open", "operating", "completed"] | None = None


class InitiativeKind(StrEnum):
    PROGRAMME = "programme"
    ACTION_PLAN = "action_plan"
    SCENARIO_RELEASE = "scenario_release"
    PLATFORM = "platform"
    MECHANISM = "mechanism"
    PILOT_ZONE = "pilot_zone"
    CASE_RELEASE = "case_release"
    LIST = "list"


class Initiative(Entry):
    label = Label.INITIATIVE
    kind: InitiativeKind
    launched: PartialDate | None = None
    target_year: Annotated[int, Field(ge=1949, le=2100)] | None = None


class Policy(Entry):
    label = Label.POLICY
    issued: PartialDate | None = None
    document_type: Name | None = None


class MatchingEvent(Entry):
    label = Label.MATCHING_EVENT
    date: PartialDate | None = None
    period_start: PartialDate | None = None
    frequency: Literal["once", "weekly", "monthly", "recurring"] | None = None


class Opportunity(Entry):
    label = Label.OPPORTUNITY
    domain: Domain | None = None
    status: Literal["open", "matched", "closed", "example"] = "open"
    # The budget in yuan, and as the list states it (500 万元 is value 500, unit 万元).
    budget_cny: Annotated[float, Field(ge=0, le=1e13)] | None = None
    budget_value: Annotated[float, Field(ge=0, le=1e13)] | None = None
    budget_unit: Literal["元", "万元", "亿元"] | None = None
    demand_unit: Name | None = None  # 需求单位: who has the need, as the list names it
    deadline: PartialDate | None = None


class Capability(Entry):
    label = Label.CAPABILITY
    domain: Domain | None = None
    status: Literal["available", "withdrawn", "example"] = "available"


class Passage(Strict):
    """What one cited passage of a source says. An article we may not copy gets a short
    paraphrase in our own words, Chinese first and English beside it (`zh`, `en`); a user's own
    article read by `scenekg extract` keeps the sentence as written (`sentence`), its span being
    the citation's locator `cS-E`."""

    zh: Text | None = None
    en: Text | None = None
    sentence: Text | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Passage:
        if self.sentence is not None and (self.zh is not None or self.en is not None):
            raise ValueError("a passage is either quoted (sentence) or paraphrased (zh, en), not both")
        if self.sentence is None and (self.zh is None or self.en is None):
            raise ValueError("a paraphrase needs zh and en (or quote the user's article as sentence)")
        return self

    @property
    def paraphrase(self) -> bool:
        return self.sentence is None


Locator = Annotated[str, Field(min_length=1, max_length=80), AfterValidator(_no_controls)]


def passages_property(passages: dict[str, Passage]) -> str:
    """The passages table as the one text property a Source node keeps (`passages`): graph
    properties cannot hold maps, and the table is only ever read whole."""
    table = {key: passages[key].model_dump(exclude_none=True) for key in sorted(passages)}
    return json.dumps(table, ensure_ascii=False, sort_keys=True)


def read_passages(value: Any) -> dict[str, Passage]:
    """The passages table of a Source node's `passages` property (None or '' for none)."""
    if not value:
        return {}
    return {str(k): Passage.model_validate(v) for k, v in json.loads(str(value)).items()}


class Source(Strict):
    """An article or file that facts are cited from; its own id is its citation prefix."""

    label: ClassVar[Label] = Label.SOURCE
    id: str
    title: Name
    title_en: Name | None = None
    publisher: Name | None = None
    publisher_en: Name | None = None
    published: PartialDate | None = None
    language: Literal["zh", "en", "mixed"] | None = None
    kind: Literal["article", "csv", "template", "rdf", "dataset", "reference", "xlsx"] = "article"
    version: Name | None = None  # of a reference dataset: the package version it came in
    licence: Name | None = None
    file: Name | None = None
    sha256: str | None = Field(default=None, pattern="^[0-9a-f]{64}$")  # of a list file's bytes
    origin: str | None = Field(default=None, pattern="^[0-9a-f]{64}$")  # of the path it came from
    url: Name | None = None
    locator_scheme: Text | None = None
    # What each cited passage says, by locator (p9, [2], c10-42); see Passage.
    passages: dict[Locator, Passage] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _source_id(cls, value: str) -> str:
        return check_id(value, Label.SOURCE)

    @field_serializer("passages", when_used="json")
    def _passages_json(self, value: dict[str, Passage]) -> str:
        """In JSON (a graph property, an RDF literal) the table is its one JSON text."""
        return passages_property(value)

    @field_validator("passages", mode="before")
    @classmethod
    def _passages_text(cls, value: Any) -> Any:
        """A graph node and an RDF import give the table as its JSON text."""
        if isinstance(value, str):
            try:
                return json.loads(value) if value else {}
            except json.JSONDecodeError as exc:
                raise ValueError(f"passages: not a JSON table ({exc.msg})") from None
        return value

    @property
    def sources(self) -> list[str]:
        """A source is its own provenance: its fields come from the document itself."""
        return [f"{self.id}#document"]

    def properties(self) -> dict[str, Any]:
        data = self.model_dump(mode="json", exclude={"id", "passages"}, exclude_none=True)
        if self.passages:
            data["passages"] = passages_property(self.passages)
        data["name_zh"] = self.title
        data["name_en"] = self.title_en or self.title
        return data


class Relationship(BaseModel):
    """A typed, sourced edge; extra keys are its properties, checked against the schema."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)
    type: RelType
    start: Annotated[str, Field(alias="from")]
    end: Annotated[str, Field(alias="to")]
    sources: Sources

    @field_validator("start", "end")
    @classmethod
    def _ids(cls, value: str) -> str:
        return check_id(value)

    @model_validator(mode="after")
    def _known_properties(self) -> Relationship:
        allowed = REL_PROPERTIES.get(self.type, frozenset())
        unknown = sorted(set(self.model_extra or {}) - allowed)
        if unknown:
            expected = ", ".join(sorted(allowed)) or "none"
            raise ValueError(
                f"{self.type.value} does not take the propert(ies) {', '.join(unknown)} (allowed: {expected})"
            )
        for key, value in (self.model_extra or {}).items():
            if not isinstance(value, str | int | float | bool):
                raise ValueError(f"property {key} must be a plain value")
            if isinstance(value, str):
                _clean_text(value)
        if self.type is RelType.MEMBER_OF and (self.model_extra or {}).get("role") not in (
            "initiator",
            "member",
        ):
            raise ValueError("MEMBER_OF needs role: initiator or member")
        return self

    def properties(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


SECTIONS: dict[str, Any] = {
    "sources": Source,
    "provinces": Province,
    "cities": City,
    "districts": District,
    "alliances": Alliance,
    "enterprises": Enterprise,
    "agencies": Agency,
    "technologies": Technology,
    "scenarios": Scenario,
    "initiatives": Initiative,
    "policies": Policy,
    "matching_events": MatchingEvent,
    "opportunities": Opportunity,
    "capabilities": Capability,
}
RELATIONSHIPS_SECTION = "relationships"
