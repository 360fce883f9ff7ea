"""Entity mentions: the gazetteer's names, new names recognised by their form, 《…》 titles,
names that a phrase makes (extract/phrases.py), districts written in brackets after
their city (北京市(经开区)), and the known names inside a name (AI in AI芯片).

Chinese names are found over jieba's segmentation (the gazetteer is its user dictionary): a
new name is a run of nominal words that ends in a suffix of data/extraction/names.yaml
(…市, …联盟, …公司, …委员会, …平台), and may start with a numeral modifier (14大…规划) or a
quotation. English names are capitalised runs ending in (or led by) a head word (… District,
Ministry of …), quoted names before, after or ending in a head ("Scene Forest" plan), "X+"
programmes, quoted objects of a verb that creates, examples of a category, and Title-Case names.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from extract.counted_firms import enumerated_firms
from extract.english import en_names
from extract.extents import event_start, list_start
from extract.gazetteer import PLACE_SUFFIXES, Gazetteer, NewEntity, place_variants
from extract.junk import is_generic
from extract.mention import (
    Mention,
    Token,
    english_place,
    from_form,
    nominal,
    pinyin_name,
    tokens,
)
from extract.nested import from_match, nested, plausible_place
from extract.phrases import phrase_mentions, recurring, trigger_words
from extract.recogniser import model_mentions
from extract.subplaces import subplaces
from extract.text import Folded, fold_name
from extract.vocab import NameForm, vocab
from graph.schema import PLACES, Label

_MAX_NAME = 30
_TITLE = re.compile(r"《([^》\n]{2,80})》")
_BRACKET = re.compile(r"\s*[(（]([\u4e00-\u9fff]{1,10})[)）]")


_COUNTED = re.compile(r"(?:等|[\d一二两三四五六七八九十百千万]+(?:余|多)?[个项批类]|一批)$")
# a numeral that starts a name: 14大(重点产业集群区规划), 六位(一体), 三位一体
_NUMERAL_MODIFIER = re.compile(r"^[\d一二两三四五六七八九十百]+(?:[大位]|位一体)$")
_OPEN_QUOTES = ("“", '"')
_CLOSE_QUOTES = ("”", '"')


def _name_start(toks: list[Token], i: int, end: int, *, conjunctions: bool = False, de: bool = True) -> int:
    """The first word of a name whose head ends at `end` and whose leftmost word so far is
    `toks[i]`: extended left over nominal words and quoted parts (“机会清单+能力清单”对接模式),
    a numeral modifier that starts it (14大重点产业集群区规划), with `conjunctions` over 与/和
    between nominal words (经济体制与管理研究所), and over one 的 when what comes before it
    starts with a numeral modifier (六位一体的工作体系)."""
    v = vocab()
    while i > 0 and end - toks[i - 1].start <= _MAX_NAME:
        prev = toks[i - 1]
        if prev.word in _CLOSE_QUOTES:
            k = i - 2
            while k >= 0 and toks[k].word not in _OPEN_QUOTES and i - k < 20:
                k -= 1
            if k < 0 or toks[k].word not in _OPEN_QUOTES:
                break
            i = k
            continue
        if _NUMERAL_MODIFIER.match(prev.word):
            return i - 1
        if prev.word in ("大", "位") and i > 1 and _NUMERAL_MODIFIER.match(toks[i - 2].word + prev.word):
            return i - 2
        if prev.word == "的" and de and i > 1:
            k = _name_start(toks, i - 1, toks[i - 1].start, de=False)
            if k < i - 1 and _NUMERAL_MODIFIER.match(toks[k].word):
                return k
            break
        if conjunctions and prev.word in ("与", "和") and i > 1 and _joins_name(toks[i - 2]):
            i -= 1
            continue
        if not nominal(prev.word, prev.flag) or prev.word in trigger_words():
            break  # 深化 is a verb even where jieba takes it for a noun
        if i > 1 and toks[i - 2].flag == "ns" and prev.word in trigger_words(in_names=True):
            break  # 杭州建设数据交易平台: a place and its verb, not 建设 inside a name
        i -= 1
    while (
        i < len(toks) - 1
        and toks[i].end < end
        and (toks[i].word in v.never_start or toks[i].word in v.stop_words)
    ):
        i += 1
    return i


def _joins_name(word: Token) -> bool:
    """A nominal word before 与/和 that does not end another agency's name (科学技术部与…)."""
    return nominal(word.word, word.flag) and word.word[-1] not in "部委局厅办院所会"


@cache
def _suffix_lengths() -> tuple[int, ...]:
    """The lengths of the name suffixes, longest first: a word's ending is looked up once per
    length, not compared with every suffix (the loop ran for each word of the article)."""
    return tuple(sorted({len(s) for s in vocab().zh_suffixes}, reverse=True))


