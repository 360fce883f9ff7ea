"""Find a list's header row and map its headers (Chinese or English) to canonical columns.

Published spreadsheets often open with a title merged across the columns (合肥市2026年场景
机会清单) and a blank row; the header is the first row that names a technology column
(技术需求 / needs, 技术能力 / offers). Everything above it is skipped. Header problems are
returned, not raised, so the rows are still checked and a user sees every problem at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph.errors import InputError
from ingest.list_columns import Column, ListKind, fold_header, is_ignored, kinds_named
from ingest.list_reading import Record, Table
from ingest.list_values import text

# Non-blank rows above the header a file may have (titles, notes) before it is refused.
MAX_ROWS_ABOVE_HEADER = 10


@dataclass(frozen=True)
class Header:
    """The header row: its kind, where it sits, and for each used cell position its column and
    the header as the file writes it (errors name the column as the user sees it)."""

    kind: ListKind
    row: int
    headers: tuple[str, ...]
    columns: dict[int, tuple[Column, str]]

    @property
    def width(self) -> int:
        return len(self.headers)

    def names(self, index: int) -> bool:
        """Whether the cell position `index` has a header (used, ignored or unknown)."""
        return index < len(self.headers) and bool(self.headers[index])

    def written(self, key: str) -> str:
        """The header the file uses for `key`, or the key itself when the file has none."""
        return next((w for c, w in self.columns.values() if c.key == key), key)

    def has(self, key: str) -> bool:
        return any(c.key == key for c, _ in self.columns.values())


def find_header(table: Table) -> tuple[Header, list[InputError]]:
    """Read `table` up to and including its header row; the header and its problems."""
    first: int | None = None
    for seen, record in enumerate(_non_blank(table.records)):
        first = record.row if first is None else first
        headers = [_header_text(c) for c in record.cells]
        kinds = kinds_named(headers)
        if len(kinds) == 1:
            return _mapped(table, record.row, kinds[0], headers)
        if kinds or seen >= MAX_ROWS_ABOVE_HEADER:
            break
    raise InputError(
        table.at(first if first is not None else 1),
        "the header must have a 'needs' column (技术需求; an opportunity list) or an 'offers' "
        "column (技术能力; a capability list), not both or neither",
    )


def _non_blank(records: Iterator[Record]) -> Iterator[Record]:
    return (r for r in records if not r.is_blank())


def _header_text(cell: object) -> str:
    try:
        return text(cell)  # type: ignore[arg-type]
    except ValueError:
        return str(cell)


def _mapped(table: Table, row: int, kind: ListKind, headers: list[str]) -> tuple[Header, list[InputError]]:
    columns: dict[int, tuple[Column, str]] = {}
    errors: list[InputError] = []
    for index, written in enumerate(headers):
        if not written or is_ignored(written):
            continue
        column = kind.column(written)
        if column is None:
            errors.append(InputError(table.at(row, written), _unknown(kind, written)))
            continue
        twin = next((w for c, w in columns.values() if c.key == column.key), None)
        if twin is not None:
            message = "column appears twice" + (f" (also as '{twin}')" if twin != written else "")
            errors.append(InputError(table.at(row, written), message))
            continue
        columns[index] = (column, written)
    header = Header(kind, row, tuple(headers), columns)
    for key in kind.required:
        if not header.has(key) and not (key == "id" and header.has("seq")):
            also = " or 序号" if key == "id" else ""
            accepted = ", ".join(kind.headers_for(key))
            errors.append(InputError(table.at(row, key), f"required column is missing ({accepted}{also})"))
    return header, errors


def _unknown(kind: ListKind, written: str) -> str:
    known = [h for c in kind.columns for h in c.headers]
    close = process.extract(
        fold_header(written), known, scorer=fuzz.ratio, processor=fold_header, limit=3, score_cutoff=50
    )
    hint = f"; closest known: {', '.join(h for h, _, _ in close)}" if close else ""
    return f"unknown column{hint} (data/templates/README.md lists every header)"
