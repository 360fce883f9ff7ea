"""Read the opportunity lists (机会清单) and capability lists (能力清单) cities publish, as CSV.

The kind of list is told by its header: a `needs` column makes an opportunity list, an
`offers` column a capability list. References (technologies, city, releasing initiative)
may be ids or names; they must name entities that exist, except the enterprise behind a
capability, which the list itself introduces when the graph does not know it yet. Each
file becomes a Source, and each row cites it as `#row<N>` (N = the line in the file).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from graph import cypher
from graph.errors import Ambiguous, InputError, InputErrors, Location, LookupFailed, NotFound
from graph.schema import Label, RelType
from graph.store import GraphStore
from ingest.batch import GraphBatch, NodeRow, RelRow
from model.dataset import Capability, Name, Opportunity, Source
from model.ids import make_id
from model.names import NameIndex
from model.textfile import decode_text, read_bytes

_SOURCE_FILES = cypher.load(__file__, "source_files")
_LIST_SPLIT = re.compile(r"\s*[;；、|]\s*")
_NAME: TypeAdapter[str] = TypeAdapter(Name)


@dataclass(frozen=True)
class ListKind:
    model: type[Opportunity] | type[Capability]
    tech_column: str
    tech_rel: RelType
    required: tuple[str, ...]
    optional: tuple[str, ...]


OPPORTUNITIES = ListKind(
    Opportunity,
    "needs",
    RelType.NEEDS,
    required=("id", "name_zh", "city", "needs"),
    optional=(
        "name_en",
        "aliases",
        "description",
        "released_by",
        "domain",
        "status",
        "budget_cny",
        "deadline",
    ),
)
CAPABILITIES = ListKind(
    Capability,
    "offers",
    RelType.OFFERS,
    required=("id", "name_zh", "enterprise", "offers"),
    optional=(
        "name_en",
        "aliases",
        "description",
        "enterprise_en",
        "city",
        "released_by",
        "domain",
        "status",
    ),
)


def list_kind(header: list[str], where: Location) -> ListKind:
    if "needs" in header and "offers" not in header:
        return OPPORTUNITIES
    if "offers" in header and "needs" not in header:
        return CAPABILITIES
    raise InputError(
        where,
        "the header must have a 'needs' column (opportunity list) or an 'offers' column "
        "(capability list), not both or neither",
    )


def source_for(path: Path, raw: bytes, name: str | None = None) -> Source:
    """The Source of the list in `path` (whose bytes are `raw`). Its id is the stable `name` the
    user gave (`--source`), or else the file name with a digest of the name and the content:
    `a/list.csv` and `b/List.csv` never share a Source, nor do two versions of one list, whose
    row numbers point at different rows."""
    digest = hashlib.sha256(path.name.encode("utf-8") + b"\0" + raw).hexdigest()
    key = f"csv-{name}" if name is not None else f"csv-{path.stem[:80]}-{digest[:12]}"
    return Source(
        id=make_id(Label.SOURCE, key),
        title=path.name,
        kind="csv",
        file=path.name,
        sha256=digest,
        locator_scheme="rowN = line N of the CSV file (the header is line 1)",
    )


def check_sources(store: GraphStore, batch: GraphBatch, named: bool) -> None:
    """Refuse a list whose Source id the graph already gives to another file: loading it would
    rewrite that Source and make its citations point at rows of a different file. With a
    `--source` name (`named`) a new version of the same file keeps the id; without one, the id
    holds the content's digest, so any difference is a clash."""
    rows = batch.nodes.get(Label.SOURCE, {})
    listed = [ident for ident, row in rows.items() if row.props.get("kind") == "csv"]
    errors: list[InputError] = []
    for known in store.read(_SOURCE_FILES, {"ids": listed}) if listed else []:
        row = rows[known["id"]]
        new_file, new_digest = row.props.get("file"), row.props.get("sha256")
        if known["file"] == new_file and (named or known["sha256"] in (None, new_digest)):
            continue
        errors.append(
            InputError(
                row.where,
                f"{known['id']} is already the Source of '{known['file']}' (sha256 {known['sha256']}); "
                f"loading '{new_file}' under the same id would rewrite it: give this list its own "
                "name with --source",
            )
        )
    if errors:
        raise InputErrors(errors)


def read_list(path: Path, names: NameIndex, source_name: str | None = None) -> GraphBatch:
    """Validate every row of one list; raise InputErrors naming file, row and column.
    `source_name` is the stable name of its Source (see `source_for`)."""
    name = str(path)
    raw = read_bytes(path)
    text = decode_text(raw, path)
    if not text.strip():
        raise InputError(Location(name), "the file is empty; expected a header row and data rows")
    records = _records(text, name)
    header = [column.strip() for column in next(records)[1]]
    kind = list_kind(header, Location(name, 1))
    _check_header(header, kind, name)
    source = source_for(path, raw, source_name)
    batch = GraphBatch(files=[name])
    batch.nodes[Label.SOURCE][source.id] = NodeRow(
        source.id, source.properties(), source.sources, Location(name)
    )
    errors: list[InputError] = []
    seen: dict[str, int] = {}
    data_rows = 0
    try:
        for line, values in records:
            if not any(v.strip() for v in values):
                continue
            data_rows += 1
            if len(values) != len(header):
                errors.append(
                    InputError(
                        Location(name, line), f"has {len(values)} fields, the header has {len(header)}"
                    )
                )
                continue
            row = {column: value.strip() for column, value in zip(header, values, strict=True)}
            errors.extend(
                _add_row(batch, kind, row, Location(name, line), f"{source.id}#row{line}", names, seen)
            )
    except InputError as exc:  # the file cannot be read past a malformed record
        errors.append(exc)
    if data_rows == 0 and not errors:
        errors.append(InputError(Location(name, 1), "the file has a header but no data rows"))
    if errors:
        raise InputErrors(errors)
    return batch


