"""One self-contained HTML page from a drawing: vis-network inlined, every text from the data
escaped. The drawing is folded (`viz.folding`), laid out (`viz.layout`), styled (`viz.style`)
and given its tooltips (`viz.tooltips`) first; this module writes the page and its policy.

Nothing on the page comes from another host. vis-network's JavaScript and CSS (the build bundled
with pyvis, the same library pyvis drives) are inlined into our own template: pyvis's template
links Bootstrap from a CDN and does not escape, so it is not used. A Content-Security-Policy lets
only the page's own two scripts run and allows no fetch at all. The data travels as JSON inside a
`<script type="application/json">` (never executed) with `<`, `>` and `&` escaped, and the page's
script turns every string into text (`textContent`); tooltips are DOM elements built that way, so
vis-network does not parse them as HTML either.

Rendering is pure and linear in the number of nodes and relationships (a 5,000-node view writes
in well under a second); `viz.views` gathers the data from the graph.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyvis
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from graph.errors import ConfigError
from model.limits import DEFAULT_CAP
from model.refs import SourceRef
from viz.drawing import Drawing, Edge, Layout, Node
from viz.folding import Fold, fold
from viz.layout import IMPROVED_LAYOUT_UP_TO, seed_positions, smoothing, vis_options
from viz.style import legend
from viz.tooltips import edge_item, node_item

TEMPLATES = Path(__file__).resolve().parent / "templates"
VIS_ASSETS = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
EDGE_LABELS_UP_TO = 150  # relationships; above that, labels would only clutter the drawing


@dataclass(frozen=True)
class View:
    """A written view: the page and what it draws. `queried_*` count what the queries returned;
    `nodes` = queried_nodes - folded + len(folds)."""

    kind: str
    name: str
    title: str
    html: str
    nodes: int
    edges: int
    queried_nodes: int
    queried_edges: int
    folds: tuple[Fold, ...] = ()

    @property
    def folded(self) -> int:
        return sum(f.count for f in self.folds)

    @property
    def summary(self) -> str:
        text = f"{self.nodes} nodes, {self.edges} relationships"
        if self.folds:
            text += f"; {self.folded} nodes folded into {len(self.folds)}"
        return text


def script_json(value: Any) -> Markup:
    """JSON safe inside an HTML `<script>` element: no `<`, `>` or `&` survives, so the data can
    neither close the element nor open a comment."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _inlinable(path: Path, closing: str) -> str:
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise ConfigError(f"{path} contains {closing} and cannot be inlined")
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


@dataclass(frozen=True)
class _Assets:
    vis_js: str
    vis_css: str
    page_js: str
    page_css: str
    template: Template
    policy: str


@cache
def _assets() -> _Assets:
    vis_js = _inlinable(VIS_ASSETS / "vis-network.min.js", "</script")
    page_js = _inlinable(TEMPLATES / "view.js", "</script")
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, auto_reload=False
    )
    policy = (
        f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(page_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
    return _Assets(
        vis_js=vis_js,
        vis_css=_inlinable(VIS_ASSETS / "vis-network.css", "</style"),
        page_js=page_js,
        page_css=_inlinable(TEMPLATES / "view.css", "</style"),
        template=environment.get_template("view.html.j2"),
        policy=policy,
    )


@dataclass(frozen=True)
class Data:
    """What a page draws, as the JSON its script reads: nodes and edges with their styles and
    tooltips, the sources' titles, the legend and the layout options."""

    payload: dict[str, Any]
    nodes: list[Node]
    edges: list[Edge]
    folds: list[Fold]


def view_data(
    drawing: Drawing,
    sources: Mapping[str, SourceRef] | None = None,
    layout: Layout = Layout.STABLE,
    cap: int = DEFAULT_CAP,
) -> Data:
    """The data of `drawing`'s page, groups above `cap` folded; `sources` maps a source id
    (`source:004`) to its resolved reference, so tooltips give article titles. The workbench
    reads it as JSON to grow its embedded view."""
    nodes, edges, folds = fold(drawing, cap)
    names = {node.id: node.name for node in nodes}
    labelled = len(edges) <= EDGE_LABELS_UP_TO
    node_items = [node_item(node) for node in nodes]
    if len(nodes) > IMPROVED_LAYOUT_UP_TO:  # vis-network's own start is random and slow to settle
        positions = seed_positions(nodes, edges)
        for item in node_items:
            item["x"], item["y"] = positions[item["id"]]
    payload = {
        "layout": layout.value,
        "nodes": node_items,
        "edges": [
            edge_item(edge, i, names, smooth, labelled)
            for i, (edge, smooth) in enumerate(zip(edges, smoothing(edges), strict=True))
        ],
        "sources": {
            ident: {"title": ref.title, "publisher": ref.publisher, "published": ref.published}
            for ident, ref in sorted((sources or {}).items())
        },
        "legend": legend(nodes, edges),
        "options": vis_options(len(nodes), layout),
        "notes": [*drawing.notes, *(f.note + f" (more than {cap} per place or owner)" for f in folds)],
    }
    return Data(payload, nodes, edges, folds)


def render(
    drawing: Drawing,
    sources: Mapping[str, SourceRef] | None = None,
    layout: Layout = Layout.STABLE,
    cap: int = DEFAULT_CAP,
) -> View:
    """The page for `drawing` (its data from `view_data`)."""
    data = view_data(drawing, sources, layout, cap)
    nodes, edges, folds, payload = data.nodes, data.edges, data.folds, data.payload
    assets = _assets()
    html = assets.template.render(
        title=drawing.title,
        notes=payload["notes"],
        nodes=len(nodes),
        edges=len(edges),
        folded=sum(f.count for f in folds),
        layout=layout.value,
        policy=assets.policy,
        payload=script_json(payload),
        vis_js=Markup(assets.vis_js),
        vis_css=Markup(assets.vis_css),
        page_js=Markup(assets.page_js),
        page_css=Markup(assets.page_css),
    )
    return View(
        kind=drawing.kind,
        name=drawing.name,
        title=drawing.title,
        html=html,
        nodes=len(nodes),
        edges=len(edges),
        queried_nodes=len(drawing.nodes),
        queried_edges=len(drawing.edges),
        folds=tuple(folds),
    )
