"""Interactive network views served as HTML pages, built in memory (nothing is written to disk).
Each page is self-contained: it loads nothing from any host. The headers `X-View-Nodes`,
`X-View-Edges` and `X-View-Folded` say what the page draws."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.deps import StoreDep
from api.routes import LOOKUP_ERRORS, Responses, ref_param
from model.limits import (
    DEFAULT_CAP,
    DEFAULT_NEIGHBOURHOOD_LIMIT,
    DEFAULT_PATH_HOPS,
    DEFAULT_PATHS,
    MAX_DRAWN_NODES,
    MAX_NEIGHBOURHOOD_HOPS,
    MAX_PATH_HOPS,
    MAX_PATHS,
)
from viz.drawing import Layout
from viz.render import View
from viz.views import alliance_view, graph_view, neighbourhood_view, path_view, technology_view

router = APIRouter(prefix="/views", tags=["views"])

_PAGE: Responses = {
    200: {
        "content": {"text/html": {"example": '<!DOCTYPE html><html lang="zh-Hans">…</html>'}},
        "description": "A self-contained HTML page (vis-network inlined); the X-View-* headers give "
        "the numbers of nodes, relationships and folded nodes drawn",
    }
}
# Errors stay JSON even though the route's own answers are HTML: say so, or FastAPI documents
# them with the route's media type.
PAGE_RESPONSES: Responses = {
    **_PAGE,
    **{
        code: {
            "description": spec["description"],
            "content": {
                "application/json": {"schema": {"$ref": f"#/components/schemas/{spec['model'].__name__}"}}
            },
        }
        for code, spec in LOOKUP_ERRORS.items()
    },
}

LayoutParam = Annotated[
    Layout,
    Query(description="stable: the same positions on every opening; physics: a fresh layout each time"),
]
CapParam = Annotated[
    int,
    Query(
        ge=1,
        le=10_000,
        description="Above this many enterprises, scenarios or list entries per place (figures per "
        "entity), draw them as one node",
    ),
]
FiguresParam = Annotated[bool, Query(description="Draw figures as nodes too (always in the tooltips)")]


def _page(view: View) -> HTMLResponse:
    return HTMLResponse(
        view.html,
        headers={
            "X-View-Nodes": str(view.nodes),
            "X-View-Edges": str(view.edges),
            "X-View-Folded": str(view.folded),
        },
    )


@router.get(
    "/graph",
    response_class=HTMLResponse,
    summary="The whole graph as an interactive page",
    description="Every entity and relationship (figures only with `figures=true`); above `cap` "
    "entities of a kind in one place are folded into one node, and the page says what was folded.",
    responses=_PAGE,
)
def view_graph(
    store: StoreDep,
    layout: LayoutParam = Layout.STABLE,
    cap: CapParam = DEFAULT_CAP,
    figures: FiguresParam = False,
) -> HTMLResponse:
    return _page(graph_view(store, with_figures=figures, layout=layout, cap=cap))


@router.get(
    "/neighbourhood/{id}",
    response_class=HTMLResponse,
    summary="An entity's neighbourhood as an interactive page",
    description="The entities within `hops` relationships of the centre, every relationship among "
    "them drawn (parallel ones too), tooltips with figures and sources.",
    responses=PAGE_RESPONSES,
)
def view_neighbourhood(
    store: StoreDep,
    id: Annotated[str, ref_param("The centre", "city:hefei", "合肥")],
    hops: Annotated[
        int, Query(ge=1, le=MAX_NEIGHBOURHOOD_HOPS, description="How many relationships away")
    ] = 1,
    limit: Annotated[
        int, Query(ge=1, le=MAX_DRAWN_NODES, description="Most entities drawn, nearest first")
    ] = DEFAULT_NEIGHBOURHOOD_LIMIT,
    layout: LayoutParam = Layout.STABLE,
    cap: CapParam = DEFAULT_CAP,
    figures: FiguresParam = False,
) -> HTMLResponse:
    view = neighbourhood_view(store, id, hops, limit=limit, with_figures=figures, layout=layout, cap=cap)
    return _page(view)


@router.get(
    "/path",
    response_class=HTMLResponse,
    summary="The shortest paths between two entities as an interactive page",
    description="Up to `k` shortest paths, all drawn; the shortest in red, the others dashed.",
    responses=PAGE_RESPONSES,
)
def view_path(
    store: StoreDep,
    a: Annotated[str, ref_param("Where the paths start", "city:tangshan", query=True)],
    b: Annotated[str, ref_param("Where the paths end", "city:beijing", query=True)],
    k: Annotated[int, Query(ge=1, le=MAX_PATHS, description="How many paths")] = DEFAULT_PATHS,
    max_hops: Annotated[
        int, Query(ge=1, le=MAX_PATH_HOPS, description="Most relationships in a path")
    ] = DEFAULT_PATH_HOPS,
    layout: LayoutParam = Layout.STABLE,
    cap: CapParam = DEFAULT_CAP,
) -> HTMLResponse:
    return _page(path_view(store, a, b, k, max_hops=max_hops, layout=layout, cap=cap))


@router.get(
    "/alliance/{id}",
    response_class=HTMLResponse,
    summary="An alliance, its members, figures and initiatives as an interactive page",
    description="Members with their roles (initiator or member), where the alliance is, its figures "
    "and the initiatives around it.",
    responses=PAGE_RESPONSES,
)
def view_alliance(
    store: StoreDep,
    id: Annotated[str, ref_param("The alliance", "alliance:hefei-soe-scenario-innovation-alliance")],
    layout: LayoutParam = Layout.STABLE,
    cap: CapParam = DEFAULT_CAP,
) -> HTMLResponse:
    return _page(alliance_view(store, id, layout=layout, cap=cap))


@router.get(
    "/technology/{id}",
    response_class=HTMLResponse,
    summary="A technology and where it is applied as an interactive page",
    description="The technology, the narrower ones under it, the scenarios and initiatives that apply "
    "them and the cities they are in (the diffusion query, drawn).",
    responses=PAGE_RESPONSES,
)
def view_technology(
    store: StoreDep,
    id: Annotated[str, ref_param("The technology", "tech:artificial-intelligence", "人工智能")],
    include_narrower: Annotated[bool, Query(description="Include the narrower technologies")] = True,
    layout: LayoutParam = Layout.STABLE,
    cap: CapParam = DEFAULT_CAP,
) -> HTMLResponse:
    return _page(technology_view(store, id, include_narrower=include_narrower, layout=layout, cap=cap))