def _records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on. The csv module, not `str.splitlines`, decides
    where a record ends, so a quoted value keeps its line breaks and any other character; a stray
    or unclosed quote, or a field over the csv module's size limit, is refused at its record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(Location(name, start), f"not valid CSV: {exc}") from None
        yield start, values
        start = reader.line_num + 1


def _check_header(header: list[str], kind: ListKind, name: str) -> None:
    errors = [
        InputError(Location(name, 1, column), "required column is missing")
        for column in kind.required
        if column not in header
    ]
    known = set(kind.required) | set(kind.optional)
    errors += [
        InputError(Location(name, 1, column), f"unknown column (known: {', '.join(sorted(known))})")
        for column in header
        if column not in known
    ]
    duplicates = {column for column in header if header.count(column) > 1}
    errors += [InputError(Location(name, 1, column), "column appears twice") for column in sorted(duplicates)]
    if errors:
        raise InputErrors(errors)


def _add_row(
    batch: GraphBatch,
    kind: ListKind,
    row: dict[str, str],
    where: Location,
    citation: str,
    names: NameIndex,
    seen: dict[str, int],
) -> list[InputError]:
    errors: list[InputError] = []
    for column in kind.required:
        if not row[column]:
            errors.append(InputError(Location(where.file, where.row, column), "required value is empty"))
    if errors:
        return errors
    ident = make_id(kind.model.label, row["id"])
    if ident in seen:
        return [
            InputError(
                Location(where.file, where.row, "id"),
                f"id '{row['id']}' was already used on row {seen[ident]}",
            )
        ]
    seen[ident] = where.row or 0
    fields: dict[str, Any] = {
        key: value
        for key, value in row.items()
        if value
        and key in {"name_zh", "name_en", "description", "domain", "status", "budget_cny", "deadline"}
    }
    fields.setdefault("name_en", row["name_zh"])
    fields["aliases"] = [a for a in _LIST_SPLIT.split(row.get("aliases", "")) if a]
    try:
        entry = kind.model.model_validate({"id": ident, "sources": [citation], **fields})
    except ValidationError as exc:
        return [
            InputError(Location(where.file, where.row, ".".join(map(str, e["loc"]))), e["msg"])
            for e in exc.errors()
        ]
    batch.nodes[kind.model.label][ident] = NodeRow(ident, entry.properties(), [citation], where)

    def link(rel: RelType, start: str, end: str) -> None:
        batch.rels[rel][(start, end)] = RelRow(start, end, {}, [citation], where)

    for tech in _LIST_SPLIT.split(row[kind.tech_column]):
        if tech:
            errors.extend(
                _linked(
                    names,
                    tech,
                    Label.TECHNOLOGY,
                    where,
                    kind.tech_column,
                    lambda target: link(kind.tech_rel, ident, target),
                )
            )
    if row.get("city"):
        errors.extend(
            _linked(
                names,
                row["city"],
                None,
                where,
                "city",
                lambda t: link(RelType.LOCATED_IN, ident, t),
                places=True,
            )
        )
    if row.get("released_by"):
        errors.extend(
            _linked(
                names,
                row["released_by"],
                Label.INITIATIVE,
                where,
                "released_by",
                lambda t: link(RelType.RELEASED, t, ident),
            )
        )
    if kind is CAPABILITIES:
        try:
            link(RelType.OFFERED_BY, ident, _enterprise(batch, names, row, where, citation))
        except Ambiguous as exc:
            errors.append(InputError(Location(where.file, where.row, "enterprise"), str(exc)))
        except InputError as exc:
            errors.append(exc)
    return errors


def _linked(
    names: NameIndex,
    ref: str,
    label: Label | None,
    where: Location,
    column: str,
    add: Any,
    places: bool = False,
) -> list[InputError]:
    labels = [Label.CITY, Label.DISTRICT, Label.PROVINCE] if places else [label]
    failures: list[LookupFailed] = []
    for candidate in labels:
        try:
            add(names.resolve(ref, candidate))
            return []
        except LookupFailed as exc:
            failures.append(exc)
    what = "place" if places else (label.value.lower() if label else "entity")
    reason = next((str(f) for f in failures if not str(f).startswith("no entity")), str(failures[0]))
    return [InputError(Location(where.file, where.row, column), f"unknown or ambiguous {what}: {reason}")]


def _enterprise(
    batch: GraphBatch, names: NameIndex, row: dict[str, str], where: Location, citation: str
) -> str:
    """The enterprise behind a capability: an existing one, or a new node the list introduces."""
    try:
        return names.resolve(row["enterprise"], Label.ENTERPRISE)
    except NotFound:
        for column in ("enterprise", "enterprise_en"):  # a new node's names, checked as any name is
            try:
                if row.get(column):
                    _NAME.validate_python(row[column])
            except ValidationError as exc:
                raise InputError(Location(where.file, where.row, column), exc.errors()[0]["msg"]) from None
        ident = make_id(Label.ENTERPRISE, row["enterprise"])
        props = {"name_zh": row["enterprise"], "name_en": row.get("enterprise_en") or row["enterprise"]}
        known = batch.nodes[Label.ENTERPRISE].get(ident)
        if known is None:
            batch.nodes[Label.ENTERPRISE][ident] = NodeRow(ident, props, [citation], where)
        elif citation not in known.sources:
            known.sources.append(citation)
        names.add(ident, props.values())
        return ident
