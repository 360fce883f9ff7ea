"""Technology diffusion: which cities, and which of their scenarios, initiatives and actors, use
a technology, counting the narrower technologies under it.

A scenario or initiative uses a technology it APPLIES or, for an initiative, FOCUSES_ON; an
actor (a city, district, enterprise ...) one it FOCUSES_ON. Policies focus on technologies
too but do not use them, so they are left out. Each user is placed in a city: a City is its
own, a District climbs PART_OF to its City, and anything else belongs to the city (or a
district of it) it is LOCATED_IN or that LAUNCHED it. Users with no such place (a ministry's
national programme, a province's action plan) are listed apart.

The technology hierarchy and the user table are shared with `queries.matching` and
`queries.similar`, so the three queries agree on what "a city uses a technology" means.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from graph import cypher
from graph.errors import NotFound
from graph.schema import Label
from graph.store import GraphStore
from model.cache import cached
from model.limits import DEFAULT_DIFFUSION_LIMIT
from model.refs import EntityRef, SourceRef, entity_ref, row_ref
from queries.lookup import resolve
from queries.models import Page, paged
from queries.sources import resolve_citations

NARROWER_DEPTH = 6
PLACE_DEPTH = 4  # PART_OF steps from a district up to its city (district -> district -> city)
_HIERARCHY = cypher.load(__file__, "diffusion_hierarchy")
_USERS = cypher.render(cypher.load(__file__, "diffusion_users"), hops=PLACE_DEPTH)

_HARMONYOS: JsonDict = {
    "id": "tech:harmonyos",
    "label": "Technology",
    "name_zh": "鸿蒙",
    "name_en": "HarmonyOS",
}
_SOURCE_000: JsonDict = {
    "citation": "source:000#[1]",
    "source": "source:000",
    "locator": "[1]",
    "title": "用新技术重塑城市生态布局",
    "publisher": "经济日报",
    "published": "2026-02-05",
    "file": "000_5b5b6593c7dfde20.txt",
    "passage": "深圳坪山区启动“场景森林”计划，串联百余个人工智能应用场景；文章把它看作各地用政策、资金、"
    "开放场景和人才，借助鸿蒙等开源技术重塑城市产业生态的一个例子。",
    "passage_en": 'Shenzhen\'s Pingshan District starts its "Scene Forest" plan, linking over a hundred AI '
    "scenarios; the piece takes it as one example of places using policy, money, open scenarios, talent and "
    "open-source technology such as HarmonyOS to reshape their urban ecosystems.",
    "passage_kind": "paraphrase",
    "span": None,
}


@dataclass(frozen=True)
class Hierarchy:
    """The BROADER hierarchy of technologies (narrower -> broader) with each step's citations."""

    refs: dict[str, EntityRef]
    up: dict[str, dict[str, tuple[str, ...]]]
    down: dict[str, dict[str, tuple[str, ...]]]

    def reach(self, tech: str, depth: int, upward: bool) -> dict[str, tuple[str, ...]]:
        """Technologies at most `depth` BROADER steps above (or below) `tech`, each with the
        citations of one shortest path to it (the first in id order, so answers are stable)."""
        steps = self.up if upward else self.down
        found: dict[str, tuple[str, ...]] = {}
        frontier: dict[str, tuple[str, ...]] = {tech: ()}
        for _ in range(depth):
            reached: dict[str, tuple[str, ...]] = {}
            for node in sorted(frontier):
                for other, citations in sorted(steps.get(node, {}).items()):
                    if other != tech and other not in found and other not in reached:
                        reached[other] = frontier[node] + citations
            if not reached:
                break
            found.update(reached)
            frontier = reached
        return found


def _load_hierarchy(store: GraphStore) -> Hierarchy:
    refs: dict[str, EntityRef] = {}
    up: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    down: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for row in store.read(_HIERARCHY):
        refs[row["id"]] = entity_ref(row, Label.TECHNOLOGY)
        for step in row["broader"]:
            citations = tuple(step["sources"] or ())
            up[row["id"]][step["id"]] = citations
            down[step["id"]][row["id"]] = citations
    return Hierarchy(refs, dict(up), dict(down))


def technology_hierarchy(store: GraphStore) -> Hierarchy:
    """The whole technology hierarchy, read again only when the graph changes."""
    return cached(store, "technology-hierarchy", _load_hierarchy)


@dataclass(frozen=True)
class Use:
    """One relationship from a user to a technology, placed in one city (or in none)."""

    user: EntityRef
    technology: str
    relationship: str
    citations: tuple[str, ...]
    city: EntityRef | None
    district: EntityRef | None


def technology_uses(store: GraphStore, techs: Iterable[str]) -> list[Use]:
    """Every use of the given technologies, once per city the user belongs to; a user that
    belongs to no city appears once with `city` None."""
    placed: dict[tuple[str, str, str], list[Use]] = defaultdict(list)
    unplaced: dict[tuple[str, str, str], Use] = {}
    for row in store.read(_USERS, {"techs": sorted(set(techs))}):
        key = (row["user_id"], row["technology"], row["relationship"])
        use = Use(
            user=entity_ref(row, prefix="user"),
            technology=row["technology"],
            relationship=row["relationship"],
            citations=tuple(row["sources"] or ()),
            city=row_ref(row, "city", Label.CITY),
            district=row_ref(row, "district", Label.DISTRICT),
        )
        if use.city is None:
            unplaced[key] = use
        elif use not in placed[key]:
            placed[key].append(use)
    return [use for uses in placed.values() for use in uses] + [
        use for key, use in unplaced.items() if key not in placed
    ]


