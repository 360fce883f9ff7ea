"""Load Cypher text from the `.cypher` files that sit beside the Python that runs them.

Labels, relationship types and variable-length bounds cannot be Cypher parameters, so a
file may hold placeholders for them; `render` fills them only with members of the schema's
enums (a list of types becomes `A|B|C`) or with small integers, never with other text. One
more placeholder, `{props}`, becomes a map literal of property keys (`Properties`), each a
plain identifier, whose values are still parameters (`row.props.<key>`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.schema import Label, RelType

_PLACEHOLDER = re.compile(r"\{(label|rel|rels|start|end|hops|props)\}")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,99}")
# The bound on any rendered `{hops}`: a guard on the text, above every user-facing hop limit
# (model/limits.py), which the queries check before they render.
MAX_RENDERED_HOPS = 10


@dataclass(frozen=True)
class Properties:
    """The keys of the map `row.props`, written into a CREATE as one literal map
    (`{id: row.props.id, ...}`; a row without a key gives null, which sets nothing). On the
    embedded server a record created with its properties is written once; CREATE and then
    `SET n = row.props` writes it twice, growing it in its page: at size L that was half the
    server's time for creations."""

    keys: tuple[str, ...]

    def __post_init__(self) -> None:
        for key in self.keys:
            if not _KEY.fullmatch(key):
                raise TypeError(f"a rendered property key is a plain identifier, not {key!r}")


Name = Label | RelType | tuple[RelType, ...] | int | Properties


@cache
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def load(package_file: str, name: str) -> str:
    """The text of `cypher/<name>.cypher` next to the module whose `__file__` is given."""
    return _read(Path(package_file).resolve().parent / "cypher" / f"{name}.cypher")


def _text(key: str, value: object) -> str:
    if isinstance(value, Properties):
        return "{" + ", ".join(f"`{k}`: row.props.`{k}`" for k in value.keys) + "}"
    if isinstance(value, Label | RelType):
        return str(value.value)
    if isinstance(value, tuple) and value and all(isinstance(v, RelType) for v in value):
        return "|".join(v.value for v in value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_RENDERED_HOPS:
        return str(value)
    raise TypeError(f"placeholder {key} takes schema names or 1..{MAX_RENDERED_HOPS}, not {value!r}")


def render(text: str, **names: Name) -> str:
    """Fill `{label}`, `{rel}`, `{rels}`, `{start}`, `{end}`, `{hops}` with schema names or bounds,
    and `{props}` with a map of `Properties`."""
    filled = {key: _text(key, value) for key, value in names.items()}

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in filled:
            raise KeyError(f"no value given for placeholder {{{key}}}")
        return filled[key]

    return _PLACEHOLDER.sub(fill, text)
