"""The HTTP API: `create_app()` builds it; nothing connects until the app starts.

The lifespan opens one GraphStore (starting the embedded server if needed) and closes it on
shutdown; handlers receive it as `api.deps.StoreDep`. scenekg's errors become HTTP answers
here, in one place: NotFound 404 with suggestions, Ambiguous 409 with candidates, a database
that does not answer 503, anything unexpected 500 with a generic body (details go to the log).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager, suppress
from importlib.metadata import version
from typing import Any

from anyio import CapacityLimiter
from fastapi import FastAPI, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import ApiSettings, get_api_settings
from api.hosts import HostCheck, allowed_hosts
from api.routes import (
    SERVER_ERRORS,
    AmbiguousBody,
    ErrorBody,
    NotFoundBody,
    WrongKindBody,
    cypher,
    docs,
    entities,
    health,
    matching,
    network,
    rdf,
    sources,
    views,
    workbench,
)
from graph import loads
from graph.errors import (
    Ambiguous,
    BadArgument,
    BusyError,
    ConfigError,
    DiskFullError,
    NotFound,
    QueryTimeout,
    SceneKGError,
    StoreError,
    WrongKind,
)
from graph.settings import Settings, get_settings
from graph.store import open_store
from model import cache
from queries.hub_refresh import refresh_hubs

log = logging.getLogger("scenekg.api")

TAGS = [
    {"name": "service", "description": "Health and what the graph holds"},
    {"name": "entities", "description": "Find entities by id, name or alias; profiles, neighbourhoods"},
    {"name": "network", "description": "Paths, similar cities, central actors and communities"},
    {"name": "matching", "description": "Technology diffusion; opportunities matched with offers"},
    {"name": "analysts", "description": "Read-only Cypher behind an API key"},
    {"name": "views", "description": "Interactive network views as self-contained HTML pages"},
    {"name": "export", "description": "The graph as RDF (Turtle, N-Triples, JSON-LD) for triple stores"},
    {"name": "sources", "description": "Retract a source, behind an API key"},
]
UNAVAILABLE = "the graph database is unavailable; try again later"
_STORE_WORDS: dict[type[StoreError], str] = {
    QueryTimeout: "the query ran past the database's time limit (SCENEKG_QUERY_TIMEOUT) and was stopped",
    BusyError: "the graph database is busy; try again shortly",
    DiskFullError: "the graph database cannot write: its disk is full",
}


def create_app(settings: Settings | None = None, api_settings: ApiSettings | None = None) -> FastAPI:
    """The API for the graph `settings` name (default: the environment's)."""
    graph_settings = settings or get_settings()
    config = api_settings or get_api_settings()
    cache.on_write(refresh_hubs)  # a load or retract keeps the hub profiles of its revision

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, object]]:
        # Opening may start the embedded server (seconds of JVM start-up): keep the loop free.
        store = await run_in_threadpool(open_store, graph_settings)
        with suppress(StoreError):  # a database down now is /health's to report
            await run_in_threadpool(loads.recover, store)  # what a killed load in parts left goes
        try:
            # One thread at most for health probes, however many pile up while the database is down.
            yield {"store": store, "probes": CapacityLimiter(1)}
        finally:
            store.close()

    # FastAPIOffline serves /docs and /redoc with the Swagger UI and ReDoc scripts its wheel
    # carries (under /docs-assets), so the documentation works on a network without a CDN.
    # (No ORJSONResponse: FastAPI serialises response models to bytes in pydantic-core already
    # and deprecates it.)
    app = FastAPIOffline(
        static_url=docs.ASSETS,
        redoc_url=None,  # our own, in api.routes.docs
        title="scenekg",
        version=version("scenekg"),
        summary="The knowledge graph of China's application-scenario innovation ecosystem (场景创新)",
        description="Every entity carries the articles it was read from. Errors answer with "
        "`detail`; a reference that matches nothing adds `suggestions`, one that matches several adds "
        "`candidates`.",
        openapi_tags=TAGS,
        responses=SERVER_ERRORS,
        lifespan=lifespan,
    )
    app.state.api_settings = config
    app.state.graph_settings = graph_settings
    app.state.expensive_slots = threading.BoundedSemaphore(config.expensive_slots)
    app.add_middleware(BodyLimit, max_bytes=config.max_body_bytes, uploads=config.max_upload_bytes)
    # Added last, so it runs first: a request for another Host is refused before it is read.
    app.add_middleware(HostCheck, allowed=allowed_hosts(config.bind_host, config.allowed_hosts.split(",")))
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(SceneKGError, _error)
    app.add_exception_handler(Exception, _error)
    for module in (health, entities, sources, network, matching, cypher, views, rdf, workbench, docs):
        app.include_router(module.router)
    return app


