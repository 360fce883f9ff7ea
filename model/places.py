"""China's administrative divisions down to county level, as reference data.

The table is the `china_location` dictionary that PyPI `jionlp` ships (Apache-2.0): one line
per province-level unit, prefecture-level city and county-level district, each with its
GB/T 2260 code and short form, indented by level; deeper lines (towns, villages) are skipped.
The file is read straight from the installed distribution, located through its metadata, so
jionlp itself (and its NLP stack) is never imported. Pure data: no graph access, read once.

What is taken from the data and what is derived:
- names, codes, short forms (the third column, `/`-separated) and the hierarchy: the data;
- `kind`: from the name's suffix (省, 自治区, 市 at province level = municipality, 特别行政区,
  自治州, 县, 旗 ...);
- one unit, one record: the data lists each municipality and SAR again as a city of its own
  (北京市 under 北京市, 香港 under 香港特别行政区, same code); that line is folded into the
  province-level record, whose node is a City (`city:beijing`, kind `municipality`), so a SAR
  or a municipality is never a Province node and its districts are PART_OF that one City;
- `name_en`: the pinyin of the longest short form, read as a place name (CC-CEDICT's readings
  from PyPI `pypinyin-dict`, then pypinyin: 朝阳区 Chaoyang, 六安 Lu'an, 长治 Changzhi; see
  `place_syllables`); no English name is taken from anywhere else.
Skipped: the grouping lines 省直辖行政区划 / 市直辖行政区划 (their children are attached to
the level above) and county-level lines without a code (Taiwan's districts in this data).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, Literal

from graph.errors import ConfigError, InputError, Location

DISTRIBUTION = "jionlp"
ARCHIVE = "jionlp/dictionary/china_location.zip"
MEMBER = "china_location.txt"
SOURCE_ID = "source:jionlp-china-location"

Level = Literal["province", "city", "district"]
_LEVELS: tuple[Level, ...] = ("province", "city", "district")
_GROUPING = ("省直辖", "市直辖")  # 省直辖行政区划, 市直辖行政区划: a list heading, not a place

# Suffix -> kind, longest suffix first so 自治县 is not read as 县.
_SUFFIX_KINDS: dict[Level, tuple[tuple[str, str], ...]] = {
    "province": (
        ("特别行政区", "sar"),
        ("自治区", "autonomous_region"),
        ("省", "province"),
        ("市", "municipality"),
    ),
    "city": (
        ("自治州", "autonomous_prefecture"),
        ("地区", "prefecture"),
        ("盟", "league"),
        ("市", "prefecture_city"),
    ),
    "district": (
        ("自治县", "autonomous_county"),
        ("自治旗", "autonomous_banner"),
        ("林区", "forestry_district"),
        ("特区", "special_district"),
        ("区", "district"),
        ("县", "county"),
        ("市", "county_city"),
        ("旗", "banner"),
    ),
}


@dataclass(frozen=True)
class PlaceRecord:
    """One administrative unit.

    `code` is its GB/T 2260 code as the data gives it (Hong Kong's and Macao's districts carry
    their SAR's code); `short_forms` are the data's short names other than `name_zh` (合肥 for
    合肥市; empty where the data repeats the full name, as for 吉林市). `parent_code` is the code
    of the unit it belongs to (None for a province-level unit; a province's for a county it
    governs directly, 济源市), `parent_id` that unit's graph id. `level` is the administrative
    level, `id` the graph node: a municipality or SAR is level `province` with a `city:` id.
    `line` is the line of china_location.txt that lists it (the citation's locator)."""

    code: str
    name_zh: str
    short_forms: tuple[str, ...]
    name_en: str
    level: Level
    kind: str
    parent_code: str | None
    id: str
    parent_id: str | None
    line: int


@dataclass
class _Raw:
    line: int
    level: Level
    name: str
    code: str
    short_forms: tuple[str, ...]
    parent: _Raw | None
    kind: str = ""
    node: str = ""  # the id prefix: its level's, but `city` for a municipality or SAR
    slug: str = ""
    id: str = ""


def _distribution() -> metadata.Distribution:
    try:
        return metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise ConfigError(f"the reference places need the '{DISTRIBUTION}' package installed") from None


def archive_path() -> Path:
    """Where the installed jionlp keeps the dictionary archive (no import of jionlp)."""
    dist = _distribution()
    path = Path(str(dist.locate_file(ARCHIVE)))
    if not path.is_file():
        raise ConfigError(f"{DISTRIBUTION} {dist.version} has no {ARCHIVE}")
    return path


@cache
def place_source() -> dict[str, Any]:
    """The properties of the Source every reference place and PART_OF edge cites."""
    dist = _distribution()
    return {
        "id": SOURCE_ID,
        "title": "中国地名词典 china_location.txt",
        "title_en": "China location dictionary (provinces, cities, counties with GB/T 2260 codes)",
        "publisher": f"{DISTRIBUTION} (PyPI)",
        "version": dist.version,
        "licence": dist.metadata["License"] or "unknown",
        "language": "zh",
        "kind": "reference",
        "file": f"{ARCHIVE}:{MEMBER}",
        "locator_scheme": "lineN = line N of china_location.txt (province, city and county lines)",
    }


@cache
def reference_places() -> tuple[PlaceRecord, ...]:
    """Every province-, city- and county-level unit, in file order."""
    raws = list(_read(archive_path()))
    _assign_ids(raws)
    return tuple(_record(raw) for raw in raws)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with zipfile.ZipFile(path) as archive, archive.open(MEMBER) as member:
        text = io.TextIOWrapper(member, encoding="utf-8", newline=None)
        for number, line in enumerate(text, start=1):
            if not line.startswith("\t\t\t"):  # towns and villages are not read at all
                yield number, line.rstrip("\r\n")


def _read(path: Path) -> Iterator[_Raw]:
    current: dict[Level, _Raw | None] = dict.fromkeys(_LEVELS)
    for number, line in _lines(path):
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if not line.strip():
            continue
        level = _LEVELS[depth]
        if len(fields) != 3:  # a unit without a code: kept out, as jionlp's own loader does
            if depth < 2:
                raise InputError(Location(MEMBER, number), "expected name, code and short form")
            continue
        name, code, short = fields
        parent = _parent(current, level)
        if level != "province" and parent is None:
            raise InputError(Location(MEMBER, number), f"{name} comes before any province")
        if name.startswith(_GROUPING):  # its children belong to the level above
            current[level] = parent if level == "city" else current["city"]
            continue
        if level == "city" and parent is not None and code == parent.code:
            parent.node = "city"  # a municipality or SAR listed again as its own city: one node
            current["city"] = parent
            continue
        forms = tuple(dict.fromkeys(f for f in short.split("/") if f and f != name))
        raw = _Raw(number, level, name, code, forms, parent)
        raw.kind = _kind(raw)
        if level == "province":
            current["province"], current["city"] = raw, None
        elif level == "city":
            current["city"] = raw
        yield raw


def _parent(current: dict[Level, _Raw | None], level: Level) -> _Raw | None:
    if level == "city":
        return current["province"]
    if level == "district":
        return current["city"] or current["province"]
    return None


def _kind(raw: _Raw) -> str:
    for suffix, kind in _SUFFIX_KINDS[raw.level]:
        if raw.name.endswith(suffix):
            return kind
    return "other"  # 管委会, 新城, 产业园, 群岛的岛礁及其海域 ...: county-level in the data


def romanise(name: str, short: str | None = None) -> str:
    """The place name's pinyin without tones, syllables joined, first letter upper-case, an
    apostrophe where a syllable starting with a, o or e follows another: 合肥 -> Hefei,
    六安 (of 六安市) -> Lu'an. `short` is the form to spell (朝阳 for 朝阳区), `name` the full
    name that settles its reading."""
    syllables = place_syllables(name, short or name)
    joined = syllables[:1] + [f"'{s}" if s[:1] in "aoe" else s for s in syllables[1:]]
    return "".join(joined).capitalize()


def place_syllables(name: str, short: str) -> list[str]:
    """One toneless syllable per character of `short`, read as the place `name` is read.

    pypinyin alone reads a place name as a common word (朝阳 zhaoyang 'morning sun', 长治
    zhangzhi, 漯河 tahe). CC-CEDICT lists place names as proper nouns with their readings
    (朝阳市 chaoyang, 长治 changzhi, 漯河 luohe); PyPI `pypinyin-dict` ships it as a phrase
    table. The short form is looked up first where CC-CEDICT gives it one reading (中牟 zhongmu:
    the entry for 中牟县 has mou), else the full name (朝阳 has two readings, 朝阳市 one);
    pypinyin reads what CC-CEDICT does not list. `PLACE_READINGS` corrects the few names
    CC-CEDICT reads against their official romanisation."""
    from pypinyin import lazy_pinyin  # its dictionaries load in ~1.5 s: only when places are read
    from pypinyin.contrib.tone_convert import to_normal

    fixed = PLACE_READINGS.get(short)
    if fixed is not None:
        return list(fixed)
    phrases = _place_phrases()
    for key in (short, name):
        readings = phrases.get(key)
        if readings is None or len(readings) != len(key) or not key.startswith(short):
            continue
        if key == short and any(len(options) > 1 for options in readings):
            continue  # 朝阳: cháo or zhāo; the full name decides
        return [to_normal(options[0], v_to_u=True) for options in readings[: len(short)]]
    spoken = [s for s in lazy_pinyin(name, v_to_u=True) if s.isalnum()]
    if name.startswith(short) and len(spoken) == len(name):
        return spoken[: len(short)]  # the full name's phrase decides (朝阳区)
    return [s for s in lazy_pinyin(short, v_to_u=True) if s.isalnum()]


# Short forms read against the place's official pinyin by CC-CEDICT (as pypinyin-dict 0.9.0
# packages it) or, where CC-CEDICT lacks them (districts named since 2016), by pypinyin, which
# reads 都 as the adverb dou. Found by reading every name whose romanisation the CC-CEDICT
# table changed, and every 都, 长, 朝, 乐 and 行 in a short form.
PLACE_READINGS: dict[str, tuple[str, ...]] = {
    "石鼓": ("shi", "gu"),  # CC-CEDICT: dan gu
    "栖霞": ("qi", "xia"),  # CC-CEDICT: xi xia
    "扎鲁特": ("zha", "lu", "te"),  # CC-CEDICT: za lu te
    "扎囊": ("zha", "nang"),  # CC-CEDICT: za nang
    "麦盖提": ("mai", "gai", "ti"),  # CC-CEDICT: mai ge ti
    "六枝特": ("liu", "zhi", "te"),  # 六枝特区, whose short form the data gives so; CC-CEDICT: lu zhi
    "民乐": ("min", "le"),  # CC-CEDICT: min yue (folk music)
    "郫都": ("pi", "du"),  # not in CC-CEDICT; pypinyin: dou
    "襄都": ("xiang", "du"),  # not in CC-CEDICT; pypinyin: dou
    "信都": ("xin", "du"),  # not in CC-CEDICT; pypinyin: dou
}


@cache
def _place_phrases() -> dict[str, list[list[str]]]:
    from pypinyin_dict.phrase_pinyin_data import cc_cedict  # type: ignore[import-untyped]

    phrases: dict[str, list[list[str]]] = cc_cedict.phrases_dict
    return phrases


def _slug(name_en: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name_en.lower().replace("'", "").replace("ü", "v")).strip("-")


def _english(raw: _Raw) -> str:
    return romanise(raw.name, max(raw.short_forms, key=len) if raw.short_forms else None)


def _assign_ids(raws: list[_Raw]) -> None:
    """Ids from pinyin, so curated `city:hefei` and the reference 合肥市 are one node.

    Provinces and cities are named nationally (`province:anhui`, `city:hefei`, `city:beijing`
    for the municipality), districts within their parent (`district:beijing-chaoyang`,
    `district:changchun-chaoyang`). Where ids still coincide (山西 / 陕西, 福州 / 抚州) every one
    of them gets its code appended, and the line number if even that is shared."""
    for wave in ([r for r in raws if r.level != "district"], [r for r in raws if r.level == "district"]):
        scope: dict[tuple[str, str], list[_Raw]] = defaultdict(list)
        for raw in wave:
            raw.node = raw.node or raw.level
            base = _slug(_english(raw)) or raw.code
            raw.slug = f"{raw.parent.slug}-{base}" if raw.level == "district" and raw.parent else base
            scope[(raw.node, raw.slug)].append(raw)
        for group in scope.values():
            if len(group) > 1:
                codes = Counter(r.code for r in group)
                for raw in group:
                    raw.slug += f"-{raw.code}" if codes[raw.code] == 1 else f"-{raw.code}-l{raw.line}"
        for raw in wave:
            raw.id = f"{raw.node}:{raw.slug}"


def _record(raw: _Raw) -> PlaceRecord:
    return PlaceRecord(
        code=raw.code,
        name_zh=raw.name,
        short_forms=raw.short_forms,
        name_en=_english(raw),
        level=raw.level,
        kind=raw.kind,
        parent_code=raw.parent.code if raw.parent else None,
        id=raw.id,
        parent_id=raw.parent.id if raw.parent else None,
        line=raw.line,
    )
