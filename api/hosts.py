"""The Host header check: the API answers only requests addressed to a name it serves.

A page on attacker.example can make the analyst's browser resolve that name to 127.0.0.1 (DNS
rebinding) and then read the loopback API as if it were its own origin; the browser still
sends `Host: attacker.example`. Refusing every Host that is not the bound address, a loopback
name, or one the operator listed in SCENEKG_ALLOWED_HOSTS closes that door.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from fastapi import status
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
_ANY_ADDRESS = ("0.0.0.0", "::", "")


def host_name(header: str) -> str | None:
    """The name in a Host header, without port or IPv6 brackets, lower-cased; None if malformed.

    >>> host_name("[::1]:8000"), host_name("LocalHost:80"), host_name("a b")
    ('::1', 'localhost', None)
    """
    header = header.strip().lower()
    if header.startswith("["):
        end = header.find("]")
        name, rest = header[1:end], header[end + 1 :]
        if end < 0 or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        return name
    name, _, port = header.partition(":")
    if not name or (port and not port.isdigit()) or any(c in name for c in " /\\@?#"):
        return None
    return name


def allowed_hosts(bound: str | None, extra: Iterable[str]) -> frozenset[str]:
    """The names a request may address: loopback names, the bound address (unless it is the
    any-address, which names no host) and the operator's list."""
    names = {*LOOPBACK_NAMES, *(name.strip().lower() for name in extra if name.strip())}
    if bound is not None and bound not in _ANY_ADDRESS:
        names.add(_unbracket(bound.lower()))
    return frozenset(names)


def _unbracket(address: str) -> str:
    stripped = address.strip("[]")
    try:
        return str(ipaddress.ip_address(stripped))
    except ValueError:
        return stripped


class HostCheck:
    """Answer 421 (Misdirected Request) to a request whose Host header is not allowed, and 400
    to one without a readable Host, before any handler runs."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        name = host_name(Headers(scope=scope).get("host", ""))
        if name is not None and _unbracket(name) in self.allowed:
            await self.app(scope, receive, send)
            return
        if name is None:
            code, detail = status.HTTP_400_BAD_REQUEST, "missing or malformed Host header"
        else:
            code = status.HTTP_421_MISDIRECTED_REQUEST
            detail = "this server does not answer for that Host; add it to SCENEKG_ALLOWED_HOSTS"
        await JSONResponse(status_code=code, content={"detail": detail})(scope, receive, send)
