"""The API benchmark's load generator counts what the server answered: every request it reports
was served, 5xx answers are counted as errors, and a server that closes the connection after an
answer (as uvicorn does when it refuses a request) is reconnected to, not miscounted."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import psutil
import pytest

from bench import http_load


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the answer says close
    served: ClassVar[Counter[str]] = Counter()

    def do_GET(self) -> None:
        status = 503 if self.path.startswith("/busy") else 200
        body = b'{"id": "enterprise:x"}' if status == 200 else b'{"detail": "busy"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        if self.path.startswith("/close"):
            self.send_header("Connection", "close")
            self.close_connection = True
        type(self).served[self.path.split("?")[0]] += 1  # before the client can read the answer
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def base() -> Iterator[str]:
    _Handler.served = Counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_every_reported_request_was_served_and_5xx_answers_are_the_errors(base: str) -> None:
    urls = [f"{base}/ok?i=1", f"{base}/busy", f"{base}/close", f"{base}/ok?i=2"]

    measured = http_load.run(urls, 0.5, [psutil.Process()], clients=4)

    served = _Handler.served
    assert measured.requests == sum(served.values()) > 8
    assert measured.errors == served["/busy"] > 0
    assert served["/close"] > 0  # answered with Connection: close, and the clients went on
    assert measured.rate > 0 and measured.p99_ms > 0
    assert measured.client_cpu_ms > 0
