"""Entity mentions: the gazetteer's names, new names recognised by their form, 《…》 titles,
and districts written in brackets after their city (北京市(经开区)).

Chinese names are found over jieba's segmentation (the gazetteer is its user dictionary): a
new name is a run of nominal words that ends in a suffix of data/extraction/names.yaml
(…市, …联盟, …公司, …委员会, …平台). English names are capitalised runs ending in a head word
(… District, … Commission) or a quoted name before a head (“Scene Forest” plan).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field, replace
from functools import cache

import jieba
import jieba.posseg
from pypinyin import lazy_pinyin

from graph.schema import Label
from ingest.extract.gazetteer import PLACE_SUFFIXES, Entry, Gazetteer, Match, NewEntity, place_variants
from ingest.extract.text import Folded, fold_name
from ingest.extract.vocab import NameForm, vocab

_NOMINAL = {"n", "nr", "ns", "nt", "nz", "ng", "nrt", "nrfg", "vn", "an", "j", "eng", "b"}
_PLACE_LABELS = frozenset(PLACE_SUFFIXES)
_MAX_NAME = 30
_EN_CAP = r"[A-Z][A-Za-z0-9\-]*(?:['’](?!s\b)[A-Za-z]+)*"  # Xi'an, but not Shenzhen's
_EN_NAME = re.compile(rf"{_EN_CAP}(?:\s+(?:(?:of|and|for|on|the)\s+)*{_EN_CAP})*")
_EN_LEADING = ("The ", "A ", "An ")
_QUOTED = re.compile(r"[\"“]([^\"”\n]{2,40})[\"”]\s*([A-Za-z]+)")
_TITLE = re.compile(r"《([^》\n]{2,80})》")
_BRACKET = re.compile(r"\s*[(（]([\u4e00-\u9fff]{1,10})[)）]")
_lock = threading.Lock()


@dataclass
class Mention:
    """One mention of an entity: where it is, what it is, and what it resolves to."""

    start: int
    end: int
    text: str
    label: Label
    name_zh: str
    name_en: str
    how: str  # graph, vocabulary, name form, title, bracket
    confidence: float
    existing: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    attrs: dict[str, str] = field(default_factory=dict)
    parent: int | None = None  # the mention a bracketed district belongs to
    sentence: int = -1
    inner_of: int | None = None  # the mention whose name holds this one (AI in AI芯片)
    core: str | None = None  # a quoted name's own words: mentions sharing them are one entity


@cache
def _tokenizer() -> jieba.posseg.POSTokenizer:
    jieba.setLogLevel(60)
    base = jieba.Tokenizer()
    base.initialize()
    return jieba.posseg.POSTokenizer(base)


def segmenter(gazetteer: Gazetteer) -> jieba.posseg.POSTokenizer:
    """jieba's POS tokenizer with the gazetteer's Chinese names as its user dictionary."""
    tokenizer = _tokenizer()
    with _lock:
        for key, entry in gazetteer.entries.items():
            if len(key) >= 2 and not key.isascii() and key not in tokenizer.tokenizer.FREQ:
                flag = "ns" if entry.new and entry.new.label in _PLACE_LABELS else "nz"
                tokenizer.tokenizer.add_word(key, freq=50000, tag=flag)
                tokenizer.word_tag_tab[key] = flag
    return tokenizer


def pinyin_name(name: str) -> str:
    """A Latin placeholder for a Chinese name, word by word (海行云科技 -> Haixingyun Keji);
    the reviewer replaces it with the real English name."""
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


def _english_place(name: str, label: Label) -> str:
    stem = name
    for suffix in PLACE_SUFFIXES[label]:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[: -len(suffix)]
            break
    word = {Label.PROVINCE: " Province", Label.CITY: "", Label.DISTRICT: " District"}[label]
    return pinyin_name(stem).replace(" ", "") + word


def _agency_level(name: str, gazetteer: Gazetteer) -> str:
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


def _from_form(text: str, start: int, end: int, form: NameForm, how: str, gazetteer: Gazetteer) -> Mention:
    name = text[start:end]
    label = Label(form.label)
    attrs = dict(form.attrs)
    attrs.pop("whole", None)
    if label is Label.AGENCY and "level" not in attrs:
        attrs["level"] = _agency_level(name, gazetteer)
    if name.isascii():
        name_zh, name_en = name, name
    else:
        name_zh = name
        name_en = _english_place(name, label) if label in _PLACE_LABELS else pinyin_name(name)
    return Mention(start, end, name, label, name_zh, name_en, how, 0.6, attrs=attrs)


def _nominal(word: str, flag: str) -> bool:
    v = vocab()
    if word in v.stop_words:
        return False
    return flag[:2] in _NOMINAL or flag[:1] in {"n"} or word in v.name_verbs or word in {"+", "＋"}


def _zh_names(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """New Chinese names by their suffix, extended left over nominal words."""
    v = vocab()
    tokens: list[tuple[str, str, int, int]] = []
    offset = 0
    for pair in segmenter(gazetteer).cut(text):
        tokens.append((pair.word, pair.flag, offset, offset + len(pair.word)))
        offset += len(pair.word)
    suffixes = sorted(v.zh_suffixes, key=len, reverse=True)
    out: list[Mention] = []
    starts = {tok[2]: index for index, tok in enumerate(tokens)}
    for j, (word, flag, _, tok_end) in enumerate(tokens):
        found = None
        for s in suffixes:  # a suffix may span several words (对接/模式), starting at a word
            k = starts.get(tok_end - len(s), j if word.endswith(s) else None)
            if k is not None and k <= j and text[tok_end - len(s) : tok_end] == s:
                found = (s, k)
                break
        if found is None:
            continue
        suffix, j_start = found
        form = v.zh_suffixes[suffix]
        if len(suffix) == 1 and word != suffix and flag not in ("ns", "nt", "nz"):
            continue  # 全部, 东部, 格局: a word that merely ends in the character
        i = j_start
        while i > 0 and tok_end - tokens[i - 1][2] <= _MAX_NAME:
            prev_word, prev_flag = tokens[i - 1][0], tokens[i - 1][1]
            if prev_word in ("”", "\u201d", '"'):
                k = i - 2
                while k >= 0 and tokens[k][0] not in ("“", '"') and i - k < 20:
                    k -= 1
                if k < 0 or tokens[k][0] not in ("“", '"'):
                    break
                i = k
                continue
            if not _nominal(prev_word, prev_flag):
                break
            i -= 1
        while i < j and (tokens[i][0] in v.never_start or tokens[i][0] in v.stop_words):
            i += 1
        start = tokens[i][2]
        name = text[start:tok_end]
        whole = form.attrs.get("whole") == "yes"
        if (len(name) <= len(suffix) and not whole) or name in v.generic_places or "\n" in name:
            continue
        if (start and text[start - 1] in "+＋") or text[tok_end : tok_end + 1] in ("+", "＋"):
            continue  # one term of a formula such as “处室+专班+公司+中心”
        label = Label(form.label)
        if label in _PLACE_LABELS and not _is_place_name(tokens[i : j + 1], name, suffix):
            continue
        if any(text[max(0, start - len(m)) : start] == m for m in v.designation_markers):
            continue
        out.append(_from_form(text, start, tok_end, form, "name form", gazetteer))
    return out


def _is_place_name(tokens: list[tuple[str, str, int, int]], name: str, suffix: str) -> bool:
    """A place name is short and jieba takes (part of) it for a place name."""
    stem = len(name) - len(suffix)
    return 2 <= stem <= 6 and any(flag == "ns" for _, flag, _, _ in tokens)


def _titles(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """《…》 titles of documents: a plan or a policy."""
    v = vocab()
    out = []
    for m in _TITLE.finditer(text):
        title = m.group(1)
        if not any(word in title for word in v.title_documents):
            continue
        if any(title.endswith(word) for word in v.title_plans):
            form = NameForm("Initiative", {"kind": "action_plan"})
        else:
            kind = next((w for w in v.title_documents if title.endswith(w)), None)
            form = NameForm("Policy", {"document_type": kind} if kind else {})
        mention = _from_form(text, m.start(1), m.end(1), form, "title", gazetteer)
        out.append(replace(mention, aliases=(m.group(0),), confidence=0.8))
    return out


def _en_names(text: str, gazetteer: Gazetteer) -> list[Mention]:
    v = vocab()
    out = []
    for m in _EN_NAME.finditer(text):
        start, name = m.start(), m.group(0)
        for lead in _EN_LEADING:
            if name.startswith(lead):
                start, name = start + len(lead), name[len(lead) :]
        words = name.split()
        if len(words) < 2:
            continue
        head = next((h for h in v.en_heads if name.endswith(" " + h)), None)
        if head is None and words[0] in v.en_heads and words[1] == "of":
            head = words[0]
        if head is None:
            continue
        out.append(_from_form(text, start, start + len(name), v.en_heads[head], "name form", gazetteer))
    for m in _described().finditer(text):
        head = m.group("head").lower()
        form = v.en_described_heads[head]
        mention = _from_form(text, m.start("name"), m.end("name"), form, "name form", gazetteer)
        out.append(replace(mention, confidence=0.5))
    for m in _QUOTED.finditer(text):
        head = m.group(2).lower()
        quoted_form = v.en_quoted_heads.get(head)
        if quoted_form is None:
            continue
        mention = _from_form(text, m.start(), m.end(), quoted_form, "name form", gazetteer)
        quoted = m.group(1).strip()
        name = f"{quoted} {m.group(2)}"
        out.append(replace(mention, name_zh=name, name_en=name, aliases=(quoted,), confidence=0.7))
    return out


@cache
def _described() -> re.Pattern[str]:
    """Lower-case English descriptions of initiatives and events (an action plan for X)."""
    heads = "|".join(re.escape(h) for h in sorted(vocab().en_described_heads, key=len, reverse=True))
    word = r"(?!(?:a|an|the|has|have|been|is|are|was|were|will|to|and|of|in|with|by)\b)[a-z][a-z\-]+"
    return re.compile(
        rf"(?P<name>(?:{word}\s+){{0,5}}(?P<head>{heads})(?:\s+(?:for|of)\s+(?:{word}\s+){{0,3}}{word})?)\b",
        re.IGNORECASE,
    )


def _from_match(match: Match, text: str, gazetteer: Gazetteer) -> Mention:
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


def _resolve(mention: Mention, gazetteer: Gazetteer) -> Mention:
    """A name found by its form may still be known: by its name, or a short or full place form."""
    names = [mention.name_zh, mention.text]
    if mention.label in _PLACE_LABELS:
        names = [n for name in names for n in place_variants(name, mention.label)]
    for name in names:
        entry = gazetteer.lookup(name)
        if entry is None:
            continue
        same = tuple(sorted(i for i in entry.existing if gazetteer.labels.get(i) is mention.label))
        if same:
            zh, en = gazetteer.names.get(same[0], (mention.name_zh, mention.name_en))
            confidence = 0.9 if len(same) == 1 else 0.5
            return replace(mention, existing=same, name_zh=zh, name_en=en, confidence=confidence)
        if entry.new is not None and entry.new.label is mention.label:
            new: NewEntity = entry.new
            return replace(mention, name_zh=new.name_zh, name_en=new.name_en, aliases=new.aliases)
    return mention


def _brackets(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """北京市(经开区): a district written in brackets after its city is that city's district."""
    out: list[Mention] = []
    for index, city in enumerate(mentions):
        if city.label not in (Label.CITY, Label.PROVINCE):
            continue
        m = _BRACKET.match(text, city.end)
        if not m:
            continue
        inner = m.group(1)
        known = gazetteer.lookup(inner)
        is_district = inner.endswith(PLACE_SUFFIXES[Label.DISTRICT]) or bool(
            known and any(gazetteer.labels.get(i) is Label.DISTRICT for i in known.existing)
        )
        if not is_district or inner in ("城区", "市区"):
            continue
        short = next(
            (v for v in place_variants(city.name_zh, city.label) if len(v) < len(city.name_zh)), city.name_zh
        )
        name = short + inner
        mention = Mention(
            m.start(1), m.end(1), inner, Label.DISTRICT, name, _english_place(name, Label.DISTRICT),
            "bracket", 0.8, aliases=(inner,), parent=index,
        )  # fmt: skip
        resolved = _resolve(mention, gazetteer)
        if not resolved.existing:
            for alt in (inner,):
                entry = gazetteer.lookup(alt)
                ids = tuple(
                    sorted(
                        i
                        for i in (entry.existing if entry else ())
                        if gazetteer.labels.get(i) is Label.DISTRICT
                    )
                )
                if ids:
                    resolved = replace(resolved, existing=ids, confidence=0.9 if len(ids) == 1 else 0.5)
        out.append(resolved)
    return out


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """All entity mentions in `text`, non-overlapping, in text order."""
    folded = Folded.of(text)
    known = [_from_match(m, text, gazetteer) for m in gazetteer.find(text, folded)]
    formed = [
        _resolve(m, gazetteer)
        for m in [*_titles(text, gazetteer), *_zh_names(text, gazetteer), *_en_names(text, gazetteer)]
    ]
    # Longer spans first; on equal spans the graph's and the vocabulary's names beat name forms.
    rank = {"graph": 0, "vocabulary": 1, "title": 2, "name form": 3}
    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for mention in sorted([*known, *formed], key=lambda m: (-(m.end - m.start), rank[m.how], m.start)):
        if all(mention.end <= a or mention.start >= b for a, b in taken):
            chosen.append(mention)
            taken.append((mention.start, mention.end))
    chosen.sort(key=lambda m: m.start)
    districts = _brackets(text, chosen, gazetteer)
    parents = {id(d): chosen[d.parent] for d in districts if d.parent is not None}
    inner = {(d.start, d.end) for d in districts}  # the bracket reading replaces a plain one
    merged = sorted(
        [*(m for m in chosen if (m.start, m.end) not in inner), *districts], key=lambda m: m.start
    )
    position = {id(m): i for i, m in enumerate(merged)}
    for d in districts:
        d.parent = position[id(parents[id(d)])]
    return merged + _nested(text, merged, gazetteer)


