"""Lifecycle of the embedded ArcadeDB server: start on demand, status, clean stop.

State lives under `<data_dir>/server/`: `state.json` (pid and ports), `server.log`, the
database files, and beside it `<data_dir>/secret`, a generated password readable by the
user alone. A state file whose process is gone, or whose process no longer answers, is
stale and is cleared before a new start.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from graph import server_lock
from graph.errors import ConfigError, ServerStartError
from graph.settings import EMBEDDED_JVM_FLAGS, REPO_ROOT, Settings

LOOPBACK = "127.0.0.1"
LOW_DISK = 64 * 1024 * 1024  # bytes free under which a failed write is blamed on the disk
USERNAME = "root"
_MARKER = "graph.embedded_main"


@dataclass(frozen=True)
class ServerState:
    pid: int
    bolt_port: int
    http_port: int
    database: str
    started_at: float

    @property
    def uri(self) -> str:
        return f"bolt://{LOOPBACK}:{self.bolt_port}"


@dataclass(frozen=True)
class Status:
    state: str  # "running", "stopped" or "stale"
    server: ServerState | None
    data_dir: Path
    log_file: Path


def state_file(settings: Settings) -> Path:
    return settings.server_dir / "state.json"


def _log_file(settings: Settings) -> Path:
    return settings.server_dir / "server.log"


def secret_file(settings: Settings) -> Path:
    return settings.data_dir / "secret"


def reader_secret_file(settings: Settings) -> Path:
    """The password of the read-only account (`graph.reader_group`) that `/cypher` logs in as."""
    return settings.data_dir / "reader-secret"


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    path.chmod(0o700)


def read_password(settings: Settings) -> str:
    """The embedded server's password, generated on first use into a file only the user reads."""
    path = secret_file(settings)
    if _generate_secret(settings, path):
        # A root user created under a lost password would lock us out: let ArcadeDB recreate it.
        (settings.server_dir / "config" / "server-users.jsonl").unlink(missing_ok=True)
    return _private_text(path)


def read_reader_password(settings: Settings) -> str:
    """The read-only account's password, generated on first use like the root one; the server
    (re)creates the account with it at every start."""
    path = reader_secret_file(settings)
    _generate_secret(settings, path)
    return _private_text(path)


def _generate_secret(settings: Settings, path: Path) -> bool:
    """Write a new random password to `path` unless it exists; True when it wrote one."""
    _private_dir(settings.data_dir)
    if path.exists():
        return False
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(32))
    return True


def _private_text(path: Path) -> str:
    if not path.is_file():
        raise ConfigError(f"{path} must be a file holding the database password, not a folder or device")
    if path.stat().st_mode & 0o077:
        raise ConfigError(f"{path} is readable by other users; run: chmod 600 {path}")
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the database password from {path}: {exc}") from None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():  # a recycled pid that belongs to another program is not ours
        return _MARKER in cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
    return True


def _port_answers(port: int, timeout: float = 1.0) -> bool:
    try:
        with socket.create_connection((LOOPBACK, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def _read_state(settings: Settings) -> ServerState | None:
    path = state_file(settings)
    try:
        return ServerState(**json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        return None  # a torn or foreign file is treated as stale


def running_server(settings: Settings) -> ServerState | None:
    """The server the state file names, if it runs and answers."""
    current = status(settings)
    return current.server if current.state == "running" else None


def status(settings: Settings) -> Status:
    """What the embedded server is doing now, without starting it."""
    state = _read_state(settings)
    if state is None:
        kind = "stale" if state_file(settings).exists() else "stopped"
    elif _pid_alive(state.pid) and _port_answers(state.bolt_port):
        kind = "running"
    else:
        kind = "stale"
    return Status(kind, state, settings.data_dir, _log_file(settings))


@contextmanager
def _start_lock(settings: Settings) -> Iterator[None]:
    """Serialise starts from concurrent processes (a CLI and an API starting together)."""
    _private_dir(settings.server_dir)
    with open(settings.server_dir / "start.lock", "w", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _clear_stale(settings: Settings, state: ServerState | None) -> None:
    if state is not None and _pid_alive(state.pid):
        _terminate(state.pid, grace=10.0)
    state_file(settings).unlink(missing_ok=True)


def _log_tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log written)"


def ensure_running(settings: Settings) -> ServerState:
    """Start the embedded server unless a healthy one is already running; return its state."""
    with _start_lock(settings):
        current = status(settings)
        if current.state == "running" and current.server is not None:
            return current.server
        _clear_stale(settings, current.server)
        other = server_lock.holder(settings.data_dir)
        if other is not None:
            raise ServerStartError(
                f"another embedded server (pid {other}) still runs on {settings.data_dir}, but its "
                f"state file is gone (was the data folder deleted?); stop it first: scenekg db stop"
            )
        return _spawn(settings)


def engine_settings(settings: Settings) -> list[str]:
    """The `arcadedb.*` settings the server starts with: every statement is stopped after
    SCENEKG_QUERY_TIMEOUT, so an abandoned runaway query frees its query slot by itself
    (the server does not cancel a query whose client hung up)."""
    return [f"arcadedb.command.timeout={round(settings.query_timeout * 1000)}"]


def _spawn(settings: Settings) -> ServerState:
    read_password(settings)
    read_reader_password(settings)
    bolt_port = settings.embedded_bolt_port or free_port()
    if settings.embedded_bolt_port and _port_answers(bolt_port):
        raise ServerStartError(
            f"port {bolt_port} (SCENEKG_BOLT_PORT) is already taken by another program; "
            "choose another port or unset SCENEKG_BOLT_PORT"
        )
    http_port = free_port()
    log_path = _log_file(settings)
    command = [
        sys.executable,
        "-m",
        _MARKER,
        "--root",
        str(settings.server_dir),
        "--secret-file",
        str(secret_file(settings)),
        "--database",
        settings.embedded_database,
        "--bolt-port",
        str(bolt_port),
        "--http-port",
        str(http_port),
        "--heap",
        settings.embedded_heap,
        "--lock-file",
        str(server_lock.lock_path(settings.data_dir)),
        "--reader-secret-file",
        str(reader_secret_file(settings)),
    ]
    for setting in engine_settings(settings):
        command += ["--setting", setting]
    command += [f"--jvm-flag={flag}" for flag in EMBEDDED_JVM_FLAGS]  # "=": a flag starts with "-"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    if log_path.exists():
        log_path.replace(log_path.with_suffix(".log.1"))
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=settings.server_dir,
            env=env,
            start_new_session=True,
        )
    state = ServerState(process.pid, bolt_port, http_port, settings.embedded_database, time.time())
    _wait_ready(settings, process, state, log_path)
    tmp = state_file(settings).with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(state)), encoding="utf-8")
    tmp.replace(state_file(settings))
    return state


