"""English names: capitalised runs ending in (or led by) a head word (… District, Ministry of
…, … People's Government, … Ltd.), with a person's title before "of the" left out (Deputy
Secretary of the X Committee is X Committee); quoted names before, after or ending in a head
("Scene Forest" plan), "X+" programmes, quoted objects of a verb that creates, examples of a
category, Title-Case names, and lower-case descriptions (an action plan for …).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from extract.gazetteer import Gazetteer
from extract.mention import Mention, from_form
from extract.vocab import NameForm, vocab
from graph.schema import Label

# A capitalised word: Xi'an, 3SBio, Ltd.; a possessive only in the names of bodies (People's
# Government, Women's Federation), not a place's (Shenzhen's, Ningbo's Beilun District).
_EN_CAP = (
    r"(?:People['’]s|Women['’]s|Children['’]s|Workers['’]|"
    r"(?:[A-Z]|\d+[A-Z])[A-Za-z0-9\-]*(?:['’](?!s\b)[A-Za-z]+)*)"
    r"(?:(?<=Ltd)\.|(?<=Inc)\.|(?<=Co)\.|(?<=Corp)\.)?"
)
_EN_NAME = re.compile(rf"{_EN_CAP}(?:\s+(?:(?:of|and|for|on|the|as|in|at)\s+)*{_EN_CAP})*")
_EN_LEADING = ("The ", "A ", "An ")
_EN_AND_THE = re.compile(r"\s+and\s+the\s+")
# Members of an enumeration of cities: cities including Xa, Xb and Xc.
_EN_CITIES = re.compile(
    r"\bcities,?\s+(?:including|such as|like|namely)\s+"
    r"(?P<list>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:(?:,\s*|,?\s+and\s+)[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)*)"
)
_CITY = NameForm(Label.CITY.value, {})
_EN_QUOTE = re.compile(r"[\"“]([^\"“”\n]{2,60})[\"”]")
# "a fusion system of" right before a quotation: the head word it names
_EN_DESCRIBED_BY = re.compile(r"(?:\b[a-z][a-z\-]+\s+)?\b(?P<head>[a-z]+)\s+of\s*$")
# quoted names given as examples: areas like "X" and "Y" (earlier quoted members removed first)
_EN_PRECEDING_QUOTES = re.compile(r"(?:[\"“][^\"“”\n]{1,60}[\"”]\s*(?:,|and|or)?\s*)+$")
_EN_EXAMPLE = re.compile(r"\b([a-z]+)\s+(?:like|such as|including)\s*$", re.IGNORECASE)
_EN_CREATED = re.compile(
    r"\b(?:creat|build|built|establish|launch|set(?:ting)? up|develop|form)\w*\s+(?:an?|the)?\s*$",
    re.IGNORECASE,
)


def _en_parts(m: re.Match[str]) -> Iterator[tuple[int, str]]:
    """The names in a capitalised run: "the X Commission and the Y Department" is two, and so
    is "X Committee and Secretary of the Y Committee"; a person's title before "of (the)" is
    left out (Deputy Secretary of the X Committee names X Committee)."""
    titles = "|".join(re.escape(t) for t in vocab().en_person_titles)
    separators = re.compile(rf"\s+and\s+the\s+|\s+and\s+(?=(?:{titles})\s+of\s)")
    lead = re.compile(rf"^(?:(?:{titles})\s+of\s+(?:the\s+)?)+")
    name, position = m.group(0), 0
    parts = []
    for separator in separators.finditer(name):
        parts.append((position, name[position : separator.start()]))
        position = separator.end()
    parts.append((position, name[position:]))
    for offset, part in [piece for whole in parts for piece in _headed_pairs(*whole)]:
        title = lead.match(part)
        cut = title.end() if title else 0
        yield m.start() + offset + cut, part[cut:]


def _headed_pairs(offset: int, part: str) -> list[tuple[int, str]]:
    """ "X Ltd. and Y Inc." is two names: a run split at "and" where both sides have a head."""
    for m in re.finditer(r"\s+and\s+", part):
        left, right = part[: m.start()], part[m.end() :]
        if _en_head(left) and _en_head(right) and " " in left.strip():
            return [(offset, left), *_headed_pairs(offset + m.end(), right)]
    return [(offset, part)]


def _en_head(name: str) -> str | None:
    """The head word that types a capitalised name: its last word, or a head followed by of/for
    (Ministry of …, … Event for the Development of …)."""
    heads = vocab().en_heads
    bare = name.rstrip(".")
    head = next((h for h in heads if bare.endswith(" " + h)), None)
    if head is None:
        words = name.split()
        head = next((w for w, nxt in itertools.pairwise(words) if w in heads and nxt in ("of", "for")), None)
    return head


def _en_cities(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Cities named in an enumeration after the word cities (cities including X, Y and Z)."""
    out = []
    for m in _EN_CITIES.finditer(text):
        for member in re.finditer(r"[A-Z][a-z]+(?:\s[A-Z][a-z]+)?", m.group("list")):
            start = m.start("list") + member.start()
            mention = from_form(text, start, start + len(member.group(0)), _CITY, "name form", gazetteer)
            out.append(replace(mention, confidence=0.6))
    return out


