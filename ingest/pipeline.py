"""`scenekg ingest`: read any mix of dataset YAML and CSV lists, check, write atomically."""

from __future__ import annotations

from pathlib import Path

from graph.errors import InputError, InputErrors, Location
from graph.schema import Label
from graph.store import GraphStore
from ingest.batch import GraphBatch, read_all
from ingest.csv_lists import read_list
from ingest.writer import LoadSummary, Progress, write
from ingest.yaml_dataset import read_dataset
from queries.names import load_names

YAML_SUFFIXES = {".yaml", ".yml"}
CSV_SUFFIXES = {".csv"}
_REFERENCE_LABELS = (
    Label.TECHNOLOGY,
    Label.CITY,
    Label.DISTRICT,
    Label.PROVINCE,
    Label.INITIATIVE,
    Label.ENTERPRISE,
)


def expand(paths: list[Path]) -> list[Path]:
    """Files to load: folders contribute their YAML and CSV files, in name order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES | CSV_SUFFIXES))
        else:
            files.append(path)
    return files


def read_inputs(store: GraphStore, paths: list[Path]) -> GraphBatch:
    """Everything in `paths` as one batch; dataset files first so CSV rows may refer to them."""
    files = expand(paths)
    unknown = [f for f in files if f.suffix.lower() not in YAML_SUFFIXES | CSV_SUFFIXES]
    if unknown:
        raise InputErrors(
            [InputError(Location(str(f)), "unsupported file type (expected .yaml or .csv)") for f in unknown]
        )
    yaml_files = [f for f in files if f.suffix.lower() in YAML_SUFFIXES]
    csv_files = [f for f in files if f.suffix.lower() in CSV_SUFFIXES]
    batch = read_dataset(yaml_files) if yaml_files else GraphBatch()
    if csv_files:
        names = load_names(store, _REFERENCE_LABELS)
        for label in _REFERENCE_LABELS:
            for ident, row in batch.nodes.get(label, {}).items():
                names.add(
                    ident, [row.props.get("name_zh"), row.props.get("name_en"), *row.props.get("aliases", [])]
                )
        read_all(batch, csv_files, lambda file: read_list(file, names))
    return batch


def ingest(
    store: GraphStore, paths: list[Path], batch_size: int, progress: Progress | None = None
) -> LoadSummary:
    """Read, check and write `paths`; nothing is written unless all of it is valid."""
    batch = read_inputs(store, paths)
    return write(store, batch, batch_size, progress)
