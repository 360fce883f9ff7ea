"""`scenekg ingest`: read any mix of dataset files (YAML, JSON Lines) and CSV lists, check,
write atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from graph.errors import InputError, InputErrors, Location, printable
from graph.schema import Label
from graph.settings import DEFAULT_COMMIT_ROWS
from graph.store import GraphStore
from ingest.batch import GraphBatch, bulk, read_all
from ingest.candidates import is_candidate_file, read_candidates
from ingest.jsonl_dataset import read_jsonl_file
from ingest.list_sources import check_sources
from ingest.lists import LIST_SUFFIXES, read_list
from ingest.rdf import RDF_SUFFIXES, read_rdf_file
from ingest.reference_places import read_references
from ingest.writer import LoadSummary, Progress, write
from ingest.yaml_dataset import read_dataset_file
from model.ids import normalise_slug
from model.names import load_names

# Dataset files by suffix, each read on its own into a batch; CSV lists come after them.
DATASET_READERS: dict[str, Callable[[Path], GraphBatch]] = {
    ".yaml": read_dataset_file,
    ".yml": read_dataset_file,
    ".jsonl": read_jsonl_file,
    **dict.fromkeys(RDF_SUFFIXES, read_rdf_file),
}
_REFERENCE_LABELS = (
    Label.TECHNOLOGY,
    Label.CITY,
    Label.DISTRICT,
    Label.PROVINCE,
    Label.INITIATIVE,
    Label.ENTERPRISE,
)


def _known() -> set[str]:
    return {*DATASET_READERS, *LIST_SUFFIXES}


def expand(paths: list[Path]) -> list[Path]:
    """Files to load: folders contribute their dataset files and lists, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Excel's lock file (~$list.xlsx) sits beside a workbook while it is open: not a list.
            found = (
                p for p in path.iterdir() if p.suffix.lower() in _known() and not p.name.startswith("~$")
            )
            files.extend(sorted(found))
        else:
            files.append(path)
    return files


def restating(batch: GraphBatch) -> GraphBatch:
    """Mark the Sources `batch` defines as restated in full: a list file is the whole of what its
    Source says, so loading it again replaces what the earlier version said (`ingest.plan`)."""
    batch.synced |= set(batch.nodes.get(Label.SOURCE, {}))
    return batch


def read_inputs(
    store: GraphStore,
    paths: list[Path],
    accept_above: float | None = None,
    references: list[str] | None = None,
    source: str | None = None,
    sheet: str | None = None,
) -> GraphBatch:
    """Everything in `paths` as one batch, after the named reference datasets (`places`):
    reference data first, so a curated entry for the same place merges into its record, then
    dataset files, so list rows may refer to both. Extraction candidate files are read with
    `ingest.candidates` (`accept_above` applies there). `source` names the Source of the one
    list among `paths` (see `lists.source_for`); `sheet` the worksheet read from each XLSX
    list (default: its first)."""
    with bulk():
        return _read_inputs(store, paths, accept_above, references, source, sheet)


def _read_inputs(
    store: GraphStore,
    paths: list[Path],
    accept_above: float | None,
    references: list[str] | None,
    source: str | None,
    sheet: str | None,
) -> GraphBatch:
    files = expand(paths)
    controlled = [f for f in files if printable(f.name) != f.name]
    if controlled:
        # A file's name becomes its Source's title: refuse it here, naming it, not in the model.
        problem = "the file name holds control characters; rename it"
        raise InputErrors([InputError(Location(str(f)), problem) for f in controlled])
    unknown = [f for f in files if f.suffix.lower() not in _known()]
    if unknown:
        expected = ", ".join(sorted(_known()))
        raise InputErrors(
            [InputError(Location(str(f)), f"unsupported file type (expected {expected})") for f in unknown]
        )
    dataset_files = [f for f in files if f.suffix.lower() in DATASET_READERS]
    csv_files = [f for f in files if f.suffix.lower() in LIST_SUFFIXES]
    if source is not None and len(csv_files) != 1:
        raise InputError(
            Location(", ".join(map(str, csv_files)) or "(no list)", None, "--source"),
            f"--source names the Source of one list; {len(csv_files)} were given",
        )
    if source is not None and not normalise_slug(source):
        raise InputError(Location(str(csv_files[0]), None, "--source"), "the name has no letters or digits")
    batch = read_references(references or [])
    read_all(
        batch,
        dataset_files,
        lambda file: (
            read_candidates(file, store, accept_above)
            if is_candidate_file(file)
            else DATASET_READERS[file.suffix.lower()](file)
        ),
    )
    if csv_files:
        names = load_names(store, _REFERENCE_LABELS)
        for label in _REFERENCE_LABELS:
            for ident, row in batch.nodes.get(label, {}).items():
                names.add(
                    ident, [row.props.get("name_zh"), row.props.get("name_en"), *row.props.get("aliases", [])]
                )
        read_all(batch, csv_files, lambda file: restating(read_list(file, names, source, sheet)))
        check_sources(store, batch, named=source is not None)
    return batch


def ingest(
    store: GraphStore,
    paths: list[Path],
    batch_size: int,
    progress: Progress | None = None,
    accept_above: float | None = None,
    references: list[str] | None = None,
    source: str | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    commit_rows: int = DEFAULT_COMMIT_ROWS,
) -> LoadSummary:
    """Read, check and write `paths` and the named reference datasets; nothing is written
    unless all of it is valid."""
    batch = read_inputs(store, paths, accept_above, references, source, sheet)
    return write(store, batch, batch_size, progress, dry_run, commit_rows)
