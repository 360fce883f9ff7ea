"""The HTML views without a browser: the page is self-contained and escapes every text from the
data, crowded groups fold and say so, parallel relationships are all drawn, and each view draws
what its query returned on the bundled dataset (checked against data/curated/*.yaml)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
import typer
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api import cli_views
from api.app import create_app
from graph.errors import BadArgument
from graph.schema import SEMANTIC_RELATIONSHIPS, Label
from graph.store import GraphStore
from model.refs import SourceRef
from queries.diffusion import diffusion
from queries.models import FigureOut
from queries.neighbourhood import neighbourhood
from queries.stats import stats
from viz.drawing import Drawing, Edge, Layout, Node
from viz.folding import fold
from viz.layout import seed_positions
from viz.render import View, render
from viz.style import SHORTEST_COLOUR
from viz.tooltips import figure_text
from viz.views import alliance_view, graph_view, neighbourhood_view, path_view, technology_view

EVIL = "<img src=x onerror=alert(1)>"
CLOSER = "</script><script>alert(2)</script>"
SOE_ALLIANCE = "alliance:hefei-soe-scenario-innovation-alliance"


def payload(html: str) -> dict[str, Any]:
    """The data the page's script reads."""
    match = re.search(r'<script type="application/json" id="view-data">(.*?)</script>', html, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def node(ident: str, label: str = "City", **fields: Any) -> Node:
    return Node(id=ident, label=label, name_zh=fields.pop("name_zh", ident.split(":")[1]), **fields)


def located(ident: str, place: str) -> Edge:
    return Edge(ident, place, "LOCATED_IN", citations=[f"source:t#{ident}"])


def drawing(nodes: list[Node], edges: list[Edge], **fields: Any) -> Drawing:
    return Drawing(
        kind="test", name="test", title=fields.pop("title", "test"), nodes=nodes, edges=edges, **fields
    )


def test_page_loads_nothing_from_another_host() -> None:
    view = render(drawing([node("city:a"), node("city:b")], [Edge("city:a", "city:b", "COLLABORATES_WITH")]))
    html = view.html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert "//cdn" not in html
    assert not re.search(r"<link\b|<script\b[^>]*\bsrc\b|@import|<iframe", html, re.I)
    assert "bootstrap" not in html.lower()
    # vis-network itself is inlined, and the policy lets no fetch leave the page
    assert "vis.Network" in html or "Network=" in html
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert found is not None
    policy = unescape(found.group(1))
    assert policy.startswith("default-src 'none'; script-src 'sha256-")
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_text_from_the_data_stays_text() -> None:
    evil = node(
        "city:evil",
        name_zh=EVIL,
        name_en=CLOSER,
        aliases=["<b>alias</b>"],
        description="<svg onload=alert(3)>",
        properties={"sector": "<i>x</i>"},
    )
    view = render(
        drawing(
            [evil, node("city:b")],
            [Edge("city:evil", "city:b", "COLLABORATES_WITH", {"mode": "<u>m</u>"}, ["source:t#<p>"])],
            title=f"title {EVIL}",
            notes=[f"note {CLOSER}"],
        )
    )
    html = view.html
    for raw in (EVIL, CLOSER, "<b>alias</b>", "<svg", "<i>x</i>", "<u>m</u>", "<p>"):
        assert raw not in html
    assert f"<title>title {EVIL.replace('<', '&lt;').replace('>', '&gt;')}</title>" in html
    assert "<li>note &lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;</li>" in html
    benign = render(drawing([node("city:a")], [])).html
    assert html.count("<script") == benign.count("<script")  # no element added by the data
    data = payload(html)
    drawn = next(n for n in data["nodes"] if n["id"] == "city:evil")
    assert drawn["info"]["head"] == f"{EVIL} / {CLOSER}"  # intact once parsed, shown as text
    assert "<svg onload=alert(3)>" in drawn["info"]["lines"]


def test_page_script_writes_text_never_html() -> None:
    script = (Path(__file__).parents[1] / "viz" / "templates" / "view.js").read_text(encoding="utf-8")
    assert "textContent" in script
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "Function("):
        assert sink not in script


