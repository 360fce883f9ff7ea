"""The text the extractor analyses, and the way back to the text as written.

Rules, the gazetteer and the recogniser are written for simplified script and ASCII digits.
An article in traditional script (長沙, 聯盟), with full-width digits (２０２５), 「」 quotes, or
the pinyin some converting sites leave after characters (發(fā)展), is analysed in a normalised
copy: traditional characters converted to simplified (OpenCC t2s), full-width letters and digits
made ASCII, 「」『』 made “”, and bracketed pinyin dropped. Every offset into the copy maps
back to the written text (`Analysed.span`), so spans and citations stay exact.

>>> view = analysis_view("蘇州工業(yè)園區(qū)發佈２份清單")
>>> view.text
'苏州工业园区发布2份清单'
>>> view.written(*view.find("工业园区"))
'工業(yè)園區'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

# Pinyin a converting page left after a character: 會(huì), 區（qū）. Lower-case letters only;
# with a tone mark, or (no tone) between two Chinese characters, where no gloss stands.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(（](?P<syl>[a-z{_TONED}ü]{{1,7}})[)）]")
_QUOTES = str.maketrans({"「": "“", "」": "”", "『": "“", "』": "”"})
# A text is converted when this share of its Chinese characters is traditional-only: a
# simplified text has at most a stray one (a quoted old name), a traditional text has many.
_TRADITIONAL_SHARE = 0.02


@cache
def _converter() -> Any:
    import opencc  # the conversion tables load on first use, not when the CLI starts

    return opencc.OpenCC("t2s")


@dataclass(frozen=True)
class Analysed:
    """The analysed copy of a text and, for each of its characters, where it was written."""

    text: str
    original: str
    origin: tuple[int, ...]
    converted: bool

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The written [start, end) of the analysed [start, end)."""
        if end <= start:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def written(self, start: int, end: int) -> str:
        """The written form of the analysed [start, end)."""
        a, b = self.span(start, end)
        return self.original[a:b]

    def find(self, part: str) -> tuple[int, int]:
        """The analysed span of the first occurrence of `part` (for examples and tests)."""
        at = self.text.index(part)
        return at, at + len(part)


def _pinyin_artifact(text: str, match: re.Match[str]) -> bool:
    syllable = match.group("syl")
    if any(ch in _TONED for ch in syllable):
        return True
    after = text[match.end() : match.end() + 1]
    return bool(after) and "\u4e00" <= after <= "\u9fff"


def _is_traditional(text: str) -> bool:
    cjk = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return False
    sample = "".join(cjk[:4000])
    changed = sum(1 for a, b in zip(sample, _converter().convert(sample), strict=False) if a != b)
    return changed >= max(3, _TRADITIONAL_SHARE * len(sample))


def _simplified(text: str) -> str:
    """t2s of `text`, character for character (a phrase conversion that changes the length is
    redone one character at a time, so offsets still line up)."""
    convert = _converter().convert
    out: list[str] = []
    for line in text.split("\n"):
        whole = convert(line)
        if len(whole) != len(line):
            whole = "".join(c if len(c := convert(ch)) == 1 else ch for ch in line)
        out.append(whole)
    return "\n".join(out)


def _width(ch: str) -> str:
    """A full-width letter or digit as ASCII; every other character as it is (full-width
    punctuation carries meaning for the rules: ，、 enumerate, （） bracket)."""
    if "\uff10" <= ch <= "\uff5a":
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1 and folded.isalnum():
            return folded
    return ch


def analysis_view(text: str) -> Analysed:
    """The normalised copy of `text` the extractor reads, with its offset map."""
    chars: list[str] = []
    origin: list[int] = []
    position = 0
    for match in _PINYIN.finditer(text):
        if not _pinyin_artifact(text, match):
            continue
        chars.extend(text[position : match.start()])
        origin.extend(range(position, match.start()))
        position = match.end()
    chars.extend(text[position:])
    origin.extend(range(position, len(text)))
    kept = "".join(chars)
    converted = _is_traditional(kept)
    if converted:
        kept = _simplified(kept)
    analysed = "".join(_width(ch) for ch in kept).translate(_QUOTES)
    return Analysed(analysed, text, tuple(origin), converted)
