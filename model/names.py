"""Resolve and search what a person types (an id, a Chinese or English name, an alias).

The index holds every entity's names folded (NFKC, case-folded, no spaces), so 合肥, 合肥市,
"Hefei" and "HEFEI" all meet; rapidfuzz ranks near misses for suggestions and search.

Chinese is typed through pinyin, so its typos are mostly homophones (深证 for 深圳) that share
no character with the name meant: every Chinese name is indexed by its toneless pinyin too, and
a query is compared in both scripts (`hefie` finds 合肥 through "hefei", 深证 through
"shenzheng" ~ "shenzhen"). Near misses below `FUZZY_FLOOR` are not offered at all, so a name
the graph does not hold (`Atlantis`) suggests nothing rather than something unrelated.
"""

from __future__ import annotations

import heapq
import itertools
import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from graph import cypher
from graph.errors import Ambiguous, NotFound, WrongKind
from graph.schema import Label, label_of
from graph.store import GraphStore
from model.cache import cached
from model.refs import EntityRef, entity_ref

_NAMES = cypher.load(__file__, "names")
SEARCHABLE = tuple(label for label in Label if label is not Label.FIGURE)


def fold(text: str) -> str:
    """The form names are compared in: NFKC (full-width to half-width), case-folded, no spaces.

    >>> fold("Ｈｅｆｅｉ  City")
    'hefeicity'
    """
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Hit:
    entity: EntityRef
    matched: str
    score: float


PREFIX_CAP = 500  # keys taken from the sorted prefix range
SUBSTRING_CAP = 2_000  # keys containing the query taken from the scan (in key order)
COMMON_GRAM = 5_000  # a bigram in more keys than this (科技, 有限) says little: not used to find typos
FUZZY_CANDIDATES = 2_000  # keys sharing the most bigrams with a query, scored for typos
FUZZY_FLOOR = 58.0  # a near miss scoring less is unrelated (Atlantis ~ Lanxi scores 50, Heihe ~ hefie 57)
HOMOPHONE = 0.95  # a name met only through its pinyin ranks just below one met as typed


_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")  # CJK unified ideographs and extension A


def _has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def pinyin_key(text: str) -> str:
    """The toneless pinyin of a folded name, letters only.

    >>> pinyin_key("深证")
    'shenzheng'
    """
    from pypinyin import lazy_pinyin  # its dictionaries take ~1.5 s to load: only when a name is keyed

    return "".join(part for part in lazy_pinyin(text) if part.isalnum())


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


@dataclass(frozen=True)
class _Keys:
    """The folded names of one label (or all), laid out for fast search: sorted (a prefix is a
    contiguous range), joined into one string (a substring is one C-speed `find`), and bucketed
    by length (typos keep a name's length roughly, so fuzzy matching looks at few names)."""

    keys: list[str]
    blob: str
    starts: list[int]
    grams: dict[str, list[int]]

    @classmethod
    def of(cls, keys: Iterable[str]) -> _Keys:
        ordered = sorted(keys)
        starts, offset = [], 0
        grams: dict[str, list[int]] = defaultdict(list)
        for index, key in enumerate(ordered):
            starts.append(offset)
            offset += len(key) + 1
            for gram in _bigrams(key):
                grams[gram].append(index)
        return cls(ordered, "\n".join(ordered), starts, dict(grams))

    def prefixed(self, query: str) -> Iterator[str]:
        for index in range(bisect_left(self.keys, query), len(self.keys)):
            if not self.keys[index].startswith(query):
                return
            yield self.keys[index]

    def containing(self, query: str) -> Iterator[str]:
        position = self.blob.find(query)
        while position != -1:
            index = bisect_right(self.starts, position) - 1
            key = self.keys[index]
            yield key
            position = self.blob.find(query, self.starts[index] + len(key) + 1)

    def sharing_bigrams(self, query: str) -> list[str]:
        """The keys sharing most of the query's bigrams: a typo (a character missing, added or
        swapped) leaves most of them, so these are the candidates worth scoring. Bigrams found in
        very many keys (科技, 有限) are skipped unless nothing rarer is left."""
        postings = sorted((p for g in _bigrams(query) if (p := self.grams.get(g))), key=len)
        informative = [p for p in postings if len(p) <= COMMON_GRAM] or postings[:2]
        counts: dict[int, int] = defaultdict(int)
        for posting in informative:
            for index in posting:
                counts[index] += 1
        best = heapq.nlargest(FUZZY_CANDIDATES, counts.items(), key=itemgetter(1))
        return [self.keys[index] for index, _ in best]