def _json(status_code: int, body: BaseModel) -> JSONResponse:
    return JSONResponse(status_code=status_code, content=body.model_dump(mode="json"))


async def _error(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, NotFound):
        return _json(status.HTTP_404_NOT_FOUND, NotFoundBody(detail=str(exc), suggestions=exc.suggestions))
    if isinstance(exc, WrongKind):
        body = WrongKindBody(detail=str(exc), entity=exc.ident, label=exc.label, needed=exc.needed)
        return _json(status.HTTP_422_UNPROCESSABLE_CONTENT, body)
    if isinstance(exc, Ambiguous):
        return _json(status.HTTP_409_CONFLICT, AmbiguousBody(detail=str(exc), candidates=exc.candidates))
    if isinstance(exc, BadArgument):
        # FastAPI's own 422 shape, so a client reads every refused parameter the same way.
        detail = {
            "type": "value_error",
            "loc": ["query", exc.parameter],
            "msg": f"{_where(('query', exc.parameter))}: {exc.message}",
        }
        return JSONResponse(status_code=status.HTTP_422_UNPROCESSABLE_CONTENT, content={"detail": [detail]})
    if isinstance(exc, QueryTimeout | BusyError | DiskFullError):
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        return _json(status.HTTP_503_SERVICE_UNAVAILABLE, ErrorBody(detail=_STORE_WORDS[type(exc)]))
    if isinstance(exc, StoreError | ConfigError):
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        return _json(status.HTTP_503_SERVICE_UNAVAILABLE, ErrorBody(detail=UNAVAILABLE))
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _json(status.HTTP_500_INTERNAL_SERVER_ERROR, ErrorBody(detail="internal error"))


_SOURCES = {"query": "query parameter", "path": "path parameter", "header": "header", "body": "body field"}


def _where(loc: Sequence[Any]) -> str:
    """Which input a validation error is about, in words: `query parameter 'limit'`."""
    source, *inner = loc
    if not inner:
        return "request body" if source == "body" else str(source)
    return f"{_SOURCES.get(str(source), str(source))} '{'.'.join(map(str, inner))}'"


def _message(error: dict[str, Any]) -> str:
    if error["type"] == "json_invalid":  # loc holds the character position, not a field
        reason = error.get("ctx", {}).get("error")
        return f"request body: {error['msg']}" + (f" ({reason})" if reason else "")
    return f"{_where(error['loc'])}: {error['msg']}"


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422 format, with each message naming its parameter and without echoing input."""
    assert isinstance(exc, RequestValidationError)
    detail = [{"type": e["type"], "loc": list(e["loc"]), "msg": _message(e)} for e in exc.errors()]
    return JSONResponse(status_code=status.HTTP_422_UNPROCESSABLE_CONTENT, content={"detail": detail})


class BodyLimit:
    """Answer 413 to a request body over `max_bytes` (`uploads` for the workbench's candidate
    files under /workbench/) before any handler reads it: a declared Content-Length is checked
    first, a body without one is counted as it arrives. (FastAPI's own `max_body_size` answers a
    too-large declared length in plain text, not JSON.)"""

    def __init__(self, app: ASGIApp, max_bytes: int, uploads: int | None = None) -> None:
        self.app = app
        self.small = max_bytes
        self.uploads = uploads or max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        upload = str(scope.get("path", "")).startswith("/workbench/")
        limit = self.uploads if upload else self.small
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            size += len(message.get("body", b""))
            if size > limit:
                await self._refuse(scope, receive, send, limit)
                return
            if message["type"] != "http.request" or not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        body = ErrorBody(detail=f"request body too large: at most {limit} bytes")
        await _json(status.HTTP_413_CONTENT_TOO_LARGE, body)(scope, receive, send)
