"""Speed of the analyst's workbench in headless Chromium against a synthetic ecosystem: the page
ready (load event) on loopback, search answered after a keystroke (input event to results
drawn, the page's 40 ms debounce included), and a 200-candidate file opened from the served
folder (choice to first card). Medians of a few runs; the machine is shared, so compare runs
made one after another.

Run: .venv/bin/python -m bench.workbench [--size S|M|L]   (issue 16's targets are at L)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright

from api import server as api_server
from api.app import create_app
from api.deps import ApiSettings
from bench.report import write_section
from graph import embedded
from graph.settings import Settings
from graph.store import open_store
from ingest import synthetic
from ingest.pipeline import read_inputs
from ingest.writer import write

TARGETS_MS = {"page ready": 1000, "search after a keystroke": 100, "200-candidate file opened": 1000}
_SEARCH = """async (text) => {
  const input = document.getElementById("q"), results = document.getElementById("results");
  const started = performance.now();
  const drawn = new Promise((done) => new MutationObserver((_, o) => {
    if (results.querySelector(".hit")) { o.disconnect(); done(); }
  }).observe(results, {childList: true, subtree: true}));
  input.value = text; input.dispatchEvent(new Event("input"));
  await drawn; return performance.now() - started; }"""
_OPEN = """async (name) => {
  const select = document.getElementById("folder-files"), card = document.getElementById("card");
  const started = performance.now();
  const shown = new Promise((done) => new MutationObserver((_, o) => {
    if (card.querySelector("h3")) { o.disconnect(); done(); }
  }).observe(card, {childList: true, subtree: true}));
  select.value = name; select.dispatchEvent(new Event("change"));
  await shown; return performance.now() - started; }"""


def candidate_file(count: int) -> str:
    """`count` new enterprises, each found in a sentence of its own (made up here)."""
    lines = ["candidates_of: source:bench-article", "sources:", "- {id: source:bench-article, title: bench}"]
    lines.append("enterprises:")
    for i in range(count):
        name = f"测试科技{i:03d}有限公司"
        sentence = f"{name}发布了新的应用场景。"
        start = i * (len(sentence) + 1)
        lines.append(
            f"- {{id: 'enterprise:bench-{i:03d}', name_zh: {name}, sources: ['source:bench-article#c{start}-"
            f"{start + len(sentence)}'], candidate: {{status: new, confidence: 0.6, mention: {name}, "
            f"span: [{start}, {start + len(name)}], sentence: {sentence}}}}}"
        )
    return "\n".join(lines) + "\n"


def _ready(page: Page, origin: str) -> float:
    page.goto(origin + "/")
    value: float = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    return value


def measure(origin: str, names: list[str]) -> dict[str, float]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page()
        ready = [_ready(page, origin) for _ in range(5)]
        searches = [page.evaluate(_SEARCH, name) for name in names]
        page.click('[data-tab="review"]')
        page.wait_for_selector("#folder-files option[value='bench.candidates.yaml']", state="attached")
        opened = []
        for _ in range(5):
            page.evaluate("document.getElementById('folder-files').value = ''")
            opened.append(page.evaluate(_OPEN, "bench.candidates.yaml"))
        browser.close()
    return {
        "page ready": statistics.median(ready),
        "search after a keystroke": statistics.median(searches),
        "200-candidate file opened": statistics.median(opened),
    }


def report(
    size: str, nodes: int, relationships: int, results: dict[str, float], load: tuple[float, float]
) -> str:
    lines = [
        "## The analyst's workbench (headless Chromium, `python -m bench.workbench`)",
        "",
        f"Size {size} ({nodes:,} nodes, {relationships:,} relationships), run {datetime.now(UTC):%Y-%m-%d}; "
        "medians: the page's load event (5 loads), input event to hits drawn (20 names), folder choice "
        "to the first card of a 200-candidate file (5 openings). The machine is shared: 1-minute load "
        f"average {load[0]:.1f} before measuring and {load[1]:.1f} after, on {os.cpu_count()} cores.",
        "",
        "| step | median ms | target ms (at L) |",
        "|---|---|---|",
    ]
    lines += [f"| {step} | {value:.0f} | {TARGETS_MS[step]} |" for step, value in results.items()]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="S", choices=sorted(synthetic.SIZES))
    size = parser.parse_args().size
    with tempfile.TemporaryDirectory(prefix="scenekg-bench-wb-") as tmp:
        work = Path(tmp)
        settings = Settings(SCENEKG_DATA_DIR=work / "server")
        folder = work / "candidates"
        folder.mkdir()
        (folder / "bench.candidates.yaml").write_text(candidate_file(200), encoding="utf-8")
        embedded.ensure_running(settings)
        try:
            with open_store(settings) as store:
                batch = read_inputs(store, synthetic.write(work / "eco", size, seed=7))
                write(store, batch, settings.batch_size)
            names = [str(row.props["name_zh"]) for rows in batch.nodes.values() for row in rows.values()
                     if row.props.get("name_zh")]  # fmt: skip
            picked = random.Random(5).sample(names, min(20, len(names)))
            port = embedded.free_port()
            options = api_server.uvicorn_options("127.0.0.1", port, workers=1)
            for key in ("factory", "workers"):
                options.pop(key)
            app = create_app(settings, ApiSettings(SCENEKG_CANDIDATES_DIR=folder))
            server = uvicorn.Server(uvicorn.Config(app, **options))
            threading.Thread(target=server.run, daemon=True).start()
            while not server.started:
                time.sleep(0.05)
            before = os.getloadavg()[0]
            results = measure(f"http://127.0.0.1:{port}", picked)
            load = (before, os.getloadavg()[0])
            server.should_exit = True
        finally:
            embedded.stop(settings)
    print(write_section("workbench", report(size, batch.node_count(), batch.rel_count(), results, load)))


if __name__ == "__main__":
    main()
