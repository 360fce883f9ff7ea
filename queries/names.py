"""Resolve and search what a person types (an id, a Chinese or English name, an alias).

The index holds every entity's names folded (NFKC, case-folded, no spaces), so 合肥, 合肥市,
"Hefei" and "HEFEI" all meet; rapidfuzz ranks near misses for suggestions and search.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from graph import cypher
from graph.errors import Ambiguous, NotFound
from graph.schema import Label, label_of
from graph.store import GraphStore
from queries.cache import cached
from queries.models import EntityRef

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


@dataclass
class NameIndex:
    """Exact (folded) lookup of ids by name or alias, and fuzzy search over the same names."""

    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    display: dict[str, str] = field(default_factory=dict)
    refs: dict[str, EntityRef] = field(default_factory=dict)

    def add(self, ident: str, names: Iterable[str | None], ref: EntityRef | None = None) -> None:
        label = label_of(ident)
        self.refs[ident] = ref or EntityRef(id=ident, label=label.value if label else "")
        for name in names:
            if name:
                key = fold(name)
                self.by_name[key].add(ident)
                self.display.setdefault(key, name)

    def resolve(self, ref: str, label: Label | None = None) -> str:
        """The one id `ref` names (optionally within `label`); NotFound or Ambiguous otherwise."""
        ref = ref.strip()
        if ref in self.refs and (label is None or label_of(ref) is label):
            return ref
        matches = sorted(
            i for i in self.by_name.get(fold(ref), set()) if label is None or label_of(i) is label
        )
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Ambiguous(ref, matches)
        raise NotFound(ref, [f"{h.matched} ({h.entity.id})" for h in self.search(ref, label, limit=3)])

    def search(self, text: str, label: Label | None = None, limit: int = 10) -> list[Hit]:
        """Entities ranked by how well one of their names matches `text`: exact, then prefix,
        then substring, then fuzzy similarity (typos, missing characters)."""
        query = fold(text)
        if not query:
            return []
        keys = [
            k for k, ids in self.by_name.items() if label is None or any(label_of(i) is label for i in ids)
        ]
        rough = process.extract(query, keys, scorer=fuzz.WRatio, limit=max(limit * 5, 25), score_cutoff=55)
        exact = [(k, 100.0, 0) for k in keys if query in k and (k, 100.0, 0) not in rough]
        best: dict[str, Hit] = {}
        for key, base, _ in [*rough, *exact]:
            score = _score(query, key, float(base))
            for ident in self.by_name[key]:
                if label is not None and label_of(ident) is not label:
                    continue
                if ident not in best or score > best[ident].score:
                    best[ident] = Hit(self.refs[ident], self.display[key], round(score, 1))
        return sorted(best.values(), key=lambda h: (-h.score, h.entity.id))[:limit]


def _score(query: str, key: str, fuzzy: float) -> float:
    if key == query:
        return 100.0
    if key.startswith(query):
        return 90.0 + 9.0 * len(query) / len(key)
    if query in key:
        return 80.0 + 9.0 * len(query) / len(key)
    # Fuzzy: WRatio forgives partial overlap; plain ratio prefers names of the query's length.
    return (0.6 * min(fuzzy, 100.0) + 0.4 * fuzz.ratio(query, key)) * 0.79


def load_names(store: GraphStore, labels: Iterable[Label]) -> NameIndex:
    """Build a NameIndex from the graph for the given labels."""
    index = NameIndex()
    for label in labels:
        for row in store.read(cypher.render(_NAMES, label=label)):
            ref = EntityRef(id=row["id"], label=label.value, name_zh=row["name_zh"], name_en=row["name_en"])
            index.add(row["id"], [row["name_zh"], row["name_en"], *(row["aliases"] or [])], ref)
    return index


def name_index(store: GraphStore) -> NameIndex:
    """The index of every searchable label, rebuilt only when the graph changes."""
    return cached(store, "names", lambda s: load_names(s, SEARCHABLE))
