"""Many articles into one candidate file: the articles a folder holds, each its own Source,
and the entities they name merged, so an entity new to the graph that several articles name is
one candidate carrying every article's citations.

What merges: entries of the same section with the same id and the same review status (and, for
a new entity, the same Chinese name): their citations, figures and aliases are joined; a
figure or relationship keeps the citation of the article it was read in. The same id for two
different names (two names that romanise alike) is not merged: the later one is renamed
`<id>-2`, in its own article's entries and relationships. Every review note (`candidate:`)
gains `source:`, the Source whose text its span and sentence are in, so a reviewer (and the
workbench) knows which article to look at.

Folders are walked for `.txt`, `.md`, `.html`, `.htm` and `.xhtml` files, in name order,
hidden files and folders left out; a file named on the command line is read whatever its suffix.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph.errors import InputError, Location
from graph.schema import Label
from model.dataset import RELATIONSHIPS_SECTION, SECTIONS
from model.ids import make_id

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".xhtml")
CANDIDATES_KEY = "candidates_of"
_NOT_ENTITIES = (CANDIDATES_KEY, "sources", RELATIONSHIPS_SECTION)


def article_paths(inputs: Iterable[Path]) -> list[Path]:
    """The article files named, and those under each folder named; each file once."""
    found: list[Path] = []
    for given in inputs:
        if given.is_dir():
            found.extend(
                p
                for p in sorted(given.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in ARTICLE_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(given).parts)
            )
        elif given.is_file():
            found.append(given)
        else:
            raise InputError(Location(str(given)), "no such file or folder")
    seen: set[Path] = set()
    unique = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def source_ids(paths: list[Path]) -> list[str]:
    """One Source id per article: from its file name, as for a single article; where two
    files share a name, from their folder and name, then numbered."""
    stems: dict[str, int] = {}
    for path in paths:
        stems[path.stem] = stems.get(path.stem, 0) + 1
    taken: set[str] = set()
    out = []
    for path in paths:
        key = path.stem if stems[path.stem] == 1 else f"{path.parent.name}-{path.stem}"
        base = ident = make_id(Label.SOURCE, key)
        n = 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        taken.add(ident)
        out.append(ident)
    return out


def _renamed(value: Any, renames: dict[str, str]) -> Any:
    """`value` with every string that is a renamed id replaced (references in any field)."""
    if isinstance(value, str):
        return renames.get(value, value)
    if isinstance(value, list):
        return [_renamed(v, renames) for v in value]
    if isinstance(value, dict):
        return {k: v if k in ("sources", "candidate") else _renamed(v, renames) for k, v in value.items()}
    return value


def _with_source(row: dict[str, Any], source: str) -> dict[str, Any]:
    copy = dict(row)
    if isinstance(row.get("sources"), list):
        copy["sources"] = list(row["sources"])
    copy["candidate"] = {**row.get("candidate", {}), "source": source}
    if isinstance(row.get("figures"), list):
        copy["figures"] = [_with_source(f, source) for f in row["figures"]]
    return copy


def _key(row: dict[str, Any]) -> tuple[Any, ...]:
    meta = row.get("candidate", {})
    choices = meta.get("resolves_to")
    choices = tuple(choices) if isinstance(choices, list) else choices
    name = row.get("name_zh") if meta.get("status", "new") == "new" else None
    return (meta.get("status", "new"), choices, name)


def _join(kept: dict[str, Any], row: dict[str, Any]) -> None:
    """Add `row` (the same entity, read in another article) to `kept`."""
    for citation in row.get("sources", []):
        if citation not in kept.setdefault("sources", []):
            kept["sources"].append(citation)
    aliases = set(kept.get("aliases", [])) | set(row.get("aliases", []))
    aliases -= {kept.get("name_zh"), kept.get("name_en")}
    if aliases:
        kept["aliases"] = sorted(a for a in aliases if a)
    measures = {f["measure"] for f in kept.get("figures", [])}
    for figure in row.get("figures", []):
        measure, n = figure["measure"], 2
        while measure in measures:
            measure, n = f"{figure['measure']}_{n}", n + 1
        measures.add(measure)
        kept.setdefault("figures", []).append({**figure, "measure": measure})
    for field, value in row.items():
        kept.setdefault(field, value)
    meta, other = kept["candidate"], row.get("candidate", {})
    meta["confidence"] = max(meta.get("confidence", 0), other.get("confidence", 0))
    meta["mentions"] = meta.get("mentions", 0) + other.get("mentions", 0)


def _join_relationship(kept: dict[str, Any], row: dict[str, Any]) -> None:
    for citation in row.get("sources", []):
        if citation not in kept["sources"]:
            kept["sources"].append(citation)
    if row.get("role") == "initiator":  # an initiator is a member too: the stronger reading
        kept["role"] = "initiator"
    for field, value in row.items():
        kept.setdefault(field, value)
    kept["candidate"]["confidence"] = max(kept["candidate"]["confidence"], row["candidate"]["confidence"])


def _renames(document: dict[str, Any], sections: dict[str, dict[str, dict[str, Any]]]) -> dict[str, str]:
    """The ids of `document` that name something else in the documents merged so far, each
    with a free id (free in those and in this document)."""
    own = {
        str(row["id"])
        for section, rows in document.items()
        if section not in _NOT_ENTITIES and isinstance(rows, list)
        for row in rows
    }
    renames: dict[str, str] = {}
    for section, rows in document.items():
        if section in _NOT_ENTITIES or not isinstance(rows, list):
            continue
        for row in rows:
            known = sections.get(section, {}).get(str(row["id"]))
            if known is not None and _key(known) != _key(row):
                renames[str(row["id"])] = _free(str(row["id"]), sections, own | set(renames.values()))
    return renames


def merge(documents: list[dict[str, Any]]) -> dict[str, Any]:
    """One candidate document of several articles' documents (each from `extract_article`)."""
    if len(documents) == 1:
        return documents[0]
    sections: dict[str, dict[str, dict[str, Any]]] = {}
    relationships: dict[tuple[str, str, str], dict[str, Any]] = {}
    sources: list[dict[str, Any]] = []
    for document in documents:
        source = str(document[CANDIDATES_KEY])
        sources.extend(document.get("sources", []))
        renames = _renames(document, sections)
        for section, rows in document.items():
            if section in _NOT_ENTITIES or not isinstance(rows, list):
                continue
            merged = sections.setdefault(section, {})
            for row in rows:
                row = _with_source(_renamed(row, renames), source)
                known = merged.get(str(row["id"]))
                if known is None:
                    merged[str(row["id"])] = row
                else:
                    _join(known, row)
        for row in document.get(RELATIONSHIPS_SECTION, []):
            row = _with_source(_renamed(row, renames), source)
            key = (row["type"], row["from"], row["to"])
            if key in relationships:
                _join_relationship(relationships[key], row)
            else:
                relationships[key] = row
    out: dict[str, Any] = {CANDIDATES_KEY: [d[CANDIDATES_KEY] for d in documents], "sources": sources}
    for section in SECTIONS:
        if section in sections and section != "sources":
            out[section] = list(sections[section].values())
    if relationships:
        out[RELATIONSHIPS_SECTION] = list(relationships.values())
    return out


def _free(ident: str, sections: dict[str, dict[str, dict[str, Any]]], own: set[str]) -> str:
    """`ident` numbered until neither the merged sections nor `own` hold it."""
    n = 2
    candidate = f"{ident}-{n}"
    while candidate in own or any(candidate in rows for rows in sections.values()):
        n += 1
        candidate = f"{ident}-{n}"
    return candidate
