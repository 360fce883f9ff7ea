"""Read dataset files in JSON Lines: one entry per line, `{"section": "enterprises", ...}`.

The bulk form of the dataset (the YAML files are for people): a line parses with the C json
module, and its line number is exact for every error.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.errors import InputError, InputErrors, Location
from ingest.batch import GraphBatch
from ingest.entries import Locate, add_entry, add_plain_relationship
from model.dataset import RELATIONSHIPS_SECTION, SECTIONS
from model.textfile import read_text

_SECTIONS = {*SECTIONS, RELATIONSHIPS_SECTION}
# The C scanner `json.loads` itself runs, called directly: a line that is exactly one JSON value
# needs none of the wrapper's checks, which were 40% of parsing a large file. Any other line
# (leading or trailing blanks, a BOM, an error) goes through `json.loads`, which decides and
# words it exactly as before.
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # not in typeshed


def read_jsonl_file(path: Path) -> GraphBatch:
    """Parse and validate one JSON Lines dataset file; raise InputErrors listing every bad line."""
    name = str(path)
    text = read_text(path)
    batch = GraphBatch(files=[name])
    errors: list[InputError] = []
    lines = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        lines += 1
        try:
            raw = _parse(line)
        except json.JSONDecodeError as exc:
            errors.append(
                InputError(Location(name, number), f"not valid JSON: {exc.msg} at column {exc.colno}")
            )
            continue
        except RecursionError:
            errors.append(InputError(Location(name, number), "JSON nested too deeply to read"))
            continue
        section = raw.pop("section", None) if isinstance(raw, dict) else None
        if section not in _SECTIONS:
            known = ", ".join(sorted(_SECTIONS))
            errors.append(
                InputError(Location(name, number, "section"), f"missing or unknown section; known: {known}")
            )
            continue
        added = add_plain_relationship(batch, raw, name, number) if section == RELATIONSHIPS_SECTION else None
        errors.extend(added if added is not None else add_entry(batch, section, raw, _locator(name, number)))
    if lines == 0:
        errors.append(InputError(Location(name), "the file is empty; expected one JSON entry per line"))
    if errors:
        raise InputErrors(errors)
    return batch


def _parse(line: str) -> Any:
    """`json.loads(line)`, the same value or the same exception, faster for a bare value."""
    try:
        value, end = _SCAN(line, 0)
    except (StopIteration, ValueError, RecursionError):
        return json.loads(line)
    return value if end == len(line) else json.loads(line)


def _locator(name: str, line: int) -> Locate:
    def locate(loc: tuple[str | int, ...]) -> Location:
        return Location(name, line, ".".join(str(part) for part in loc) or None)

    return locate