def test_enterprises_above_the_cap_fold_into_one_node_per_place() -> None:
    many = [node(f"enterprise:e{i:02}", "Enterprise") for i in range(30)]
    few = [node(f"enterprise:f{i}", "Enterprise") for i in range(3)]
    nodes = [node("city:a"), node("city:b"), node("tech:ai", "Technology"), *many, *few]
    edges = [located(e.id, "city:a") for e in many] + [located(e.id, "city:b") for e in few]
    edges += [Edge(e.id, "tech:ai", "PROVIDES") for e in many[:10]]
    edges.append(Edge("enterprise:e00", "enterprise:e01", "COLLABORATES_WITH"))  # inside the fold
    source = drawing(nodes, edges)

    kept, drawn, folds = fold(source, cap=25)

    assert [(f.anchor, f.label, f.count) for f in folds] == [("city:a", "Enterprise", 30)]
    ids = {n.id for n in kept}
    assert "folded:Enterprise:city:a" in ids and not ids & {e.id for e in many}
    assert {e.id for e in few} <= ids  # three in city:b stay under the cap
    merged = {(e.start, e.type, e.end): e for e in drawn}
    assert merged["folded:Enterprise:city:a", "LOCATED_IN", "city:a"].count == 30
    assert len(merged["folded:Enterprise:city:a", "LOCATED_IN", "city:a"].citations) == 30
    assert merged["folded:Enterprise:city:a", "PROVIDES", "tech:ai"].count == 10
    assert len(drawn) == 2 + 3

    view = render(source, cap=25)
    assert (view.nodes, view.edges, view.folded) == (len(nodes) - 30 + 1, 5, 30)
    assert view.nodes == view.queried_nodes - view.folded + len(view.folds)
    assert "30 enterprises located in a drawn as one node (more than 25 per place or owner)" in view.html
    folded = next(n for n in payload(view.html)["nodes"] if n["id"] == "folded:Enterprise:city:a")
    assert folded["label"] == "30 enterprises" and "e29" in folded["info"]["lines"]
    # a larger cap folds nothing; the centre of a view is never folded
    assert render(source, cap=30).folded == 0
    assert fold(drawing(nodes, edges, keep=frozenset(e.id for e in [*many, *few])), cap=1)[2] == []
    with pytest.raises(BadArgument):
        fold(source, cap=0)


def test_figures_above_the_cap_fold_per_owner() -> None:
    figures = [node(f"figure:a.m{i}", "Figure") for i in range(4)]
    source = drawing([node("city:a"), *figures], [Edge("city:a", f.id, "HAS_FIGURE") for f in figures])
    view = render(source, cap=3)
    assert [(f.anchor, f.label, f.count) for f in view.folds] == [("city:a", "Figure", 4)]
    assert (view.nodes, view.edges) == (2, 1)
    assert "4 figures of a drawn as one node" in view.html


def _side(item: dict[str, Any]) -> tuple[str, float]:
    """Which side of the line between its two nodes an edge bends to, whatever its direction."""
    smooth = item["smooth"]
    clockwise = smooth["type"] == "curvedCW"
    if item["from"] > item["to"]:
        clockwise = not clockwise
    return ("cw" if clockwise else "ccw", smooth["roundness"])


def test_parallel_relationships_are_all_drawn_apart() -> None:
    edges = [
        Edge("city:a", "alliance:x", "MEMBER_OF", {"role": "initiator"}),
        Edge("alliance:x", "city:a", "LOCATED_IN"),
        Edge("city:a", "alliance:x", "COLLABORATES_WITH"),
        Edge("city:a", "city:b", "COLLABORATES_WITH"),
    ]
    view = render(drawing([node("city:a"), node("city:b"), node("alliance:x", "Alliance")], edges))
    drawn = payload(view.html)["edges"]
    assert view.edges == len(drawn) == 4
    assert len({e["id"] for e in drawn}) == 4
    parallel = [e for e in drawn if {e["from"], e["to"]} == {"city:a", "alliance:x"}]
    assert len({_side(e) for e in parallel}) == 3  # three distinct curves
    assert "smooth" not in next(e for e in drawn if e["to"] == "city:b")
    assert next(e for e in parallel if e["info"]["head"] == "MEMBER_OF")["label"] == "MEMBER_OF (initiator)"


