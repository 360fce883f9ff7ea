"""Scale benchmarks: load synthetic ecosystems of sizes S, M, L and XL into a fresh embedded
server, and the same graph into LadybugDB and networkx (bench/anchor.py), and measure what the
targets of docs/benchmarks.md name, with the ratios. Figures, not assertions.

Run: .venv/bin/python -m bench.scale [--sizes S M L XL] [--api-seconds 10]
(LadybugDB comes with the bench extra: pip install -e '.[bench]'.)
Each size gets its own data folder and server (heap SCENEKG_EMBEDDED_HEAP, default 1g), so the
figures do not mix. Everything compared as a ratio is measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench import http_load
from bench.compare import Compared, Inputs, Latency, compare, scenekg_plans, timed
from bench.http_load import LoadRun
from bench.report import write_section
from bench.scale_report import report
from graph import cypher, embedded
from graph.errors import QueryError
from graph.schema import Label, label_of
from graph.settings import Settings
from graph.store import GraphStore, open_store
from ingest import synthetic
from ingest.batch import GraphBatch
from ingest.pipeline import read_inputs
from ingest.writer import write
from model import cache
from queries.hub_refresh import refresh_hubs
from queries.lookup import search
from queries.neighbourhood import neighbourhood
from queries.similar import similar_cities
from viz.drawing import Drawing, Edge, Layout, Node
from viz.render import render
from viz.views import graph_view, neighbourhood_view

_ONE_NODE = cypher.load(__file__, "merge_one_node")
_ONE_REL = cypher.load(__file__, "merge_one_relationship")
_DELETE_ALL = cypher.load(__file__, "delete_all")
SERVE = [sys.executable, "-c", "from api.cli import main; main()", "serve"]
API_WORKERS = 2
PER_ROW_SAMPLE = 2000  # rows of each kind merged one query at a time
COMPARED = ("lookup", "city profile", "shortest path", "5 alternative paths", "matching")


@dataclass
class Result:
    size: str
    nodes: int = 0
    relationships: int = 0
    read_s: float = 0.0
    write_s: float = 0.0
    refresh_s: float = 0.0  # of write_s: the hub-profile refresh after the commit
    hubs: int = 0
    per_row_rate: float = 0.0
    latencies: dict[str, Latency] = field(default_factory=dict)
    api: dict[str, LoadRun] = field(default_factory=dict)
    views: dict[str, tuple[float, int, int, float]] = field(default_factory=dict)
    server_peak_mb: float = 0.0
    load_peak_mb: float = 0.0  # the server's peak from reading the files to the commit
    load_average_at_load: float = 0.0  # 1-minute load average as the load began
    api_peak_mb: float = 0.0
    disk_mb: float = 0.0
    load_error: str | None = None
    query_errors: dict[str, str] = field(default_factory=dict)  # a query that failed: its error
    view_errors: dict[str, str] = field(default_factory=dict)  # a view whose queries failed
    compared: Compared | None = None
    load_average: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def batched_rate(self) -> float:
        return (self.nodes + self.relationships) / (self.read_s + self.write_s)


class PeakRss:
    """Samples a process tree's resident memory every 0.2 s in the background."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                return

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def _per_row(store: GraphStore, batch: GraphBatch) -> float:
    """Rows per second when every row is its own MERGE query and commit, on a sample."""
    nodes = [(label, row) for label, rows in batch.nodes.items() for row in rows.values()][:PER_ROW_SAMPLE]
    kept = {row.id for _, row in nodes}
    edges = [
        (rel, edge) for rel, edges in batch.rels.items() for edge in edges.values()
        if edge.start in kept and edge.end in kept
    ][:PER_ROW_SAMPLE]  # fmt: skip
    started = time.perf_counter()
    for label, row in nodes:
        store.write(
            cypher.render(_ONE_NODE, label=label), {"id": row.id, "props": row.props, "sources": row.sources}
        )
    for rel, edge in edges:
        start, end = label_of(edge.start), label_of(edge.end)
        assert start is not None and end is not None
        query = cypher.render(_ONE_REL, rel=rel, start=start, end=end)
        store.write(
            query, {"start": edge.start, "end": edge.end, "props": edge.props, "sources": edge.sources}
        )
    rate = (len(nodes) + len(edges)) / (time.perf_counter() - started)
    store.write(_DELETE_ALL)
    return rate


