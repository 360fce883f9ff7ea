"""The one way scenekg reads YAML: safe types only, and no anchors or aliases.

An alias repeats a node without repeating its text, so a few hundred bytes of `&a [*b, *b...]`
expand into gigabytes once built into Python objects (the "billion laughs"). scenekg's files
never need them, so any node that appears twice in the composed tree (what an alias is,
before anything is built) is refused, with the line of its anchor. Composing is cheap even
for a bomb: the tree shares the repeated nodes instead of copying them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError, Location
from model.textfile import read_text

# libyaml's parser when PyYAML was built with it: a large dataset parses several times faster.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The file's data and its node tree (for line numbers); InputError for bad YAML or an alias."""
    name = str(path)
    loader = _Loader(read_text(path))
    try:
        root = loader.get_single_node()
        if root is not None:
            _refuse_aliases(root, name)
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputError(Location(name, row), f"not valid YAML: {problem}") from None
    except RecursionError:
        raise InputError(Location(name), "YAML nested too deeply to read") from None
    finally:
        loader.dispose()
    return data, root


def _refuse_aliases(root: yaml.Node, name: str) -> None:
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:
            raise InputError(
                Location(name, node.start_mark.line + 1),
                "YAML anchors and aliases (&name, *name) are not accepted; write the value out",
            )
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                pending.extend((key, value))