def test_figure_text_says_value_unit_qualifier_and_date() -> None:
    figure = FigureOut(
        id="figure:x",
        measure="tech_firms_matched",
        label_zh="精准对接科创企业",
        label_en="Sci-tech firms matched",
        value=480,
        unit="enterprise",
        qualifier="more_than",
        stated="480余家",
        as_of="2026",
    )
    assert figure_text(figure) == (
        "精准对接科创企业 / Sci-tech firms matched: more than 480 enterprise (stated “480余家”; as of 2026)"
    )
    money = figure.model_copy(update={"value": 110_000_000.0, "unit": "currency", "currency": "CNY"})
    assert "more than 110,000,000 CNY" in figure_text(money)
    share = figure.model_copy(
        update={"value": 33.3, "unit": "percent", "qualifier": "nearly", "stated": None}
    )
    assert figure_text(share) == "精准对接科创企业 / Sci-tech firms matched: nearly 33.3% (as of 2026)"


def test_tooltips_carry_figures_and_sources_with_titles() -> None:
    ref = SourceRef(citation="source:004#p34", source="source:004", locator="p34", title="场景创新释放超能力")
    figure = FigureOut(id="figure:a.n", measure="n", value=28, unit="enterprise", sources=[ref])
    view = render(
        drawing([node("city:a", citations=["source:004#p9"], figures=[figure])], []), {"source:004": ref}
    )
    data = payload(view.html)
    info = data["nodes"][0]["info"]
    assert info["figures"] == [{"text": "n: 28 enterprise", "cites": ["source:004#p34"]}]
    assert info["cites"] == ["source:004#p9", "source:004#p34"]
    assert data["sources"]["source:004"]["title"] == "场景创新释放超能力"
    assert data["legend"] == [{"name": "City", "glyph": "●", "colour": "#1f77b4", "count": 1}]


def test_stable_layout_is_seeded_and_physics_stops_after_settling() -> None:
    source = drawing([node("city:a"), node("city:b")], [Edge("city:a", "city:b", "COLLABORATES_WITH")])
    stable = payload(render(source, layout=Layout.STABLE).html)
    fresh = payload(render(source, layout=Layout.PHYSICS).html)
    assert (
        stable["options"]["layout"]["randomSeed"]
        == payload(render(source).html)["options"]["layout"]["randomSeed"]
    )
    assert "randomSeed" not in fresh["options"]["layout"]
    assert stable["options"]["physics"]["stabilization"]["enabled"] is True
    script = (Path(__file__).parents[1] / "viz" / "templates" / "view.js").read_text(encoding="utf-8")
    assert 'network.once("stabilizationIterationsDone", settled)' in script
    assert "physics: { enabled: false }" in script


def synthetic(size: int) -> Drawing:
    """`size` nodes: 50 cities and enterprises located in them, each collaborating with another."""
    cities = [node(f"city:c{i}", name_en=f"City {i}") for i in range(50)]
    firms = [node(f"enterprise:e{i}", "Enterprise", citations=["source:t#p1"]) for i in range(size - 50)]
    edges = [located(f.id, f"city:c{i % 50}") for i, f in enumerate(firms)]
    edges += [
        Edge(f.id, firms[(i * 7 + 1) % len(firms)].id, "COLLABORATES_WITH") for i, f in enumerate(firms)
    ]
    return drawing([*cities, *firms], edges)


def test_a_5000_node_view_draws_every_node_from_seeded_positions() -> None:
    source = synthetic(5000)
    view = render(source, cap=10_000)
    data = payload(view.html)
    assert (
        (view.nodes, view.edges, view.folded)
        == (5000, 9900, 0)
        == (len(data["nodes"]), len(data["edges"]), 0)
    )
    assert all("x" in n and "y" in n for n in data["nodes"])
    assert data["options"]["physics"]["stabilization"]["iterations"] == 50
    assert seed_positions(source.nodes, source.edges) == seed_positions(source.nodes, source.edges)
    folded = render(source)  # the default cap folds the 99 enterprises of each city
    assert (folded.nodes, folded.folded, len(folded.folds)) == (100, 4950, 50)


