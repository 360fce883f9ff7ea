"""A mention of an entity, and what every name rule needs to make one: jieba's segmentation
(with the gazetteer as its user dictionary), nominal words, and a mention built from a name
form (label, required fields, a Latin placeholder name for the reviewer to edit).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache

import jieba
import jieba.posseg
from pypinyin import lazy_pinyin

from extract.gazetteer import PLACE_SUFFIXES, Gazetteer
from extract.lac import NOUN_TAGS, words_of
from extract.vocab import NameForm, vocab
from graph.schema import PLACES, Label

NOMINAL_FLAGS = frozenset({"n", "nr", "ns", "nt", "nz", "ng", "nrt", "nrfg", "vn", "an", "j", "eng", "b"})
_lock = threading.Lock()
_USER_FREQ = 50000
_added: dict[str, str] = {}  # the user dictionary in force: word -> the tag it was given
_undo: dict[str, int | None] = {}  # jieba's frequency of each key it changed (None: not there)
_tags: dict[str, str | None] = {}  # jieba's tag of each word it tagged (None: none)
_pinyin: dict[str, str] = {}  # placeholder names cut with the user dictionary in force


@dataclass(frozen=True)
class Token:
    """A word of jieba's segmentation with its part of speech and offsets."""

    word: str
    flag: str
    start: int
    end: int


@dataclass
class Mention:
    """One mention of an entity: where it is, what it is, and what it resolves to."""

    start: int
    end: int
    text: str
    label: Label
    name_zh: str
    name_en: str
    how: str  # graph, vocabulary, name form, title, bracket, phrase, model
    confidence: float
    existing: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    attrs: dict[str, str] = field(default_factory=dict)
    parent: int | None = None  # the place a district is part of (北京市(经开区), 上海浦东)
    sentence: int = -1
    inner_of: int | None = None  # the mention whose name holds this one (AI in AI芯片)
    core: str | None = None  # a quoted name's own words: mentions sharing them are one entity
    member_of: int | None = None  # the mention of the set it is enumerated in (三个超级场景)
    # graph entities the name matches but the article's context does not confirm (extract.linking)
    withheld: tuple[str, ...] = ()
    home: int | None = None  # the place mention a name withheld from the graph belongs to


@cache
def _tokenizer() -> jieba.posseg.POSTokenizer:
    """A tokenizer of our own, not jieba's global one (which anything in the process may use
    or change: with it, the candidates of one dev-set article changed, cause not traced). It
    costs a second read of jieba's word tags, about half a second a process."""
    jieba.setLogLevel(60)
    base = jieba.Tokenizer()
    base.initialize()
    return jieba.posseg.POSTokenizer(base)


def _install(gazetteer: Gazetteer) -> jieba.posseg.POSTokenizer:
    """jieba's POS tokenizer with the gazetteer's Chinese names, and only those, as its user
    dictionary. The dictionary is a function of the gazetteer alone, never of what was read
    before: when the wanted words or their tags differ from those in force, jieba's own
    dictionary is restored exactly (frequencies, total, tags, the prefixes added for the words)
    and the new words added to it. Call under _lock."""
    tokenizer = _tokenizer()
    base = tokenizer.tokenizer
    wanted = {
        key: "ns" if entry.new and entry.new.label in PLACES else "nz"
        for key, entry in gazetteer.entries.items()
        if len(key) >= 2 and not key.isascii()
    }
    if {k: t for k, t in wanted.items() if k in _added} == _added and not any(
        k not in _added and not base.FREQ.get(k) for k in wanted
    ):
        return tokenizer
    _restore(tokenizer)
    _pinyin.clear()  # the words change, so may the placeholders
    for key, tag in wanted.items():
        if base.FREQ.get(key):
            continue  # a word of jieba's own dictionary keeps its frequency and tag
        for size in range(1, len(key) + 1):
            if key[:size] not in base.FREQ:
                _undo.setdefault(key[:size], None)
                base.FREQ[key[:size]] = 0
        _undo.setdefault(key, 0)
        _tags.setdefault(key, tokenizer.word_tag_tab.get(key))
        base.FREQ[key] = _USER_FREQ
        base.total += _USER_FREQ
        tokenizer.word_tag_tab[key] = tag
        _added[key] = tag
    return tokenizer


def _restore(tokenizer: jieba.posseg.POSTokenizer) -> None:
    """Take the user dictionary out again: every frequency, tag and the total as jieba had them."""
    base = tokenizer.tokenizer
    for key, before in _undo.items():
        if before is None:
            del base.FREQ[key]
        else:
            base.FREQ[key] = before
    for key, tag in _tags.items():
        if tag is None:
            tokenizer.word_tag_tab.pop(key, None)
        else:
            tokenizer.word_tag_tab[key] = tag
    base.total -= _USER_FREQ * len(_added)
    _undo.clear()
    _tags.clear()
    _added.clear()


