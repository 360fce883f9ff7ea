"""Read the opportunity lists (机会清单) and capability lists (能力清单) cities publish, as CSV
or XLSX, into a batch.

Reading (`list_reading`), the header vocabulary (`list_columns`, `list_header`) and cell values
(`list_values`) live beside this module; here each row becomes an entry and its relationships.
References (technologies, city, releasing initiative) may be ids or names; they must name
entities the graph or the same load knows, except the enterprise behind a capability, which the
list itself introduces when nobody knows it yet. Every problem of every row is collected, format
and references together, so one run tells the user everything to fix. Each file (each sheet of
a workbook) becomes a Source, and each row cites it as `#row<N>`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from graph.errors import Ambiguous, InputError, InputErrors, LookupFailed, NotFound
from graph.schema import Label, RelType
from ingest.batch import GraphBatch, NodeRow, RelRow
from ingest.list_columns import CAPABILITIES, DOMAIN_VALUES, STATUS_VALUES
from ingest.list_header import Header, find_header
from ingest.list_reading import XLSX_SUFFIXES, Record, Table, is_blank, open_table
from ingest.list_sources import source_for
from ingest.list_values import budget, deadline, text
from ingest.suggest import Resolver
from model.dataset import Name, Source
from model.ids import make_id
from model.names import NameIndex
from model.textfile import read_bytes

LIST_SUFFIXES = frozenset({".csv", *XLSX_SUFFIXES})
_LIST_SPLIT = re.compile(r"\s*[;；、|，]\s*")
_NAME: TypeAdapter[str] = TypeAdapter(Name)
_PLACES = (Label.CITY, Label.DISTRICT, Label.PROVINCE)
_ADD_HINT = "to add one, load a YAML file with it beside the list (data/templates/README.md)"


def read_list(
    path: Path, names: NameIndex, source_name: str | None = None, sheet: str | None = None
) -> GraphBatch:
    """Validate every row of one list (of `sheet`, or the first, in a workbook); raise
    InputErrors naming file, sheet, row and column. `source_name` is the stable name of its
    Source (see `list_sources.source_for`)."""
    raw = read_bytes(path)
    table = open_table(path, raw, sheet)
    header, errors = find_header(table)
    source = source_for(path, raw, source_name, table.sheet)
    reader = _RowReader(table, header, Resolver(names), source, path.stem)
    reader.batch.nodes[Label.SOURCE][source.id] = NodeRow(
        source.id, source.properties(), source.sources, table.at()
    )
    data_rows = 0
    try:
        for record in table.records:
            if not record.is_blank():
                data_rows += 1
                errors.extend(reader.add(record))
    except InputError as exc:  # the file cannot be read past a malformed record
        errors.append(exc)
    if data_rows == 0 and not errors:
        errors.append(InputError(table.at(header.row), "the file has a header but no data rows"))
    if errors:
        raise InputErrors(errors)
    return reader.batch


class _RowReader:
    """Turns the rows of one list into nodes and relationships of `batch`."""

    def __init__(self, table: Table, header: Header, resolver: Resolver, source: Source, stem: str) -> None:
        self.table, self.header, self.kind = table, header, header.kind
        self.resolver, self.source = resolver, source
        self.id_prefix = stem if table.sheet is None else f"{stem}-{table.sheet}"
        self.batch = GraphBatch(files=[table.file])
        self.seen: dict[str, int] = {}

    def add(self, record: Record) -> list[InputError]:
        """Every problem of one row; the row is added to the batch only when it has none."""
        if self.table.sheet is None and len(record.cells) != self.header.width:
            return [
                self._error(
                    record.row, None, f"has {len(record.cells)} fields, the header has {self.header.width}"
                )
            ]
        row, errors = self._cells(record)
        errors += [self._error(record.row, k, "required value is empty") for k in self._missing(row)]
        ident = self._ident(record.row, row, errors)
        # Checked even without a usable id, so every field's problem shows in this run.
        placeholder = make_id(self.kind.model.label, f"row{record.row}")
        entry = self._entry(record.row, ident or placeholder, row, errors)
        citation = f"{self.source.id}#row{record.row}"
        links = self._links(record.row, row, errors, citation)
        if errors or entry is None or ident is None:
            return errors
        where = self.table.at(record.row)
        self.batch.nodes[self.kind.model.label][ident] = NodeRow(ident, entry, [citation], where)
        for rel, start, end in links:
            key = (ident if start is None else start, ident if end is None else end)
            self.batch.rels[rel][key] = RelRow(*key, {}, [citation], where)
        return errors

    def _error(self, row: int, key: str | None, message: str) -> InputError:
        return InputError(self.table.at(row, self.header.written(key) if key else None), message)

    def _cells(self, record: Record) -> tuple[dict[str, Any], list[InputError]]:
        """The row's values by canonical key, converted by what each column holds."""
        row: dict[str, Any] = {}
        errors: list[InputError] = []
        for index, (column, _) in self.header.columns.items():
            cell = record.cells[index] if index < len(record.cells) else None
            try:
                if column.key == "budget":
                    row["budget"] = budget(cell, column.unit)
                elif column.key == "deadline":
                    row["deadline"] = deadline(cell)
                else:
                    row[column.key] = text(cell)
            except ValueError as exc:
                errors.append(self._error(record.row, column.key, str(exc)))
        for index, cell in enumerate(record.cells):
            if not self.header.names(index) and not is_blank(cell):
                errors.append(
                    InputError(
                        self.table.at(record.row), f"a value in column {index + 1}, which has no header"
                    )
                )
        return row, errors

    def _missing(self, row: dict[str, Any]) -> list[str]:
        """Required columns the file has but this row leaves empty; 序号 stands in for the id."""
        missing = [k for k in self.kind.required if k != "id" and self.header.has(k) and not row.get(k)]
        if not row.get("id") and not row.get("seq") and (self.header.has("id") or self.header.has("seq")):
            missing.insert(0, "id" if self.header.has("id") else "seq")
        return missing

    def _ident(self, line: int, row: dict[str, Any], errors: list[InputError]) -> str | None:
        """The entry's id: the list's own 编号 (id), else its 序号 within this file."""
        key = row.get("id") or (f"{self.id_prefix}-{row['seq']}" if row.get("seq") else "")
        if not key:
            return None
        try:
            ident = make_id(self.kind.model.label, key)
        except ValueError as exc:
            errors.append(self._error(line, "id" if row.get("id") else "seq", str(exc)))
            return None
        if ident in self.seen:
            column = "id" if row.get("id") else "seq"
            errors.append(self._error(line, column, f"id '{key}' was already used on row {self.seen[ident]}"))
            return None
        self.seen[ident] = line
        return ident

    def _entry(
        self, line: int, ident: str, row: dict[str, Any], errors: list[InputError]
    ) -> dict[str, Any] | None:
        """The entry's node properties, validated by the model; problems go to `errors`."""
        fields: dict[str, Any] = {
            k: row[k] for k in ("name_zh", "name_en", "description", "demand_unit") if row.get(k)
        }
        fields.setdefault("name_en", row.get("name_zh"))
        for key, values in (("domain", DOMAIN_VALUES), ("status", STATUS_VALUES)):
            if row.get(key):
                fields[key] = values.get(row[key], row[key])
        if row.get("deadline"):
            fields["deadline"] = row["deadline"]
        if row.get("budget") is not None:
            stated = row["budget"]
            fields.update(budget_cny=stated.yuan, budget_value=stated.value, budget_unit=stated.unit)
        # The list's own number (HF-2025-017) is how its readers name the entry: an alias, so
        # `show`, `search` and `match` all find it by that number.
        own = [row["id"]] if row.get("id") else []
        fields["aliases"] = own + [a for a in _LIST_SPLIT.split(row.get("aliases", "")) if a and a not in own]
        try:
            entry = self.kind.model.model_validate(
                {"id": ident, "sources": [f"{self.source.id}#row{line}"], **fields}
            )
        except ValidationError as exc:
            # A budget too large fails budget_cny and budget_value alike: one problem of one column.
            problems = {
                (_column_of(e["loc"]), e["msg"] + _in_chinese(e["loc"])): None
                for e in exc.errors()
                if e["type"] != "missing"
            }
            errors.extend(self._error(line, column, message) for column, message in problems)
            return None
        return entry.properties()

    def _links(
        self, line: int, row: dict[str, Any], errors: list[InputError], citation: str
    ) -> list[tuple[RelType, str | None, str | None]]:
        """The row's relationships (None stands for the entry itself); unknown names go to `errors`."""
        wanted: list[tuple[str, str, tuple[Label, ...], RelType, bool]] = [
            (self.kind.tech_column, t, (Label.TECHNOLOGY,), self.kind.tech_rel, True)
            for t in _LIST_SPLIT.split(row.get(self.kind.tech_column, ""))
            if t
        ]
        if row.get("city"):
            wanted.append(("city", row["city"], _PLACES, RelType.LOCATED_IN, True))
        if row.get("released_by"):
            wanted.append(("released_by", row["released_by"], (Label.INITIATIVE,), RelType.RELEASED, False))
        links: list[tuple[RelType, str | None, str | None]] = []
        for key, ref, labels, rel, outgoing in wanted:
            try:
                target = self.resolver.resolve(ref, labels)
            except LookupFailed as exc:
                errors.append(self._error(line, key, _unknown(labels, exc)))
                continue
            links.append((rel, None, target) if outgoing else (rel, target, None))
        if self.kind is CAPABILITIES and row.get("enterprise"):
            enterprise = self._enterprise(line, row, errors, citation)
            if enterprise is not None:
                links.append((RelType.OFFERED_BY, None, enterprise))
        return links

    def _enterprise(
        self, line: int, row: dict[str, Any], errors: list[InputError], citation: str
    ) -> str | None:
        """The enterprise behind a capability: an existing one, or a new node the list introduces."""
        names = self.resolver.names
        try:
            return names.resolve(row["enterprise"], Label.ENTERPRISE)
        except NotFound:
            pass
        except LookupFailed as exc:
            errors.append(self._error(line, "enterprise", str(exc)))
            return None
        bad = [(k, m) for k in ("enterprise", "enterprise_en") if row.get(k) and (m := _name_problem(row[k]))]
        if bad:
            errors.extend(self._error(line, k, m) for k, m in bad)
            return None
        ident = make_id(Label.ENTERPRISE, row["enterprise"])
        props = {"name_zh": row["enterprise"], "name_en": row.get("enterprise_en") or row["enterprise"]}
        known = self.batch.nodes[Label.ENTERPRISE].get(ident)
        if known is None:
            self.batch.nodes[Label.ENTERPRISE][ident] = NodeRow(ident, props, [citation], self.table.at(line))
        elif citation not in known.sources:
            known.sources.append(citation)
        names.add(ident, props.values())
        return ident