class TechnologyUser(BaseModel):
    """A scenario, initiative or actor that uses the technology (or a narrower one)."""

    entity: EntityRef
    via_technology: EntityRef = Field(description="The technology it applies or focuses on")
    relationship: str = Field(description="APPLIES or FOCUSES_ON")
    districts: list[EntityRef] = Field(
        default_factory=list, description="Districts through which it belongs to the city"
    )
    sources: list[SourceRef]


class CityUse(BaseModel):
    """A city and everything in it that uses the technology."""

    city: EntityRef
    user_count: int = Field(description="Distinct users (an entity using two technologies counts once)")
    users: list[TechnologyUser]


class Diffusion(BaseModel):
    """Where a technology has spread: cities ranked by their number of distinct users."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "technology": _HARMONYOS,
                "include_narrower": True,
                "technologies": [_HARMONYOS],
                "page": {"total": 2, "offset": 1, "limit": 1},
                "cities": [
                    {
                        "city": {
                            "id": "city:shenzhen",
                            "label": "City",
                            "name_zh": "深圳市",
                            "name_en": "Shenzhen",
                        },
                        "user_count": 1,
                        "users": [
                            {
                                "entity": {
                                    "id": "initiative:pingshan-scene-forest",
                                    "label": "Initiative",
                                    "name_zh": "“场景森林”计划",
                                    "name_en": "Scene Forest plan",
                                },
                                "via_technology": _HARMONYOS,
                                "relationship": "APPLIES",
                                "districts": [
                                    {
                                        "id": "district:shenzhen-pingshan",
                                        "label": "District",
                                        "name_zh": "坪山区",
                                        "name_en": "Pingshan",
                                    }
                                ],
                                "sources": [_SOURCE_000],
                            }
                        ],
                    }
                ],
                "unplaced": [],
            }
        }
    )
    technology: EntityRef
    include_narrower: bool
    technologies: list[EntityRef] = Field(description="The technology and the narrower ones counted")
    page: Page
    cities: list[CityUse]
    unplaced: list[TechnologyUser] = Field(
        description="Users not placed in any city (e.g. national programmes)"
    )


def _user(
    store: GraphStore, use: Use, districts: list[EntityRef], techs: dict[str, EntityRef]
) -> TechnologyUser:
    return TechnologyUser(
        entity=use.user,
        via_technology=techs[use.technology],
        relationship=use.relationship,
        districts=sorted(districts, key=lambda d: d.id),
        sources=resolve_citations(store, use.citations),
    )


def _sort_key(user: TechnologyUser) -> tuple[str, str, str]:
    return (user.entity.id, user.via_technology.id, user.relationship)


def diffusion(
    store: GraphStore,
    tech: str,
    include_narrower: bool = True,
    offset: int = 0,
    limit: int = DEFAULT_DIFFUSION_LIMIT,
) -> Diffusion:
    """Cities using `tech` (and, unless told otherwise, the technologies up to six BROADER steps
    under it), ranked by distinct users, then id; `offset`/`limit` page the cities."""
    ident = resolve(store, tech, Label.TECHNOLOGY, "diffusion")
    hierarchy = technology_hierarchy(store)
    if ident not in hierarchy.refs:
        raise NotFound(tech)
    narrower = sorted(hierarchy.reach(ident, NARROWER_DEPTH, upward=False)) if include_narrower else []
    techs = {t: hierarchy.refs[t] for t in [ident, *narrower]}

    cities: dict[str, EntityRef] = {}
    per_city: dict[str, dict[tuple[str, str, str], tuple[Use, list[EntityRef]]]] = defaultdict(dict)
    unplaced: list[Use] = []
    for use in technology_uses(store, techs):
        if use.city is None:
            unplaced.append(use)
            continue
        cities[use.city.id] = use.city
        key = (use.user.id, use.technology, use.relationship)
        entry = per_city[use.city.id].setdefault(key, (use, []))
        if use.district is not None and use.district not in entry[1]:
            entry[1].append(use.district)

    counts = {city: len({user for user, _, _ in uses}) for city, uses in per_city.items()}
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    shown_ids, page = paged(ranked, offset, limit)
    shown = [
        CityUse(
            city=cities[city],
            user_count=counts[city],
            users=sorted(
                (_user(store, use, districts, techs) for use, districts in per_city[city].values()),
                key=_sort_key,
            ),
        )
        for city in shown_ids
    ]
    return Diffusion(
        technology=techs[ident],
        include_narrower=include_narrower,
        technologies=list(techs.values()),
        page=page,
        cities=shown,
        unplaced=sorted((_user(store, use, [], techs) for use in unplaced), key=_sort_key),
    )
