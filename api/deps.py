"""What HTTP handlers receive: the graph store opened by the app's lifespan, the API's own
settings, and the API-key guard of `/cypher` and the workbench's merge, each as an `Annotated`
alias so a handler's signature says what it needs in one word."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from anyio import CapacityLimiter
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyHeader
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.settings import from_environment
from graph.store import GraphStore

MIN_KEY_LENGTH = 16
SLOT_WAIT = 1.0


class ApiSettings(BaseSettings):
    """The HTTP API's settings; the graph's own come from `graph.settings`."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", populate_by_name=True)

    api_key: SecretStr | None = Field(
        default=None,
        alias="SCENEKG_API_KEY",
        description="Turns on POST /cypher for callers sending it as X-API-Key; unset keeps it off.",
    )
    cypher_row_cap: int = Field(default=1000, ge=1, le=100_000, alias="SCENEKG_CYPHER_ROW_CAP")
    cypher_timeout: float = Field(default=10.0, gt=0, le=600, alias="SCENEKG_CYPHER_TIMEOUT")
    max_body_bytes: int = Field(default=64 * 1024, ge=1024, alias="SCENEKG_API_MAX_BODY")
    expensive_slots: int = Field(
        default=2,
        ge=1,
        le=64,
        alias="SCENEKG_EXPENSIVE_SLOTS",
        description="POST /cypher and /paths (k > 1) requests one API process runs at once; another "
        "waits a second, then gets 503. Kept below the database's query slots (4 on the embedded "
        "server), so these never take the slots /health and the other endpoints need.",
    )
    allowed_hosts: str = Field(
        default="",
        alias="SCENEKG_ALLOWED_HOSTS",
        description="Comma-separated Host names the API answers besides loopback and the bound address.",
    )
    candidates_dir: Path | None = Field(
        default=None,
        alias="SCENEKG_CANDIDATES_DIR",
        description="A folder of *.candidates.yaml files the workbench's review queue offers.",
    )
    max_upload_bytes: int = Field(default=8 * 1024 * 1024, ge=1024, alias="SCENEKG_API_MAX_UPLOAD")
    bind_host: str | None = Field(
        default=None,
        alias="SCENEKG_BIND_HOST",
        description="The address `scenekg serve` listens on (it sets this).",
    )
    header_timeout: float = Field(
        default=10.0,
        gt=0,
        le=300,
        alias="SCENEKG_API_HEADER_TIMEOUT",
        description="Seconds a connection has to send a whole request head before it is closed.",
    )
    max_connections: int = Field(
        default=200,
        ge=1,
        alias="SCENEKG_API_MAX_CONNECTIONS",
        description="Open connections per worker beyond which new requests are answered 503.",
    )

    @field_validator("api_key")
    @classmethod
    def _strong_enough(cls, value: SecretStr | None) -> SecretStr | None:
        # An empty variable means "off"; a short key is refused rather than guessed at.
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < MIN_KEY_LENGTH:
            raise ValueError(f"must be at least {MIN_KEY_LENGTH} characters")
        return value


def get_api_settings() -> ApiSettings:
    """Read the API settings now, so tests and `scenekg serve` see the current environment."""
    return from_environment(ApiSettings)


# The dependencies only read request state: async, so FastAPI does not send each request
# through a worker thread to call them.
async def _store(request: Request) -> GraphStore:
    store: GraphStore = request.state.store
    return store


async def _api_settings(request: Request) -> ApiSettings:
    settings: ApiSettings = request.app.state.api_settings
    return settings


async def _probe_limiter(request: Request) -> CapacityLimiter:
    limiter: CapacityLimiter = request.state.probes
    return limiter


StoreDep = Annotated[GraphStore, Depends(_store)]
ProbeLimiterDep = Annotated[CapacityLimiter, Depends(_probe_limiter)]
ApiSettingsDep = Annotated[ApiSettings, Depends(_api_settings)]

_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="The key set in SCENEKG_API_KEY on the server."
)


def require_api_key(settings: ApiSettingsDep, sent: Annotated[str | None, Depends(_key_header)]) -> None:
    """404 while no key is configured (the endpoint does not exist), 401 without a key, 403 for a
    wrong one, compared in constant time."""
    if settings.api_key is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found: this endpoint is off (no API key set)")
    if not sent:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "missing X-API-Key header")
    if not secrets.compare_digest(sent.encode(), settings.api_key.get_secret_value().encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "wrong API key")


RequireApiKey = Depends(require_api_key)


@contextmanager
def expensive_slot_held(request: Request) -> Iterator[None]:
    """Hold one of the API's slots for queries whose cost the caller decides (/cypher, /paths
    with alternatives); wait SLOT_WAIT s for one, then answer 503: a longer queue would only
    let runaway queries pile up behind each other."""
    slots: threading.BoundedSemaphore = request.app.state.expensive_slots
    if not slots.acquire(timeout=SLOT_WAIT):
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "busy: as many /cypher and /paths queries as this server runs at once are running; "
            "try again shortly",
            headers={"Retry-After": "1"},
        )
    try:
        yield
    finally:
        slots.release()


def expensive_slot(request: Request) -> Iterator[None]:
    with expensive_slot_held(request):
        yield


ExpensiveSlot = Depends(expensive_slot)


def _holds_api_key(settings: ApiSettingsDep, sent: Annotated[str | None, Depends(_key_header)]) -> bool:
    """True when the caller sent the configured key: it may see where the database lives."""
    if settings.api_key is None or not sent:
        return False
    return secrets.compare_digest(sent.encode(), settings.api_key.get_secret_value().encode())


HoldsApiKey = Annotated[bool, Depends(_holds_api_key)]