def _name_problem(value: str) -> str | None:
    """Why `value` cannot be a new node's name (checked as any name is), or None."""
    try:
        _NAME.validate_python(value)
    except ValidationError as exc:
        return str(exc.errors()[0]["msg"])
    return None


def _column_of(loc: tuple[int | str, ...]) -> str:
    """The list column a model field comes from (every budget field from the budget column)."""
    first = str(loc[0]) if loc else ""
    key = "budget" if first.startswith("budget_") else first
    return ".".join([key, *map(str, loc[1:])])


def _in_chinese(loc: tuple[int | str, ...]) -> str:
    """For a refused domain or status, the Chinese values a list may also write."""
    values = {"domain": DOMAIN_VALUES, "status": STATUS_VALUES}.get(str(loc[0]) if loc else "")
    return f" (or in Chinese: {'、'.join(values)})" if values else ""


def _unknown(labels: tuple[Label, ...], exc: LookupFailed) -> str:
    what = "place" if labels == _PLACES else labels[0].value.lower()
    if isinstance(exc, Ambiguous):
        return f"unknown or ambiguous {what}: {exc}; write the id of the one meant"
    hint = f"; {_ADD_HINT}" if labels[0] in (Label.TECHNOLOGY, *_PLACES) else ""
    return f"unknown or ambiguous {what}: {exc}{hint}"
