"""Follow the embedded server when it restarts on another port, and read its log for what its
Bolt errors leave out.

A long-lived process (the API, a long load) keeps one driver. When the embedded server is
killed and started again (`scenekg db start`, or any CLI command), it gets a new port and a
new state file; the driver, still pointed at the old port, would fail until the process is
restarted. `Follower` notices the new state file with one `stat` per query and hands the
store a driver for the new address.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

import neo4j

from graph import embedded
from graph.settings import Settings

# The administrator's driver and, where there is a read-only account, the reader's.
Drivers = tuple[neo4j.Driver, neo4j.Driver | None]
DriverFactory = Callable[[str], Drivers]


class Follower:
    """Called before each query: new drivers when the server moved, else None."""

    def description(self) -> str:
        """Where the store talks to now, for logs and the CLI (`GraphStore.kind` cuts it short)."""
        return f"embedded ArcadeDB at {self._uri} (data in {self._settings.data_dir})"

    def disk_full(self) -> str | None:
        """Words for a full disk when the server's log and the free space both say so."""
        return embedded.disk_full(self._settings)

    def __init__(self, settings: Settings, uri: str, connect: DriverFactory) -> None:
        self._settings = settings
        self._uri = uri
        self._connect = connect
        self._lock = threading.Lock()
        self._seen = self._stamp()

    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = os.stat(embedded.state_file(self._settings))
        except OSError:
            return None
        return (info.st_ino, info.st_mtime_ns)

    def __call__(self) -> Drivers | None:
        stamp = self._stamp()
        if stamp == self._seen:
            return None
        with self._lock:
            if stamp == self._seen:
                return None
            self._seen = stamp
            state = embedded.running_server(self._settings)
            if state is None or state.uri == self._uri:
                return None
            self._uri = state.uri
            return self._connect(state.uri)
