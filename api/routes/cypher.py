"""POST /cypher: read-only Cypher for analysts, off unless SCENEKG_API_KEY is set.

The embedded server does not enforce READ access mode (a write in a read session succeeds),
so reads are guarded three times:

1. `written_by` refuses keywords that write or change the schema before anything runs. It
   blanks comments, strings and backtick-quoted names first, so a `CREATE` hidden after a
   comment or in lower case is found, while `WHERE n.name = 'Create'` is not refused. It is a
   first line only, and errs on the side of refusing (a variable named `set` is refused too).
2. The query runs in an explicit transaction of a READ session that is always rolled back.
3. A result whose summary counters show any update is refused.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Mapping

from fastapi import APIRouter, HTTPException, status
from neo4j.graph import Node, Path, Relationship
from neo4j.spatial import Point
from neo4j.time import Date, DateTime, Duration, Time
from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator

from api.deps import ApiSettingsDep, ExpensiveSlot, RequireApiKey, StoreDep
from api.routes import ErrorBody
from graph.errors import QueryError
from graph.store import GraphStore

router = APIRouter(tags=["analysts"])
# Measured on the embedded server (1 GB heap): 8,000 characters of `-->()` hops plan and run in
# 0.2 s; three 50 KB ones ran it out of memory while parsing, before any time limit applies.
MAX_QUERY_CHARS = 8000

# Strings, quoted names and comments, in the order Cypher's lexer would meet them.
_LEXEMES = re.compile(
    r"""'(?:[^'\\]|\\.)*'
      | "(?:[^"\\]|\\.)*"
      | `(?:[^`]|``)*`
      | //[^\n]*
      | /\*.*?\*/""",
    re.DOTALL | re.VERBOSE,
)
# Clauses and commands that write data, change the schema or administer the server. Preceded by
# `.` or `$` the word is a property key or parameter name, not a clause.
_WRITE_WORDS = re.compile(
    r"""(?<![\w.$])
    ( CREATE | MERGE | SET | DELETE | DETACH | REMOVE | DROP | FOREACH | ALTER | RENAME
    | GRANT | DENY | REVOKE | TERMINATE | (?:START|STOP) \s+ DATABASE | ENABLE \s+ SERVER
    | (?:DE|RE)ALLOCATE \s+ DATABASES? | LOAD \s+ CSV | TRANSACTIONS | USE \s+ \w+ )
    (?!\w)""",
    re.IGNORECASE | re.VERBOSE,
)
_PROCEDURE = re.compile(r"(?<![\w.$])CALL\s+([\w.]+)", re.IGNORECASE)
READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "db.info",
        "db.ping",
        "dbms.components",
    }
)


def _blank(match: re.Match[str]) -> str:
    text = match.group(0)
    if text.startswith(("//", "/*")):
        return " "
    return "''" if text[0] in "'\"" else "_"


def written_by(query: str) -> str | None:
    """The first word of `query` that could write or change the schema, or None.

    >>> written_by("MATCH (c:City) // CREATE nothing\\nRETURN c.name_zh AS name, 'SET' AS word")
    >>> written_by("MATCH (c) /* read */ detach delete c")
    'detach'
    >>> written_by("CALL db.labels() YIELD label RETURN label")
    >>> written_by("CALL db.createLabel('X')")
    'CALL db.createLabel'
    """
    code = _LEXEMES.sub(_blank, query)
    found = _WRITE_WORDS.search(code)
    if found:
        return " ".join(found.group(1).split())
    for call in _PROCEDURE.finditer(code):
        if call.group(1).casefold() not in READ_PROCEDURES:
            return f"CALL {call.group(1)}"
    return None


def to_json(value: object) -> JsonValue:
    """A driver value as JSON: nodes, relationships and paths become their labels or type and
    properties, keyed by the model's own `id`, never the server's element ids."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, Node):
        return {"labels": [label for label in sorted(value.labels)], "properties": to_json(dict(value))}
    if isinstance(value, Relationship):
        start, end = value.start_node, value.end_node
        return {
            "type": value.type,
            "start": start.get("id") if start is not None else None,
            "end": end.get("id") if end is not None else None,
            "properties": to_json(dict(value)),
        }
    if isinstance(value, Path):
        return {"nodes": [to_json(n) for n in value.nodes], "relationships": [to_json(r) for r in value]}
    if isinstance(value, Point):
        return {"srid": value.srid, "coordinates": [to_json(c) for c in value]}
    if isinstance(value, Date | Time | DateTime | Duration):
        return value.iso_format()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Mapping):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return str(value)


class CypherQuery(BaseModel):
    """A read-only Cypher query and its `$parameters`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "example": {
                "query": "MATCH (c:City)<-[:LOCATED_IN]-(s:Scenario) WHERE c.id = $city "
                "RETURN s.id AS id, s.name_zh AS name ORDER BY id",
                "parameters": {"city": "city:hefei"},
            }
        },
    )
    query: str = Field(
        min_length=1,
        max_length=MAX_QUERY_CHARS,
        description="Cypher; values as `$parameters`, never pasted in",
    )
    parameters: dict[str, JsonValue] = Field(default_factory=dict)

    @field_validator("parameters")
    @classmethod
    def _fits_bolt(cls, value: dict[str, JsonValue]) -> dict[str, JsonValue]:
        _check_bolt_value(value, "parameters")
        return value


_INT64 = range(-(2**63), 2**63)


def _check_bolt_value(value: JsonValue, where: str) -> None:
    """Bolt carries 64-bit integers and UTF-8 text only: refuse anything else as bad input here,
    rather than let the driver fail on it."""
    if isinstance(value, bool | float) or value is None:
        return
    if isinstance(value, int):
        if value not in _INT64:
            raise ValueError(f"{where}: integer outside the 64-bit range")
    elif isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{where}: text that is not valid Unicode") from None
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_bolt_value(item, f"{where}[{index}]")
    else:
        for key, item in value.items():
            _check_bolt_value(key, f"{where} key")
            _check_bolt_value(item, f"{where}.{key}")


class CypherResult(BaseModel):
    """Rows as column -> value; at most `row_cap` of them."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "columns": ["id", "name"],
                "rows": [
                    {"id": "scenario:hefei-quantum-encryption-government", "name": "量子加密政务应用"},
                ],
                "truncated": False,
                "row_cap": 1000,
            }
        }
    )
    columns: list[str]
    rows: list[dict[str, JsonValue]]
    truncated: bool = Field(description="True when the query had more rows than `row_cap`; the rest is cut")
    row_cap: int


def run_read_only(
    store: GraphStore, query: str, parameters: Mapping[str, JsonValue], row_cap: int, timeout: float
) -> CypherResult:
    """Run `query` in a READ session's transaction that is always rolled back; 400 if its counters
    show an update. Neo4j aborts the transaction after `timeout` seconds; the embedded ArcadeDB
    ignores a per-transaction timeout (`store.dialect` says so), so there only the row cap and the
    server's own `arcadedb.command.timeout` bound the work."""
    limit = timeout if store.dialect.honours_transaction_timeout else None
    with store.rolled_back(limit) as tx:
        result = tx.run(query, dict(parameters))
        columns = list(result.keys())
        rows: list[dict[str, JsonValue]] = []
        truncated = False
        for record in result:
            if len(rows) == row_cap:
                truncated = True
                break
            rows.append({key: to_json(record[key]) for key in columns})
        counters = result.consume().counters
    if counters.contains_updates or counters.contains_system_updates:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "refused: the query changed the graph (rolled back)")
    return CypherResult(columns=columns, rows=rows, truncated=truncated, row_cap=row_cap)


@router.post(
    "/cypher",
    response_model=CypherResult,
    dependencies=[RequireApiKey, ExpensiveSlot],
    summary="Run read-only Cypher (analysts, with an API key)",
    description="Off (404) unless the server has SCENEKG_API_KEY set; send it as `X-API-Key`. "
    "Writes and schema commands are refused (400), whether caught by keyword before the run or by "
    "the result's update counters after it; the transaction is always rolled back. At most "
    "`row_cap` rows come back (`truncated` tells), bodies over 64 KiB get 413, a query over "
    f"{MAX_QUERY_CHARS} characters 422. The database stops a query after SCENEKG_QUERY_TIMEOUT (400); "
    "when SCENEKG_EXPENSIVE_SLOTS of these and /paths searches already run, another waits a second "
    "for one to end, then gets 503.",
    responses={
        400: {"model": ErrorBody, "description": "A write, a schema command, or Cypher the server refused"},
        401: {"model": ErrorBody, "description": "No X-API-Key header"},
        403: {"model": ErrorBody, "description": "Wrong API key"},
        404: {"model": ErrorBody, "description": "The endpoint is off: no API key is configured"},
        413: {"model": ErrorBody, "description": "Request body too large"},
        503: {"model": ErrorBody, "description": "Busy (the expensive slots are taken) or no database"},
    },
)
def run_cypher(body: CypherQuery, store: StoreDep, settings: ApiSettingsDep) -> CypherResult:
    word = written_by(body.query)
    if word is not None:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"refused: '{word}' may write or change the schema; /cypher is read-only",
        )
    try:
        return run_read_only(
            store, body.query, body.parameters, settings.cypher_row_cap, settings.cypher_timeout
        )
    except QueryError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"the database refused the query: {exc}") from exc