@dataclass
class NameIndex:
    """Exact (folded) lookup of ids by name or alias, and fuzzy search over the same names."""

    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    display: dict[str, str] = field(default_factory=dict)
    refs: dict[str, EntityRef] = field(default_factory=dict)
    _pinyin: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set), repr=False)
    _unkeyed: set[str] = field(default_factory=set, repr=False)
    _keys: dict[tuple[Label | None, bool], _Keys] = field(default_factory=dict, repr=False)
    # One index serves every API request thread: the first searches key the pinyin together.
    _keying: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, ident: str, names: Iterable[str | None], ref: EntityRef | None = None) -> None:
        self._keys.clear()
        label = label_of(ident)
        self.refs[ident] = ref or EntityRef(id=ident, label=label.value if label else "")
        for name in names:
            if name:
                key = fold(name)
                self.by_name[key].add(ident)
                self.display.setdefault(key, name)
                if _has_han(key):
                    with self._keying:
                        self._unkeyed.add(key)

    @property
    def pinyin(self) -> dict[str, set[str]]:
        """Chinese names by their toneless pinyin. Keyed on first use, not in `add`: pinyin costs
        ~0.1 ms a name, and a load's index (tens of thousands of names, rebuilt per load) mostly
        resolves exact names and may never search."""
        with self._keying:
            for key in self._unkeyed:
                self._pinyin[pinyin_key(key)].add(key)
            self._unkeyed.clear()
        return self._pinyin

    def resolve(self, ref: str, label: Label | None = None, purpose: str = "") -> str:
        """The one id `ref` names (optionally within `label`); NotFound or Ambiguous otherwise,
        and WrongKind when it names entities of other labels only (`purpose` names the question)."""
        ref = ref.strip()
        if ref in self.refs and (label is None or label_of(ref) is label):
            return ref
        named = sorted({ref} if ref in self.refs else self.by_name.get(fold(ref), set()))
        matches = [i for i in named if label is None or label_of(i) is label]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Ambiguous(ref, matches)
        if named and label is not None:
            other = self.refs[named[0]]
            raise WrongKind(ref, other.id, other.label, [label.value], purpose)
        raise NotFound(ref, [f"{h.matched} ({h.entity.id})" for h in self.search(ref, label, limit=3)])

    def search(self, text: str, label: Label | None = None, limit: int = 10) -> list[Hit]:
        """Entities ranked by how well one of their names matches `text`: exact, then prefix,
        then substring, then near misses over the characters or the pinyin (typos), each above
        `FUZZY_FLOOR`; Chinese and English names and aliases compete in one ranking."""
        query = fold(text)
        if not query:
            return []
        scores = self._matches(query, self._prepared(label, pinyin=False), limit)
        spoken = pinyin_key(query)
        if spoken:  # the same query heard as pinyin, against every Chinese name's pinyin
            for pkey, score in self._matches(spoken, self._prepared(label, pinyin=True), limit).items():
                for key in self.pinyin[pkey]:
                    scores[key] = max(scores.get(key, 0.0), score * HOMOPHONE)
        if spoken and spoken != query:  # 合肥 also finds what is named only in English (Hefei ...)
            for key, score in self._matches(spoken, self._prepared(label, pinyin=False), limit).items():
                scores[key] = max(scores.get(key, 0.0), score * HOMOPHONE)
        best: dict[str, Hit] = {}
        for key, score in scores.items():
            for ident in self.by_name[key]:
                if label is not None and label_of(ident) is not label:
                    continue
                if ident not in best or score > best[ident].score:
                    best[ident] = Hit(self.refs[ident], self.display[key], round(score, 1))
        return sorted(best.values(), key=lambda h: (-h.score, h.entity.id))[:limit]

    @staticmethod
    def _matches(query: str, keys: _Keys, limit: int) -> dict[str, float]:
        """Keys that start with or contain `query`, and, when few do, its near misses; scored."""
        found = dict.fromkeys(itertools.islice(keys.prefixed(query), PREFIX_CAP))
        found.update(dict.fromkeys(itertools.islice(keys.containing(query), SUBSTRING_CAP)))
        if len(found) < limit:  # few names contain the query: look for near misses (typos)
            near = process.extract(
                query,
                keys.sharing_bigrams(query),
                scorer=fuzz.ratio,
                limit=max(limit * 5, 25),
                score_cutoff=50,
            )
            found.update(dict.fromkeys(key for key, _, _ in near))
        scored = {key: _score(query, key) for key in found}
        return {key: score for key, score in scored.items() if score >= FUZZY_FLOOR}

    def _prepared(self, label: Label | None, pinyin: bool) -> _Keys:
        slot = (label, pinyin)
        if slot not in self._keys:
            names = (
                k
                for k, ids in self.by_name.items()
                if label is None or any(label_of(i) is label for i in ids)
            )
            if pinyin:
                wanted = set(names)
                names = (p for p, keys in self.pinyin.items() if not keys.isdisjoint(wanted))
            self._keys[slot] = _Keys.of(names)
        return self._keys[slot]


def _score(query: str, key: str) -> float:
    if key == query:
        return 100.0
    if key.startswith(query):
        return 90.0 + 9.0 * len(query) / len(key)
    if query in key:
        return 80.0 + 9.0 * len(query) / len(key)
    # Fuzzy: WRatio forgives partial overlap; Damerau-Levenshtein prefers names of the query's
    # length and counts a swapped pair as one slip (hefie ~ hefei above hefie ~ heihe).
    return (0.6 * fuzz.WRatio(query, key) + 40 * DamerauLevenshtein.normalized_similarity(query, key)) * 0.79


def load_names(store: GraphStore, labels: Iterable[Label]) -> NameIndex:
    """Build a NameIndex from the graph for the given labels."""
    index = NameIndex()
    for label in labels:
        for row in store.read(cypher.render(_NAMES, label=label)):
            ref = entity_ref(row, label)
            index.add(row["id"], [row["name_zh"], row["name_en"], *(row["aliases"] or [])], ref)
    return index


def name_index(store: GraphStore) -> NameIndex:
    """The index of every searchable label, rebuilt only when the graph changes."""
    return cached(store, "names", lambda s: load_names(s, SEARCHABLE))
