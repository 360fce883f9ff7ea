"""Reference places benchmark: how long reading jionlp's china_location and loading every
province, city and county into a fresh embedded server takes, and a second load that finds
nothing to change. Figures, not assertions.

Run: .venv/bin/python -m bench.reference_places   (writes its section of docs/benchmarks.md)
"""

from __future__ import annotations

import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from bench.report import write_section
from graph import embedded
from graph.settings import Settings
from graph.store import open_store
from ingest.reference_places import read_reference_places
from ingest.writer import LoadSummary, write
from model.places import reference_places


def _seconds(started: float) -> float:
    return time.perf_counter() - started


def _changed(summary: LoadSummary) -> int:
    tallies = [*summary.nodes.values(), *summary.relationships.values()]
    return sum(t.created + t.updated for t in tallies)


def main() -> None:
    started = time.perf_counter()
    records = reference_places()
    parse_s = _seconds(started)
    started = time.perf_counter()
    batch = read_reference_places()
    batch_s = _seconds(started)
    with tempfile.TemporaryDirectory(prefix="scenekg-bench-places-") as workdir:
        settings = Settings(SCENEKG_DATA_DIR=Path(workdir))
        embedded.ensure_running(settings)
        try:
            with open_store(settings) as store:
                started = time.perf_counter()
                first = write(store, batch, settings.batch_size)
                first_s = _seconds(started)
                again: list[tuple[float, LoadSummary]] = []
                for _ in range(2):  # the server was just started: the first reload still warms the JVM
                    started = time.perf_counter()
                    summary = write(store, read_reference_places(), settings.batch_size)
                    again.append((_seconds(started), summary))
        finally:
            embedded.stop(settings)
    load = os.getloadavg()[0]
    rows = f"{batch.node_count():,} nodes, {batch.rel_count():,} PART_OF"
    markdown = f"""## Reference places (`bench/reference_places.py`)

Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores,
load average {load:.1f}; jionlp {version("jionlp")}, {len(records):,} places ({rows}, with the Source).

| step | seconds |
|---|---|
| read china_location.txt from the archive (towns and villages skipped) and romanise | {parse_s:.2f} |
| build the load batch | {batch_s:.2f} |
| first load into an empty graph (one transaction) | {first_s:.2f} ({_changed(first):,} rows created) |
| second load of the same table | {again[0][0]:.2f} ({_changed(again[0][1])} rows changed) |
| third load of the same table | {again[1][0]:.2f} ({_changed(again[1][1])} rows changed) |

The server is started fresh for the run, so the first two loads include the JVM's warm-up.
"""
    print(write_section("reference-places", markdown))


if __name__ == "__main__":
    main()
