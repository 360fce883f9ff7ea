"""Cities ranked as collaboration candidates for a city, by what the two have in common.

What a city has:
- technologies: those it uses in the sense of `queries.diffusion`: applied by its scenarios
  and initiatives, focused on by its initiatives, by itself and by its districts; scenarios
  and initiatives count when they are located in, or were launched by, the city or one of
  its districts. Only the technologies named, not the ones above or below them.
- domains: the `domain` of the scenarios located in the city or in its districts.
- alliances: those the city, or one of its districts, is a MEMBER_OF.

Score = 2.0 per shared alliance + 1.0 per shared technology + 0.5 per shared domain.
An alliance is already a channel for joint work, so it weighs most; a shared technology is a
concrete basis for a joint scenario; a domain is one of only five, so it weighs least.
Candidates with score 0 are left out; ties are broken by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from graph import cypher
from graph.schema import Label
from graph.store import GraphStore, Record
from model.cache import cached
from model.limits import DEFAULT_SIMILAR_LIMIT
from model.names import name_index
from model.refs import EntityRef, entity_ref
from queries.diffusion import PLACE_DEPTH, technology_hierarchy, technology_uses
from queries.lookup import resolve
from queries.models import Page, paged

ALLIANCE_WEIGHT = 2.0
TECHNOLOGY_WEIGHT = 1.0
DOMAIN_WEIGHT = 0.5
WEIGHTS = {"alliance": ALLIANCE_WEIGHT, "technology": TECHNOLOGY_WEIGHT, "domain": DOMAIN_WEIGHT}
_DOMAINS = cypher.render(cypher.load(__file__, "similar_domains"), hops=PLACE_DEPTH)
_ALLIANCES = cypher.render(cypher.load(__file__, "similar_alliances"), hops=PLACE_DEPTH)


class SimilarCity(BaseModel):
    """A candidate city and what it shares with the city asked about."""

    city: EntityRef
    score: float = Field(
        description="2.0 per shared alliance + 1.0 per shared technology + 0.5 per shared domain"
    )
    technologies: list[EntityRef]
    domains: list[str]
    alliances: list[EntityRef]


class SimilarCities(BaseModel):
    """Collaboration candidates for a city, best first."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "city": {"id": "city:hefei", "label": "City", "name_zh": "合肥市", "name_en": "Hefei"},
                "weights": {"alliance": 2.0, "technology": 1.0, "domain": 0.5},
                "page": {"total": 8, "offset": 0, "limit": 1},
                "candidates": [
                    {
                        "city": {
                            "id": "city:shanghai",
                            "label": "City",
                            "name_zh": "上海市",
                            "name_en": "Shanghai",
                        },
                        "score": 2.0,
                        "technologies": [
                            {
                                "id": "tech:artificial-intelligence",
                                "label": "Technology",
                                "name_zh": "人工智能",
                                "name_en": "Artificial intelligence",
                            }
                        ],
                        "domains": ["city", "industry"],
                        "alliances": [],
                    }
                ],
            }
        }
    )
    city: EntityRef
    weights: dict[str, float] = Field(
        default_factory=lambda: dict(WEIGHTS), description="Score per shared item of each kind"
    )
    page: Page
    candidates: list[SimilarCity]


@dataclass(frozen=True)
class _Profile:
    city: EntityRef
    technologies: dict[str, EntityRef] = field(default_factory=dict)
    domains: set[str] = field(default_factory=set)
    alliances: dict[str, EntityRef] = field(default_factory=dict)


def _city(row: Record) -> EntityRef:
    return entity_ref(row, Label.CITY, "city")


def _profiles(store: GraphStore) -> dict[str, _Profile]:
    """What every city has, computed once per graph revision."""
    profiles: dict[str, _Profile] = {}
    hierarchy = technology_hierarchy(store)
    for use in technology_uses(store, hierarchy.refs):
        if use.city is not None:
            profile = profiles.setdefault(use.city.id, _Profile(use.city))
            profile.technologies[use.technology] = hierarchy.refs[use.technology]
    for row in store.read(_DOMAINS):
        profiles.setdefault(row["city_id"], _Profile(_city(row))).domains.add(row["domain"])
    for row in store.read(_ALLIANCES):
        alliance = entity_ref(row, Label.ALLIANCE, "alliance")
        profiles.setdefault(row["city_id"], _Profile(_city(row))).alliances[alliance.id] = alliance
    return profiles


def _compare(mine: _Profile, other: _Profile) -> SimilarCity:
    technologies = sorted(mine.technologies.keys() & other.technologies.keys())
    domains = sorted(mine.domains & other.domains)
    alliances = sorted(mine.alliances.keys() & other.alliances.keys())
    return SimilarCity(
        city=other.city,
        score=ALLIANCE_WEIGHT * len(alliances)
        + TECHNOLOGY_WEIGHT * len(technologies)
        + DOMAIN_WEIGHT * len(domains),
        technologies=[mine.technologies[t] for t in technologies],
        domains=domains,
        alliances=[mine.alliances[a] for a in alliances],
    )


def similar_cities(
    store: GraphStore, city: str, offset: int = 0, limit: int = DEFAULT_SIMILAR_LIMIT
) -> SimilarCities:
    """Other cities ranked as collaboration candidates, best first, then by id.

    Score = 2.0 per shared alliance + 1.0 per shared technology + 0.5 per shared scenario
    domain (what each means: the module docstring); cities sharing nothing are left out.
    `offset`/`limit` page the candidates.
    """
    ident = resolve(store, city, Label.CITY, "similar")
    profiles = cached(store, "city-profiles", _profiles)
    mine = profiles.get(ident) or _Profile(name_index(store).refs[ident])
    candidates = [_compare(mine, other) for other in profiles.values() if other.city.id != ident]
    ranked = sorted((c for c in candidates if c.score > 0), key=lambda c: (-c.score, c.city.id))
    shown, page = paged(ranked, offset, limit)
    return SimilarCities(city=mine.city, page=page, candidates=shown)