def _zh_names(text: str, toks: list[Token], gazetteer: Gazetteer) -> list[Mention]:
    """New Chinese names by their suffix, extended left over nominal words."""
    v = vocab()
    lengths = _suffix_lengths()
    out: list[Mention] = []
    starts = {tok.start: index for index, tok in enumerate(toks)}
    for j, tok in enumerate(toks):
        found = None
        for size in lengths:  # the longest first; a suffix may span several words (对接/模式)
            s = text[max(0, tok.end - size) : tok.end]
            if len(s) < size or s not in v.zh_suffixes:
                continue
            k = starts.get(tok.end - size, j if tok.word.endswith(s) else None)
            if k is not None and k <= j:
                found = (s, k)
                break
        if found is None:
            continue
        suffix, j_start = found
        form = v.zh_suffixes[suffix]
        if len(suffix) == 1 and tok.word != suffix and tok.flag not in ("ns", "nt", "nz"):
            continue  # 全部, 东部, 格局: a word that merely ends in the character
        if Label(form.label) is Label.CITY and tok.word in v.generic_places:
            continue  # no city's name ends in the word 城市 or 都市 (用新技术重塑城市)
        label = Label(form.label)
        i = _name_start(toks, j_start, tok.end, conjunctions=label is Label.AGENCY)
        start = toks[i].start
        if label is Label.AGENCY:
            start = _parent_agency(text, start, gazetteer)
        name = text[start : tok.end]
        whole = form.attrs.get("whole") == "yes"
        if (len(name) <= len(suffix) and not whole) or name in v.generic_places or "\n" in name:
            continue
        if form.attrs.get("quoted") == "yes" and "”" not in name:
            continue  # 商业模式, 产业体系: common nouns without a quoted formula
        if len(name) - len(suffix) < int(form.attrs.get("min_stem", "0")):
            continue  # 民生场景, 应用场景: a common noun, not a name
        if form.attrs.get("category") == "yes" and _category(text, toks, start, j):
            continue  # 等新型基础设施场景, 200个应用场景, 场景合伙人: a category, not a name
        if (start and text[start - 1] in "+＋") or text[tok.end : tok.end + 1] in ("+", "＋"):
            continue  # one term of a formula such as “处室+专班+公司+中心”
        if label in PLACES and not _is_place_name(toks[i : j + 1], name, suffix):
            continue
        if any(text[max(0, start - len(m)) : start] == m for m in v.designation_markers):
            continue
        mention = from_form(text, start, tok.end, form, "name form", gazetteer)
        if "的" in name:  # 六位一体的工作体系: named without the particle
            mention = replace(mention, name_zh=name.replace("的", ""), aliases=(name,))
        out.append(mention)
    return out


def _category(text: str, toks: list[Token], start: int, j: int) -> bool:
    """Whether a word that also names a category (场景) is used as one here: after 等 or a
    count (before the words a name never starts with), or before another noun (场景合伙人)."""
    prefix = text[max(0, start - 12) : start]
    trimmed = True
    while trimmed:
        trimmed = False
        for word in vocab().never_start:
            if prefix.endswith(word):
                prefix, trimmed = prefix[: -len(word)], True
    if _COUNTED.search(prefix):
        return True
    following = toks[j + 1] if j + 1 < len(toks) else None
    return (
        following is not None
        and nominal(following.word, following.flag)
        and following.word not in trigger_words()
    )


def _parent_agency(text: str, start: int, gazetteer: Gazetteer) -> int:
    """A unit named right after its agency (国家发展改革委经济体制与管理研究所) starts with it."""
    for length in range(min(start, 14), 1, -1):
        entry = gazetteer.lookup(text[start - length : start])
        if entry and any(gazetteer.labels.get(i) is Label.AGENCY for i in entry.existing):
            return start - length
    return start


def _is_place_name(toks: list[Token], name: str, suffix: str) -> bool:
    """A place name is short and jieba takes (part of) it for a place name."""
    stem = len(name) - len(suffix)
    return 2 <= stem <= 6 and any(t.flag == "ns" for t in toks)


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
        mention = from_form(text, m.start(1), m.end(1), form, "title", gazetteer)
        out.append(replace(mention, aliases=(m.group(0),), confidence=0.8))
    return out


def _resolve(mention: Mention, gazetteer: Gazetteer) -> Mention:
    """A name found by its form may still be known: by its name, a short or full place form, or
    an English name the graph knows with a qualifier after it (of the State Council)."""
    names = [mention.name_zh, mention.text]
    if mention.label in PLACES:
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
    if mention.text.isascii():  # "the ... Commission" for "... Commission of the State Council"
        same = tuple(
            sorted(
                i
                for i in gazetteer.heads.get(fold_name(mention.text), ())
                if gazetteer.labels[i] is mention.label
            )
        )
        if same:
            zh, en = gazetteer.names[same[0]]
            confidence = 0.8 if len(same) == 1 else 0.5
            return replace(mention, existing=same, name_zh=zh, name_en=en, confidence=confidence)
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
            m.start(1), m.end(1), inner, Label.DISTRICT, name, english_place(name, Label.DISTRICT),
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


