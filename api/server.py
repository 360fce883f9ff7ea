"""How `scenekg serve` runs uvicorn: a deadline for request heads and a cap on connections.

uvicorn closes idle keep-alive connections, but a connection that trickles its request head a
byte at a time, or opens and sends nothing, is kept forever; twenty thousand of them exhaust
the process's file handles. `HeadDeadline` gives every request head `SCENEKG_API_HEADER_TIMEOUT`
seconds from the moment the connection may send it, however slowly the bytes arrive.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from api.deps import get_api_settings

MAX_HEADER_BYTES = 16 * 1024


@cache
def _header_timeout() -> float:
    return get_api_settings().header_timeout


class HeadDeadline(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head is not complete in time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # the whole head has arrived
            self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()  # the next request on this connection gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._head_deadline = self.loop.call_later(_header_timeout(), self._too_slow)

    def _disarm(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _too_slow(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def uvicorn_options(host: str, port: int, workers: int) -> dict[str, Any]:
    """The keyword arguments of `uvicorn.run` for `scenekg serve`."""
    settings = get_api_settings()
    return {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "log_level": "warning",
        "http": "api.server:HeadDeadline",
        "timeout_keep_alive": 5,
        "h11_max_incomplete_event_size": MAX_HEADER_BYTES,
        "limit_concurrency": settings.max_connections,
    }
