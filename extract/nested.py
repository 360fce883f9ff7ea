"""Known names inside a mention's name (AI in AI芯片, 合肥 in 合肥市国资委), the mention a
gazetteer match makes, and whether a match of a place's short form is that place at all.
The relationships nested names make are in containment.nested_facts."""

from __future__ import annotations

from dataclasses import replace

from extract.gazetteer import Entry, Gazetteer, Match
from extract.mention import Mention, Token, dictionary_tag
from extract.text import Folded, fold_name
from extract.vocab import vocab
from graph.schema import PLACES, Label


def from_match(match: Match, text: str, gazetteer: Gazetteer) -> Mention:
    surface = text[match.start : match.end]
    if match.existing:
        ident = match.existing[0]
        label = gazetteer.labels[ident]
        name_zh, name_en = gazetteer.names.get(ident, (surface, surface))
        confidence = 0.95 if len(match.existing) == 1 else 0.5
        return Mention(
            match.start, match.end, surface, label, name_zh, name_en, "graph", confidence, match.existing
        )
    assert match.new is not None
    new = match.new
    return Mention(
        match.start, match.end, surface, new.label, new.name_zh, new.name_en, "vocabulary", 0.85,
        aliases=new.aliases,
    )  # fmt: skip


_TECH_HOLDERS = frozenset({Label.SCENARIO, Label.INITIATIVE, Label.TECHNOLOGY, Label.ALLIANCE, Label.POLICY})


def _nests(outer: Label, inner: Label, at_start: bool) -> bool:
    """Which names inside a name count: a technology in a scenario, initiative, alliance or
    narrower technology (AI in AI芯片); a place in anything but a place, or at the start of a
    district (深圳坪山区); an agency an agency's name starts with (国家发展改革委经济体制与管理
    研究所). The relationships they make are in containment.nested_facts."""
    if inner is Label.TECHNOLOGY:
        return outer in _TECH_HOLDERS
    if inner in PLACES:  # anywhere: a place is mentioned (河北 in “京津研发、河北转化”模式)
        return outer not in PLACES or (at_start and inner is not Label.DISTRICT)
    return at_start and inner is Label.AGENCY and outer is Label.AGENCY


def nested(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Known names inside the mentions' names, each marked with the mention that holds it."""
    out: list[Mention] = []
    for index, outer in enumerate(mentions):
        span = text[outer.start : outer.end]

        def own(entry: Entry, outer: Mention = outer) -> bool:
            if entry.existing:
                return bool(entry.existing & set(outer.existing))
            return entry.new is not None and entry.new.name_zh == outer.name_zh

        for match in gazetteer.find(span, Folded.of(span), own):
            shifted = replace(match, start=match.start + outer.start, end=match.end + outer.start)
            inner = from_match(shifted, text, gazetteer)
            same = set(inner.existing) & set(outer.existing) or (
                inner.label is outer.label and fold_name(inner.name_zh) == fold_name(outer.name_zh)
            )
            if same or not _nests(outer.label, inner.label, inner.start == outer.start):
                continue
            short = inner.label in PLACES and fold_name(inner.text) != fold_name(inner.name_zh)
            if short and not _place_word(inner.text):
                continue  # 示范 in …示范区, 高新 in …高新区: words, not 示范区's or 高新区's names
            inner.inner_of = index
            out.append(inner)
    return out


# jieba's tags of words that may be a place's short form (福建 ns, 粤 j); a short form that is
# a common word (资源 n, 合作 vn, 示范 v, 高新 d) names no place in running text.
_PLACE_TAGS = frozenset({"ns", "nr", "nrt", "nz", "nt", "j"})
_EN_PLACE_HEADS = (" District", " County", " New Area")


def plausible_place(m: Mention, text: str, toks: list[Token]) -> bool:
    """Whether a graph match of a place is one: a common noun (城区) is not; a short form must
    stand on jieba's word boundaries (no 新和 in 创新和) and not be a common word (资源县's 资源);
    in English the name is capitalised, and a district's short name needs its head after it
    (a person's given name or the word yuan is no district)."""
    if m.label not in PLACES or not m.existing:
        return True
    surface = m.text
    if surface in vocab().generic_places:
        return False
    if surface.isascii():
        if not surface[:1].isupper():
            return False
        return m.label is not Label.DISTRICT or text.startswith(_EN_PLACE_HEADS, m.end) or " " in surface
    if fold_name(surface) == fold_name(m.name_zh):
        return True
    starts, ends = {t.start for t in toks}, {t.end for t in toks}
    return m.start in starts and m.end in ends and _place_word(surface)


def _place_word(surface: str) -> bool:
    tag = dictionary_tag(surface)
    return tag is None or tag in _PLACE_TAGS
