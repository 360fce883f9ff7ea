"""Read a reviewed candidate file (written by `scenekg extract`) back into a `GraphBatch`.

A candidate file is a dataset file whose top-level key `candidates_of:` names the article's
Source and whose entries carry `candidate:` review metadata. Reading it:

- removes the metadata, then validates every entry with the dataset's own models;
- with `accept_above`, keeps only entries (and figures, relationships) whose confidence is
  above it, and the relationships whose both ends are kept or already in the graph;
- an entry with `status: existing` stands for the graph entity in `resolves_to`: it adds its
  citations and figures to that entity and changes none of its properties; references to the
  entry's own id are redirected there;
- an entry still `status: ambiguous` is refused: the reviewer must choose.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError, InputErrors, Location
from graph.schema import label_of
from graph.store import GraphStore
from ingest.batch import GraphBatch
from ingest.entries import add_entry
from ingest.writer import existing_ids
from ingest.yaml_dataset import YamlDocument, line_of, parse_yaml
from model.citations import span_of
from model.dataset import RELATIONSHIPS_SECTION, SECTIONS

CANDIDATES_KEY = "candidates_of"
SUFFIX = ".candidates.yaml"
_MARK = re.compile(rf"^{CANDIDATES_KEY}\s*:", re.MULTILINE)


def is_candidate_file(path: Path) -> bool:
    """A candidate file by its name (*.candidates.yaml) or its `candidates_of:` key."""
    if path.name.lower().endswith(SUFFIX):
        return True
    if path.suffix.lower() not in (".yaml", ".yml") or not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(4096).decode("utf-8", errors="ignore")
    return bool(_MARK.search(head))


def _parse(path: Path) -> YamlDocument:
    document = parse_yaml(path)
    if not isinstance(document.data, dict) or document.root is None or CANDIDATES_KEY not in document.data:
        raise InputError(
            Location(document.name, 1), f"not a candidate file: expected '{CANDIDATES_KEY}:' at the top"
        )
    return document


def _kept(meta: Any, accept_above: float | None) -> bool:
    if accept_above is None:
        return True
    confidence = meta.get("confidence") if isinstance(meta, dict) else None
    return isinstance(confidence, int | float) and confidence > accept_above


def read_candidates(path: Path, store: GraphStore, accept_above: float | None = None) -> GraphBatch:
    """The reviewed facts of a candidate file as a batch; InputErrors lists every problem."""
    document = _parse(path)
    name, data = document.name, document.data
    batch = GraphBatch(files=[name])
    errors: list[InputError] = []
    redirect: dict[str, str] = {}
    existing: dict[str, Location] = {}
    dropped: set[str] = set()
    relationships: list[tuple[dict[str, Any], yaml.Node | None]] = []
    passages = _passages(data)
    for section, entries in data.items():
        if section == CANDIDATES_KEY:
            continue
        where = Location(name, document.section_line(section), str(section))
        if section not in SECTIONS and section != RELATIONSHIPS_SECTION:
            errors.append(InputError(where, "unknown section"))
            continue
        if not isinstance(entries, list):
            errors.append(InputError(where, "a section must be a list of entries"))
            continue
        for index, raw in enumerate(entries):
            node = document.entry(section, index)
            if not isinstance(raw, dict):
                errors.append(
                    InputError(Location(name, line_of(node)), f"an entry of '{section}' must be a mapping")
                )
                continue
            entry = dict(raw)
            meta = entry.pop("candidate", None)
            if section == RELATIONSHIPS_SECTION:
                if _kept(meta, accept_above):
                    relationships.append((entry, node))
                continue
            if section != "sources" and not _kept(meta, accept_above):  # the article itself stays
                dropped.add(str(entry.get("id")))
                continue
            if section == "sources" and entry.get("id") == data.get(CANDIDATES_KEY) and passages:
                entry["passages"] = {**passages, **(entry.get("passages") or {})}
            if isinstance(entry.get("figures"), list):
                entry["figures"] = [
                    {k: v for k, v in f.items() if k != "candidate"}
                    for f in entry["figures"]
                    if isinstance(f, dict) and _kept(f.get("candidate"), accept_above)
                ]
            problem = _status(
                entry, meta, redirect, existing, Location(name, line_of(node), str(entry.get("id")))
            )
            if problem:
                errors.append(problem)
                continue
            errors.extend(add_entry(batch, section, entry, document.locator(node)))
    errors.extend(_check_existing(store, existing))
    for entry, node in relationships:
        ends = [redirect.get(str(entry.get(side)), entry.get(side)) for side in ("from", "to")]
        if accept_above is not None and any(end in dropped for end in ends):
            continue  # an end was not accepted, so neither is the relationship
        entry["from"], entry["to"] = ends
        errors.extend(add_entry(batch, RELATIONSHIPS_SECTION, entry, document.locator(node)))
    if errors:
        raise InputErrors(errors)
    for ident in existing:
        label = label_of(ident)
        if label is not None and ident in batch.nodes[label]:
            batch.nodes[label][ident].props = {}  # cite it, do not rewrite it
    return batch


def _passages(data: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The sentence each citation of the article names, kept on its Source at merge time so a
    citation shows what it says: an entry's, figure's or relationship's first citation is the
    sentence its `candidate:` metadata quotes (`source:<id>#cS-E`, S-E being its span)."""
    article = str(data.get(CANDIDATES_KEY))
    found: dict[str, dict[str, str]] = {}
    items = [
        item
        for section, entries in data.items()
        if section != "sources" and isinstance(entries, list)
        for entry in entries
        if isinstance(entry, dict)
        for item in (entry, *[f for f in entry.get("figures") or [] if isinstance(f, dict)])
    ]
    for item in items:
        meta, cited = item.get("candidate"), item.get("sources")
        if not (isinstance(meta, dict) and isinstance(meta.get("sentence"), str) and cited):
            continue
        source, _, locator = str(cited[0]).partition("#")
        if source == article and span_of(locator) is not None:
            found.setdefault(locator, {"sentence": meta["sentence"]})
    return found


def _status(
    entry: dict[str, Any],
    meta: Any,
    redirect: dict[str, str],
    existing: dict[str, Location],
    where: Location,
) -> InputError | None:
    """Apply the entry's review status; the problem if it cannot be merged as it stands."""
    status = meta.get("status", "new") if isinstance(meta, dict) else "new"
    target = meta.get("resolves_to") if isinstance(meta, dict) else None
    if status == "ambiguous":
        choices = ", ".join(target) if isinstance(target, list) else str(target)
        return InputError(
            where,
            f"ambiguous: it may be any of {choices}; set 'status: existing' with one 'resolves_to', "
            "or 'status: new', or delete the entry",
        )
    if status == "existing":
        if not isinstance(target, str):
            return InputError(where, "status existing needs 'resolves_to: <one id>'")
        redirect[str(entry.get("id"))] = target
        entry["id"] = target
        existing[target] = where
    elif status != "new":
        return InputError(where, f"unknown status '{status}' (expected new, existing or ambiguous)")
    return None


def _check_existing(store: GraphStore, wanted: dict[str, Location]) -> list[InputError]:
    found = existing_ids(store, wanted)
    return [
        InputError(where, f"marked existing, but {ident} is not in the graph")
        for ident, where in wanted.items()
        if ident not in found
    ]
