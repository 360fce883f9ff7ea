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

from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from graph import cypher
from graph.schema import Label
from graph.store import GraphStore, Record
from model.cache import cached
from model.limits import DEFAULT_SIMILAR_LIMIT
from model.names import name_index
from model.refs import EntityRef, SourceRef, entity_ref
from queries.diffusion import PLACE_DEPTH, technology_hierarchy, technology_uses
from queries.lookup import resolve
from queries.models import Page, paged
from queries.sources import resolve_citations

ALLIANCE_WEIGHT = 2.0
TECHNOLOGY_WEIGHT = 1.0
DOMAIN_WEIGHT = 0.5
WEIGHTS = {"alliance": ALLIANCE_WEIGHT, "technology": TECHNOLOGY_WEIGHT, "domain": DOMAIN_WEIGHT}
_DOMAINS = cypher.render(cypher.load(__file__, "similar_domains"), hops=PLACE_DEPTH)
_ALLIANCES = cypher.render(cypher.load(__file__, "similar_alliances"), hops=PLACE_DEPTH)


# The real evidence of the example below: how Hefei and Shanghai tie to what they share.
_SHANGHAI_SOURCES: list[JsonValue] = [
    {
        "citation": "source:004#p34",
        "source": "source:004",
        "locator": "p34",
        "title": "场景创新释放超能力",
        "publisher": "银川日报“他山之石”",
        "published": "2026",
        "file": "004_ea1de3160fb1c319.txt",
        "passage": (
            "合肥组建了由28家国企参与的国有企业场景创新联盟，开放交通、能源、建筑、民生等领域的场"
            "景（本行在句中断开，下一行续完）。"
        ),
        "passage_en": (
            "Hefei formed a scenario-innovation alliance of 28 state-owned enterprises that opens"
            " scenarios in transport, energy, construction and daily life (the sentence breaks he"
            "re and ends on the next line)."
        ),
        "passage_kind": "paraphrase",
    },
    {
        "citation": "source:004#p35",
        "source": "source:004",
        "locator": "p35",
        "title": "场景创新释放超能力",
        "publisher": "银川日报“他山之石”",
        "published": "2026",
        "file": "004_ea1de3160fb1c319.txt",
        "passage": (
            "接上一行：该联盟开放了200多个场景机会，已对接480多家科技企业，落地包括燃气AI工作质检"
            "在内的39个场景项目。"
        ),
        "passage_en": (
            "Continuing the line before: the alliance opened over 200 scenario opportunities, has"
            " been matched with more than 480 tech firms and landed 39 projects, gas-work AI qual"
            "ity inspection among them."
        ),
        "passage_kind": "paraphrase",
    },
    {
        "citation": "source:004#p38",
        "source": "source:004",
        "locator": "p38",
        "title": "场景创新释放超能力",
        "publisher": "银川日报“他山之石”",
        "published": "2026",
        "file": "004_ea1de3160fb1c319.txt",
        "passage": (
            "上海浦东把张江人工智能创新小镇作为试验场，建设“数字孪生小镇”“模力盒”等一批标志性场景"
            "，服务人工智能技术的集成验证和产业集聚。"
        ),
        "passage_en": (
            "Pudong uses the Zhangjiang AI innovation town as its testing ground, building flagsh"
            'ip scenarios such as a digital-twin town and "Molihe", to validate AI technology and'
            " draw the industry together."
        ),
        "passage_kind": "paraphrase",
    },
    {
        "citation": "source:004#p9",
        "source": "source:004",
        "locator": "p9",
        "title": "场景创新释放超能力",
        "publisher": "银川日报“他山之石”",
        "published": "2026",
        "file": "004_ea1de3160fb1c319.txt",
        "passage": (
            "合肥以建成“全域场景应用创新之城”为目标，搭建六方面一体的工作体系，用“机会清单+能力清"
            "单”对接供需；量子加密技术两年内从实验室进入政务应用，战略性新兴产业链由9条增加到16条"
            "。"
        ),
        "passage_en": (
            "Hefei aims to become a city of scenario innovation across all domains, with a six-pa"
            "rt work system and paired opportunity and capability lists; quantum encryption went "
            "from the lab to government use within two years, and its strategic emerging industry"
            " chains grew from 9 to 16."
        ),
        "passage_kind": "paraphrase",
    },
]


class SimilarCity(BaseModel):
    """A candidate city and what it shares with the city asked about."""

    city: EntityRef
    score: float = Field(
        description="2.0 per shared alliance + 1.0 per shared technology + 0.5 per shared domain"
    )
    technologies: list[EntityRef]
    domains: list[str]
    alliances: list[EntityRef]
    sources: list[SourceRef] = Field(
        description="Each citation once: how both cities use each shared technology, locate "
        "scenarios of each shared domain, and belong to each shared alliance"
    )


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
                        "sources": _SHANGHAI_SOURCES,
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
    # The citations behind each item the city has, keyed by the item (tech or alliance id, domain).
    cited: dict[str, list[str]] = field(default_factory=dict)

    def cite(self, item: str, citations: Iterable[str]) -> None:
        self.cited.setdefault(item, []).extend(citations)


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
            profile.cite(use.technology, use.citations)
    for row in store.read(_DOMAINS):
        profile = profiles.setdefault(row["city_id"], _Profile(_city(row)))
        profile.domains.add(row["domain"])
        profile.cite(row["domain"], (c for cited in row["cited"] for c in cited))
    for row in store.read(_ALLIANCES):
        alliance = entity_ref(row, Label.ALLIANCE, "alliance")
        profile = profiles.setdefault(row["city_id"], _Profile(_city(row)))
        profile.alliances[alliance.id] = alliance
        profile.cite(alliance.id, (c for cited in row["cited"] for c in cited))
    return profiles


def _score(mine: _Profile, other: _Profile) -> float:
    """The module docstring's score, from the sizes of what the two share."""
    return (
        ALLIANCE_WEIGHT * len(mine.alliances.keys() & other.alliances.keys())
        + TECHNOLOGY_WEIGHT * len(mine.technologies.keys() & other.technologies.keys())
        + DOMAIN_WEIGHT * len(mine.domains & other.domains)
    )


def _compare(store: GraphStore, mine: _Profile, other: _Profile, score: float) -> SimilarCity:
    """What the two share, with the citations behind it: built for the page shown only, since
    a hub city shares items with most cities and each item carries thousands of citations."""
    technologies = sorted(mine.technologies.keys() & other.technologies.keys())
    domains = sorted(mine.domains & other.domains)
    alliances = sorted(mine.alliances.keys() & other.alliances.keys())
    shared = (*alliances, *technologies, *domains)
    cited = sorted({c for item in shared for p in (mine, other) for c in p.cited.get(item, [])})
    return SimilarCity(
        city=other.city,
        score=score,
        technologies=[mine.technologies[t] for t in technologies],
        domains=domains,
        alliances=[mine.alliances[a] for a in alliances],
        sources=resolve_citations(store, cited),
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
    scored = ((_score(mine, other), other) for other in profiles.values() if other.city.id != ident)
    ranked = sorted(
        ((score, other) for score, other in scored if score > 0), key=lambda p: (-p[0], p[1].city.id)
    )
    shown, page = paged(ranked, offset, limit)
    candidates = [_compare(store, mine, other, score) for score, other in shown]
    return SimilarCities(city=mine.city, page=page, candidates=candidates)