# --- the views on the bundled dataset -------------------------------------------------------


def ids(view: View) -> set[str]:
    return {n["id"] for n in payload(view.html)["nodes"]}


def test_alliance_view_draws_members_roles_figures_place_and_initiatives(loaded: GraphStore) -> None:
    view = alliance_view(loaded, "合肥国有企业场景创新联盟")
    assert ids(view) == {
        SOE_ALLIANCE,
        "city:hefei",  # its member (initiator) and where it is located, source:004#p34
        "scenario:hefei-gas-ai-work-quality-inspection",  # released by it, source:004#p35
        *(
            f"figure:alliance.hefei-soe-scenario-innovation-alliance.{m}"
            for m in (
                "member_soes",
                "scenario_opportunities_opened",
                "scenario_projects_landed",
                "tech_firms_matched",
            )
        ),
        # the initiatives its member Hefei launched, source:004#p9
        "initiative:hefei-all-domain-scenario-innovation-city",
        "initiative:hefei-six-in-one-work-system",
        "initiative:hefei-opportunity-capability-lists",
    }
    assert (view.nodes, view.edges, view.folded) == (10, 16, 0)
    data = payload(view.html)
    member = next(e for e in data["edges"] if e["info"]["head"] == "MEMBER_OF")
    assert (member["from"], member["to"], member["label"]) == (
        "city:hefei",
        SOE_ALLIANCE,
        "MEMBER_OF (initiator)",
    )
    assert member["info"]["lines"] == ["role: initiator"] and member["info"]["cites"] == ["source:004#p34"]
    soes = next(n for n in data["nodes"] if n["id"].endswith(".member_soes"))
    assert soes["info"]["figures"][0]["text"].startswith(
        "汇聚国企 / State-owned enterprises pooled: 28 enterprise"
    )
    assert data["sources"]["source:004"]["title"] == "场景创新释放超能力"
    # the alliance and Hefei are joined by MEMBER_OF and LOCATED_IN: both drawn
    pair = [e for e in data["edges"] if {e["from"], e["to"]} == {"city:hefei", SOE_ALLIANCE}]
    assert sorted(e["info"]["head"] for e in pair) == ["LOCATED_IN", "MEMBER_OF"]


def test_path_view_highlights_the_shortest_path(loaded: GraphStore) -> None:
    view = path_view(loaded, "唐山", "北京", 3)
    data = payload(view.html)
    shortest = [e for e in data["edges"] if e["color"]["color"] == SHORTEST_COLOUR]
    # Tangshan collaborates with Beijing (source:004#p36): one hop, drawn red
    assert [(e["from"], e["info"]["head"], e["to"]) for e in shortest] == [
        ("city:tangshan", "COLLABORATES_WITH", "city:beijing")
    ]
    others = [e for e in data["edges"] if e.get("dashes")]
    assert len(others) == view.edges - 1 >= 1
    outlined = {n["id"] for n in data["nodes"] if n.get("borderWidth") == 4}
    assert outlined == {"city:tangshan", "city:beijing"}
    assert "shortest, 1 hop(s): 唐山市 –COLLABORATES_WITH→ 北京市" in view.html


def test_neighbourhood_view_draws_what_the_query_returned(loaded: GraphStore) -> None:
    expected = neighbourhood(loaded, "合肥", 2)
    view = neighbourhood_view(loaded, "合肥", 2)
    assert ids(view) == {n.id for n in expected.nodes}
    assert (view.nodes, view.edges) == (len(expected.nodes), len(expected.edges))
    centre = next(n for n in payload(view.html)["nodes"] if n["id"] == "city:hefei")
    assert centre["borderWidth"] == 4