def en_names(text: str, gazetteer: Gazetteer) -> list[Mention]:
    v = vocab()
    out = []
    for start, name in (part for m in _EN_NAME.finditer(text) for part in _en_parts(m)):
        for lead in _EN_LEADING:
            if name.startswith(lead):
                start, name = start + len(lead), name[len(lead) :]
        name = re.sub(r"\s+(?:of|and|for|on|the|as|in|at)$", "", name)
        if len(name.split()) < 2:
            continue
        head = _en_head(name)
        if head is None:
            continue
        out.append(from_form(text, start, start + len(name), v.en_heads[head], "name form", gazetteer))
    for m in _described().finditer(text):
        head = m.group("head").lower()
        form = v.en_described_heads[head]
        mention = from_form(text, m.start("name"), m.end("name"), form, "name form", gazetteer)
        out.append(replace(mention, confidence=0.5))
    return out + _en_quoted(text, gazetteer) + _en_cities(text, gazetteer)


def _en_quoted(text: str, gazetteer: Gazetteer) -> list[Mention]:
    """English quoted names of initiatives: before a head word ("Scene Forest" plan), ending
    in one ("chain leader system"), after one (a fusion system of "industrial services +
    technology innovation"), an "X+" programme ("Robotics+"), the object of a verb that
    creates (creating a "fast track"), an example (areas like "one network for services": a
    scenario) or a Title-Case name ("Digital Chongqing")."""
    v = vocab()
    out = []
    programme = NameForm(Label.INITIATIVE.value, {"kind": "programme"})
    for m in _EN_QUOTE.finditer(text):
        quoted = m.group(1).strip()
        words = quoted.split()
        if not quoted.isascii() or not words:
            continue
        after = re.match(r"\s*([A-Za-z]+)", text[m.end() : m.end() + 30])
        before = text[max(0, m.start() - 60) : m.start()]
        described = _EN_DESCRIBED_BY.search(before)
        start, end, name, confidence = m.start(1), m.end(1), quoted, 0.6
        form = v.en_quoted_heads.get(words[-1].lower())
        if after and after.group(1).lower() in v.en_quoted_heads:  # "Scene Forest" plan
            form = v.en_quoted_heads[after.group(1).lower()]
            start, end, name, confidence = m.start(), m.end() + after.end(), f"{quoted} {after.group(1)}", 0.7
        elif described and described.group("head").lower() in v.en_quoted_heads:  # system of "X"
            form = v.en_quoted_heads[described.group("head").lower()]
            start = m.start() - len(before) + described.start()
            name = f"{quoted} {described.group(0).split(' of')[0].strip()}"
        elif form is None and quoted.endswith(("+", "＋")):  # "Robotics+"
            form = programme
        elif form is None and re.search(_EN_CREATED, before):  # creating a "fast track"
            form, confidence = programme, 0.5
        elif form is None and (kind := _EN_EXAMPLE.search(_EN_PRECEDING_QUOTES.sub("", before))):
            form, confidence = v.en_example_heads.get(kind.group(1).lower()), 0.45  # areas like "X"
        elif form is None and len(words) >= 2 and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
            form, confidence = programme, 0.5  # "Digital Chongqing"
        if form is None:
            continue
        mention = from_form(text, start, end, form, "name form", gazetteer)
        aliases = (quoted,) if name != quoted else ()
        out.append(
            replace(mention, name_zh=name, name_en=name, aliases=aliases, confidence=confidence, core=quoted)
        )
    return out


@cache
def _described() -> re.Pattern[str]:
    """Lower-case English descriptions of initiatives and events (an action plan for X); whole
    words only, and no trigger verb among them (has published typical cases)."""
    v = vocab()
    heads = "|".join(re.escape(h) for h in sorted(v.en_described_heads, key=len, reverse=True))
    verbs = "|".join(re.escape(w) for g in v.triggers for w in g.words if w.isascii() and " " not in w)
    word = (
        rf"\b(?!(?:a|an|the|has|have|been|is|are|was|were|will|to|and|of|in|with|by|{verbs})\b)[a-z][a-z\-]+"
    )
    return re.compile(
        rf"(?P<name>(?:{word}\s+){{0,5}}(?P<head>{heads})(?:\s+(?:for|of)\s+(?:{word}\s+){{0,3}}{word})?)\b",
        re.IGNORECASE,
    )
