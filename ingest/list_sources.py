"""The Source a list file stands for, and the check that its id is not another file's.

A list's Source is named after its file (`source:csv-opportunities` for opportunities.csv), so
loading the file again after it changed is a new version of the same Source, and the load
replaces what the earlier version said (`ingest.plan`). Two different files must never share
a Source silently: the Source keeps the file's name, the SHA-256 of its bytes (`sha256`, which
version) and the SHA-256 of the folder-qualified path it was loaded from (`origin`, so the
path itself is not published), and a load that would give the id to a file of another name, or
to a same-named file from another folder, is refused with the way out: `--source NAME` gives a
list a name of its own, and `--source <its Source's name>` declares a moved file a new version.
Each sheet of a workbook is a list of its own, so its Source id names the sheet too.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from graph import cypher
from graph.errors import InputError, InputErrors
from graph.schema import Label
from graph.store import GraphStore
from ingest.batch import GraphBatch
from model.dataset import Source
from model.ids import make_id

_SOURCE_FILES = cypher.load(__file__, "source_files")
LIST_KINDS = frozenset({"csv", "xlsx"})
_STEM_CHARACTERS = 80  # of the file's name in its Source id


def source_for(path: Path, raw: bytes, name: str | None = None, sheet: str | None = None) -> Source:
    """The Source of the list in `path` (whose bytes are `raw`), or of its `sheet` in a workbook:
    `source:csv-<stem>` / `source:xlsx-<stem>-<sheet>`, or with the name the user gave
    (`--source`) `source:csv-<name>` / `source:xlsx-<name>-<sheet>`."""
    key = name if name is not None else path.stem[:_STEM_CHARACTERS]
    if sheet is None:
        ident, title, scheme = f"csv-{key}", path.name, "rowN = line N of the CSV file (the header is line 1)"
    else:
        ident, title, scheme = (
            f"xlsx-{key}-{sheet}",
            f"{path.name} ({sheet})",
            f"rowN = row N of sheet '{sheet}'",
        )
    return Source(
        id=make_id(Label.SOURCE, ident),
        title=title,
        kind="csv" if sheet is None else "xlsx",
        file=path.name,
        sha256=hashlib.sha256(raw).hexdigest(),
        origin=hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest(),
        locator_scheme=scheme,
    )


def check_sources(store: GraphStore, batch: GraphBatch, named: bool) -> None:
    """Refuse a list whose Source id the graph already gives to another file: loading it would
    rewrite that Source and make its citations point at rows of a different file. A file of
    the same name from the same path is a new version; from another folder it is one only when
    the user says so with `--source` (`named`)."""
    rows = batch.nodes.get(Label.SOURCE, {})
    listed = [ident for ident, row in rows.items() if row.props.get("kind") in LIST_KINDS]
    errors: list[InputError] = []
    for known in store.read(_SOURCE_FILES, {"ids": listed}) if listed else []:
        row = rows[known["id"]]
        problem = _clash(known, row.props, named)
        if problem is not None:
            errors.append(InputError(row.where, problem))
    if errors:
        raise InputErrors(errors)


def _clash(known: dict[str, Any], new: dict[str, Any], named: bool) -> str | None:
    """Why the list `new` may not take the Source `known` is, or None when it is its new version."""
    ident, new_file, file = known["id"], new.get("file"), known["file"]
    if file != new_file:
        return (
            f"{ident} is already the Source of '{file}' (sha256 {known['sha256']}); loading "
            f"'{new_file}' under the same id would rewrite it: give this list its own name with "
            f"--source NAME, or, if it is a new version of '{file}', retract that first "
            f"(scenekg retract {ident})"
        )
    if named or known["origin"] in (None, new.get("origin")):
        return None
    stem = Path(str(new_file)).stem[:_STEM_CHARACTERS]
    return (
        f"{ident} is already the Source of a '{file}' loaded from another folder; if this file is "
        f"a new version of that list, load it with --source '{stem}' to replace it; if it is "
        "another list, give it its own name with --source NAME"
    )
