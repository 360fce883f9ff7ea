"""Chinese names that a phrase, not a suffix, makes: what an enumeration before a category
word is (智慧政务、智慧交通等场景; 三岔湖、丹景台等景区; “A”“B”和“C”三个超级场景), what a
release verb releases (发布12个“揭榜挂帅”应用场景: a scenario release), a quoted name that a
verb creates or a frame takes as its means (打造“全域场景应用创新之城”, 以“引凤场景”为抓手),
quoted examples (如…“护士站—病房联动”), a facility named after a technology (5G工厂), a short
company name next to its partner (奇瑞与海行云科技合作), districts written without their
suffix (上海浦东, 浦东张江+金桥, …，徐汇打造…), and the other places an article repeats a name
one of these rules found.

The words are data (data/extraction/names.yaml: instance_heads, quote_verbs, frame_roles,
release_verbs, partner_words, tech_facilities, example_words); every rule gives a lower
confidence than a name with a suffix of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from extract.gazetteer import Gazetteer
from extract.mention import Mention, Token, from_form, nominal
from extract.text import fold_name
from extract.vocab import NameForm, vocab
from graph.schema import ACTORS, Label

_ZH_QUOTE = re.compile(r"“([^“”\n]{2,24})”")
_COUNT = re.compile(r"(?:约|超|近|超过)?(?:\d+|[一二两三四五六七八九十百千]+)(?:余|多)?[个项批大类家]|一批")
_SEPARATORS = ("以及", "、", "和", "与", "及", "")
_ENDS_QUOTE = "为，,。；;、和与及等”“\n "  # what may follow a quoted name that stands alone
_PROPER = frozenset({"nz", "nt", "nr", "nrt", "nrfg", "j", "eng"})
_NOT_INSTANCES = ACTORS
_AND = ("与", "和", "同")
_EXAMPLE_CLAUSE_END = re.compile(r"[，。；：\n](?![^“”]*”)")  # not inside a quotation
_SCENARIO = NameForm(Label.SCENARIO.value, {"domain": "industry"})


@dataclass
class Phrase:
    """A mention found by a phrase rule, and the mention of the set it belongs to, if any
    (the scenarios “A”“B”和“C” of 三个城市级超级场景)."""

    mention: Mention
    member_of: Mention | None = None


class Words:
    """jieba's words of a text, found by where they start and end."""

    def __init__(self, toks: list[Token]) -> None:
        self.toks = toks
        self.starting = {t.start: i for i, t in enumerate(toks)}
        self.ending = {t.end: i for i, t in enumerate(toks)}

    def after(self, i: int) -> Token | None:
        return self.toks[i + 1] if i + 1 < len(self.toks) else None


@cache
def trigger_words(in_names: bool = False) -> frozenset[str]:
    """Chinese trigger words: a verb ends the nominal run of a name (落地燃气AI工作质检); with
    `in_names`, also those that may sit inside one (建设, 开放)."""
    v = vocab()
    words = frozenset(w for g in v.triggers for w in g.words if not w.isascii())
    return words if in_names else words - set(v.name_verbs)


def _in_name(tok: Token) -> bool:
    return nominal(tok.word, tok.flag) and tok.word not in trigger_words()


def _run_start(words: Words, j: int) -> int:
    """The first word of the nominal run that ends with word j."""
    toks, i = words.toks, j
    while i > 0 and _in_name(toks[i - 1]):
        i -= 1
    while i < j and toks[i].word in vocab().never_start:
        i += 1
    return i


def _verb_head(words: Words, j: int) -> bool:
    """智慧停车: a member of an enumeration may end in a verb after a noun."""
    toks = words.toks
    return toks[j].flag == "v" and j > 0 and _in_name(toks[j - 1]) and toks[j].word not in trigger_words()


def _run_end(words: Words, i: int) -> int:
    """One past the last word of the nominal run that starts with word i."""
    j = i
    while j < len(words.toks) and _in_name(words.toks[j]):
        j += 1
    return j


