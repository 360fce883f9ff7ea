"""Resolve what a person types (an id, a Chinese or English name, an alias) to entity ids."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process

from graph import cypher
from graph.errors import Ambiguous, NotFound
from graph.schema import Label, label_of
from graph.store import GraphStore

_NAMES = cypher.load(__file__, "names")


def fold(text: str) -> str:
    """The form names are compared in: NFKC (full-width to half-width), case-folded, no spaces.

    >>> fold("Ｈｅｆｅｉ  City")
    'hefeicity'
    """
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass
class NameIndex:
    """Exact (folded) name and alias lookup over a set of labels, with fuzzy suggestions."""

    by_name: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    display: dict[str, str] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)

    def add(self, ident: str, names: Iterable[str | None]) -> None:
        self.ids.add(ident)
        for name in names:
            if name:
                key = fold(name)
                self.by_name[key].add(ident)
                self.display.setdefault(key, name)

    def resolve(self, ref: str, label: Label | None = None) -> str:
        """The one id `ref` names (optionally within `label`); NotFound or Ambiguous otherwise."""
        ref = ref.strip()
        if ref in self.ids and (label is None or label_of(ref) is label):
            return ref
        matches = sorted(
            i for i in self.by_name.get(fold(ref), set()) if label is None or label_of(i) is label
        )
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise Ambiguous(ref, matches)
        raise NotFound(ref, self.suggest(ref, label))

    def suggest(self, ref: str, label: Label | None = None, limit: int = 3) -> list[str]:
        choices = [
            n for n, ids in self.by_name.items() if label is None or any(label_of(i) is label for i in ids)
        ]
        hits = process.extract(fold(ref), choices, limit=limit, score_cutoff=60)
        return [self.display[name] for name, _, _ in hits]


def load_names(store: GraphStore, labels: Iterable[Label]) -> NameIndex:
    """Build a NameIndex from the graph for the given labels."""
    index = NameIndex()
    for label in labels:
        for row in store.read(cypher.render(_NAMES, label=label)):
            index.add(row["id"], [row["name_zh"], row["name_en"], *(row["aliases"] or [])])
    return index
