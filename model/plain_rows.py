"""Relationship rows checked without pydantic: the shortcut a bulk load takes for the rows that
plainly pass every check of `model.dataset.Relationship`. A bulk load is mostly relationships;
through pydantic, with an id check per end, they took 3 s of a 5 s read at size L. A row the
shortcut doubts goes to the model, which alone decides and words the errors
(`tests/test_plain_rows.py` holds the two to the same verdict)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

from graph.schema import REL_PROPERTIES, RelType
from model.citations import CITATION_FORM
from model.dataset import ANY_CONTROL
from model.ids import check_id

_REL_KEYS = frozenset({"type", "from", "to", "sources"})
_REL_TYPES = {rel.value: rel for rel in RelType}


class PlainRelationship(NamedTuple):
    """What `Relationship` makes of a row, made without pydantic (see `plain_relationship`); a
    named tuple, made at a third of a frozen dataclass's cost."""

    type: RelType
    start: str
    end: str
    sources: list[str]
    properties: dict[str, Any]


def plain_relationship(raw: dict[str, Any]) -> PlainRelationship | None:
    """The row as `Relationship.model_validate(raw)` would give it, when the row plainly passes
    every one of its checks; None otherwise, and the model then validates it and words the
    errors. A bulk load is mostly relationships: through pydantic, with an id check per end,
    they took 3 s of a 5 s read at size L. Exact types only (a YAML date is not a str here), so
    anything unusual takes the model's path and meets the model's verdict."""
    try:
        kind = _REL_TYPES[raw["type"]]
        start, end, sources = raw["from"], raw["to"], raw["sources"]
    except (KeyError, TypeError):  # missing, or not even hashable: the model says which
        return None
    if type(start) is not str or type(end) is not str or type(sources) is not list or not sources:
        return None
    if not (_plain_id(start) and _plain_id(end)):
        return None
    for citation in sources:
        if type(citation) is not str or not CITATION_FORM.match(citation) or ANY_CONTROL.search(citation):
            return None
    extra = {key: value for key, value in raw.items() if key not in _REL_KEYS} if len(raw) > 4 else {}
    if (extra or kind is RelType.MEMBER_OF) and not _plain_properties(kind, extra):
        return None
    return PlainRelationship(kind, start, end, list(sources), extra)


@lru_cache(maxsize=1 << 18)
def _plain_id(value: str) -> bool:
    """`check_id` as a yes/no, remembered: a load names each node in many relationships."""
    try:
        check_id(value)
    except ValueError:
        return False
    return True


def _plain_properties(kind: RelType, extra: dict[str, Any]) -> bool:
    if not extra.keys() <= REL_PROPERTIES.get(kind, frozenset()):
        return False
    if kind is RelType.MEMBER_OF and extra.get("role") not in ("initiator", "member"):
        return False
    return all(
        type(value) in (int, float, bool) or (type(value) is str and not ANY_CONTROL.search(value))
        for value in extra.values()
    )
