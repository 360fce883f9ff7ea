"""The views in a real headless Chromium: Debian's /usr/bin/chromium driven by playwright (no
browser download). Each view, opened from a file, draws its network with the numbers of nodes and
relationships the view reported, logs no error, and requests nothing beyond its own file; a name
made of HTML runs nothing, even once its tooltip shows and it is typed into the search box.
Screenshots go to tests/artifacts/ (git-ignored), one per view."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from graph.store import GraphStore
from ingest.pipeline import ingest
from tests.test_views import synthetic
from viz.drawing import Layout
from viz.render import View, render
from viz.views import alliance_view, graph_view, neighbourhood_view, path_view, technology_view

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
SOE_ALLIANCE = "alliance:hefei-soe-scenario-innovation-alliance"

if os.environ.get("CI") and not CHROMIUM.exists():  # CI installs it (make browser): never skip there
    raise RuntimeError("CI run without /usr/bin/chromium: `make browser` should have installed it")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Chromium at /usr/bin/chromium: apt-get install chromium chromium-driver fonts-noto-cjk",
)

EVIL_DATASET = """\
sources:
  - id: source:x
    title: "<img src=x onerror=alert('source')>"
cities:
  - id: city:evil
    name_zh: "<img src=x onerror=alert(1)>"
    name_en: "<script>alert(2)</script>"
    aliases: ["</script><script>alert(3)</script>"]
    description: "<svg onload=alert(4)>"
    sources: ["source:x#p1"]
    figures:
      - measure: evil_count
        label_zh: "<img src=y onerror=alert(5)>"
        label_en: "<b>bold</b>"
        value: 3
        unit: "<i>unit</i>"
        sources: ["source:x#p1"]
  - id: city:plain
    name_zh: 普通市
    name_en: Plain
    sources: ["source:x#p1"]
relationships:
  - type: COLLABORATES_WITH
    from: city:evil
    to: city:plain
    mode: "<img src=z onerror=alert(6)>"
    sources: ["source:x#p1"]
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@dataclass
class Opened:
    """A view open in a page, and what the page did: console errors, requests beyond its own file
    (file: and data: URLs are its own), dialogs opened by a script."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def open_view(browser: Browser, tmp_path: Path) -> Iterator[Callable[[View], Opened]]:
    pages: list[Page] = []

    def opener(view: View) -> Opened:
        path = tmp_path / f"{view.name}.html"
        path.write_text(view.html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        pages.append(page)
        opened = Opened(page)
        page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on(
            "request",
            lambda r: None if r.url.startswith(("file:", "data:")) else opened.requests.append(r.url),
        )
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-settled='true']", timeout=60_000)
        return opened

    yield opener
    for page in pages:
        page.close()


def screenshot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png")


def hover(page: Page, node: str) -> str:
    """Point at a node and return the text of the tooltip that appears."""
    box = page.locator("#network").bounding_box()
    assert box is not None
    spot = page.evaluate(
        "id => network.canvasToDOM(network.getPositions([id])[id])",
        node,
    )
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    tooltip = page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    return tooltip.inner_text()


def drawn_pixels(page: Page) -> int:
    """How many pixels of the network's canvas are not background."""
    count: int = page.evaluate(
        """() => {
            const canvas = document.querySelector('#network canvas');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let drawn = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
            return drawn;
        }"""
    )
    return count


VIEWS: dict[str, Callable[[GraphStore], View]] = {
    "graph": lambda store: graph_view(store),
    "neighbourhood": lambda store: neighbourhood_view(store, "合肥", 2),
    "path": lambda store: path_view(store, "厦门", "深圳", 3),
    "alliance": lambda store: alliance_view(store, SOE_ALLIANCE),
    "technology": lambda store: technology_view(store, "人工智能"),
}


@pytest.mark.parametrize("kind", VIEWS)
def test_view_opens_offline_and_draws_what_it_reported(
    loaded: GraphStore, open_view: Callable[[View], Opened], kind: str
) -> None:
    view = VIEWS[kind](loaded)
    opened = open_view(view)
    page = opened.page
    screenshot(page, f"view-{kind}")
    assert page.locator("#network canvas").count() == 1
    assert page.evaluate("typeof network.getPositions") == "function"
    assert drawn_pixels(page) > 1000
    assert page.evaluate("[nodes.length, edges.length]") == [view.nodes, view.edges]
    assert view.nodes == view.queried_nodes - view.folded + len(view.folds)
    assert page.evaluate("Object.keys(network.getPositions()).length") == view.nodes
    assert page.evaluate("network.physics.options.enabled") is False  # stopped once settled
    assert page.locator("#counts").inner_text().startswith(f"{view.nodes} nodes · {view.edges} relationships")
    assert page.locator(".legend-row").count() >= 1
    assert (opened.errors, opened.requests, opened.dialogs) == ([], [], [])