def dictionary_tag(word: str) -> str | None:
    """jieba's own part of speech for `word` (资源 n, 合作 vn, 福建 ns), None for a word only the
    gazetteer gave it."""
    return None if word in _added else _tokenizer().word_tag_tab.get(word)


def pinyin_name(name: str) -> str:
    """A Latin placeholder for a Chinese name, word by word (海行云科技 -> Haixingyun Keji);
    the reviewer replaces it with the real English name. Kept while the user dictionary (which
    cuts the words) stays as it is: an article names the same things again and again."""
    known = _pinyin.get(name)
    if known is None:
        known = _pinyin[name] = _pinyin_of(name)
    return known


def _pinyin_of(name: str) -> str:
    words = [w for w in _tokenizer().tokenizer.cut(name) if w.strip()]
    parts = []
    for word in words:
        if word.isascii():
            parts.append(word)
        else:
            syllables = "".join(s for s in lazy_pinyin(word) if s.isascii() and s.isalnum())
            if syllables:
                parts.append(syllables.capitalize())
    return " ".join(parts) or name


def english_place(name: str, label: Label) -> str:
    stem = name
    for suffix in PLACE_SUFFIXES[label]:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            break
    word = {Label.PROVINCE: " Province", Label.CITY: "", Label.DISTRICT: " District"}[label]
    return pinyin_name(stem).replace(" ", "") + word


def agency_level(name: str, gazetteer: Gazetteer) -> str:
    levels = vocab().agency_levels
    for prefix in ("国家", "国务院", "中央"):
        if name.startswith(prefix):
            return levels[prefix]
    for end in range(len(name) - 1, 1, -1):
        entry = gazetteer.lookup(name[:end])
        if entry is None:
            continue
        labels = {gazetteer.labels.get(i) for i in entry.existing} | (
            {entry.new.label} if entry.new else set()
        )
        if Label.DISTRICT in labels:
            return "district"
        if Label.CITY in labels:
            return "municipal"
        if Label.PROVINCE in labels:
            return "provincial"
    return "national"


def from_form(text: str, start: int, end: int, form: NameForm, how: str, gazetteer: Gazetteer) -> Mention:
    name = text[start:end]
    label = Label(form.label)
    attrs = dict(form.attrs)
    for rule in ("whole", "min_stem", "category", "quoted"):  # how the name is found, not fields
        attrs.pop(rule, None)
    if label is Label.AGENCY and "level" not in attrs:
        attrs["level"] = agency_level(name, gazetteer)
    if name.isascii():
        name_zh, name_en = name, name
    else:
        name_zh = name
        name_en = english_place(name, label) if label in PLACES else pinyin_name(name)
    return Mention(start, end, name, label, name_zh, name_en, how, 0.6, attrs=attrs)


def nominal(word: str, flag: str) -> bool:
    """Whether a word may be part of a name: a noun (any n… tag), a noun-like word (vn, b, j,
    a Latin word such as AI), a verb of names.yaml's name_verbs, or the + of “人工智能+”."""
    v = vocab()
    if word in v.stop_words:
        return False
    return flag in NOMINAL_FLAGS or flag[:1] == "n" or word in v.name_verbs or word in {"+", "＋"}


def _lac_nouns(text: str) -> set[tuple[int, int]]:
    """Spans LAC tags as nouns or noun-verbs: a second opinion on jieba's verbs."""
    return {(w.start, w.end) for w in words_of(text) if w.tag in NOUN_TAGS}


def tokens(text: str, gazetteer: Gazetteer) -> list[Token]:
    """jieba's words of `text` with their offsets; a word the gazetteer knows is a name
    whatever jieba's own tag for it (无人机 is an idiom to jieba, so 无人机产业园 would not be
    a name)."""
    with _lock:  # one user dictionary at a time, from installing it to the last word
        pairs = list(_install(gazetteer).cut(text))
    out: list[Token] = []
    offset = 0
    nouns = _lac_nouns(text)
    for pair in pairs:
        flag = pair.flag
        entry = gazetteer.entries.get(pair.word) if len(pair.word) >= 2 else None
        if entry is not None and not flag.startswith("n"):
            flag = "nz"
        elif flag == "v" and (offset, offset + len(pair.word)) in nouns:
            flag = "vn"  # 育种 in 智慧育种平台: a verb jieba sees, a noun-verb LAC sees
        out.append(Token(pair.word, flag, offset, offset + len(pair.word)))
        offset += len(pair.word)
    return out
