"""The analyst's workbench served at `/`: the page's own assets (static/, written by us, read
from the installed package at run time) and the review queue's file handling.

A candidate file travels to the browser as JSON (the YAML parsed here: the page has no YAML
reader and needs none) and comes back as the reviewed document, which is written as YAML to a
file of the same name in a fresh folder and merged with `ingest.pipeline.ingest`, the very
function behind `scenekg ingest`: same checks, same all-or-nothing write, same summary.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from extract.reading import parse_article, read_article
from graph.errors import InputError, Location
from graph.store import GraphStore
from ingest.candidates import CANDIDATES_KEY, SUFFIX
from ingest.pipeline import ingest
from ingest.writer import LoadSummary
from viz.render import VIS_ASSETS

STATIC = Path(__file__).resolve().parent / "static"
INDEX = Path(__file__).resolve().parent / "index.html"
MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
# vis-network for the embedded neighbourhood view: the build the views inline, read from the
# installed pyvis package, so the page loads it from this origin and from nowhere else.
VENDOR = {name: VIS_ASSETS / name for name in ("vis-network.min.js", "vis-network.css")}
MAX_ARTICLE_CHARS = 2_000_000
HEADER = (
    "# scenekg extraction candidates, reviewed in the workbench: what the reviewer kept.\n"
    "# Merge again with: scenekg ingest THIS_FILE\n"
)


def static_file(name: str) -> Path | None:
    """The asset called `name` (in static/, or vis-network's), or None: only plain names of .js
    and .css files."""
    if name in VENDOR:
        return VENDOR[name]
    if "/" in name or "\\" in name or name.startswith(".") or Path(name).suffix not in MEDIA_TYPES:
        return None
    path = STATIC / name
    return path if path.is_file() else None


def _plain(value: Any) -> Any:
    """YAML's dates and times as ISO strings, so the document is JSON."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def parse_candidates(name: str, text: str) -> dict[str, Any]:
    """A candidate file's text as a JSON-ready mapping; InputError names the file if it is not one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(Location(name, mark.line + 1 if mark else None), "not readable YAML") from exc
    if not isinstance(data, dict) or CANDIDATES_KEY not in data:
        raise InputError(Location(name, 1), f"not a candidate file: expected '{CANDIDATES_KEY}:' at the top")
    plain: dict[str, Any] = _plain(data)
    return plain


def dump_candidates(document: dict[str, Any]) -> str:
    """The reviewed document as the YAML `scenekg ingest` reads, `candidates_of:` first."""
    ordered = {CANDIDATES_KEY: document.get(CANDIDATES_KEY)}
    ordered.update((k, v) for k, v in document.items() if k != CANDIDATES_KEY)
    body = yaml.safe_dump(json.loads(json.dumps(ordered)), allow_unicode=True, sort_keys=False, width=100)
    return HEADER + body


def reviewed_name(name: str) -> str:
    """The file name a reviewed copy of `name` is written under: `x.candidates.yaml` stays
    recognisable as a candidate file (`x.reviewed.candidates.yaml`)."""
    base = Path(name).name or "uploaded"
    stem = base[: -len(SUFFIX)] if base.lower().endswith(SUFFIX) else Path(base).stem
    stem = stem.removesuffix(".reviewed")
    return f"{stem}.reviewed{SUFFIX}"


@dataclass(frozen=True)
class Merged:
    """What a merge did, and the reviewed file it merged."""

    summary: LoadSummary
    reviewed: str
    file_name: str


def merge(store: GraphStore, name: str, document: dict[str, Any], batch_size: int) -> Merged:
    """Write the reviewed `document` as a candidate file and ingest it (InputErrors: nothing
    written). The file keeps the reviewed name, so every error message names it."""
    text = dump_candidates(document)
    file_name = reviewed_name(name)
    with tempfile.TemporaryDirectory(prefix="scenekg-review-") as folder:
        path = Path(folder) / file_name
        path.write_text(text, encoding="utf-8")
        summary = ingest(store, [path], batch_size)
    summary.files = [file_name]
    return Merged(summary=summary, reviewed=text, file_name=file_name)


@dataclass(frozen=True)
class CandidateFolder:
    """The folder given to `scenekg serve --candidates`: its candidate files, each with the
    article it was extracted from when that file lies beside it."""

    root: Path

    def names(self) -> list[str]:
        return sorted(p.name for p in self.root.iterdir() if p.is_file() and p.name.lower().endswith(SUFFIX))

    def open(self, name: str) -> tuple[dict[str, Any], str | None]:
        """The parsed file `name` (a plain name listed by `names`) and its article's text."""
        if name not in self.names():
            raise FileNotFoundError(name)
        document = parse_candidates(name, (self.root / name).read_text(encoding="utf-8"))
        return document, self._article(document)

    def save(self, name: str, text: str) -> str:
        target = self.root / reviewed_name(name)
        target.write_text(text, encoding="utf-8")
        return target.name

    def _article(self, document: dict[str, Any]) -> str | None:
        sources = document.get("sources")
        first = sources[0] if isinstance(sources, list) and sources else None
        file = first.get("file") if isinstance(first, dict) else None
        if not isinstance(file, str) or not file:
            return None
        path = self.root / Path(file).name  # only beside the candidates, never elsewhere
        if not path.is_file():
            return None
        return read_article(path).text[:MAX_ARTICLE_CHARS]


def article_text(name: str, text: str) -> str:
    """An uploaded article's text as `scenekg extract` read it (HTML: its visible text), so the
    candidates' offsets point into it."""
    html = Path(name).suffix.lower() in {".html", ".htm", ".xhtml"}
    return parse_article(text.encode("utf-8"), name, html).text[:MAX_ARTICLE_CHARS]
