"""Load Cypher text from the `.cypher` files that sit beside the Python that runs them.

Labels and relationship types cannot be Cypher parameters, so a file may hold `{label}`
or `{rel}` placeholders; `render` fills them only with members of the schema's enums.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from graph.schema import Label, RelType

_PLACEHOLDER = re.compile(r"\{(label|rel|start|end)\}")


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load(package_file: str, name: str) -> str:
    """The text of `cypher/<name>.cypher` next to the module whose `__file__` is given."""
    return _read(Path(package_file).resolve().parent / "cypher" / f"{name}.cypher")


def render(text: str, **names: Label | RelType) -> str:
    """Fill `{label}`, `{rel}`, `{start}`, `{end}` with schema names, refusing anything else."""
    for key, value in names.items():
        if not isinstance(value, Label | RelType):
            raise TypeError(f"placeholder {key} takes a Label or RelType, not {type(value).__name__}")

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in names:
            raise KeyError(f"no value given for placeholder {{{key}}}")
        return str(names[key].value)

    return _PLACEHOLDER.sub(fill, text)