def _own_form(name: str) -> bool:
    """Whether a name ends in a suffix that is not merely a category word (场景)."""
    forms = vocab().zh_suffixes
    return any(name.endswith(s) and f.attrs.get("category") != "yes" for s, f in forms.items())


def phrase_mention(
    text: str, span: tuple[int, int], form: NameForm, confidence: float, gazetteer: Gazetteer
) -> Mention:
    return replace(from_form(text, span[0], span[1], form, "phrase", gazetteer), confidence=confidence)


def _head(text: str, words: Words, offset: int) -> tuple[NameForm, str] | None:
    """The category word after an enumeration (等39个场景项目, 三个城市级超级场景, 等景区): the
    form its members take and the word."""
    count = _COUNT.match(text, offset)
    i = words.starting.get(count.end() if count else offset)
    if i is None:
        return None
    end = _run_end(words, i)
    if end == i:
        return None
    phrase = text[words.toks[i].start : words.toks[end - 1].end]
    heads = vocab().instance_heads
    word = next((h for h in sorted(heads, key=len, reverse=True) if h in phrase), None)
    return (heads[word], word) if word else None


def _items(text: str, words: Words, end: int) -> list[tuple[int, int]]:
    """The members of an enumeration that ends at `end`, right to left: quoted names
    (“A”“B”和“C”) or nominal runs (智慧政务、智慧交通)."""
    out: list[tuple[int, int]] = []
    while True:
        if text[end - 1 : end] == "”":
            opening = text.rfind("“", 0, end - 1)
            if opening < 0 or end - opening > 26:
                break
            out.append((opening + 1, end - 1))
            before = opening
        else:
            j = words.ending.get(end)
            if j is None or not (_in_name(words.toks[j]) or _verb_head(words, j)):
                break
            i = _run_start(words, j)
            if end - words.toks[i].start < 2:
                break
            out.append((words.toks[i].start, end))
            before = words.toks[i].start
        separator = next((s for s in _SEPARATORS if text.endswith(s, 0, before)), "")
        if separator == "" and text[before - 1 : before] != "”":
            break
        end = before - len(separator)
    return out[::-1]


def _enumerations(
    text: str, words: Words, known: dict[tuple[int, int], Mention], gazetteer: Gazetteer
) -> list[Phrase]:
    """Members of enumerations that end in 等 or a count before a category word, of the label
    the category gives; a technology among scenarios is a scenario named after it (智算算力 in
    智算算力、高速网络服务等新型基础设施场景 is 智算算力场景)."""
    out: list[Phrase] = []
    for tok in words.toks:
        counted = tok.word == "”" and bool(_COUNT.match(text, tok.end))
        head = _head(text, words, tok.end) if tok.word == "等" or counted else None
        if head is None:
            continue
        form, word = head
        for span in _items(text, words, tok.start if tok.word == "等" else tok.end):
            same = known.get(span)
            if same is not None and same.label in _NOT_INSTANCES:
                continue  # a city, an agency: not an instance of the category
            name = text[span[0] : span[1]]
            mention = replace(phrase_mention(text, span, form, 0.55, gazetteer), core=name)
            if same is not None and Label(form.label) is Label.SCENARIO:
                mention = replace(mention, name_zh=name + word, aliases=(name,), core=name + word)
            out.append(Phrase(mention))
    return out


def _released(text: str, offset: int) -> tuple[int, int, list[tuple[int, int]]]:
    """After a release verb: where the released phrase starts, where a chain of quoted names
    right after the verb ends, and their spans (发布“A”“B”和“C”三个…场景)."""
    count = _COUNT.match(text, offset)
    offset = count.end() if count else offset
    chain_end, members = offset, []
    for q in _ZH_QUOTE.finditer(text, offset, offset + 120):
        if text[chain_end : q.start()] not in _SEPARATORS:
            break
        members.append((q.start(1), q.end(1)))
        chain_end = q.end()
    after_chain = _COUNT.match(text, chain_end)
    if len(members) > 1 or (members and after_chain):  # the quoted names are the members
        return (after_chain.end() if after_chain else chain_end), chain_end, members
    return offset, chain_end, []


