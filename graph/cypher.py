"""Load Cypher text from the `.cypher` files that sit beside the Python that runs them.

Labels, relationship types and variable-length bounds cannot be Cypher parameters, so a
file may hold placeholders for them; `render` fills them only with members of the schema's
enums (a list of types becomes `A|B|C`) or with small integers, never with other text.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from graph.schema import Label, RelType

_PLACEHOLDER = re.compile(r"\{(label|rel|rels|start|end|hops)\}")
# The bound on any rendered `{hops}`: a guard on the text, above every user-facing hop limit
# (model/limits.py), which the queries check before they render.
MAX_RENDERED_HOPS = 10
Name = Label | RelType | tuple[RelType, ...] | int


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load(package_file: str, name: str) -> str:
    """The text of `cypher/<name>.cypher` next to the module whose `__file__` is given."""
    return _read(Path(package_file).resolve().parent / "cypher" / f"{name}.cypher")


def _text(key: str, value: object) -> str:
    if isinstance(value, Label | RelType):
        return str(value.value)
    if isinstance(value, tuple) and value and all(isinstance(v, RelType) for v in value):
        return "|".join(v.value for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_RENDERED_HOPS:
        return str(value)
    raise TypeError(f"placeholder {key} takes schema names or 1..{MAX_RENDERED_HOPS}, not {value!r}")


def render(text: str, **names: Name) -> str:
    """Fill `{label}`, `{rel}`, `{rels}`, `{start}`, `{end}`, `{hops}` with schema names or bounds."""
    filled = {key: _text(key, value) for key, value in names.items()}

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in filled:
            raise KeyError(f"no value given for placeholder {{{key}}}")
        return filled[key]

    return _PLACEHOLDER.sub(fill, text)
