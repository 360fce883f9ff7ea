"""Resolve the names a list gives (technologies, places, initiatives) and, for one that matches
nothing, say which known names come closest.

The name index already ranks near misses over names and aliases (rapidfuzz). A list typed in
Chinese also goes wrong by sound: an input method offers 合飞 for 合肥, 人工只能 for 人工智能.
Those share no characters but all their pinyin, so names are compared in pinyin as well.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from graph.errors import Ambiguous, NotFound, WrongKind
from graph.schema import Label, label_of
from model.names import NameIndex

SUGGESTIONS = 3
_PINYIN_CUTOFF = 90  # near-identical sound (one letter off); lower lets unrelated names in


def _pinyin(name: str) -> str:
    from pypinyin import lazy_pinyin  # loaded only when a suggestion is needed

    return "".join(lazy_pinyin(name)).lower()


def _sound_score(similarity: float) -> float:
    """A sound match on the name index's 0-100 scale: a perfect homophone scores 85, with names
    that start with or contain the reference (80-99) and above any typo matched by text (at
    most 79); a near homophone (one letter off) scores 63-69, among the close typos."""
    return 85.0 if similarity == 100 else similarity * 0.7


@dataclass
class Resolver:
    """Names to ids for one load, with suggestions built from names, aliases and pinyin."""

    names: NameIndex
    _sounds: dict[Label, dict[str, set[str]]] = field(default_factory=dict)

    def resolve(self, ref: str, labels: tuple[Label, ...]) -> str:
        """The one id `ref` names among `labels` (tried in order); NotFound lists the closest
        names of all of them, Ambiguous the candidates."""
        ambiguous: Ambiguous | None = None
        for label in labels:
            try:
                return self.names.resolve(ref, label)
            except Ambiguous as exc:
                ambiguous = ambiguous or exc
            except (NotFound, WrongKind):  # not of this label: try the next one
                pass
        if ambiguous is not None:
            raise ambiguous
        raise NotFound(ref, self.closest(ref, labels))

    def closest(self, ref: str, labels: tuple[Label, ...]) -> list[str]:
        """The best few names of `labels` by text (the index's ranking) and by sound, ranked
        together; a homophone ranks below a name containing the reference, above a typo."""
        best: dict[str, tuple[float, str]] = {}

        def offer(ident: str, score: float, name: str) -> None:
            if ident not in best or score > best[ident][0]:
                best[ident] = (score, name)

        for label in labels:
            for hit in self.names.search(ref, label, limit=SUGGESTIONS):
                offer(hit.entity.id, hit.score, hit.matched)
            for ident, score, name in self._by_sound(ref, label):
                offer(ident, _sound_score(score), name)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:SUGGESTIONS]
        return [f"{name} ({ident})" for ident, (_, name) in ranked]

    def _by_sound(self, ref: str, label: Label) -> list[tuple[str, float, str]]:
        """Ids of `label` whose Chinese name sounds like `ref`, with the similarity of the sounds."""
        sound = _pinyin(ref)
        if sound == ref.lower():  # no Chinese in the reference: the text match covers it
            return []
        sounds = self._label_sounds(label)
        near = process.extract(
            sound, list(sounds), scorer=fuzz.ratio, limit=SUGGESTIONS, score_cutoff=_PINYIN_CUTOFF
        )
        return [
            (ident, score, self.names.display[key])
            for match, score, _ in near
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
