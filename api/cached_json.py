"""Answers kept as JSON bytes per graph revision, in this API process.

A lookup or profile asked again (the common case: an application shows the same entities to many
users) would otherwise be rebuilt from the cached model and serialised on every request, in a
worker thread. Here the bytes are kept beside the graph's revision (`model.cache`): a request the
cache can answer is answered on the event loop with no thread, no query and no serialisation; a
miss computes in a thread, as a sync endpoint would.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel

from graph.store import GraphStore
from model.cache import cached, peek


async def cached_json(store: GraphStore, key: str, compute: Callable[[GraphStore], BaseModel]) -> Response:
    """`compute(store)` as a JSON response, its bytes reused until the graph changes."""
    slot = f"json:{key}"
    body = peek(store, slot)
    if not isinstance(body, bytes):
        body = await run_in_threadpool(cached, store, slot, lambda s: compute(s).model_dump_json().encode())
    return Response(content=body, media_type="application/json")
