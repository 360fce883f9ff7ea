"""Profile of any entity: properties, figures, neighbours grouped by relationship, sources.

For a city it adds what an analyst asks first: its districts, and the initiatives (with their
figures), scenarios, technologies, enterprises and alliances of the city and its districts.
Every list is capped (hub cities have thousands of neighbours) and says how many exist.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from graph import cypher
from graph.errors import BadArgument, NotFound
from graph.schema import Label, RelType, label_of
from graph.store import GraphStore
from model.limits import DEFAULT_PROFILE_CAP, MAX_LIMIT
from model.refs import EntityRef
from queries.lookup import resolve, to_entity
from queries.models import Entity, FigureOut
from queries.sources import resolve_citations

_NODE = cypher.load(__file__, "profile_node")
_NEIGHBOURS = cypher.load(__file__, "profile_neighbours")
_PLACES = cypher.load(__file__, "city_places")
_SECTION = cypher.load(__file__, "city_section")
_TECHNOLOGIES = cypher.load(__file__, "city_technologies")
_ENTERPRISES = cypher.load(__file__, "city_enterprises")
_FIGURES = cypher.load(__file__, "figures_of")


class Neighbour(BaseModel):
    entity: EntityRef
    properties: dict[str, Any] = {}
    sources: list[Any] = []


class NeighbourGroup(BaseModel):
    type: str
    direction: Literal["out", "in"]
    total: int
    items: list[Neighbour]


class Related(BaseModel):
    """An entity tied to a city, the relationship types that tie it, and their sources."""

    entity: EntityRef
    via: list[str]
    sources: list[Any]
    figures: list[FigureOut] = []


class Section(BaseModel):
    total: int
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
                "neighbours": [
                    {
                        "type": "COLLABORATES_WITH",
                        "direction": "out",
                        "total": 2,
                        "items": [
                            {
                                "entity": {"id": "city:beijing", "label": "City", "name_zh": "北京市"},
                                "properties": {"mode_zh": "京津研发、河北转化"},
                                "sources": [
                                    {"citation": "source:004#p36", "source": "source:004", "locator": "p36"}
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
    neighbours: list[NeighbourGroup]
    city: CityContext | None = None
    sources: list[Any]


def _ref(row: dict[str, Any]) -> EntityRef:
    return EntityRef(id=row["id"], label=row["label"], name_zh=row.get("name_zh"), name_en=row.get("name_en"))


def _unique(items: list[str] | None) -> list[str]:
    return list(dict.fromkeys(items or []))


def figures(store: GraphStore, rows: list[dict[str, Any]]) -> list[FigureOut]:
    out = []
    for row in rows:
        data = {k: v for k, v in row.items() if k in FigureOut.model_fields and k != "sources"}
        out.append(FigureOut(**data, sources=resolve_citations(store, row.get("sources"))))
    return out


def profile(store: GraphStore, ref: str, cap: int = DEFAULT_PROFILE_CAP, offset: int = 0) -> Profile:
    """Everything the graph says about one entity, each part with its sources; every group and
    section shows `cap` items from `offset` (ordered by id) and counts them all."""
    if not 1 <= cap <= MAX_LIMIT:
        raise BadArgument("cap", f"must be between 1 and {MAX_LIMIT}, not {cap}")
    if offset < 0:
        raise BadArgument("offset", f"must be 0 or more, not {offset}")
    ident = resolve(store, ref)
    label = label_of(ident)
    assert label is not None
    rows = store.read(cypher.render(_NODE, label=label), {"id": ident})
    if not rows:
        raise NotFound(ref)
    entity = to_entity(store, rows[0]["node"])
    groups = [
        NeighbourGroup(
            type=row["type"],
            direction=row["direction"],
            total=row["total"],
            items=[
                Neighbour(
                    entity=_ref(item),
                    properties={k: v for k, v in item["properties"].items() if k != "sources"},
                    sources=resolve_citations(store, item["properties"].get("sources")),
                )
                for item in row["items"]
            ],
        )
        for row in store.read(
            cypher.render(_NEIGHBOURS, label=label), {"id": ident, "offset": offset, "cap": cap}
        )
    ]
    facts = figures(store, rows[0]["figures"])
    city = _city_context(store, ident, cap, offset) if label is Label.CITY else None
    cited = [*entity.sources, *(s for f in facts for s in f.sources)]
    cited += [s for g in groups for n in g.items for s in n.sources]
    unique = {s.citation: s for s in cited}
    return Profile(
        entity=entity,
        figures=facts,
        neighbours=sorted(groups, key=lambda g: (g.type, g.direction)),
        city=city,
        sources=sorted(unique.values(), key=lambda s: s.citation),
    )


def _city_context(store: GraphStore, city: str, cap: int, offset: int) -> CityContext:
    places_row = store.read(_PLACES, {"id": city})[0]
    districts = [_ref(d) for d in places_row["districts"]]
    places = [places_row["city"], *(d.id for d in districts)]
    params = {"places": places, "offset": offset, "cap": cap}

    def section(text: str) -> Section:
        row = store.read(text, params)[0]
        items = [
            Related(entity=_ref(i), via=i["via"], sources=resolve_citations(store, _unique(i["sources"])))
            for i in row["items"]
        ]
        return Section(total=row["total"], items=items)

    def related(rels: tuple[RelType, ...], label: Label) -> Section:
        return section(cypher.render(_SECTION, rels=rels, label=label))

    # The sections are independent queries: run them side by side (the driver is thread-safe).
    with ThreadPoolExecutor(max_workers=5) as pool:
        initiatives_f = pool.submit(related, (RelType.LAUNCHED, RelType.LOCATED_IN), Label.INITIATIVE)
        scenarios = pool.submit(related, (RelType.LOCATED_IN,), Label.SCENARIO)
        technologies = pool.submit(section, _TECHNOLOGIES)
        enterprises = pool.submit(section, _ENTERPRISES)
        alliances = pool.submit(related, (RelType.MEMBER_OF, RelType.LOCATED_IN), Label.ALLIANCE)
        initiatives = initiatives_f.result()
    ids = [item.entity.id for item in initiatives.items]
    by_id = {
        row["id"]: figures(store, row["figures"])
        for row in store.read(cypher.render(_FIGURES, label=Label.INITIATIVE), {"ids": ids})
    }
    for item in initiatives.items:
        item.figures = by_id.get(item.entity.id, [])
    return CityContext(
        districts=districts,
        initiatives=initiatives,
        scenarios=scenarios.result(),
        technologies=technologies.result(),
        enterprises=enterprises.result(),
        alliances=alliances.result(),
    )
