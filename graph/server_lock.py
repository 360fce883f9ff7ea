"""One embedded server per data folder, held by a lock that lives outside the folder.

The server process takes an exclusive `flock` on `<runtime dir>/scenekg-<uid>/<key>.lock` for
as long as it runs and writes its pid into it; the kernel drops the lock when the process
dies, so a lock is never stale. The key is the data folder's absolute path, so deleting the
folder (and the state file in it) does not hide a server still running on it: a second start
is refused naming the first one's pid, and `scenekg db stop` finds that pid here.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path
from typing import IO


def lock_path(data_dir: Path) -> Path:
    """Where the lock of the server for `data_dir` lives (created on demand, private)."""
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()) / f"scenekg-{os.getuid()}"
    base.mkdir(mode=0o700, exist_ok=True)
    key = hashlib.sha256(str(data_dir.absolute()).encode()).hexdigest()[:24]
    return base / f"{key}.lock"


def holder(data_dir: Path) -> int | None:
    """The pid of the live server holding `data_dir`'s lock, or None when nothing holds it."""
    path = lock_path(data_dir)
    try:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - closed below on every path
    except OSError:
        return None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            text = handle.read().strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(handle, fcntl.LOCK_UN)
        return None


def acquire(path: Path) -> IO[str] | None:
    """Take the lock for this process and write its pid; None when another process holds it.
    Keep the returned file open for the life of the process."""
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open for the process's life
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle
