"""Sentences with their character spans, paragraphs, and the folded text names are matched in.

Offsets are code-point offsets into the article text as decoded (for HTML, the visible text),
0-based and end-exclusive; every candidate's span and citation locator uses them.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

# Characters dropped before names are compared: spaces, quotes, title marks, hyphens.
_DROPPED = set(' \t\n\r\u3000“”"「」『』《》〈〉‘’-–—·・')
_TERMINAL = "。！？!?；;"
# An English sentence ends at '. ' (after a word, a number, a bracket or a closing quote) before
# a capital, or at a summary bullet ' - ' / a [n] marker.
_EN_BREAK = re.compile(r"(?<=[a-z0-9\])\"”'])\.\s+(?=[A-Z\"“])|\s+-\s+(?=[A-Z])|(?<=\])\s+(?=[A-Z-])")
_MARKER = re.compile(r"\[(\d+)\]")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int
    text: str


def fold_char(ch: str) -> str:
    """The comparable form of one character: NFKC, case-folded, '' when it is dropped."""
    if ch in _DROPPED:
        return ""
    return unicodedata.normalize("NFKC", ch).casefold()


def fold_name(text: str) -> str:
    """A name as it is compared: `fold_char` over every character.

    >>> fold_name("“场景森林”计划")
    '场景森林计划'
    >>> fold_name("Supply-demand  Matching")
    'supplydemandmatching'
    """
    return "".join(fold_char(ch) for ch in text)


@dataclass(frozen=True)
class Folded:
    """The folded text and, for each of its characters, the offset it came from."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, text: str) -> Folded:
        chars: list[str] = []
        origin: list[int] = []
        for offset, ch in enumerate(text):
            for out in fold_char(ch):
                chars.append(out)
                origin.append(offset)
        return cls("".join(chars), origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of folded [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def _line_breaks(text: str) -> list[int]:
    """Offsets of newlines that end a sentence: a line broken mid-sentence (it ends in a Chinese
    character, is long, and the next line goes on in Chinese) is joined instead."""
    breaks = []
    for match in re.finditer(r"\n+", text):
        before = text[: match.start()].rstrip()
        after = text[match.end() :].lstrip()
        line = before[before.rfind("\n") + 1 :]
        joined = (
            len(line) > 20
            and bool(before)
            and "\u4e00" <= before[-1] <= "\u9fff"
            and bool(after)
            and "\u4e00" <= after[0] <= "\u9fff"
        )
        if not joined:
            breaks.append(match.start())
    return breaks


def sentences(text: str) -> list[Sentence]:
    """Split into sentences at terminal punctuation, paragraph breaks and English sentence ends."""
    cuts = {0, len(text)}
    paragraph_starts = {0}
    for offset in _line_breaks(text):
        cuts.add(offset)
        nxt = offset
        while nxt < len(text) and text[nxt] in "\n \t\u3000":
            nxt += 1
        paragraph_starts.add(nxt)
    for offset, ch in enumerate(text):
        if ch in _TERMINAL:
            cuts.add(offset + 1)
    for match in _EN_BREAK.finditer(text):
        cuts.add(match.start() + 1 if text[match.start()] == "." else match.start())
    out: list[Sentence] = []
    paragraph = -1
    bounds = sorted(cuts)
    for start, end in itertools.pairwise(bounds):
        while start < end and text[start] in " \t\n\u3000-":
            start += 1
        stop = end
        while stop > start and text[stop - 1] in " \t\n\u3000":
            stop -= 1
        if any(p <= start for p in paragraph_starts if p > (out[-1].end if out else -1)):
            paragraph += 1
        if stop > start:
            out.append(Sentence(len(out), start, stop, max(paragraph, 0), text[start:stop]))
    return out


_QUOTE = re.compile(r"“([^“”\n]{1,60})”|\"([^\"\n]{1,60})\"|「([^「」\n]{1,60})」")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of the content of every quotation (“…”, "…", 「…」): a name or a slogan,
    whose words are not the sentence's own (the 应用 in “技术突破—场景验证—产业应用”).

    >>> quote_spans('上海以“引凤场景”为抓手')
    [(4, 8)]
    """
    return [(m.start() + 1, m.end() - 1) for m in _QUOTE.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The span of `spans` that holds [start, end), if any."""
    return next(((a, b) for a, b in spans if a <= start and end <= b), None)


def marker_of(sentence_text: str) -> str | None:
    """The article's own paragraph marker in a sentence ('[2]'), for summaries that have them."""
    found = _MARKER.search(sentence_text)
    return found.group(0) if found else None
