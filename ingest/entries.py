"""Validate one dataset entry (a node or a relationship) and add it to a `GraphBatch`.

Shared by every dataset format (YAML, JSON Lines, reviewed candidate files); each format only
says, through a `Locate` function, where in its file a pydantic error location points.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from graph.errors import InputError, Location
from graph.schema import Label, RelType
from ingest.batch import GraphBatch, NodeRow, RelRow
from model.dataset import (
    RELATIONSHIPS_SECTION,
    SECTIONS,
    Entry,
    FigureEntry,
    Relationship,
)
from model.plain_rows import PlainRelationship, plain_relationship

Locate = Callable[[tuple[str | int, ...]], Location]


def figure_id(owner_id: str, measure: str) -> str:
    return f"{Label.FIGURE.prefix}:{owner_id.replace(':', '.')}.{measure}"


def add_entry(batch: GraphBatch, section: str, raw: Any, locate: Locate) -> list[InputError]:
    """Validate `raw` as an entry of `section` and add it; the problems found, located."""
    model: type[BaseModel] = Relationship if section == RELATIONSHIPS_SECTION else SECTIONS[section]
    if not isinstance(raw, dict):
        return [InputError(locate(()), f"an entry of '{section}' must be a mapping")]
    if model is Relationship:
        where = locate(())
        added = add_plain_relationship(batch, raw, where.file, where.row)
        if added is not None:
            return added
    try:
        entry = model.model_validate(raw)
    except ValidationError as exc:
        return [_problem(locate, section, error) for error in exc.errors()]
    ident = raw.get("id") or f"{raw.get('from')}->{raw.get('to')}"
    where = locate(())
    located = Location(where.file, where.row, str(ident))
    if isinstance(entry, Relationship):
        return _add_relationship(batch, entry, located)
    return _add_node(batch, entry, located)


def add_plain_relationship(
    batch: GraphBatch, raw: dict[str, Any], file: str, row: int | None
) -> list[InputError] | None:
    """Add a relationship row of `file` that plainly passes the model's checks
    (`model.plain_rows`), and return its problems; None, adding nothing, when the model must
    decide (`add_entry`). A bulk reader calls it first, without building a `Locate`."""
    plain = plain_relationship(raw)
    if plain is None:
        return None
    return _add_relationship(batch, plain, Location(file, row, f"{plain.start}->{plain.end}"))


def _problem(locate: Locate, section: str, error: Any) -> InputError:
    loc = tuple(p for p in error["loc"] if not isinstance(p, str) or not p.startswith("function-"))
    where = locate(loc)
    message = error["msg"]
    if error["type"] == "missing":
        message = "required field is missing"
    elif error["type"] == "extra_forbidden":
        message = "unknown field"
    return InputError(Location(where.file, where.row, where.field or section), message)


def _add_node(batch: GraphBatch, entry: Any, where: Location) -> list[InputError]:
    label: Label = entry.label
    if entry.id in batch.nodes[label]:
        return [InputError(where, f"id {entry.id} appears twice in this file")]
    batch.nodes[label][entry.id] = NodeRow(entry.id, entry.properties(), list(entry.sources), where)
    if isinstance(entry, Entry):
        for figure in entry.figures:
            _add_figure(batch, entry, figure, where)
    return []


def _add_figure(batch: GraphBatch, owner: Entry, figure: FigureEntry, where: Location) -> None:
    ident = figure_id(owner.id, figure.measure)
    props = figure.model_dump(mode="json", exclude={"sources"}, exclude_none=True)
    props["owner"] = owner.id
    props["name_zh"] = f"{owner.name_zh}：{figure.label_zh or figure.label_en}"
    props["name_en"] = f"{owner.name_en}: {figure.label_en}"
    batch.nodes[Label.FIGURE][ident] = NodeRow(ident, props, list(figure.sources), where)
    batch.rels[RelType.HAS_FIGURE][(owner.id, ident)] = RelRow(
        owner.id, ident, {}, list(figure.sources), where
    )


def _add_relationship(
    batch: GraphBatch, rel: Relationship | PlainRelationship, where: Location
) -> list[InputError]:
    key = (rel.start, rel.end)
    if key in batch.rels[rel.type]:
        return [InputError(where, f"{rel.type.value} {rel.start} -> {rel.end} appears twice in this file")]
    props = rel.properties if isinstance(rel, PlainRelationship) else rel.properties()
    batch.rels[rel.type][key] = RelRow(rel.start, rel.end, props, list(rel.sources), where)
    return []
