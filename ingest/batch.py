"""The load unit every reader produces: validated node rows per label and edge rows per type.

Readers (YAML dataset, CSV lists, RDF, extraction candidates) build a `GraphBatch`; the
writer checks it against the graph and writes it. Keeping one shape means one writer.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import InputError, InputErrors, Location
from graph.schema import Label, RelType


@dataclass
class NodeRow:
    id: str
    props: dict[str, Any]
    sources: list[str]
    where: Location


@dataclass
class RelRow:
    start: str
    end: str
    props: dict[str, Any]
    sources: list[str]
    where: Location


@dataclass
class GraphBatch:
    nodes: dict[Label, dict[str, NodeRow]] = field(default_factory=lambda: defaultdict(dict))
    rels: dict[RelType, dict[tuple[str, str], RelRow]] = field(default_factory=lambda: defaultdict(dict))
    files: list[str] = field(default_factory=list)
    # Sources this batch restates in full: what the graph cites to them and the batch no longer
    # says is removed (see ingest.plan). A list file's Source, or a Source being retracted.
    synced: set[str] = field(default_factory=set)

    def node_count(self) -> int:
        return sum(len(rows) for rows in self.nodes.values())

    def rel_count(self) -> int:
        return sum(len(rows) for rows in self.rels.values())

    def node_ids(self) -> dict[str, Label]:
        return {node_id: label for label, rows in self.nodes.items() for node_id in rows}

    def extend(self, other: GraphBatch) -> list[tuple[Location, str]]:
        """Add `other`'s rows; return conflicts (same id, different content) for the caller."""
        conflicts: list[tuple[Location, str]] = []
        for label, rows in other.nodes.items():
            mine = self.nodes[label]
            if not mine:  # nothing to meet (a large file read into an empty batch): taken whole
                mine.update(rows)
                continue
            for node_id, row in rows.items():
                known = mine.get(node_id)
                if known is None:
                    mine[node_id] = row
                elif _disagree(known.props, row.props):
                    conflicts.append(
                        (
                            row.where,
                            f"id {node_id} is defined again with other values (first at {known.where})",
                        )
                    )
                else:
                    known.props = _combined(known.props, row.props)
                    known.sources = _union(known.sources, row.sources)
        for rel, edges in other.rels.items():
            if not self.rels[rel]:
                self.rels[rel].update(edges)
                continue
            for key, edge in edges.items():
                known_edge = self.rels[rel].get(key)
                if known_edge is None:
                    self.rels[rel][key] = edge
                elif known_edge.props != edge.props:
                    conflicts.append(
                        (
                            edge.where,
                            f"{rel.value} {key[0]} -> {key[1]} is given again with other "
                            f"properties (first at {known_edge.where})",
                        )
                    )
                else:
                    known_edge.sources = _union(known_edge.sources, edge.sources)
        self.files.extend(other.files)
        self.synced |= other.synced
        return conflicts


@contextmanager
def bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a batch is read, checked and planned. A batch is
    hundreds of thousands of small dicts and lists that form no cycles, and every full
    collection walks all of them again: at size L (400k rows) that was more than half of the
    reading time. Reference counting still frees everything as usual."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def read_all(batch: GraphBatch, files: Iterable[Path], read: Callable[[Path], GraphBatch]) -> None:
    """Read every file into `batch`; collect the problems of all files before raising, so a user
    fixes everything in one go."""
    errors: list[InputError] = []
    for file in files:
        try:
            conflicts = batch.extend(read(file))
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        except InputError as exc:
            errors.append(exc)
            continue
        errors.extend(InputError(where, message) for where, message in conflicts)
    if errors:
        raise InputErrors(errors)


def _disagree(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Two definitions of one node conflict only where both give a property different values;
    properties one of them lacks combine, as the writer combines them across loads (a curated
    city and its reference record are one node)."""
    return any(first[key] != second[key] for key in first.keys() & second.keys() if key != "aliases")


def _combined(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    merged = {**second, **first}
    if "aliases" in first and "aliases" in second:
        merged["aliases"] = _union(first["aliases"], second["aliases"])
    return merged


def _union(first: list[str], second: list[str]) -> list[str]:
    return first + [item for item in second if item not in first]