_PLACE_OWNERS = frozenset(
    {Label.AGENCY, Label.ALLIANCE, Label.ENTERPRISE, Label.INITIATIVE, Label.SCENARIO, Label.POLICY,
     Label.MATCHING_EVENT}
)  # fmt: skip
_TECH_HOLDERS = frozenset({Label.SCENARIO, Label.INITIATIVE, Label.TECHNOLOGY, Label.ALLIANCE, Label.POLICY})


def _nests(outer: Label, inner: Label, at_start: bool) -> bool:
    """Which names inside a name are facts: a technology in a scenario, initiative, alliance or
    narrower technology (AI in AI芯片); a place a name starts with (上海市国资委, 深圳坪山区);
    an agency an agency's name starts with (国家发展改革委经济体制与管理研究所)."""
    if inner is Label.TECHNOLOGY:
        return outer in _TECH_HOLDERS
    if not at_start:
        return False
    if inner in _PLACE_LABELS:
        return outer in _PLACE_OWNERS or (outer is Label.DISTRICT and inner is not Label.DISTRICT)
    return inner is Label.AGENCY and outer is Label.AGENCY


def _nested(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
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
            inner = _from_match(shifted, text, gazetteer)
            same = set(inner.existing) & set(outer.existing) or (
                inner.label is outer.label and fold_name(inner.name_zh) == fold_name(outer.name_zh)
            )
            if same or not _nests(outer.label, inner.label, inner.start == outer.start):
                continue
            inner.inner_of = index
            out.append(inner)
    return out


def entity_key(mention: Mention) -> str:
    """Mentions with the same key are one entity within an article: the graph id, or the
    folded name (the short form for places, so 武汉 and 武汉市 are one)."""
    if len(mention.existing) == 1:
        return mention.existing[0]
    if mention.existing:
        return "ambiguous:" + "|".join(mention.existing)
    name = mention.core or mention.name_zh
    if mention.label in _PLACE_LABELS:
        name = min(place_variants(name, mention.label), key=len)
    return f"{mention.label.value}:{fold_name(name)}"