def _releases(text: str, words: Words, gazetteer: Gazetteer) -> list[Phrase]:
    """发布/开放 [N个] [“X”] …场景: a scenario release, named after what it releases and the verb
    (“城市+AI”应用场景开放), with the scenarios it names (“A”“B”和“C”三个城市级超级场景)."""
    out: list[Phrase] = []
    form = NameForm(Label.INITIATIVE.value, {"kind": "scenario_release"})
    for verb in vocab().release_verbs:
        for m in re.finditer(re.escape(verb), text):
            start, chain_end, members = _released(text, m.end())
            i = words.starting.get(chain_end if text[start : start + 1] == "“" else start)
            stop = _run_end(words, i) if i is not None else None
            if i is None or stop is None or stop == i or words.toks[stop - 1].word != "场景":
                continue
            phrase = text[start : words.toks[stop - 1].end]
            if len(fold_name(phrase)) <= 4:
                continue  # 发布应用场景: no name
            quoted = _ZH_QUOTE.match(text, start)
            aliases = (phrase, quoted.group(1)) if quoted and not members else (phrase,)
            span = (start, words.toks[stop - 1].end)
            release = replace(
                phrase_mention(text, span, form, 0.55, gazetteer), name_zh=phrase + verb, aliases=aliases
            )
            out.append(Phrase(release))
            for member in members:
                scenario = replace(
                    phrase_mention(text, member, _SCENARIO, 0.55, gazetteer), core=text[member[0] : member[1]]
                )
                out.append(Phrase(scenario, release))
    return out


def _quoted(text: str, gazetteer: Gazetteer) -> list[Phrase]:
    """A quoted name a verb creates (打造“全域场景应用创新之城”, 打造…的“X”: the verb earlier in
    the clause, the quotation ending it) or the frame 以“X”为抓手 takes as its means, and the
    quotations chained to an accepted one (打造“X”“Y”, “X”和“Y”): an initiative, unless its own
    suffix says more (left to the name forms; 模式/体系 only name one in quotes, so here)."""
    v = vocab()
    out: list[Phrase] = []
    form = NameForm(Label.INITIATIVE.value, {"kind": "programme"})
    chained_to = -1  # end of the last accepted quotation
    for m in _ZH_QUOTE.finditer(text):
        name = m.group(1)
        before = text[max(0, m.start() - 4) : m.start()]
        after = text[m.end() : m.end() + 1]
        role = text[m.end() + 1 : m.end() + 6]
        framed = before.endswith("以") and after == "为" and any(r in role for r in v.frame_roles)
        made = any(before.endswith(verb) for verb in v.quote_verbs) or _clause_object(text, m)
        chained = chained_to >= 0 and text[chained_to : m.start()] in _SEPARATORS
        if not (framed or made or chained) or (after and after not in _ENDS_QUOTE):
            continue
        if (_own_form(name) and not _quoted_form(name)) or re.search(r"[，。；、]", name):
            continue
        out.append(Phrase(replace(phrase_mention(text, m.span(1), form, 0.5, gazetteer), core=name)))
        chained_to = m.end()
    return out


def _clause_object(text: str, m: re.Match[str]) -> bool:
    """打造…的“X”。: a quote verb earlier in the clause, 的 before the quotation, and the
    quotation ending the clause."""
    clause = re.split(r"[，,。；;！？\n]", text[: m.start()])[-1]
    ends = text[m.end() : m.end() + 1]
    return (
        clause.endswith("的")
        and (not ends or ends in "，,。；;\n“")
        and any(verb in clause for verb in vocab().quote_verbs)
    )


def _quoted_form(name: str) -> bool:
    """Whether a quoted name ends in a suffix that names only in quotes (…协同推进体系)."""
    forms = vocab().zh_suffixes
    return any(name.endswith(s) and f.attrs.get("quoted") == "yes" for s, f in forms.items())


