"""The API benchmark's load generator: 32 concurrent clients that cost the shared cores little.

The clients run on the same 2 cores as the API workers and the database, so whatever CPU they
burn is taken from the server being measured. 32 Python threads with httpx spent 0.9 ms of
client CPU per lookup, more than the API worker spent answering it (0.6-0.8 ms), and a third of
all the CPU the run used: the figure measured the client as much as the server. Here the 32
clients are coroutines on one event loop, each keeping one HTTP/1.1 keep-alive connection,
writing a request prepared in advance and reading the answer by its Content-Length (what the
API always sends): 0.1 ms of client CPU per request. Each client still waits for its answer
before it asks again, as before, so concurrency is 32 requests in flight at most.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import psutil

CLIENTS = 32
TIMEOUT = 30.0  # seconds one request may take, as httpx's timeout was


@dataclass(frozen=True)
class LoadRun:
    """What `run` measured: throughput, tail latency, and the CPU each side spent per request."""

    rate: float  # requests answered per second
    p99_ms: float
    requests: int
    errors: int  # answers with a 5xx status
    client_cpu_ms: float  # this process's CPU per request
    server_cpu_ms: float  # the CPU per request of the processes `run` was told to watch


class _Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0


def run(urls: list[str], seconds: float, watched: list[psutil.Process], clients: int = CLIENTS) -> LoadRun:
    """`clients` clients asking for `urls` in turn for `seconds`; all URLs on one host and port.
    `watched` are the server's processes (API workers), whose CPU seconds are counted too."""
    me = psutil.Process()  # alone: the server may be its child
    before = sum(me.cpu_times()[:2]), _cpu(watched)
    tally = _Tally()
    started = time.monotonic()
    asyncio.run(_all(urls, seconds, clients, tally))
    elapsed = time.monotonic() - started
    client_cpu, server_cpu = sum(me.cpu_times()[:2]) - before[0], _cpu(watched) - before[1]
    done = len(tally.latencies)
    tally.latencies.sort()
    p99 = tally.latencies[max(0, int(done * 0.99) - 1)] if done else float("nan")
    per_request = 1000 / max(done, 1)
    return LoadRun(
        done / elapsed, p99, done, tally.errors, client_cpu * per_request, server_cpu * per_request
    )


def _cpu(processes: list[psutil.Process]) -> float:
    """User and system CPU seconds of `processes` and their children."""
    seconds = 0.0
    for process in processes:
        with_children = [process, *process.children(recursive=True)]
        seconds += sum(sum(p.cpu_times()[:2]) for p in with_children)
    return seconds


async def _all(urls: list[str], seconds: float, clients: int, tally: _Tally) -> None:
    first = urlsplit(urls[0])
    host, port = first.hostname or "127.0.0.1", first.port or 80
    requests = [_request(url) for url in urls]
    stop_at = time.monotonic() + seconds
    # client n starts at URL n*7, as the threaded clients did
    await asyncio.gather(*(_client(host, port, requests, n * 7, stop_at, tally) for n in range(clients)))


def _request(url: str) -> bytes:
    parts = urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    return f"GET {target} HTTP/1.1\r\nHost: {parts.netloc}\r\nAccept: application/json\r\n\r\n".encode()


async def _client(host: str, port: int, requests: list[bytes], i: int, stop_at: float, tally: _Tally) -> None:
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    try:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                async with asyncio.timeout(TIMEOUT):
                    if connection is None:
                        connection = await asyncio.open_connection(host, port)
                    status, keep = await _exchange(*connection, requests[i % len(requests)])
            except (asyncio.IncompleteReadError, ConnectionError):  # closed under us: an error, then anew
                status, keep = 599, False
            tally.latencies.append((time.perf_counter() - started) * 1000)
            tally.errors += status >= 500
            if not keep and connection is not None:
                connection[1].close()
            connection = connection if keep else None
            i += 1
    finally:
        if connection is not None:
            connection[1].close()


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bool]:
    """Send one request, read its whole answer; (status, whether the connection stays open)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length, keep = 0, True
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection":
            keep = value.strip().lower() != b"close"
        elif name == b"transfer-encoding":
            raise ValueError(f"the benchmark reads answers by Content-Length; this one is {value.strip()!r}")
    await reader.readexactly(length)
    return status, keep
