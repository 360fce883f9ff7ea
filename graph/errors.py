"""The one exception tree of scenekg; every layer raises these and nothing else.

    SceneKGError
    ├── ConfigError            settings that cannot work (bad URI, unreadable secret)
    ├── StoreError             the database did not do what was asked
    │   ├── ServerStartError   the embedded server (JVM) could not start
    │   ├── UnavailableError   no server answers at the configured address       (retryable)
    │   ├── BusyError          the server has no free query slot right now       (retryable)
    │   ├── DiskFullError      the server could not write: its disk is full
    │   └── QueryError         a query failed on the server (constraint, syntax)
    │       ├── QueryTimeout   the server stopped a query at its time limit
    │       ├── ConflictError  a concurrent write touched the same records   (retryable)
    │       └── RefusedQuery   /cypher will not run or answer it (a write, unreadable)
    ├── InputError             a file to load is wrong: carries file, row and field
    │   └── InputErrors        several InputError at once, so a user fixes a file in one go
    ├── BadArgument            a query was asked with an argument out of range
    └── LookupFailed           an entity reference matched nothing, or more than one entity
        ├── NotFound
        └── Ambiguous

Driver exceptions are mapped into this tree by one table (`graph.driver_errors`), used at one
place (`graph.store.mapped_errors`). `retryable` says whether running the same work again may
succeed; only a caller that can redo its whole unit of work (the loader) retries.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


def printable(text: str) -> str:
    """`text` with control characters (but newline and tab) written as `\\x1b`-style escapes,
    so a file name or argument quoted in a message cannot drive the terminal that shows it."""
    return "".join(
        f"\\x{ord(ch):02x}" if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in text
    )


class SceneKGError(Exception):
    """Root of every error scenekg raises on purpose."""


class ConfigError(SceneKGError):
    """Settings are missing or contradict each other."""


class StoreError(SceneKGError):
    """The graph store failed."""

    retryable = False


class ServerStartError(StoreError):
    """The embedded ArcadeDB server did not come up."""


class UnavailableError(StoreError):
    """Nothing answers at the configured database address."""

    retryable = True


class BusyError(StoreError):
    """Every query slot of the server is taken and the wait for one ran out."""

    retryable = True


class DiskFullError(StoreError):
    """The server could not write its files: no space left on its disk."""


class QueryError(StoreError):
    """The server refused or failed a query."""


class QueryTimeout(QueryError):
    """The server stopped a query that ran past its time limit."""


class ConflictError(QueryError):
    """Another transaction changed or created the same records at the same time; redoing the
    work after looking at the graph again succeeds."""

    retryable = True


class RefusedQuery(QueryError):
    """A query the read-only endpoint will not run or answer: it may write, or cannot be read."""


@dataclass(frozen=True)
class Location:
    """Where in an input file a problem sits; row is 1-based (a CSV line, a YAML line or a
    spreadsheet row), `sheet` names the worksheet of a spreadsheet and `field` the column or key."""

    file: str
    row: int | None = None
    field: str | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        parts = [printable(self.file)]
        if self.sheet is not None:
            parts.append(f"sheet '{printable(self.sheet)}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(f"field '{printable(self.field)}'")
        return ", ".join(parts)


class InputError(SceneKGError):
    """One problem in an input file, located by file, row and field."""

    def __init__(self, location: Location, message: str) -> None:
        self.location = location
        self.message = message
        super().__init__(f"{location}: {message}")


# Problems shown of one refused load; the rest are counted ("... and 812 more").
MAX_SHOWN_ERRORS = 100


class InputErrors(InputError):
    """All problems found in one pass over the input; nothing was written."""

    def __init__(self, errors: Sequence[InputError]) -> None:
        if not errors:
            raise ValueError("InputErrors needs at least one error")
        self.errors = list(errors)
        first = self.errors[0]
        super().__init__(first.location, first.message)
        self.args = ("\n".join(self.shown()),)

    def shown(self) -> list[str]:
        """The first MAX_SHOWN_ERRORS problems, one a line, then how many more there are."""
        lines = [str(e) for e in self.errors[:MAX_SHOWN_ERRORS]]
        if len(self.errors) > MAX_SHOWN_ERRORS:
            lines.append(f"... and {len(self.errors) - MAX_SHOWN_ERRORS} more")
        return lines


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
