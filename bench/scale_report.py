"""The markdown of the scale benchmark: load, growth, latencies with their ratio to LadybugDB
and the networkx floor from the same run, the HTTP API, views and memory."""

from __future__ import annotations

import platform
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

import psutil

from bench.http_load import LoadRun

if TYPE_CHECKING:
    from bench.scale import Result

TARGETS = {  # p95 in ms at size L, from issue 13
    "lookup": 2, "search": 20, "shortest path": 10, "city profile": 100, "5 alternative paths": 60,
    "matching": 250, "similar cities": 100,
}  # fmt: skip
GROWTH = ("lookup", "city profile", "matching", "shortest path", "5 alternative paths")


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _machine(heap: str, results: list[Result]) -> str:
    loads = ", ".join(f"{r.size} {r.load_average[0]:.1f}" for r in results)
    return (
        f"{platform.node()}: {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}, arcadedb-embedded {_version('arcadedb-embedded')}, "
        f"neo4j driver {_version('neo4j')}, JVM heap {heap}, ladybug {_version('ladybug')}, "
        f"networkx {_version('networkx')}; 1-minute load average at the end of each size: {loads}"
    )


def _load_table(results: list[Result]) -> list[str]:
    lines = [
        "Load, seconds. Both engines start from the same parsed and checked batch: the write ratio is "
        "scenekg's write over LadybugDB's CSV export plus `COPY FROM`. Loads above SCENEKG_COMMIT_ROWS "
        "rows commit in parts; the server's peak RSS during the load and the 1-minute load average as "
        "it began stand beside (targets at L: read+check 4 s, write 12 s, peak RSS 1,000 MB; XL loads "
        "on the default heap).",
        "",
        "| size | nodes | relationships | scenekg read+check s "
        "| scenekg write s (of it: hub refresh s, hubs) | scenekg load s "
        "| LadybugDB export+COPY s (COPY s) | write ratio | networkx build s | per-row MERGE rows/s "
        "| load peak RSS MB | load average |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lb = r.compared.load_s if r.compared else {}
        total = r.read_s + r.write_s
        scenekg = f"**failed** after {total:.0f} s: {r.load_error}" if r.load_error else f"{total:.1f}"
        ratio = f"{r.write_s / lb['LadybugDB']:.1f}x" if lb and not r.load_error else "-"
        ladybug = f"{lb['LadybugDB']:.1f} ({lb['LadybugDB COPY']:.1f})" if lb else "-"
        lines.append(
            f"| {r.size} | {r.nodes:,} | {r.relationships:,} | {r.read_s:.1f} "
            f"| {r.write_s:.1f} ({r.refresh_s:.1f}, {r.hubs:,}) | {scenekg} "
            f"| {ladybug} | {ratio} | {lb.get('networkx', float('nan')):.1f} | {r.per_row_rate:,.0f} "
            f"| {r.load_peak_mb:,.0f} | {r.load_average_at_load:.1f} |"
        )
    return lines


def _growth_table(results: list[Result]) -> list[str]:
    """One row per size: load seconds and each compared query's p95, scenekg (LadybugDB)."""
    lines = [
        "| size | rows | scenekg load s | LadybugDB load s | "
        + " | ".join(f"{q} p95" for q in GROWTH)
        + " |",
        "|---|---|---|---|" + "---|" * len(GROWTH),
    ]
    for r in results:
        lat = r.compared.latencies if r.compared else {}
        cells = []
        for query in GROWTH:
            ours = lat.get(query, {}).get("scenekg")
            theirs = lat.get(query, {}).get("LadybugDB")
            ours_text = "failed" if query in r.query_errors else f"{ours[1]:.1f}" if ours else "-"
            cells.append(f"{ours_text} ({theirs[1]:.1f})" if theirs else ours_text)
        load = "failed" if r.load_error else f"{r.read_s + r.write_s:.1f}"
        ladybug = f"{r.compared.load_s['LadybugDB']:.1f}" if r.compared else "-"
        lines.append(
            f"| {r.size} | {r.nodes + r.relationships:,} | {load} | {ladybug} | " + " | ".join(cells) + " |"
        )
    return lines


def _latency_cell(r: Result, name: str) -> str:
    if name in r.query_errors:
        return f"**failed**: {r.query_errors[name]}"
    if name not in r.latencies:
        return "-"
    p50, p95, n = r.latencies[name]
    cell = f"{p50:.1f} / {p95:.1f} ({n})"
    theirs = r.compared.latencies.get(name, {}) if r.compared else {}
    if "LadybugDB" in theirs:
        lb, nx = theirs["LadybugDB"], theirs["networkx"]
        agree = r.compared.agree.get(name) if r.compared else None
        same = f"; answers equal {agree[0]}/{agree[1]}" if agree else ""
        cell += (
            f"; LadybugDB {lb[0]:.2f} / {lb[1]:.2f}, **{p95 / lb[1]:.1f}x** at p95; "
            f"networkx {nx[0]:.3f} / {nx[1]:.3f}{same}"
        )
    return cell


def _latency_table(results: list[Result]) -> list[str]:
    names = list(dict.fromkeys(name for r in results for name in [*r.latencies, *r.query_errors]))
    lines = [
        "| query | " + " | ".join(r.size for r in results) + " | target p95 at L |",
        "|---|" + "---|" * (len(results) + 1),
    ]
    for name in names:
        cells = [_latency_cell(r, name) for r in results]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {TARGETS.get(name, '-')} |")
    return lines


def _api_cell(run: LoadRun) -> str:
    return (f"{run.rate:.0f} req/s, p99 {run.p99_ms:.0f} ms ({run.requests}, {run.errors}); "
            f"CPU/request: API {run.server_cpu_ms:.2f} ms, client {run.client_cpu_ms:.2f} ms")  # fmt: skip


def _view_cell(r: Result, name: str) -> str:
    if name in r.view_errors:
        return f"**failed**: {r.view_errors[name]}"
    if name not in r.views:
        return "-"
    seconds, nodes, folded, megabytes = r.views[name]
    return f"{seconds:.2f} s, {nodes:,} nodes, {folded:,} folded, {megabytes:.1f} MB"


def _api_and_views(results: list[Result], workers: int, render: tuple[float, float]) -> list[str]:
    shown = [r for r in results if r.api]
    lines = [
        "",
        f"HTTP API (`scenekg serve --workers {workers}`), 32 concurrent keep-alive clients on one event "
        "loop (`bench/http_load.py`) on loopback (requests/s, p99 ms, requests, 5xx or dropped "
        "connections; then the CPU ms per request of the API processes and of the load generator, "
        "which share the same cores; no LadybugDB counterpart: it has no server):",
        "",
        "| endpoint | " + " | ".join(r.size for r in shown) + " |",
        "|---|" + "---|" * len(shown),
    ]
    for name in shown[0].api if shown else ():
        cells = [_api_cell(r.api[name]) for r in shown]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    shown = [r for r in results if r.views or r.view_errors]
    lines += ["", "Views (`viz/`), built from the graph and written to a file:", ""]
    lines += ["| view | " + " | ".join(r.size for r in shown) + " |", "|---|" + "---|" * len(shown)]
    for name in dict.fromkeys(n for r in shown for n in [*r.views, *r.view_errors]):
        cells = [_view_cell(r, name) for r in shown]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Rendering and writing a 5,000-node, 5,000-relationship page on its own (no queries, nothing "
        f"folded): {render[0]:.2f} s, {render[1]:.1f} MB (target: 1 s).",
        "",
        "| size | server peak RSS MB | API peak RSS MB | disk MB |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r.size} | {r.server_peak_mb:.0f} | {r.api_peak_mb:.0f} | {r.disk_mb:.0f} |" for r in results
    ]
    return lines


def report(results: list[Result], heap: str, render: tuple[float, float], workers: int = 2) -> str:
    lines = [
        "## Scale (`python -m bench.scale`)",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {_machine(heap, results)}. Synthetic "
        "ecosystems from `ingest/synthetic.py` (seed 7), loaded through the real loaders (JSON Lines "
        "dataset + two CSV lists) into a fresh embedded server per size; the same batch is copied into "
        "LadybugDB (`bench/anchor.py`, CSV + `COPY FROM`) and built as a networkx graph, and the three "
        "are asked the same questions on the same inputs. The machine is shared: compare within a run.",
        "",
        *_load_table(results),
        "",
        "Growth: load seconds and p95 ms of each query asked of both engines, scenekg (LadybugDB):",
        "",
        *_growth_table(results),
        "",
        "Query latency after warm-up, ms (p50 / p95 (n samples)); where LadybugDB and networkx were "
        "asked the same, their p50 / p95, scenekg's p95 as a multiple of LadybugDB's, and how many "
        "answers were equal across the three:",
        "",
        *_latency_table(results),
        *_api_and_views(results, workers, render),
    ]
    differences = [d for r in results if r.compared for d in r.compared.differences]
    if differences:
        lines += ["", "Answers that differed (first two per query and size):", ""]
        lines += [f"- `{d[:400]}`" for d in differences]
    return "\n".join(lines)