def _queries(
    store: GraphStore, batch: GraphBatch, inputs: Inputs, rng: random.Random, result: Result
) -> dict[str, tuple[Latency, list[Any]]]:
    """scenekg's latencies (and, for the queries the yardsticks are asked too, its answers). A
    query that fails (the server's time limit at XL) is reported with its error, and the run
    goes on to the next one."""
    technologies = batch.nodes[Label.TECHNOLOGY]
    names = [technologies[t].props["name_zh"] for t in rng.choices(sorted(technologies), k=60)]
    typos = [n[:-1] if len(n) > 2 else n for n in names]  # a dropped last character
    cities, enterprises = sorted(batch.nodes[Label.CITY]), sorted(batch.nodes[Label.ENTERPRISE])
    scenarios = sorted(batch.nodes[Label.SCENARIO])
    plan: dict[str, list[Callable[[], Any]]] = {
        **scenekg_plans(store, inputs),
        "search": [lambda q=q: search(store, q) for q in typos],
        "similar cities": [lambda c=c: similar_cities(store, c) for c in rng.choices(cities, k=35)],
        "neighbourhood (1 hop)": [
            lambda e=e: neighbourhood(store, e, hops=1) for e in rng.choices(scenarios, k=45)
        ],
        "neighbourhood (2 hops)": [
            lambda e=e: neighbourhood(store, e, hops=2, limit=500) for e in rng.choices(enterprises, k=25)
        ],
    }
    out = {}
    for name, calls in plan.items():
        try:
            out[name] = timed(calls)
        except QueryError as exc:
            result.query_errors[name] = str(exc)
            print(f"  {name}: FAILED: {exc}", flush=True)
            continue
        print(f"  {name}: p50 {out[name][0][0]:.1f} ms, p95 {out[name][0][1]:.1f} ms", flush=True)
    return out


def _views(store: GraphStore, batch: GraphBatch, result: Result) -> dict[str, tuple[float, int, int, float]]:
    """Seconds to build and write each view, nodes drawn, nodes folded, megabytes; a view whose
    queries fail (the whole graph at XL ran past the server's 30 s limit) is reported failed."""
    hub = sorted(batch.nodes[Label.CITY])[0]
    plan = {
        "neighbourhood of the top hub, 2 hops, <= 5,000 nodes, unfolded": lambda: neighbourhood_view(
            store, hub, hops=2, limit=5000, cap=1_000_000
        ),
        "whole graph, folded above 25 per place": lambda: graph_view(store),
    }
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, build in plan.items():
            try:
                build()  # warm the caches the view reads through, as a second request would
                started = time.perf_counter()
                view = build()
            except QueryError as exc:
                result.view_errors[name] = str(exc)
                print(f"  view {name}: FAILED: {exc}", flush=True)
                continue
            path = Path(folder) / "view.html"
            path.write_text(view.html, encoding="utf-8")
            out[name] = (time.perf_counter() - started, view.nodes, view.folded, path.stat().st_size / 2**20)
            print(f"  view {name}: {out[name][0]:.2f} s, {view.summary}", flush=True)
    return out


def render_only(nodes: int = 5000) -> tuple[float, float]:
    """Seconds to render and write a 5,000-node page with nothing folded, and its megabytes:
    the view's own cost, apart from the queries that gather its data."""
    drawn = [
        Node(id=f"city:n{i:05d}", label="City", name_zh=f"城市{i}", citations=["source:x#r1"])
        for i in range(nodes)
    ]
    links = [
        Edge(start=drawn[i].id, end=drawn[(i * 7 + 1) % nodes].id, type="COLLABORATES_WITH")
        for i in range(nodes)
    ]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        view = render(Drawing("graph", "bench", "bench", drawn, links), {}, Layout.STABLE, cap=1_000_000)
        path = Path(folder) / "view.html"
        path.write_text(view.html, encoding="utf-8")
        return time.perf_counter() - started, path.stat().st_size / 2**20


