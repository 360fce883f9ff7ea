"""Read an article file: detect its encoding, strip HTML, and find title, publisher and date.

Encodings are tried in order: a byte-order mark, strict UTF-8, strict GB18030 (a superset of
GBK and GB2312, so GBK files decode exactly), then charset-normalizer's best guess.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from charset_normalizer import from_bytes

from extract.header import read_header
from graph.errors import InputError, Location
from model.textfile import read_bytes

# A long news article is some tens of kilobytes; a page a hundred times that is not an article.
MAX_ARTICLE_BYTES = 2 * 1024 * 1024
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<article|<p>|<div)", re.I)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "blockquote", "ul", "ol", "table", "title",
}  # fmt: skip
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg"}
_META_TITLE = ("og:title", "twitter:title", "headline", "dc.title")
_META_PUBLISHER = (
    "og:site_name", "article:publisher", "publisher", "dc.publisher", "citation_publisher", "source",
    "author", "article:author",
)  # fmt: skip
_META_DATE = (
    "article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
    "dc.date.issued", "dc.date", "date", "og:published_time",
)  # fmt: skip
# "Title - Site", "Title_Site", "Title | Site": a page's <title> ends with the site's name.
_SITE_SUFFIX = re.compile(r"\s*(?:[-_|｜–—]|\s-\s)\s*[^-_|｜–—]{1,30}$")
_DATE = re.compile(r"(?P<y>\d{4})(?:[-/.年](?P<m>\d{1,2})(?:[-/.月](?P<d>\d{1,2})日?)?)?")


@dataclass(frozen=True)
class Article:
    """The text of an article and what it says about itself."""

    text: str
    encoding: str
    is_html: bool
    title: str | None
    publisher: str | None
    published: str | None
    language: str


def decode(raw: bytes, where: str) -> tuple[str, str]:
    """The text and the encoding it was read with; InputError if nothing fits."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding), encoding
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    best = from_bytes(raw).best()
    if best is None:
        raise InputError(
            Location(where), "cannot tell the text encoding (tried UTF-8, GB18030 and detection)"
        )
    return str(best), best.encoding


class _HtmlText(HTMLParser):
    """Collects the visible text of a page, one line per block, plus title and meta fields."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self._skip = 0
        # The open elements, innermost last, and how many of each are open: an end tag is
        # matched in constant time, and each element is popped once, so the whole page is
        # read in linear time however deep it nests or however many stray end tags it has.
        self._in: list[str] = []
        self._open: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip += 1
        if tag == "meta":
            fields = {k.lower(): v or "" for k, v in attrs}
            key = (fields.get("property") or fields.get("name") or fields.get("itemprop") or "").lower()
            if key and fields.get("content"):
                self.meta.setdefault(key, fields["content"].strip())
        if tag == "time":
            stamp = dict(attrs).get("datetime")
            if stamp:
                self.meta.setdefault("time", stamp)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        self._in.append(tag)
        self._open[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if self._open[tag]:  # close it and every element left open inside it
            while (inner := self._in.pop()) != tag:
                self._open[inner] -= 1
            self._open[tag] -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        current = self._in[-1] if self._in else ""
        if current == "title":
            self.title += data
            return
        if current == "h1":
            self.h1 += data
        self.parts.append(data)


def html_text(markup: str) -> tuple[str, dict[str, str], str]:
    """Visible text (blank lines between blocks), meta fields, and the page's title: its first
    <h1>, else its <title> without the site name after it."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    title = parser.title.strip()
    short = _SITE_SUFFIX.sub("", title)
    return text, parser.meta, parser.h1.strip() or (short if len(short) >= 4 else title)


def _partial_date(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    year, month, day = match.group("y"), match.group("m"), match.group("d")
    parts = [year] + [f"{int(p):02d}" for p in (month, day) if p]
    return "-".join(parts)


def _language(text: str) -> str:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if cjk and latin > 2 * cjk:
        return "mixed"
    return "zh" if cjk >= latin else "en"


def read_article(path: Path) -> Article:
    """Read and decode `path`, HTML or plain text, Chinese or English; at most
    MAX_ARTICLE_BYTES, since extraction reads tens of kilobytes a second."""
    raw = read_bytes(path, MAX_ARTICLE_BYTES)
    return parse_article(raw, str(path), path.suffix.lower() in {".html", ".htm", ".xhtml"})


def parse_article(raw: bytes, where: str, html_suffix: bool = False) -> Article:
    """An Article from raw bytes; HTML when the name or the first bytes say so."""
    text, encoding = decode(raw, where)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    is_html = html_suffix or bool(_HTML_START.match(raw[:512]))
    head = read_header(text)
    title, publisher, published = head.title, head.publisher, head.published
    if is_html:
        text, meta, page_title = html_text(text)
        title = next((meta[k] for k in _META_TITLE if meta.get(k)), None) or page_title or None
        publisher = next(
            (meta[k] for k in _META_PUBLISHER if meta.get(k) and not meta[k].startswith("http")), None
        )
        stamp = next((meta[k] for k in (*_META_DATE, "time") if meta.get(k)), None)
        published = _partial_date(stamp) if stamp else None
        own = read_header(text)
        title, publisher, published = (
            title or own.title,
            publisher or own.publisher,
            published or own.published,
        )
    return Article(text, encoding, is_html, title, publisher, published, _language(text))
