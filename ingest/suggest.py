"""Resolve the names a list gives (technologies, places, initiatives) and, for one that matches
nothing, say which known names come closest.

The name index already ranks near misses over names and aliases (rapidfuzz). A list typed in
Chinese also goes wrong by sound: an input method offers 合飞 for 合肥, 人工只能 for 人工智能.
Those share no characters but all their pinyin, so names are compared in pinyin as well.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin
from rapidfuzz import fuzz, process

from graph.errors import Ambiguous, LookupFailed, NotFound
from graph.schema import Label, label_of
from model.names import NameIndex

SUGGESTIONS = 3
_PINYIN_CUTOFF = 85  # near-identical sound; lower lets unrelated two-syllable names in


def _pinyin(name: str) -> str:
    return "".join(lazy_pinyin(name)).lower()


@dataclass
class Resolver:
    """Names to ids for one load, with suggestions built from names, aliases and pinyin."""

    names: NameIndex
    _sounds: dict[Label, dict[str, set[str]]] = field(default_factory=dict)

    def resolve(self, ref: str, labels: tuple[Label, ...]) -> str:
        """The one id `ref` names among `labels` (tried in order); NotFound lists the closest
        names of all of them, Ambiguous the candidates."""
        failures: list[LookupFailed] = []
        for label in labels:
            try:
                return self.names.resolve(ref, label)
            except LookupFailed as exc:
                failures.append(exc)
        ambiguous = [f for f in failures if isinstance(f, Ambiguous)]
        if ambiguous:
            raise ambiguous[0]
        raise NotFound(ref, self.closest(ref, labels, failures))

    def closest(self, ref: str, labels: tuple[Label, ...], failures: list[LookupFailed]) -> list[str]:
        by_text = [s for f in failures if isinstance(f, NotFound) for s in f.suggestions]
        by_sound = [s for label in labels for s in self._by_sound(ref, label)]
        return list(dict.fromkeys(by_sound + by_text))[:SUGGESTIONS]

    def _by_sound(self, ref: str, label: Label) -> list[str]:
        sound = _pinyin(ref)
        if sound == ref.lower():  # no Chinese in the reference: the text match covers it
            return []
        sounds = self._label_sounds(label)
        near = process.extract(
            sound, list(sounds), scorer=fuzz.ratio, limit=SUGGESTIONS, score_cutoff=_PINYIN_CUTOFF
        )
        return [
            f"{self.names.display[key]} ({ident})"
            for match, _, _ in near
            for key in sorted(sounds[match])
            for ident in sorted(self.names.by_name[key])
            if label_of(ident) is label
        ]

    def _label_sounds(self, label: Label) -> dict[str, set[str]]:
        """Pinyin of every Chinese name of `label` to the folded names that sound so; built
        once per label and load, only when a name is not found."""
        if label not in self._sounds:
            sounds: dict[str, set[str]] = defaultdict(set)
            for key, ids in self.names.by_name.items():
                if any(label_of(i) is label for i in ids) and not key.isascii():
                    sounds[_pinyin(key)].add(key)
            self._sounds[label] = sounds
        return self._sounds[label]