def _wait_ready(
    settings: Settings, process: subprocess.Popen[bytes], state: ServerState, log_path: Path
) -> None:
    deadline = time.monotonic() + settings.embedded_start_timeout
    while time.monotonic() < deadline:
        code = process.poll()
        if code is not None:
            raise ServerStartError(
                f"the embedded database server exited with code {code} while starting "
                f"(is the bundled Java runtime usable on this machine?). Last lines of {log_path}:\n"
                + _log_tail(log_path)
            )
        if _port_answers(state.bolt_port, timeout=0.5) and _logged_ready(log_path):
            return
        time.sleep(0.25)
    _terminate(process.pid, grace=5.0)
    raise ServerStartError(
        f"the embedded database server did not answer within {settings.embedded_start_timeout:.0f} s "
        f"(SCENEKG_START_TIMEOUT). Last lines of {log_path}:\n" + _log_tail(log_path)
    )


def _logged_ready(log_path: Path) -> bool:
    """The database exists only after the child printed its ready line (each start has a new log)."""
    return b"scenekg-embedded: ready" in log_path.read_bytes()


def _terminate(pid: int, grace: float) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _exists(pid):
            return
        time.sleep(0.1)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    while _exists(pid):
        time.sleep(0.05)


def _exists(pid: int) -> bool:
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)  # reap our own child so it does not linger
        if reaped == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def stop(settings: Settings, grace: float = 20.0) -> bool:
    """Stop the server cleanly (SIGTERM, then SIGKILL after `grace` s); False if none ran. A
    server whose state file is gone is found by its lock (`graph.server_lock`)."""
    with _start_lock(settings):
        state = _read_state(settings)
        pid = state.pid if state is not None and _pid_alive(state.pid) else None
        held = server_lock.holder(settings.data_dir)
        if pid is None and held is not None and held > 0 and _pid_alive(held):
            pid = held
        if pid is not None:
            _terminate(pid, grace)
        state_file(settings).unlink(missing_ok=True)
        return pid is not None


def disk_full(settings: Settings) -> str | None:
    """Words for a write that failed on a full disk, or None when the disk is not to blame: the
    server logged "No space left on device" (if it could still write its log), or its disk has
    under LOW_DISK free (a rolled-back write may have given some space back)."""
    try:
        free = shutil.disk_usage(settings.server_dir).free
    except OSError:
        return None
    logged = any(_logged_no_space(path) for path in [_log_file(settings), *_event_logs(settings)])
    if not logged and free > LOW_DISK:
        return None
    said = "; the server logged 'No space left on device'" if logged else ""
    return f"the disk holding {settings.data_dir} is full or nearly ({free // 1024} KiB free{said})"


def _event_logs(settings: Settings) -> list[Path]:
    return sorted((settings.server_dir / "log").glob("server-event-log-*.jsonl"))[-1:]


def _logged_no_space(path: Path) -> bool:
    try:
        with open(path, "rb") as log:
            log.seek(max(0, log.seek(0, os.SEEK_END) - 256 * 1024))
            return b"No space left on device" in log.read()
    except OSError:
        return False