def _widened(text: str, mention: Mention) -> Mention:
    """An event's or a list's name with the start its suffix rule missed (extents.py)."""
    if mention.text.isascii() or mention.how not in ("name form", "model"):
        return mention
    if mention.label is Label.MATCHING_EVENT:
        start = event_start(text, mention.start, mention.end)
    elif mention.name_zh.endswith("清单"):
        start = list_start(text, mention.start)
    else:
        return mention
    if start == mention.start:
        return mention
    name = text[start : mention.end]
    return replace(mention, start=start, text=name, name_zh=name, name_en=pinyin_name(name))


def _formed(text: str, toks: list[Token], gazetteer: Gazetteer) -> list[Mention]:
    """New names by their form, the model's names and enumerated firms, widened to their start
    (extents.py), generic words left out, each resolved against the graph."""
    widened = [
        _widened(text, m)
        for m in [
            *_titles(text, gazetteer),
            *_zh_names(text, toks, gazetteer),
            *en_names(text, gazetteer),
            *model_mentions(text, gazetteer),
            *enumerated_firms(text, gazetteer),
        ]
    ]
    return [_resolve(m, gazetteer) for m in widened if not is_generic(m.name_zh)]


def _named(text: str, mention: Mention) -> bool:
    """A phrase's mention is a name unless it is an unquoted two-character field (医疗、交通等
    领域 names no scenario)."""
    return (
        mention.label is not Label.SCENARIO
        or len(mention.name_zh) > 2
        or mention.name_zh.isascii()
        or text[mention.start - 1 : mention.start] == "“"
    )


def find_mentions(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """All entity mentions in `text`, non-overlapping, in text order."""
    folded = Folded.of(text)
    toks = tokens(text, gazetteer)
    known = [from_match(m, text, gazetteer) for m in gazetteer.find(text, folded)]
    formed = _formed(text, toks, gazetteer)
    # a name the graph holds is kept; the vocabulary's generic fields (新能源) are not names
    known = [
        m
        for m in known
        if (m.existing or fold_name(m.text) not in vocab().generic_names) and plausible_place(m, text, toks)
    ]
    proposed = phrase_mentions(text, toks, [*known, *formed], gazetteer)
    phrases = [p for p in proposed if _named(text, p.mention)]
    for phrase in phrases:
        phrase.mention = _resolve(phrase.mention, gazetteer)
    sets = {id(p.mention): p.member_of for p in phrases if p.member_of is not None}
    # Longer spans first; on equal spans what a phrase says (智算算力 among 等…场景 is a
    # scenario) beats the graph's and the vocabulary's names, which beat name forms.
    rank = {"phrase": -1, "graph": 0, "vocabulary": 1, "title": 2, "name form": 3, "model": 4}
    chosen: list[Mention] = []
    taken: list[tuple[int, int]] = []
    candidates = [*known, *formed, *(p.mention for p in phrases)]
    for mention in sorted(candidates, key=lambda m: (-(m.end - m.start), rank[m.how], m.start)):
        if all(mention.end <= a or mention.start >= b for a, b in taken):
            chosen.append(mention)
            taken.append((mention.start, mention.end))
    chosen.sort(key=lambda m: m.start)
    links: dict[int, Mention] = {}  # a district written without its suffix -> its place
    for _ in range(3):
        found = subplaces(text, toks, chosen, gazetteer)
        links.update({id(child): parent for child, parent in found if parent is not None})
        chosen = sorted([*chosen, *(child for child, _ in found)], key=lambda m: m.start)
        again = recurring(text, chosen, gazetteer)
        chosen = sorted([*chosen, *again], key=lambda m: m.start)
        if not found and not again:
            break
    districts = _brackets(text, chosen, gazetteer)
    parents = {id(d): chosen[d.parent] for d in districts if d.parent is not None}
    inner = {(d.start, d.end) for d in districts}  # the bracket reading replaces a plain one
    merged = sorted(
        [*(m for m in chosen if (m.start, m.end) not in inner), *districts], key=lambda m: m.start
    )
    position = {id(m): i for i, m in enumerate(merged)}
    for d in districts:
        d.parent = position[id(parents[id(d)])]
    for m in merged:
        whole, place = sets.get(id(m)), links.get(id(m))
        m.member_of = position.get(id(whole)) if whole is not None else None
        if place is not None:
            m.parent = position.get(id(place))
    return merged + nested(text, merged, gazetteer)


def entity_key(mention: Mention) -> str:
    """Mentions with the same key are one entity within an article: the graph id, or the
    folded name (the short form for places, so 武汉 and 武汉市 are one)."""
    if len(mention.existing) == 1:
        return mention.existing[0]
    if mention.existing:
        return "ambiguous:" + "|".join(mention.existing)
    name = mention.core or mention.name_zh
    if mention.label in PLACES:
        name = min(place_variants(name, mention.label), key=len)
    return f"{mention.label.value}:{fold_name(name)}"