def test_tooltip_shows_names_figures_and_article_titles(
    loaded: GraphStore, open_view: Callable[[View], Opened]
) -> None:
    page = open_view(alliance_view(loaded, SOE_ALLIANCE)).page
    text = hover(page, SOE_ALLIANCE)
    screenshot(page, "view-alliance-tooltip")
    assert text.startswith(
        "合肥国有企业场景创新联盟 / Hefei State-owned Enterprise Scenario Innovation Alliance"
    )
    assert "汇聚国企 / State-owned enterprises pooled: 28 enterprise" in text  # source:004#p34
    assert "source:004#p34 — 场景创新释放超能力 (银川日报“他山之石”, 2026)" in text


def test_search_box_finds_and_selects_a_node(loaded: GraphStore, open_view: Callable[[View], Opened]) -> None:
    page = open_view(graph_view(loaded)).page
    page.fill("#search", "Tangshan")
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes()")[0] == "city:tangshan"
    assert page.locator("#search-status").inner_text().endswith("found")


def test_stable_layout_opens_with_the_same_positions(
    loaded: GraphStore, open_view: Callable[[View], Opened]
) -> None:
    view = path_view(loaded, "厦门", "深圳", 3, layout=Layout.STABLE)
    first = open_view(view).page.evaluate("network.getPositions()")
    second = open_view(view).page.evaluate("network.getPositions()")
    assert first == second and len(first) == view.nodes


def test_physics_layout_lets_a_dragged_node_pull_its_neighbours_then_stops(
    loaded: GraphStore, open_view: Callable[[View], Opened]
) -> None:
    opened = open_view(alliance_view(loaded, SOE_ALLIANCE, layout=Layout.PHYSICS))
    page = opened.page
    box = page.locator("#network").bounding_box()
    assert box is not None
    spot = page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", "city:hefei")
    before = page.evaluate("network.getPositions()")
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    page.mouse.down()
    page.mouse.move(box["x"] + spot["x"] + 150, box["y"] + spot["y"] + 80, steps=10)
    assert page.evaluate("network.physics.options.enabled") is True
    page.mouse.up()
    page.wait_for_function("() => network.physics.options.enabled === false", timeout=30_000)
    after = page.evaluate("network.getPositions()")
    assert sum(before[n] != after[n] for n in before) > 1  # more than the dragged node moved
    assert opened.errors == []


def test_folded_view_says_what_was_folded(open_view: Callable[[View], Opened]) -> None:
    view = render(synthetic(5000))  # 99 enterprises in each of 50 cities, above the default cap
    opened = open_view(view)
    assert (view.nodes, view.folded) == (100, 4950)
    assert opened.page.evaluate("nodes.length") == 100
    assert "99 enterprises located in c0 drawn as one node" in opened.page.locator("#notes").inner_text()
    assert opened.errors == []


def test_html_in_the_data_runs_nothing(
    store: GraphStore, data_file: Callable[[str, str], Path], open_view: Callable[[View], Opened]
) -> None:
    ingest(store, [data_file("evil.yaml", EVIL_DATASET)], batch_size=100)
    opened = open_view(neighbourhood_view(store, "city:evil", 1))
    page = opened.page
    assert page.evaluate("nodes.length") == 2

    text = hover(page, "city:evil")
    screenshot(page, "view-escaping")
    assert text.startswith("<img src=x onerror=alert(1)> / <script>alert(2)</script>")
    for shown in (
        "</script><script>alert(3)</script>",
        "<svg onload=alert(4)>",
        "<img src=y onerror=alert(5)>",
    ):
        assert shown in text
    page.fill("#search", "<img src=x onerror=alert(1)>")
    page.press("#search", "Enter")
    assert page.evaluate("network.getSelectedNodes()") == ["city:evil"]
    assert page.locator("#search-status").inner_text() == "1 found"
    page.wait_for_timeout(300)  # time for an injected handler to have fired

    assert opened.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
    assert page.evaluate("document.scripts.length") == 3  # the data, vis-network, the page's own
    assert page.locator("title").inner_text() == "<img src=x onerror=alert(1)>: neighbourhood within 1 hop(s)"
    assert (opened.errors, opened.requests) == ([], [])
    # and the page's policy refuses any script it does not already carry
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="window.injected = true")
    assert page.evaluate("window.injected") is None
