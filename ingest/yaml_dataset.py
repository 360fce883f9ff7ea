"""Read curated-dataset YAML files into a `GraphBatch`, locating every problem by line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from graph.errors import InputError, InputErrors, Location
from graph.schema import Label, RelType
from ingest.batch import GraphBatch, NodeRow, RelRow, read_all
from ingest.models import RELATIONSHIPS_SECTION, SECTIONS, Entry, FigureEntry, Relationship
from ingest.textfile import read_text


def figure_id(owner_id: str, measure: str) -> str:
    return f"{Label.FIGURE.prefix}:{owner_id.replace(':', '.')}.{measure}"


def read_dataset_file(path: Path) -> GraphBatch:
    """Parse and validate one dataset file; raise InputErrors listing every bad entry."""
    text = read_text(path)
    name = str(path)
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(Location(name, row), f"not valid YAML: {problem}") from None
    if data is None:
        raise InputError(Location(name), "the file is empty; expected sections such as 'cities:'")
    if not isinstance(data, dict) or root is None:
        raise InputError(Location(name, 1), "expected a mapping of sections (e.g. 'cities:') at the top")
    batch = GraphBatch(files=[name])
    errors: list[InputError] = []
    for section, entries in data.items():
        section_node = _child(root, section)
        line = _line(_key(root, section))
        if section not in SECTIONS and section != RELATIONSHIPS_SECTION:
            known = ", ".join([*SECTIONS, RELATIONSHIPS_SECTION])
            errors.append(InputError(Location(name, line, str(section)), f"unknown section; known: {known}"))
            continue
        if entries is None:
            continue
        if not isinstance(entries, list):
            errors.append(
                InputError(Location(name, line, str(section)), "a section must be a list of entries")
            )
            continue
        for index, raw in enumerate(entries):
            item_node = _child(section_node, index)
            errors.extend(_add_entry(batch, name, section, raw, item_node))
    if errors:
        raise InputErrors(errors)
    return batch


def _add_entry(
    batch: GraphBatch, name: str, section: str, raw: Any, node: yaml.Node | None
) -> list[InputError]:
    model: type[BaseModel] = Relationship if section == RELATIONSHIPS_SECTION else SECTIONS[section]
    where = Location(name, _line(node))
    if not isinstance(raw, dict):
        return [InputError(where, f"an entry of '{section}' must be a mapping")]
    try:
        entry = model.model_validate(raw)
    except ValidationError as exc:
        return [_located(name, node, section, error) for error in exc.errors()]
    ident = raw.get("id") or f"{raw.get('from')}->{raw.get('to')}"
    located = Location(name, _line(node), str(ident))
    if isinstance(entry, Relationship):
        return _add_relationship(batch, entry, located)
    return _add_node(batch, entry, located)


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


def _add_relationship(batch: GraphBatch, rel: Relationship, where: Location) -> list[InputError]:
    key = (rel.start, rel.end)
    if key in batch.rels[rel.type]:
        return [InputError(where, f"{rel.type.value} {rel.start} -> {rel.end} appears twice in this file")]
    batch.rels[rel.type][key] = RelRow(rel.start, rel.end, rel.properties(), list(rel.sources), where)
    return []


def _located(name: str, node: yaml.Node | None, section: str, error: Any) -> InputError:
    """Point at the deepest YAML node named by a pydantic error location."""
    loc = [part for part in error["loc"] if not isinstance(part, str) or not part.startswith("function-")]
    target = node
    for part in loc:
        child = _child(target, part)
        if child is None:
            break
        target = child
    field = ".".join(str(part) for part in loc) or section
    message = error["msg"]
    if error["type"] == "missing":
        message = "required field is missing"
    elif error["type"] == "extra_forbidden":
        message = "unknown field"
    return InputError(Location(name, _line(target), field), message)


def _key(node: yaml.Node | None, key: Any) -> yaml.Node | None:
    """The key node of `key` in a mapping (where a section's name stands)."""
    return _lookup(node, key, want_key=True)


def _child(node: yaml.Node | None, key: Any) -> yaml.Node | None:
    """The value node under a mapping key or a sequence index."""
    return _lookup(node, key, want_key=False)


def _lookup(node: yaml.Node | None, key: Any, want_key: bool) -> yaml.Node | None:
    found: yaml.Node | None = None
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(key):
                found = key_node if want_key else value_node
                break
    elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
        found = node.value[key]
    return found


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def read_dataset(paths: list[Path]) -> GraphBatch:
    """Read many dataset files (or folders of them) into one batch, reporting all problems."""
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.yaml")) if path.is_dir() else [path])
    batch = GraphBatch()
    read_all(batch, files, read_dataset_file)
    return batch
