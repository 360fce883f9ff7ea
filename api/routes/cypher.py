"""POST /cypher: read-only Cypher for analysts, off unless SCENEKG_API_KEY is set.

What makes it read-only lives in `graph.readonly`: a database account that may only read, a
keyword screen that tokenises like Cypher, a transaction always rolled back, and a refusal
(with the graph's revision bumped) of any result whose counters show an update.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field, JsonValue, field_validator

from api.deps import ApiSettingsDep, ExpensiveSlot, RequireApiKey, StoreDep
from api.routes import ErrorBody
from graph import readonly
from graph.errors import QueryError, RefusedQuery
from graph.store import GraphStore

router = APIRouter(tags=["analysts"])
# Measured on the embedded server (1 GB heap): 8,000 characters of `-->()` hops plan and run in
# 0.2 s; three 50 KB ones ran it out of memory while parsing, before any time limit applies.
MAX_QUERY_CHARS = 8000


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
    """Run `query` through `graph.readonly`; a refused query or one the database refused is 400."""
    try:
        answer = readonly.run(store, query, parameters, row_cap, timeout)
    except RefusedQuery as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"refused: {exc}; /cypher is read-only") from exc
    except QueryError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, f"the database refused the query: {exc}") from exc
    return CypherResult(columns=answer.columns, rows=answer.rows, truncated=answer.truncated, row_cap=row_cap)


@router.post(
    "/cypher",
    response_model=CypherResult,
    dependencies=[RequireApiKey, ExpensiveSlot],
    summary="Run read-only Cypher (analysts, with an API key)",
    description="Off (404) unless the server has SCENEKG_API_KEY set; send it as `X-API-Key`. "
    "It runs as a database account that may only read; writes, schema and admin commands are "
    "refused (400), whether caught by keyword before the run or by the result's update counters "
    "after it; the transaction is always rolled back. At most "
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
    return run_read_only(store, body.query, body.parameters, settings.cypher_row_cap, settings.cypher_timeout)
