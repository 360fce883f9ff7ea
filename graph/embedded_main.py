"""Child process that hosts the embedded ArcadeDB server with its Bolt listener.

Run by `graph.embedded` as `python -m graph.embedded_main`; keeping the JVM in its own
process keeps it out of the CLI and API processes and lets it be stopped by a signal.
The password is read from the secret file, never from the command line, where any local
user could see it.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="graph.embedded_main")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--secret-file", type=Path, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--bolt-port", type=int, required=True)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--setting", action="append", default=[], metavar="arcadedb.KEY=VALUE")
    parser.add_argument("--jvm-flag", action="append", default=[], metavar="-XX:FLAG")
    parser.add_argument("--lock-file", type=Path, required=True)
    parser.add_argument("--reader-secret-file", type=Path, required=True)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    from graph.server_lock import acquire

    lock = acquire(args.lock_file)  # held until this process ends; the kernel drops it then
    if lock is None:
        print(f"scenekg-embedded: another server holds {args.lock_file}", flush=True)
        return 3
    password = args.secret_file.read_text(encoding="utf-8").strip()
    args.root.mkdir(parents=True, exist_ok=True)
    os.chdir(args.root)  # ArcadeDB writes ./log relative to the working directory

    from arcadedb_embedded import create_server
    from arcadedb_embedded.jvm import start_jvm
    from jpype import JClass

    from graph import heap_governor, reader_group

    # As JVM system properties, so engine-wide settings (timeouts, query slots) apply too.
    start_jvm(heap_size=args.heap, jvm_args=[*args.jvm_flag, *(f"-D{s}" for s in args.setting)])
    # What the JVM itself reports it started with, so the log shows which flags took effect.
    runtime = JClass("java.lang.management.ManagementFactory").getRuntimeMXBean()
    print(f"scenekg-embedded: jvm {' '.join(map(str, runtime.getInputArguments()))}", flush=True)
    stop = threading.Event()
    soft_cap = heap_governor.start(stop)
    print(f"scenekg-embedded: old generation soft cap {soft_cap // 2**20} MB", flush=True)
    server = create_server(
        str(args.root),
        root_password=password,
        config={
            "host": "127.0.0.1",
            "http_port": args.http_port,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": args.bolt_port,
            "bolt_host": "127.0.0.1",
            # scenekg never loads through LOAD CSV: no user may read local files or fetch URLs.
            "opencypher_loadCsv_allowFileUrls": False,
            "opencypher_loadCsv_allowRemoteUrls": False,
        },
    )

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    reader_group.grant(args.root / "config")
    server.start()
    try:
        server.create_database(args.database)
        reader_password = args.reader_secret_file.read_text(encoding="utf-8").strip()
        reader_group.ensure_user(server, reader_password, args.database)
        print("scenekg-embedded: ready", flush=True)
        # Poll: a signal may land on a JVM thread, and Python runs its handler only when the
        # main thread wakes; a bare wait() could then sleep through SIGTERM.
        while not stop.wait(0.2):
            pass
    finally:
        server.stop()
    print("scenekg-embedded: stopped", flush=True)
    # The databases are closed; Bolt threads of clients still connected are not daemons, and the
    # JVM would wait for those clients to hang up before the process exits (a minute and more).
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
