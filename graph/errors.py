"""The one exception tree of scenekg; every layer raises these and nothing else.

    SceneKGError
    ├── ConfigError            settings that cannot work (bad URI, unreadable secret)
    ├── StoreError             the database did not do what was asked
    │   ├── ServerStartError   the embedded server (JVM) could not start
    │   ├── UnavailableError   no server answers at the configured address
    │   └── QueryError         a query failed on the server (constraint, syntax, timeout)
    ├── InputError             a file to load is wrong: carries file, row and field
    │   └── InputErrors        several InputError at once, so a user fixes a file in one go
    ├── BadArgument            a query was asked with an argument out of range
    └── LookupFailed           an entity reference matched nothing, or more than one entity
        ├── NotFound
        └── Ambiguous

Driver exceptions are mapped into this tree at one place (`graph.store.mapped_errors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class SceneKGError(Exception):
    """Root of every error scenekg raises on purpose."""


class ConfigError(SceneKGError):
    """Settings are missing or contradict each other."""


class StoreError(SceneKGError):
    """The graph store failed."""


class ServerStartError(StoreError):
    """The embedded ArcadeDB server did not come up."""


class UnavailableError(StoreError):
    """Nothing answers at the configured database address."""


class QueryError(StoreError):
    """The server refused or failed a query."""


class RefusedQuery(QueryError):
    """A query the read-only endpoint will not run or answer: it may write, or cannot be read."""


@dataclass(frozen=True)
class Location:
    """Where in an input file a problem sits; row is 1-based (a CSV data row or a YAML line)."""

    file: str
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)


class InputError(SceneKGError):
    """One problem in an input file, located by file, row and field."""

    def __init__(self, location: Location, message: str) -> None:
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


class InputErrors(InputError):
    """All problems found in one pass over the input; nothing was written."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        if not errors:
            raise ValueError("InputErrors needs at least one error")
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.location, first.message)
        more = len(self.errors) - 1
        lines = [str(e) for e in self.errors[:20]]
        if more >= 20:
            lines.append(f"... and {len(self.errors) - 20} more")
        self.args = ("\n".join(lines),)


class BadArgument(SceneKGError):
    """A query argument is out of range; `parameter` names it (the API answers 422)."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")


class LookupFailed(SceneKGError):
    """An entity reference could not be resolved to exactly one entity."""


class NotFound(LookupFailed):
    """No entity matches; `suggestions` holds close names for the user."""

    def __init__(self, ref: str, suggestions: Sequence[str] = ()) -> None:
        self.ref = ref
        self.suggestions = list(suggestions)
        hint = f" (did you mean: {', '.join(self.suggestions)})" if self.suggestions else ""
        super().__init__(f"no entity matches '{ref}'{hint}")


class Ambiguous(LookupFailed):
    """Several entities match; `candidates` lists their ids so the user can choose."""

    def __init__(self, ref: str, candidates: Sequence[str]) -> None:
        self.ref = ref
        self.candidates = list(candidates)
        super().__init__(f"'{ref}' matches several entities: {', '.join(self.candidates)}")
