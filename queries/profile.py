"""Profile of any entity, as a dossier: its key figures and those of what it does (queries.
dossier), the places it is tied to, then its neighbours grouped by label, each neighbour once
with every relationship tying it, and sources.

For a city it adds what an analyst asks first: its districts, and the initiatives (with their
figures), scenarios, technologies, enterprises and alliances of the city and its districts;
what those sections show is not repeated among the neighbours. Every list is capped (hub cities
have thousands of neighbours), says how many exist and how many more there are. A profile is
computed once per graph revision for each (entity, cap, offset) and then reused; the first
page of every hub is also kept on the graph per revision (queries.hub_profiles, kept by
queries.hub_refresh after each write with these same queries, for many hubs at once), so even
the first request for it, in any process, is one read.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from graph import cypher
from graph.errors import BadArgument, NotFound
from graph.schema import Label, RelType, label_of
from graph.store import GraphStore
from model.cache import cached
from model.limits import DEFAULT_PROFILE_CAP, MAX_LIMIT
from model.refs import CITATION_EXAMPLE, EntityRef, SourceRef
from queries import hub_profiles
from queries.dossier import KeyFigures, PlaceTie, key_figures, tied_places, to_figure
from queries.lookup import resolve, to_entity
from queries.models import Entity, FigureOut
from queries.sources import resolve_citations, unique_sources

_NODE = cypher.load(__file__, "profile_node")
_NEIGHBOURS = cypher.load(__file__, "profile_neighbours")
_PLACES = cypher.load(__file__, "city_places")
_SECTION = cypher.load(__file__, "city_section")
_TECHNOLOGIES = cypher.load(__file__, "city_technologies")
_ENTERPRISES = cypher.load(__file__, "city_enterprises")
_FIGURES = cypher.load(__file__, "figures_of")
# Queries of one profile in flight at once: the embedded server runs four by default.
SIDE_BY_SIDE = 4


class Tie(BaseModel):
    """One relationship between the profiled entity and a neighbour."""

    type: str
    direction: Literal["out", "in"]
    properties: dict[str, Any] = {}
    sources: list[SourceRef] = []


class Neighbour(BaseModel):
    entity: EntityRef
    ties: list[Tie]


class NeighbourGroup(BaseModel):
    """The neighbours of one label: `total` of them, `items` shown, `more` not shown."""

    label: str
    total: int
    more: int
    items: list[Neighbour]


class Related(BaseModel):
    """An entity tied to a city, the relationship types that tie it, and their sources."""

    entity: EntityRef
    via: list[str]
    sources: list[SourceRef]
    figures: list[FigureOut] = []


class Section(BaseModel):
    total: int
    more: int = 0
    items: list[Related]


class CityContext(BaseModel):
    districts: list[EntityRef]
    initiatives: Section
    scenarios: Section
    technologies: Section
    enterprises: Section
    alliances: Section


class Profile(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "entity": {
                    "id": "city:tangshan",
                    "label": "City",
                    "name_zh": "唐山市",
                    "name_en": "Tangshan",
                },
                "figures": [],
                "key_figures": {"total": 0, "more": 0, "items": []},
                "places": [
                    {
                        "place": {"id": "province:hebei", "label": "Province", "name_zh": "河北省"},
                        "via": [],
                    }
                ],
                "neighbours": [
                    {
                        "label": "City",
                        "total": 2,
                        "more": 0,
                        "items": [
                            {
                                "entity": {"id": "city:beijing", "label": "City", "name_zh": "北京市"},
                                "ties": [
                                    {
                                        "type": "COLLABORATES_WITH",
                                        "direction": "out",
                                        "properties": {"mode_zh": "京津研发、河北转化"},
                                        "sources": [CITATION_EXAMPLE],
                                    }
                                ],
                            }
                        ],
                    }
                ],
                "city": None,
                "sources": [],
            }
        }
    )
    entity: Entity
    figures: list[FigureOut]
    key_figures: KeyFigures
    places: list[PlaceTie]
    neighbours: list[NeighbourGroup]
    city: CityContext | None = None
    sources: list[SourceRef]


def _ref(row: dict[str, Any]) -> EntityRef:
    return EntityRef(id=row["id"], label=row["label"], name_zh=row.get("name_zh"), name_en=row.get("name_en"))


def figures(store: GraphStore, rows: list[dict[str, Any]]) -> list[FigureOut]:
    return [to_figure(store, row) for row in rows]


# What the city sections show, so the neighbours of a city do not list it again.
CITY_COVERED = [
    f"{label.value}:{rel.value}"
    for label, rels in (
        (Label.INITIATIVE, (RelType.LAUNCHED, RelType.LOCATED_IN)),
        (Label.SCENARIO, (RelType.LOCATED_IN,)),
        (Label.TECHNOLOGY, (RelType.FOCUSES_ON,)),
        (Label.ENTERPRISE, (RelType.LOCATED_IN,)),
        (Label.ALLIANCE, (RelType.MEMBER_OF, RelType.LOCATED_IN)),
        (Label.DISTRICT, (RelType.PART_OF,)),
    )
    for rel in rels
]


def profile(store: GraphStore, ref: str, cap: int = DEFAULT_PROFILE_CAP, offset: int = 0) -> Profile:
    """Everything the graph says about one entity, each part with its sources; every group and
    section shows `cap` items from `offset` (ordered by id) and counts them all."""
    if not 1 <= cap <= MAX_LIMIT:
        raise BadArgument("cap", f"must be between 1 and {MAX_LIMIT}, not {cap}")
    if offset < 0:
        raise BadArgument("offset", f"must be 0 or more, not {offset}")
    ref = ref.strip()
    ident = ref if label_of(ref) is not None else resolve(store, ref)
    try:
        # Once per graph revision: a hub's sections are collected and sorted on the first call only.
        key = f"profile:{ident}:{cap}:{offset}"
        return cached(store, key, lambda s: _kept_or_built(s, ident, cap, offset))
    except NotFound:
        # An id is not checked before the profile's queries (a round trip): only when it names
        # nothing is it resolved, for the suggestions, or for a name of that form.
        named = resolve(store, ident)
        if named == ident:
            raise
        key = f"profile:{named}:{cap}:{offset}"
        return cached(store, key, lambda s: _kept_or_built(s, named, cap, offset))


def _kept_or_built(store: GraphStore, ident: str, cap: int, offset: int) -> Profile:
    """The profile kept for this revision when it is a kept first page, else computed now."""
    if cap == DEFAULT_PROFILE_CAP and offset == 0:
        text = hub_profiles.read(store, ident)
        if text is not None:
            return Profile.model_validate_json(text)
    return _build(store, ident, cap, offset)


def _build(store: GraphStore, ident: str, cap: int, offset: int) -> Profile:
    label = label_of(ident)
    assert label is not None
    built = build_many(store, label, [ident], cap, offset)
    if ident not in built:
        raise NotFound(ident)
    return built[ident]


def build_many(
    store: GraphStore, label: Label, idents: list[str], cap: int, offset: int
) -> dict[str, Profile]:
    """The profiles of `idents` (all of `label`; those that exist), each part one query for all
    of them: a request asks for one, the hub refresh for hundreds at once (queries.hub_refresh),
    with the same queries, so a kept profile is the one a request computes."""
    # The parts run side by side (the driver is thread-safe): a hub's profile takes as long as
    # its slowest section, not the sum of all of them.
    with ThreadPoolExecutor(max_workers=SIDE_BY_SIDE) as pool:
        node = pool.submit(store.read, cypher.render(_NODE, label=label), {"ids": idents})
        places_rows = pool.submit(store.read, _PLACES, {"ids": idents}) if label is Label.CITY else None
        groups = pool.submit(_neighbours, store, label, idents, cap, offset)
        tied = pool.submit(tied_places, store, label, idents)
        found = {row["id"]: row for row in node.result()}
        cities = _city_context(store, pool, places_rows.result(), cap, offset) if places_rows else None
        places = {
            ident: [ident, *(d.id for d in cities.districts[ident])] if cities else [ident] for ident in found
        }
        key = pool.submit(key_figures, store, label, places, cap, offset)
        contexts = cities.result() if cities else {}
        neighbours, tied_to, figured = groups.result(), tied.result(), key.result()
    return {
        ident: _profile(
            store, row, neighbours.get(ident, []), figured[ident], tied_to[ident], contexts.get(ident)
        )
        for ident, row in found.items()
    }


def _profile(
    store: GraphStore,
    row: dict[str, Any],
    neighbours: list[NeighbourGroup],
    figured: KeyFigures,
    places: list[PlaceTie],
    city: CityContext | None,
) -> Profile:
    entity = to_entity(store, row["node"])
    facts = figures(store, row["figures"])
    cited = [*entity.sources, *(s for f in facts for s in f.sources)]
    cited += [s for g in neighbours for n in g.items for t in n.ties for s in t.sources]
    return Profile(
        entity=entity,
        figures=facts,
        key_figures=figured,
        places=places,
        neighbours=neighbours,
        city=city,
        sources=unique_sources(cited),
    )


def _neighbours(
    store: GraphStore, label: Label, idents: list[str], cap: int, offset: int
) -> dict[str, list[NeighbourGroup]]:
    covered = CITY_COVERED if label is Label.CITY else []
    params = {"ids": idents, "offset": offset, "cap": cap, "covered": covered}
    out: dict[str, list[NeighbourGroup]] = {}
    for row in store.read(cypher.render(_NEIGHBOURS, label=label), params):
        out.setdefault(row["id"], []).append(
            NeighbourGroup(
                label=row["label"],
                total=row["total"],
                more=max(row["total"] - offset - len(row["items"]), 0),
                items=[
                    Neighbour(
                        entity=_ref(item),
                        ties=sorted(
                            (_tie(store, tie) for tie in item["ties"]), key=lambda t: (t.type, t.direction)
                        ),
                    )
                    for item in row["items"]
                ],
            )
        )
    return out


def _tie(store: GraphStore, tie: dict[str, Any]) -> Tie:
    properties = tie["properties"]
    return Tie(
        type=tie["type"],
        direction=tie["direction"],
        properties={k: v for k, v in properties.items() if k != "sources"},
        sources=resolve_citations(store, properties.get("sources")),
    )


@dataclass
class _CityParts:
    """Cities' districts, and their sections as queries under way (each for all the cities);
    `result` waits for them."""

    store: GraphStore
    districts: dict[str, list[EntityRef]]
    sections: dict[str, Future[dict[str, Section]]]

    def result(self) -> dict[str, CityContext]:
        initiatives = self.sections["initiatives"].result()
        items = [item for section in initiatives.values() for item in section.items]
        query = cypher.render(_FIGURES, label=Label.INITIATIVE)
        ids = list(dict.fromkeys(item.entity.id for item in items))
        by_id = {
            row["id"]: figures(self.store, row["figures"]) for row in self.store.read(query, {"ids": ids})
        }
        for item in items:
            item.figures = by_id.get(item.entity.id, [])
        done = {name: future.result() for name, future in self.sections.items()}
        return {
            city: CityContext(
                districts=districts,
                **{name: done[name].get(city) or Section(total=0, items=[]) for name in _SECTIONS},
            )
            for city, districts in self.districts.items()
        }


_SECTIONS = ("initiatives", "scenarios", "technologies", "enterprises", "alliances")


def _city_context(
    store: GraphStore, pool: ThreadPoolExecutor, places_rows: list[dict[str, Any]], cap: int, offset: int
) -> _CityParts:
    districts = {row["city"]: [_ref(d) for d in row["districts"]] for row in places_rows}
    cities = [{"id": city, "places": [city, *(d.id for d in ds)]} for city, ds in districts.items()]
    params = {"cities": cities, "offset": offset, "cap": cap}

    def section(text: str) -> dict[str, Section]:
        out = {}
        for row in store.read(text, params):
            items = [
                Related(entity=_ref(i), via=i["via"], sources=resolve_citations(store, i["sources"]))
                for i in row["items"]
            ]
            out[row["city"]] = Section(
                total=row["total"], more=max(row["total"] - offset - len(items), 0), items=items
            )
        return out

    def related(rels: tuple[RelType, ...], label: Label) -> dict[str, Section]:
        return section(cypher.render(_SECTION, rels=rels, label=label))

    # The slowest first: at a hub the enterprises take longest.
    sections = {
        "enterprises": pool.submit(section, _ENTERPRISES),
        "technologies": pool.submit(section, _TECHNOLOGIES),
        "initiatives": pool.submit(related, (RelType.LAUNCHED, RelType.LOCATED_IN), Label.INITIATIVE),
        "scenarios": pool.submit(related, (RelType.LOCATED_IN,), Label.SCENARIO),
        "alliances": pool.submit(related, (RelType.MEMBER_OF, RelType.LOCATED_IN), Label.ALLIANCE),
    }
    return _CityParts(store, districts, sections)