def _api(
    settings: Settings, batch: GraphBatch, seconds: float, rng: random.Random
) -> tuple[dict[str, LoadRun], float]:
    """32 concurrent clients (`bench.http_load`) against `scenekg serve` on loopback, each
    endpoint for `seconds`."""
    port = embedded.free_port()
    env = {**os.environ, "SCENEKG_DATA_DIR": str(settings.data_dir)}
    server = subprocess.Popen(
        [*SERVE, "--port", str(port), "--workers", str(API_WORKERS)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        peak = PeakRss(server.pid)
        enterprises = sorted(batch.nodes[Label.ENTERPRISE])
        cities = sorted(batch.nodes[Label.CITY])
        urls = {
            "lookup": [f"{base}/entities/{e}" for e in rng.choices(enterprises, k=500)],
            "shortest path": [
                f"{base}/paths?a={a}&b={b}&k=1" for a, b in (rng.sample(cities, 2) for _ in range(500))
            ],
        }
        workers = [psutil.Process(server.pid)]  # uvicorn's supervisor with its worker processes
        results = {name: http_load.run(batch_urls, seconds, workers) for name, batch_urls in urls.items()}
        return results, peak.stop()
    finally:
        server.terminate()
        server.wait(timeout=30)


def _write_graph(store: GraphStore, batch: GraphBatch, settings: Settings, result: Result) -> bool:
    """Write the batch as the CLI and API do, hub profiles kept (inside the load's time); a
    load that fails is recorded with its cause, not raised."""

    def refresh(s: GraphStore, written: cache.Written | None) -> None:
        begun = time.perf_counter()
        result.hubs = refresh_hubs(s, written)
        result.refresh_s = time.perf_counter() - begun

    stop = cache.on_write(refresh)
    started = time.perf_counter()
    try:
        write(store, batch, settings.batch_size)
    except Exception as failed:  # reported in the table: the figure is the failure
        stop()
        result.write_s = time.perf_counter() - started
        result.load_error = f"{type(failed).__name__}: {str(failed).splitlines()[0][:200]}"
        print(f"  load FAILED after {result.write_s:.0f} s: {result.load_error}", flush=True)
        return False
    stop()
    result.write_s = time.perf_counter() - started
    print(f"  load: {result.nodes} nodes, {result.relationships} relationships, "
          f"read {result.read_s:.1f} s, write {result.write_s:.1f} s "
          f"(hub refresh {result.refresh_s:.1f} s, {result.hubs} hubs)", flush=True)  # fmt: skip
    return True


def run_size(size: str, api_seconds: float, workdir: Path) -> Result:
    print(f"size {size}, load average {os.getloadavg()[0]:.1f}", flush=True)
    result = Result(size)
    files = synthetic.write(workdir / f"eco-{size}", size, seed=7)
    settings = Settings(SCENEKG_DATA_DIR=workdir / f"server-{size}")
    state = embedded.ensure_running(settings)
    server_peak = PeakRss(state.pid)
    rng = random.Random(11)
    try:
        with open_store(settings) as store:
            load_peak = PeakRss(state.pid)
            result.load_average_at_load = os.getloadavg()[0]
            started = time.perf_counter()
            batch = read_inputs(store, files)
            result.read_s = time.perf_counter() - started
            result.nodes, result.relationships = batch.node_count(), batch.rel_count()
            result.per_row_rate = _per_row(store, batch)
            inputs = Inputs.draw(batch, rng)
            loaded = _write_graph(store, batch, settings, result)
            result.load_peak_mb = load_peak.stop()
            answered = _queries(store, batch, inputs, rng, result) if loaded else {}
            result.latencies = {name: latency for name, (latency, _) in answered.items()}
            result.views = _views(store, batch, result) if loaded else {}
        if loaded:
            result.api, result.api_peak_mb = _api(settings, batch, api_seconds, rng)
        result.disk_mb = sum(f.stat().st_size for f in settings.server_dir.rglob("*") if f.is_file()) / 2**20
    finally:
        result.server_peak_mb = server_peak.stop()
        embedded.stop(settings)
    compared = {name: answered[name] for name in COMPARED if name in answered}
    result.compared = compare(batch, inputs, compared)
    result.load_average = os.getloadavg()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L", "XL"], choices=sorted(synthetic.SIZES))
    parser.add_argument("--api-seconds", type=float, default=10.0)
    parser.add_argument(
        "--section",
        default="scale",
        help="the docs/benchmarks.md section to write (scale-xl: XL run on its own)",
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="scenekg-bench-"))
    heap, rendered = Settings().embedded_heap, render_only()
    results: list[Result] = []
    try:
        for size in args.sizes:
            results.append(run_size(size, args.api_seconds, workdir))
            # written after each size: a run stopped at XL keeps what S, M and L measured
            section = write_section(args.section, report(results, heap, rendered))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(section)


if __name__ == "__main__":
    main()