def test_technology_view_draws_the_users_and_their_cities(loaded: GraphStore) -> None:
    reach = diffusion(loaded, "人工智能", limit=1000)
    view = technology_view(loaded, "人工智能")
    users = {u.entity.id for c in reach.cities for u in c.users} | {u.entity.id for u in reach.unplaced}
    assert ids(view) == (
        {t.id for t in reach.technologies}
        | {c.city.id for c in reach.cities}
        | {d.id for c in reach.cities for u in c.users for d in u.districts}
        | users
    )
    drawn = {(e["from"], e["info"]["head"], e["to"]) for e in payload(view.html)["edges"]}
    # AI and the two technologies under it (source:004#p12)
    assert {t.id for t in reach.technologies} == {
        "tech:artificial-intelligence",
        "tech:ai-chips",
        "tech:large-models",
    }
    assert ("tech:ai-chips", "BROADER", "tech:artificial-intelligence") in drawn
    # Pingshan's Scene Forest plan applies AI, and sits in Pingshan, part of Shenzhen (source:000#[1])
    assert {
        ("initiative:pingshan-scene-forest", "APPLIES", "tech:artificial-intelligence"),
        ("initiative:pingshan-scene-forest", "LOCATED_IN", "district:shenzhen-pingshan"),
        ("district:shenzhen-pingshan", "LAUNCHED", "initiative:pingshan-scene-forest"),
        ("district:shenzhen-pingshan", "PART_OF", "city:shenzhen"),
    } <= drawn


def test_graph_view_draws_every_entity_and_relationship(loaded: GraphStore) -> None:
    counts = stats(loaded)
    view = graph_view(loaded)
    entities = sum(n for label, n in counts.labels.items() if label not in (Label.FIGURE, Label.SOURCE))
    semantic = sum(n for rel, n in counts.relationship_types.items() if rel in SEMANTIC_RELATIONSHIPS)
    assert (view.nodes, view.edges, view.folded) == (entities, semantic, 0)
    with_figures = graph_view(loaded, with_figures=True, cap=3)
    assert with_figures.folds  # Hefei's SOE alliance has 4 figures, more than 3
    assert with_figures.nodes == entities + counts.labels[Label.FIGURE] - with_figures.folded + len(
        with_figures.folds
    )


# --- the command and the API ------------------------------------------------------------------


def test_view_command_writes_the_file_and_prints_its_counts(loaded: GraphStore, tmp_path: Path) -> None:
    app = typer.Typer()
    cli_views.register(app)
    target = tmp_path / "soe.html"
    result = CliRunner().invoke(
        app, ["view", "alliance", SOE_ALLIANCE, "--out", str(target), "--layout", "physics"]
    )
    assert result.exit_code == 0, result.output
    assert f"wrote {target}: 10 nodes, 16 relationships" in result.output
    assert payload(target.read_text(encoding="utf-8"))["layout"] == "physics"
    path = CliRunner().invoke(
        app, ["view", "path", "唐山", "北京", "-k", "2", "--out", str(tmp_path / "p.html")]
    )
    assert path.exit_code == 0 and "p.html: " in path.output


@pytest.fixture
def client(loaded: GraphStore) -> Iterator[TestClient]:
    app = create_app()
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("url", "nodes"),
    [
        (f"/views/alliance/{SOE_ALLIANCE}", 10),
        ("/views/path?a=唐山&b=北京&k=1", 2),
        ("/views/neighbourhood/合肥?hops=1", None),
        ("/views/technology/人工智能", None),
        ("/views/graph?layout=physics", None),
    ],
)
def test_api_serves_each_view_as_html(client: TestClient, url: str, nodes: int | None) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    drawn = payload(response.text)["nodes"]
    assert int(response.headers["X-View-Nodes"]) == len(drawn) == (nodes or len(drawn))
    assert int(response.headers["X-View-Edges"]) == len(payload(response.text)["edges"])


def test_api_answers_unknown_entities_and_bad_parameters_in_json(client: TestClient) -> None:
    missing = client.get("/views/alliance/no-such-alliance")
    assert missing.status_code == 404 and "suggestions" in missing.json()
    assert client.get("/views/neighbourhood/合肥?hops=4").status_code == 422
    assert client.get("/views/graph?layout=random").status_code == 422
