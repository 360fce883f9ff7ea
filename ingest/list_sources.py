"""The Source a list file stands for, and the check that its id is not another file's.

A list's Source id holds a digest of the file's name and content, so `a/list.csv` and
`b/List.csv` never share a Source, nor do two versions of one list, whose row numbers point at
different rows; `--source NAME` gives the one list loaded a stable id instead. Each sheet of a
workbook is a list of its own, so its Source id names the sheet too.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from graph import cypher
from graph.errors import InputError, InputErrors
from graph.schema import Label
from graph.store import GraphStore
from ingest.batch import GraphBatch
from model.dataset import Source
from model.ids import make_id

_SOURCE_FILES = cypher.load(__file__, "source_files")
LIST_KINDS = frozenset({"csv", "xlsx"})


def source_for(path: Path, raw: bytes, name: str | None = None, sheet: str | None = None) -> Source:
    """The Source of the list in `path` (whose bytes are `raw`), or of its `sheet` in a workbook:
    `source:csv-<stem>-<digest>` / `source:xlsx-<stem>-<sheet>-<digest>`, or with the stable
    `name` the user gave (`--source`) `source:csv-<name>` / `source:xlsx-<name>-<sheet>`."""
    digest = hashlib.sha256(path.name.encode("utf-8") + b"\0" + raw).hexdigest()
    if sheet is None:
        key = f"csv-{name}" if name is not None else f"csv-{path.stem[:80]}-{digest[:12]}"
        title, scheme = path.name, "rowN = line N of the CSV file (the header is line 1)"
    else:
        key = f"xlsx-{name}-{sheet}" if name is not None else f"xlsx-{path.stem[:80]}-{sheet}-{digest[:12]}"
        title, scheme = f"{path.name} ({sheet})", f"rowN = row N of sheet '{sheet}'"
    return Source(
        id=make_id(Label.SOURCE, key),
        title=title,
        kind="csv" if sheet is None else "xlsx",
        file=path.name,
        sha256=digest,
        locator_scheme=scheme,
    )


def check_sources(store: GraphStore, batch: GraphBatch, named: bool) -> None:
    """Refuse a list whose Source id the graph already gives to another file: loading it would
    rewrite that Source and make its citations point at rows of a different file. With a
    `--source` name (`named`) a new version of the same file keeps the id; without one, the id
    holds the content's digest, so any difference is a clash."""
    rows = batch.nodes.get(Label.SOURCE, {})
    listed = [ident for ident, row in rows.items() if row.props.get("kind") in LIST_KINDS]
    errors: list[InputError] = []
    for known in store.read(_SOURCE_FILES, {"ids": listed}) if listed else []:
        row = rows[known["id"]]
        new_file, new_digest = row.props.get("file"), row.props.get("sha256")
        if known["file"] == new_file and (named or known["sha256"] in (None, new_digest)):
            continue
        errors.append(
            InputError(
                row.where,
                f"{known['id']} is already the Source of '{known['file']}' (sha256 {known['sha256']}); "
                f"loading '{new_file}' under the same id would rewrite it: give this list its own "
                "name with --source",
            )
        )
    if errors:
        raise InputErrors(errors)
