"""A synthetic scenario-innovation ecosystem for benchmarks: deterministic from a seed, in the
very dataset YAML and CSV list formats the loaders read, so a benchmark exercises them.

Real ecosystems are skewed: a few hub cities and technologies, many small ones. Choices here
follow a Zipf-like law (weight 1/rank^1.1) over cities, districts and technologies.
Every entity and relationship cites the synthetic Source, so the graph is 100% sourced.

    python -m ingest.synthetic --size M --seed 7 --out /tmp/eco-m
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from graph.schema import Domain


@dataclass(frozen=True)
class Size:
    provinces: int
    cities: int
    districts: int
    technologies: int
    enterprises: int
    scenarios: int
    initiatives: int
    alliances: int
    agencies: int
    opportunities: int
    capabilities: int


SIZES: dict[str, Size] = {
    "S": Size(10, 30, 90, 50, 500, 200, 40, 5, 10, 100, 100),
    "M": Size(20, 100, 400, 500, 5_000, 2_000, 300, 20, 60, 1_000, 1_000),
    "L": Size(31, 300, 1_500, 5_000, 50_000, 20_000, 2_000, 100, 300, 8_000, 8_000),
    # 4x L but the 31 provinces: about 389k nodes and 1.2M relationships, a national graph
    "XL": Size(31, 1_200, 6_000, 20_000, 200_000, 80_000, 8_000, 400, 1_200, 32_000, 32_000),
}
SOURCE = "source:synthetic"
_SYLLABLES = list("安北长成东丰港海和华江金锦开兰龙明南宁平庆泉瑞山顺泰天通西祥新兴阳远云中")
_PINYIN_TEXT = (
    "an bei chang cheng dong feng gang hai he hua jiang jin jin kai lan long ming nan ning ping qing quan "
    "rui shan shun tai tian tong xi xiang xin xing yang yuan yun zhong"
)
_PINYIN = dict(zip(_SYLLABLES, _PINYIN_TEXT.split(), strict=True))
_TECH_ROOTS = [
    ("人工智能", "artificial intelligence"),
    ("机器人", "robotics"),
    ("低空经济", "low-altitude economy"),
    ("量子科技", "quantum technology"),
    ("氢能", "hydrogen energy"),
    ("5G", "5G"),
    ("工业互联网", "industrial internet"),
    ("数字孪生", "digital twin"),
    ("智能网联汽车", "smart connected vehicles"),
    ("生物技术", "biotechnology"),
    ("新材料", "new materials"),
    ("区块链", "blockchain"),
    ("物联网", "internet of things"),
    ("元宇宙", "metaverse"),
    ("卫星互联网", "satellite internet"),
    ("储能", "energy storage"),
    ("集成电路", "integrated circuits"),
    ("智算算力", "intelligent computing power"),
    ("脑机接口", "brain-computer interface"),
    ("鸿蒙", "HarmonyOS"),
]


class Ecosystem:
    """Draws the entities and relationships of one size, reproducibly from `seed`."""

    def __init__(self, size: Size, seed: int) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.citation = itertools.count(1)

    def cite(self) -> list[str]:
        return [f"{SOURCE}#r{next(self.citation)}"]

    def name(self, parts: int) -> tuple[str, str]:
        picked = [self.rng.choice(_SYLLABLES) for _ in range(parts)]
        return "".join(picked), " ".join(_PINYIN[p] for p in picked).title().replace(" ", "")

    def skewed(self, items: Sequence[str], k: int = 1) -> list[str]:
        """`k` distinct picks, hubs (early items) far more often than the tail."""
        weights = _zipf(len(items))
        picks: set[str] = set()
        while len(picks) < min(k, len(items)):
            picks.update(self.rng.choices(items, cum_weights=weights, k=k - len(picks)))
        return sorted(picks)


@cache
def _zipf(n: int, s: float = 1.1) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1.0 / rank**s
        out.append(total)
    return out


def _entity(ident: str, zh: str, en: str, eco: Ecosystem, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "name_zh": zh, "name_en": en, "sources": eco.cite(), **extra}


def _rel(kind: str, start: str, end: str, eco: Ecosystem, **extra: Any) -> dict[str, Any]:
    return {"type": kind, "from": start, "to": end, "sources": eco.cite(), **extra}


Sections = dict[str, list[dict[str, Any]]]
Rels = list[dict[str, Any]]


def generate(size: Size, seed: int) -> tuple[Sections, list[list[str]], list[list[str]]]:
    """The dataset sections, the opportunity-list rows and the capability-list rows. Each part
    draws from the one random stream in a fixed order, so a seed gives the same ecosystem."""
    eco = Ecosystem(size, seed)
    sections: Sections = {
        "sources": [
            {
                "id": SOURCE,
                "title": "合成生态数据",
                "title_en": "Synthetic ecosystem for benchmarks",
                "kind": "dataset",
            }
        ]
    }
    rels: Rels = []
    cities, districts = _places(eco, sections, rels)
    techs = _technologies(eco, sections, rels)
    enterprises = _enterprises(eco, sections, rels, cities, techs)
    scenarios = _scenarios(eco, sections, rels, cities + districts, techs, enterprises)
    _initiatives(eco, sections, rels, cities, scenarios)
    _alliances(eco, sections, rels, cities, enterprises)
    _agencies(eco, sections, rels, cities)
    for _ in range(size.cities * 30):
        a, b = eco.rng.sample(cities, 2)
        rels.append(_rel("COLLABORATES_WITH", a, b, eco, mode="scenario co-building"))
    sections["relationships"] = _unique(rels)
    opportunities = _opportunities(eco, size, cities, techs)
    capabilities = _capabilities(eco, size, enterprises, techs)
    return sections, opportunities, capabilities


def _places(eco: Ecosystem, sections: Sections, rels: Rels) -> tuple[list[str], list[str]]:
    """Provinces, cities (each PART_OF a province) and districts (PART_OF a skewed city)."""
    size = eco.size
    provinces = [f"province:syn-p{i:03d}" for i in range(size.provinces)]
    sections["provinces"] = [_entity(p, *_suffixed(eco, "省", " Province"), eco) for p in provinces]
    cities = [f"city:syn-c{i:04d}" for i in range(size.cities)]
    sections["cities"] = [_entity(c, *_suffixed(eco, "市", " City"), eco) for c in cities]
    rels += [_rel("PART_OF", c, eco.rng.choice(provinces), eco) for c in cities]
    districts = [f"district:syn-d{i:05d}" for i in range(size.districts)]
    sections["districts"] = [_entity(d, *_suffixed(eco, "区", " District"), eco) for d in districts]
    rels += [_rel("PART_OF", d, eco.skewed(cities)[0], eco) for d in districts]
    return cities, districts


def _enterprises(
    eco: Ecosystem, sections: Sections, rels: Rels, cities: list[str], techs: list[str]
) -> list[str]:
    """Enterprises, each LOCATED_IN a skewed city and PROVIDING one to three technologies."""
    enterprises = [f"enterprise:syn-e{i:06d}" for i in range(eco.size.enterprises)]
    sections["enterprises"] = [
        _entity(
            e,
            *_suffixed(eco, "科技有限公司", " Technology Co."),
            eco,
            ownership=eco.rng.choice(["state", "private", "private", "private", "mixed"]),
        )
        for e in enterprises
    ]
    for e in enterprises:
        rels.append(_rel("LOCATED_IN", e, eco.skewed(cities)[0], eco))
        rels += [_rel("PROVIDES", e, t, eco) for t in eco.skewed(techs, eco.rng.randint(1, 3))]
    return enterprises


def _scenarios(
    eco: Ecosystem,
    sections: Sections,
    rels: Rels,
    places: list[str],
    techs: list[str],
    enterprises: list[str],
) -> list[str]:
    """Scenarios in a skewed place, APPLYING one or two technologies, 30% with a builder."""
    scenarios = [f"scenario:syn-s{i:06d}" for i in range(eco.size.scenarios)]
    domains = [d.value for d in Domain]
    sections["scenarios"] = [
        _entity(s, *_suffixed(eco, "应用场景", " scenario"), eco, domain=eco.rng.choice(domains))
        for s in scenarios
    ]
    for s in scenarios:
        rels.append(_rel("LOCATED_IN", s, eco.skewed(places)[0], eco))
        rels += [_rel("APPLIES", s, t, eco) for t in eco.skewed(techs, eco.rng.randint(1, 2))]
        if eco.rng.random() < 0.3:
            rels.append(_rel("PARTICIPATES_IN", eco.skewed(enterprises)[0], s, eco, role="builder"))
    return scenarios


def _initiatives(
    eco: Ecosystem, sections: Sections, rels: Rels, cities: list[str], scenarios: list[str]
) -> None:
    """Action plans with one figure each, LAUNCHED by and LOCATED_IN a city, INCLUDING ten scenarios."""
    initiatives = [f"initiative:syn-i{i:05d}" for i in range(eco.size.initiatives)]
    sections["initiatives"] = [
        _entity(
            i,
            *_suffixed(eco, "场景创新行动", " scenario action plan"),
            eco,
            kind="action_plan",
            launched=f"{eco.rng.randint(2019, 2026)}-{eco.rng.randint(1, 12):02d}",
            figures=[
                {
                    "measure": "scenarios_released",
                    "label_en": "Scenarios released",
                    "value": eco.rng.randint(5, 500),
                    "unit": "scenario",
                    "qualifier": "more_than",
                    "as_of": "2026",
                    "sources": eco.cite(),
                }
            ],
        )
        for i in initiatives
    ]
    for i in initiatives:
        city = eco.skewed(cities)[0]
        rels.append(_rel("LAUNCHED", city, i, eco))
        rels.append(_rel("LOCATED_IN", i, city, eco))
        rels += [_rel("INCLUDES", i, s, eco) for s in eco.rng.sample(scenarios, min(10, len(scenarios)))]


def _alliances(
    eco: Ecosystem, sections: Sections, rels: Rels, cities: list[str], enterprises: list[str]
) -> None:
    """Alliances of eight skewed cities (the first initiates) and twenty enterprises."""
    alliances = [f"alliance:syn-a{i:03d}" for i in range(eco.size.alliances)]
    sections["alliances"] = [
        _entity(a, *_suffixed(eco, "场景创新联盟", " Scenario Alliance"), eco) for a in alliances
    ]
    for a in alliances:
        members = eco.skewed(cities, 8)
        rels.append(_rel("MEMBER_OF", members[0], a, eco, role="initiator"))
        rels += [_rel("MEMBER_OF", m, a, eco, role="member") for m in members[1:]]
        rels += [_rel("MEMBER_OF", e, a, eco, role="member") for e in eco.rng.sample(enterprises, 20)]


def _agencies(eco: Ecosystem, sections: Sections, rels: Rels, cities: list[str]) -> None:
    """Municipal science bureaus, each LOCATED_IN a skewed city."""
    agencies = [f"agency:syn-g{i:04d}" for i in range(eco.size.agencies)]
    sections["agencies"] = [
        _entity(g, *_suffixed(eco, "科技局", " Science Bureau"), eco, level="municipal", kind="bureau")
        for g in agencies
    ]
    rels += [_rel("LOCATED_IN", g, eco.skewed(cities)[0], eco) for g in agencies]


def _suffixed(eco: Ecosystem, zh_suffix: str, en_suffix: str) -> tuple[str, str]:
    zh, en = eco.name(eco.rng.randint(2, 3))
    return zh + zh_suffix, en + en_suffix


def _technologies(eco: Ecosystem, sections: Sections, rels: Rels) -> list[str]:
    """A forest: the real roots, then each new technology narrower than an earlier, skewed one."""
    techs: list[str] = []
    entries = []
    for i in range(eco.size.technologies):
        ident = f"tech:syn-t{i:05d}"
        if i < len(_TECH_ROOTS):
            zh, en = _TECH_ROOTS[i]
        else:
            zh, en = _suffixed(eco, "技术", " technology")
            rels.append(_rel("BROADER", ident, eco.skewed(techs)[0], eco))
        entries.append(_entity(ident, zh, en, eco))
        techs.append(ident)
    sections["technologies"] = entries
    return techs


def _unique(rels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One relationship of a type per ordered pair, as the loader requires."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for rel in rels:
        key = (rel["type"], rel["from"], rel["to"])
        if key not in seen:
            seen.add(key)
            out.append(rel)
    return out


def _opportunities(eco: Ecosystem, size: Size, cities: list[str], techs: list[str]) -> list[list[str]]:
    header = ["id", "name_zh", "name_en", "city", "domain", "needs", "budget_cny", "status"]
    rows = [header]
    for i in range(size.opportunities):
        zh, en = _suffixed(eco, "场景机会", " opportunity")
        needs = ";".join(eco.skewed(techs, eco.rng.randint(1, 3)))
        rows.append(
            [
                f"SYN-OPP-{i:06d}",
                zh,
                en,
                eco.skewed(cities)[0],
                eco.rng.choice([d.value for d in Domain]),
                needs,
                str(eco.rng.randint(1, 500) * 100_000),
                "open",
            ]
        )
    return rows


def _capabilities(eco: Ecosystem, size: Size, enterprises: list[str], techs: list[str]) -> list[list[str]]:
    header = ["id", "name_zh", "name_en", "enterprise", "offers", "status"]
    rows = [header]
    for i in range(size.capabilities):
        zh, en = _suffixed(eco, "解决方案", " solution")
        offers = ";".join(eco.skewed(techs, eco.rng.randint(1, 3)))
        rows.append([f"SYN-CAP-{i:06d}", zh, en, eco.rng.choice(enterprises), offers, "available"])
    return rows


def write(out: Path, size_name: str, seed: int) -> list[Path]:
    """Write the dataset (JSON Lines, the bulk dataset format) and the two lists (CSV) of one
    size; return the files written."""
    sections, opportunities, capabilities = generate(SIZES[size_name], seed)
    out.mkdir(parents=True, exist_ok=True)
    dataset = out / "dataset.jsonl"
    with dataset.open("w", encoding="utf-8") as handle:
        for name, entries in sections.items():
            for entry in entries:
                handle.write(json.dumps({"section": name, **entry}, ensure_ascii=False) + "\n")
    files = [dataset]
    for name, rows in (("opportunities", opportunities), ("capabilities", capabilities)):
        path = out / f"synthetic-{name}.csv"  # lists of their own, not the templates' (same-named)
        with path.open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
        files.append(path)
    return files


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=sorted(SIZES), default="S")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    files = write(args.out, args.size, args.seed)
    print(f"wrote {len(files)} files to {args.out}")


if __name__ == "__main__":
    main()
