"""The gazetteer: every name and alias of the graph, plus places and technologies from the
vocabulary, matched longest-first over the folded text.

Graph names come first: a vocabulary entry that names an existing entity resolves to it, so a
mention either resolves to graph ids (one: existing; several: ambiguous) or is a new entity
with the vocabulary's label and names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from extract.text import Folded, fold_name
from extract.ties import Ties
from extract.vocab import vocab
from graph.schema import ENTITIES, Label, label_of
from model.names import NameIndex

PLACE_SUFFIXES = {Label.PROVINCE: ("省",), Label.CITY: ("市",), Label.DISTRICT: ("区", "县", "新区")}
_EN_QUALIFIED = re.compile(r"\s+(?:of|on|for)\s+")
_EN_PLACE_WORDS = {Label.PROVINCE: "Province", Label.CITY: "City", Label.DISTRICT: "District"}


@dataclass(frozen=True)
class NewEntity:
    """A vocabulary entity the graph does not hold: its label and names."""

    label: Label
    name_zh: str
    name_en: str
    aliases: tuple[str, ...] = ()


@dataclass
class Entry:
    existing: set[str] = field(default_factory=set)
    new: NewEntity | None = None


@dataclass(frozen=True)
class Match:
    start: int  # original offsets
    end: int
    key: str
    existing: tuple[str, ...]
    new: NewEntity | None


def place_variants(name: str, label: Label) -> list[str]:
    """Short and full forms of a place name: 合肥市 -> 合肥, 合肥 -> 合肥市, Hefei City -> Hefei."""
    out = [name]
    for suffix in PLACE_SUFFIXES.get(label, ()):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            out.append(name[: -len(suffix)])
        elif not name.endswith(suffix) and not name.isascii():
            out.append(name + suffix)
    word = _EN_PLACE_WORDS.get(label)
    if word and name.isascii():
        out.append(name[: -len(word)].strip() if name.endswith(" " + word) else f"{name} {word}")
    return out


class Gazetteer:
    """Folded name -> what it names; `find` scans a text for the longest names. `ties` say
    what each graph entity is tied to, so a name is linked only where its context agrees."""

    def __init__(self, index: NameIndex, ties: Ties | None = None) -> None:
        self.ties = ties or Ties()
        self.entries: dict[str, Entry] = defaultdict(Entry)
        self.labels: dict[str, Label] = {}
        self.names: dict[str, tuple[str, str]] = {}
        for key, ids in index.by_name.items():
            for ident in ids:
                label = label_of(ident)
                if label is None or label not in ENTITIES:
                    continue
                self.labels[ident] = label
                ref = index.refs.get(ident)
                self.names[ident] = (
                    (ref.name_zh or "") if ref else "",
                    (ref.name_en or "") if ref else "",
                )
                display = index.display.get(key, key)
                for variant in place_variants(display, label) if label in PLACE_SUFFIXES else [display]:
                    folded = fold_name(variant)
                    if folded and (variant == display or folded not in index.by_name):
                        self.entries[folded].existing.add(ident)
        # "State-owned Assets ... Commission" -> the entity named "... Commission of the State
        # Council": English names by what comes before their first of/on/for
        self.heads: dict[str, set[str]] = defaultdict(set)
        for ident, (_, name_en) in self.names.items():
            head = _EN_QUALIFIED.split(name_en, maxsplit=1)[0]
            if head != name_en and len(head.split()) >= 2:
                self.heads[fold_name(head)].add(ident)
        self._add_vocabulary()
        self._lengths: dict[str, list[int]] = defaultdict(list)
        for key in self.entries:
            if len(key) not in self._lengths[key[0]]:
                self._lengths[key[0]].append(len(key))
        for lengths in self._lengths.values():
            lengths.sort(reverse=True)

    def _add_new(self, names: list[str], entity: NewEntity) -> None:
        """Add a vocabulary entity under all its names, unless one of them is in the graph:
        then the other names become synonyms of that graph entity."""
        keys = [fold_name(n) for n in names if fold_name(n)]
        existing = {
            ident for k in keys for ident in self.entries.get(k, Entry()).existing
            if self.labels.get(ident) is entity.label
        }  # fmt: skip
        for key in keys:
            entry = self.entries[key]
            if existing:
                if not entry.existing:
                    entry.existing.update(existing)
            elif not entry.existing and entry.new is None:
                entry.new = entity

    def _add_vocabulary(self) -> None:
        v = vocab()
        for row in v.technologies:
            zh, en, *synonyms = row
            # English names also in the singular they take before a noun: "smart connected vehicle sector"
            plural = [n for n in (en, *synonyms) if " " in n and n.endswith("s") and not n.endswith("ss")]
            names = [zh, en, *synonyms, *(n[:-1] for n in plural)]
            self._add_new(names, NewEntity(Label.TECHNOLOGY, zh, en, tuple(synonyms)))
        abbreviated = {full: one for one, full in v.abbreviations.items()}
        for short, english in v.provinces.items():
            label = Label.CITY if short in v.municipalities else Label.PROVINCE
            suffix = "市" if label is Label.CITY else ("省" if len(short) <= 3 else "")
            full = short + suffix if short not in ("香港", "澳门", "台湾") else short
            word = "" if label is Label.CITY else " Province"
            names = [*place_variants(full, label), *place_variants(english, label)]
            if short in abbreviated:
                names.append(abbreviated[short])
            self._add_new(names, NewEntity(label, full, english + word, (short, english)))
        for short, english in v.cities.items():
            names = [*place_variants(short + "市", Label.CITY), *place_variants(english, Label.CITY)]
            self._add_new(names, NewEntity(Label.CITY, short + "市", english, (short, english)))

    def lookup(self, name: str) -> Entry | None:
        return self.entries.get(fold_name(name))

    def find(self, text: str, folded: Folded, exclude: Callable[[Entry], bool] | None = None) -> list[Match]:
        """Longest non-overlapping names, left to right. Latin names need word boundaries;
        one-character names (京, 津) count only next to another one-character place name.
        Entries that `exclude` refuses are passed over (a name's own entry, to find the
        shorter names inside it)."""
        out: list[Match] = []
        ftext = folded.text
        i = 0
        while i < len(ftext):
            hit = None
            for length in self._lengths.get(ftext[i], ()):
                key = ftext[i : i + length]
                if len(key) < length or key not in self.entries:
                    continue
                if exclude is not None and exclude(self.entries[key]):
                    continue
                start, end = folded.span(i, i + length)
                if self._bounded(text, start, end, key) and (length > 1 or self._paired(ftext, i)):
                    hit = (length, start, end, key)
                    break
            if hit is None:
                i += 1
                continue
            length, start, end, key = hit
            entry = self.entries[key]
            out.append(Match(start, end, key, tuple(sorted(entry.existing)), entry.new))
            i += length
        return out

    def _paired(self, ftext: str, i: int) -> bool:
        single = {k for k in (ftext[i - 1 : i], ftext[i + 1 : i + 2]) if k}
        return any(k in self.entries and len(k) == 1 for k in single)

    @staticmethod
    def _bounded(text: str, start: int, end: int, key: str) -> bool:
        if (
            key[0].isascii()
            and key[0].isalnum()
            and start > 0
            and text[start - 1].isascii()
            and text[start - 1].isalnum()
        ):
            return False
        last = key[-1]
        return not (
            last.isascii()
            and last.isalnum()
            and end < len(text)
            and text[end].isascii()
            and text[end].isalnum()
        )
