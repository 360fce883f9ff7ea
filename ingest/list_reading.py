"""Read a list file (CSV or XLSX) as records of cells, each with the row it sits on.

Both formats end here as the same shape, so header mapping and row checks do not care which
one they got. A CSV record's row is the line it starts on (the csv module, not `splitlines`,
decides where a record ends, so a quoted value keeps its line breaks); an XLSX record's row is
the spreadsheet's row number, read with openpyxl in read-only mode (rows stream, nothing is
evaluated: a formula cell gives the value Excel last saved).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

from graph.errors import InputError, Location
from model.textfile import decode_text

Cell = str | int | float | bool | datetime | date | time | timedelta | None
XLSX_SUFFIXES = frozenset({".xlsx"})
# What a damaged workbook raises from inside openpyxl while it is opened or streamed.
_BROKEN_XLSX = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, ParseError, EOFError)


@dataclass(frozen=True)
class Record:
    row: int
    cells: tuple[Cell, ...]

    def is_blank(self) -> bool:
        return all(is_blank(c) for c in self.cells)


def is_blank(cell: Cell) -> bool:
    """Whether a cell holds nothing (empty, or only spaces)."""
    return cell is None or (isinstance(cell, str) and not cell.strip())


@dataclass(frozen=True)
class Table:
    """The records of one list file (or one sheet of a workbook) and where they come from."""

    file: str
    sheet: str | None
    records: Iterator[Record]

    def at(self, row: int | None = None, field: str | None = None) -> Location:
        return Location(self.file, row, field, self.sheet)


def open_table(path: Path, raw: bytes, sheet: str | None = None) -> Table:
    """The records of a CSV file, or of one sheet of an XLSX workbook (`sheet`, or the first);
    `raw` is the file's bytes."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _xlsx_table(path, raw, sheet)
    name = str(path)
    text = decode_text(raw, path)
    if not text.strip():
        raise InputError(Location(name), "the file is empty; expected a header row and data rows")
    return Table(name, None, _csv_records(text, name))


def _csv_records(text: str, name: str) -> Iterator[Record]:
    """Each CSV record with the line it starts on; a stray or unclosed quote, or a field over
    the csv module's size limit, is refused at its record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(Location(name, start), f"not valid CSV: {exc}") from None
        yield Record(start, tuple(values))
        start = reader.line_num + 1


def _xlsx_table(path: Path, raw: bytes, sheet: str | None) -> Table:
    name = str(path)
    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except _BROKEN_XLSX as exc:
        raise InputError(
            Location(name),
            f"not a readable .xlsx workbook ({type(exc).__name__}: {exc}); save it again as .xlsx",
        ) from None
    sheets = [ws.title for ws in book.worksheets]  # chart sheets hold no rows
    if not sheets or (sheet is not None and sheet not in sheets):
        book.close()
        wanted = f"no sheet '{sheet}'" if sheet is not None else "no worksheet"
        raise InputError(Location(name), f"has {wanted} (its sheets: {', '.join(sheets) or 'none'})")
    chosen = sheet if sheet is not None else sheets[0]
    return Table(name, chosen, _xlsx_records(book, chosen, name))


def _xlsx_records(book: Workbook, sheet: str, name: str) -> Iterator[Record]:
    """The sheet's rows, numbered as Excel shows them (openpyxl fills gaps with empty rows);
    the workbook is closed when the rows are done or abandoned."""
    row = 0
    try:
        for row, values in enumerate(book[sheet].iter_rows(values_only=True), start=1):
            yield Record(row, tuple(map(_plain, values)))
    except _BROKEN_XLSX as exc:
        raise InputError(
            Location(name, row + 1, None, sheet), f"the sheet cannot be read past here ({exc})"
        ) from None
    finally:
        book.close()


def _plain(value: object) -> Cell:
    """A cell value as one of the types a list knows; anything rarer (a Decimal) as its text."""
    if value is None or isinstance(value, (str, int, float, datetime, date, time, timedelta)):
        return value
    return str(value)
