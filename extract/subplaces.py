"""Districts written without their suffix (上海浦东, 浦东张江+金桥, …，徐汇打造…): a word jieba
tags as a place or proper noun, found right after its city or district, joined to one, or as a
clause subject parallel to one. Split from extract.phrases, whose words (`Words`) and
trigger words it reads."""

from __future__ import annotations

from extract.gazetteer import Gazetteer
from extract.mention import Mention, Token, nominal
from extract.phrases import Words, phrase_mention, trigger_words
from extract.vocab import NameForm
from graph.schema import PLACES, Label

_PLACE_FLAGS = frozenset({"ns", "nr", "nz", "nrt"})
_SIBLING = ("+", "＋", "、", "和", "与")
_CLAUSE_START = "，,；;。：:\n"
_DISTRICT = NameForm(Label.DISTRICT.value, {})


def _bare_place(tok: Token, following: Token | None, taken: list[tuple[int, int]]) -> bool:
    """A word that may be a place written without its suffix (浦东, 徐汇): tagged as a place or
    a proper noun, two or three characters, free, and not the start of a longer noun."""
    if tok.flag not in _PLACE_FLAGS or not 2 <= len(tok.word) <= 3:
        return False
    if any(a < tok.end and tok.start < b for a, b in taken):
        return False
    return following is None or following.word in _SIBLING or not nominal(following.word, following.flag)


def subplaces(
    text: str, toks: list[Token], mentions: list[Mention], gazetteer: Gazetteer
) -> list[tuple[Mention, Mention | None]]:
    """Districts written without 区/县 (new mentions, each with the place it is part of):
    right after their city or district (上海浦东, 浦东张江), joined to one (张江+金桥), or a
    clause subject parallel to one in the same sentence (…，徐汇打造…，嘉定推进…), whose city
    is then the last one named before it in the paragraph."""
    words = Words(toks)
    taken = [(m.start, m.end) for m in mentions]
    places = [m for m in mentions if m.label in PLACES]
    out: list[tuple[Mention, Mention | None]] = []

    def add(tok: Token, following: Token | None, parent: Mention | None) -> None:
        if _bare_place(tok, following, taken):
            out.append((phrase_mention(text, (tok.start, tok.end), _DISTRICT, 0.5, gazetteer), parent))
            taken.append((tok.start, tok.end))

    for place in places:  # 上海浦东 (one word to jieba), 浦东张江
        i = words.starting.get(place.start)
        whole = toks[i] if i is not None else None
        if whole is not None and whole.flag == "ns" and 2 <= whole.end - place.end <= 3:
            add(Token(text[place.end : whole.end], "ns", place.end, whole.end), words.after(i or 0), place)
        elif (j := words.starting.get(place.end)) is not None:
            add(toks[j], words.after(j), place)
    for mention, parent in list(out):  # 张江+金桥: a sibling has the same parent
        j = words.starting.get(mention.end + 1)
        if j is not None and text[mention.end : mention.end + 1] in _SIBLING:
            add(toks[j], words.after(j), parent)
    districts = [m for m in mentions if m.label is Label.DISTRICT] + [m for m, _ in out]
    for i, tok in enumerate(toks):  # …，徐汇打造…: a clause subject parallel to a district
        nxt = words.after(i)
        if tok.start == 0 or text[tok.start - 1] not in _CLAUSE_START or nxt is None:
            continue
        if nxt.word not in trigger_words() or tok.flag not in _PLACE_FLAGS:
            continue
        sentence_start = max(text.rfind(c, 0, tok.start) for c in "。！？\n") + 1
        if any(
            sentence_start <= d.start < tok.start
            and (d.start == sentence_start or text[d.start - 1] in _CLAUSE_START)
            for d in districts
        ):
            cities = [m for m in places if m.label is Label.CITY and m.end <= tok.start]
            city = cities[-1] if cities and "\n" not in text[cities[-1].end : tok.start] else None
            add(tok, None, city)
    return out
