"""The embedded server: loopback only, a private generated secret, stale state, start failures."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import psutil
import pytest

from graph import embedded
from graph.errors import ServerStartError
from graph.settings import EMBEDDED_JVM_FLAGS, Settings
from graph.store import GraphStore

pytestmark = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="embedded server only")


def _listening_addresses(pid: int) -> set[str]:
    """Every address the server's process tree listens on (the JVM runs inside the child)."""
    process = psutil.Process(pid)
    pids = {pid} | {child.pid for child in process.children(recursive=True)}
    return {
        conn.laddr.ip
        for conn in psutil.net_connections(kind="inet")
        if conn.status == psutil.CONN_LISTEN and conn.pid in pids
    }


def test_server_listens_on_loopback_only(server_store: GraphStore, settings: Settings) -> None:
    state = embedded.status(settings).server
    assert state is not None
    addresses = _listening_addresses(state.pid)
    assert addresses, "the server listens nowhere"
    assert addresses <= {"127.0.0.1", "::ffff:127.0.0.1"}


def test_secret_is_generated_and_private(server_store: GraphStore, settings: Settings) -> None:
    path = embedded.secret_file(settings)
    mode = stat.S_IMODE(path.stat().st_mode)
    assert mode == 0o600
    secret = path.read_text().strip()
    assert len(secret) >= 32 and secret not in {"root", "password", "neo4j", "playwithdata"}
    assert stat.S_IMODE(settings.data_dir.stat().st_mode) == 0o700


def test_secret_readable_by_others_is_refused(tmp_path: Path) -> None:
    settings = Settings(SCENEKG_DATA_DIR=tmp_path)
    embedded.read_password(settings)
    embedded.secret_file(settings).chmod(0o644)
    with pytest.raises(Exception, match="chmod 600"):
        embedded.read_password(settings)


def test_status_reports_running(server_store: GraphStore, settings: Settings) -> None:
    current = embedded.status(settings)
    assert current.state == "running"
    assert current.server is not None and current.server.database == settings.embedded_database


def test_stale_state_is_detected_and_replaced(tmp_path: Path) -> None:
    settings = Settings(SCENEKG_DATA_DIR=tmp_path)
    settings.server_dir.mkdir(parents=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    state = {"pid": dead.pid, "bolt_port": 1, "http_port": 2, "database": "scenekg", "started_at": 0.0}
    (settings.server_dir / "state.json").write_text(json.dumps(state))
    assert embedded.status(settings).state == "stale"
    try:
        fresh = embedded.ensure_running(settings)
        assert fresh.pid != dead.pid
        assert embedded.status(settings).state == "running"
    finally:
        assert embedded.stop(settings)
    assert embedded.status(settings).state == "stopped"
    assert (
        "scenekg-embedded: stopped" in (settings.server_dir / "server.log").read_text()
    )  # clean, not killed


def test_jvm_that_cannot_start_gives_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(
        SCENEKG_DATA_DIR=tmp_path, SCENEKG_EMBEDDED_HEAP="not-a-size", SCENEKG_START_TIMEOUT=60
    )
    with pytest.raises(ServerStartError, match="exited with code") as caught:
        embedded.ensure_running(settings)
    assert "Last lines of" in str(caught.value)
    assert embedded.status(settings).state == "stopped"


def test_jvm_starts_with_the_chosen_flags(server_store: GraphStore, settings: Settings) -> None:
    log = (settings.server_dir / "server.log").read_text()
    reported = next(line for line in log.splitlines() if line.startswith("scenekg-embedded: jvm "))
    for flag in EMBEDDED_JVM_FLAGS:
        assert flag in reported.split()
    assert f"-Xmx{settings.embedded_heap}" in reported.split()  # the heap still arrives beside them


def test_server_watches_its_old_generation_below_the_heap_cap(
    server_store: GraphStore, settings: Settings
) -> None:
    log = (settings.server_dir / "server.log").read_text()
    line = next(line for line in log.splitlines() if "old generation soft cap" in line)
    soft_cap_mb = int(line.split()[-2])
    heap = settings.embedded_heap.lower()
    heap_mb = int(heap[:-1]) * {"g": 1024, "m": 1}[heap[-1]]
    assert 0.3 * heap_mb < soft_cap_mb < 0.5 * heap_mb  # the serial collector's "Tenured Gen" was found