def _partners(text: str, words: Words, known: list[Mention], gazetteer: Gazetteer) -> list[Phrase]:
    """奇瑞与海行云科技合作: a proper noun joined to an enterprise by 与/和/同 before a word of
    working together is an enterprise too."""
    v = vocab()
    out: list[Phrase] = []
    form = NameForm(Label.ENTERPRISE.value, {})
    taken = {(m.start, m.end) for m in known}
    for firm in (m for m in known if m.label is Label.ENTERPRISE):
        before = words.ending.get(firm.start - 1) if text[firm.start - 1 : firm.start] in _AND else None
        after = words.starting.get(firm.end + 1) if text[firm.end : firm.end + 1] in _AND else None
        for i in (before, after):
            if i is None:
                continue
            tok = words.toks[i]
            tail = text[max(tok.end, firm.end) :][:4]
            if tok.flag not in _PROPER or not 2 <= len(tok.word) <= 6 or (tok.start, tok.end) in taken:
                continue
            if any(tail.startswith(w) for w in v.partner_words):
                out.append(Phrase(phrase_mention(text, (tok.start, tok.end), form, 0.5, gazetteer)))
    return out


def _facilities(text: str, known: list[Mention], gazetteer: Gazetteer) -> list[Phrase]:
    """5G工厂, "5G factories": a facility named after a technology is a scenario."""
    out: list[Phrase] = []
    facilities = sorted(vocab().tech_facilities, key=len, reverse=True)
    for tech in (m for m in known if m.label is Label.TECHNOLOGY):
        for word in facilities:
            written = (" " if word.isascii() else "") + word
            end = tech.end + len(written)
            if text.startswith(written, tech.end) and not text[end : end + 1].isalpha():
                out.append(Phrase(phrase_mention(text, (tech.start, end), _SCENARIO, 0.5, gazetteer)))
                break
    return out


def _examples(text: str, words: Words, gazetteer: Gazetteer) -> list[Phrase]:
    """如智慧医疗的“护士站—病房联动”、智慧家居的“多设备空间协同”: quoted names given as examples
    (after the word 如/例如, not 如何, in the same clause) are scenarios, unless a suffix of their
    own says more."""
    out: list[Phrase] = []
    for tok in words.toks:
        if tok.word not in vocab().example_words:
            continue
        clause_end = _EXAMPLE_CLAUSE_END.search(text, tok.end)
        quoted = list(_ZH_QUOTE.finditer(text, tok.end, clause_end.start() if clause_end else len(text)))
        if not quoted or quoted[0].start() - tok.end > 12:
            continue  # the examples follow the word
        for q in quoted:
            if not _own_form(q.group(1)):
                scenario = phrase_mention(text, q.span(1), _SCENARIO, 0.45, gazetteer)
                out.append(Phrase(replace(scenario, core=q.group(1))))
    return out


def phrase_mentions(text: str, toks: list[Token], known: list[Mention], gazetteer: Gazetteer) -> list[Phrase]:
    """Every phrase-made mention of `text`; `known` are the names found so far."""
    words = Words(toks)
    return [
        *_releases(text, words, gazetteer),
        *_enumerations(text, words, {(m.start, m.end): m for m in known}, gazetteer),
        *_quoted(text, gazetteer),
        *_partners(text, words, known, gazetteer),
        *_facilities(text, known, gazetteer),
        *_examples(text, words, gazetteer),
    ]


def recurring(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Other occurrences of names that a phrase rule found somewhere in the article (浦东 after
    上海 once, then 浦东 alone): the article's own names count everywhere in it."""
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    seen: set[str] = set()
    for mention in mentions:
        name = mention.text
        if mention.how != "phrase" or len(name) < 2 or name.isascii() or name in seen:
            continue
        seen.add(name)
        if gazetteer.lookup(name) is not None:
            continue  # a known name read as something else here (智算算力 among 等…场景)
        for m in re.finditer(re.escape(name), text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append(replace(mention, start=m.start(), end=m.end(), parent=None, member_of=None))
                taken.append(m.span())
    return out
