"""Read curated-dataset YAML files into a `GraphBatch`, locating every problem by line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError, InputErrors, Location
from ingest.batch import GraphBatch
from ingest.entries import Locate, add_entry
from model.dataset import RELATIONSHIPS_SECTION, SECTIONS
from model.yamlfile import read_yaml


@dataclass(frozen=True)
class YamlDocument:
    """A parsed YAML file: its data and the node tree that says on which line each part stands.
    The dataset reader and the candidate reader both read through it, so a problem is located
    the same way in either."""

    name: str
    data: Any
    root: yaml.Node | None

    def section_line(self, section: Any) -> int | None:
        """The line where the top-level key `section` stands."""
        return line_of(_key(self.root, section))

    def entry(self, section: Any, index: int) -> yaml.Node | None:
        """The node of the `index`-th entry of a top-level section."""
        return _child(_child(self.root, section), index)

    def locator(self, node: yaml.Node | None) -> Locate:
        """Where a pydantic error inside the entry at `node` stands."""
        return _locator(self.name, node)


def parse_yaml(path: Path) -> YamlDocument:
    """Parse one YAML file strictly (UTF-8, one document, no aliases: `model.yamlfile`);
    InputError with the line if it is not valid YAML. One parse gives both the node tree (for
    line numbers) and the data."""
    name = str(path)
    data, root = read_yaml(path)
    return YamlDocument(name, data, root)


def read_dataset_file(path: Path) -> GraphBatch:
    """Parse and validate one dataset file; raise InputErrors listing every bad entry."""
    document = parse_yaml(path)
    name, data, root = document.name, document.data, document.root
    if data is None:
        raise InputError(Location(name), "the file is empty; expected sections such as 'cities:'")
    if not isinstance(data, dict) or root is None:
        raise InputError(Location(name, 1), "expected a mapping of sections (e.g. 'cities:') at the top")
    batch = GraphBatch(files=[name])
    errors: list[InputError] = []
    for section, entries in data.items():
        line = document.section_line(section)
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
            errors.extend(add_entry(batch, section, raw, document.locator(document.entry(section, index))))
    if errors:
        raise InputErrors(errors)
    return batch


def _locator(name: str, node: yaml.Node | None) -> Locate:
    """Point at the deepest YAML node a pydantic error location names (the entry for ())."""

    def locate(loc: tuple[str | int, ...]) -> Location:
        target = node
        for part in loc:
            child = _child(target, part)
            if child is None:
                break
            target = child
        return Location(name, line_of(target), ".".join(str(part) for part in loc) or None)

    return locate


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


def line_of(node: yaml.Node | None) -> int | None:
    """The 1-based line a YAML node starts on (None for no node)."""
    return node.start_mark.line + 1 if node is not None else None
