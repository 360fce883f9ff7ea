"""`scenekg view ...`: write an interactive network view to one self-contained HTML file (it opens
offline in any browser) and say what it draws."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli_print import out
from api.cli_queries import connected
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

view_app = typer.Typer(
    help="Write interactive HTML views of the graph, one self-contained file each.", no_args_is_help=True
)

LayoutOption = Annotated[
    Layout,
    typer.Option(
        help="stable: the same positions every time the file opens; physics: a fresh layout each time.",
        case_sensitive=False,
    ),
]
CapOption = Annotated[
    int,
    typer.Option(
        min=1,
        help="Draw the enterprises, scenarios or list entries of one place (or the figures of one "
        "entity) as a single node when there are more than this many.",
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", dir_okay=False, help="The file to write (default: <view name>.html here)."),
]
FiguresOption = Annotated[
    bool, typer.Option("--figures", help="Draw figures as nodes too (they are always in the tooltips).")
]


def _write(view: View, target: Path | None) -> None:
    path = target or Path(f"{view.name}.html")
    path.write_text(view.html, encoding="utf-8")
    out.print(f"wrote {path}: {view.summary}", markup=False, highlight=False)
    for fold in view.folds:
        out.print(f"  {fold.note}", markup=False, highlight=False)


@view_app.command("graph")
def _graph(
    layout: LayoutOption = Layout.STABLE,
    cap: CapOption = DEFAULT_CAP,
    figures: FiguresOption = False,
    target: OutOption = None,
) -> None:
    """The whole graph."""
    with connected() as store:
        view = graph_view(store, with_figures=figures, layout=layout, cap=cap)
    _write(view, target)


@view_app.command("neighbourhood")
def _neighbourhood(
    ref: Annotated[str, typer.Argument(help="The centre: an id or a name.")],
    hops: Annotated[
        int, typer.Option(min=1, max=MAX_NEIGHBOURHOOD_HOPS, help="How many relationships away.")
    ] = 1,
    limit: Annotated[
        int, typer.Option(min=1, max=MAX_DRAWN_NODES, help="Most entities drawn, nearest first.")
    ] = DEFAULT_NEIGHBOURHOOD_LIMIT,
    layout: LayoutOption = Layout.STABLE,
    cap: CapOption = DEFAULT_CAP,
    figures: FiguresOption = False,
    target: OutOption = None,
) -> None:
    """An entity and everything within a few relationships of it."""
    with connected() as store:
        view = neighbourhood_view(store, ref, hops, limit=limit, with_figures=figures, layout=layout, cap=cap)
    _write(view, target)


@view_app.command("path")
def _path(
    a: Annotated[str, typer.Argument(help="From: an id or a name.")],
    b: Annotated[str, typer.Argument(help="To: an id or a name.")],
    k: Annotated[int, typer.Option("-k", min=1, max=MAX_PATHS, help="How many paths.")] = DEFAULT_PATHS,
    max_hops: Annotated[int, typer.Option(min=1, max=MAX_PATH_HOPS)] = DEFAULT_PATH_HOPS,
    layout: LayoutOption = Layout.STABLE,
    cap: CapOption = DEFAULT_CAP,
    target: OutOption = None,
) -> None:
    """The shortest paths between two entities, the shortest highlighted."""
    with connected() as store:
        view = path_view(store, a, b, k, max_hops=max_hops, layout=layout, cap=cap)
    _write(view, target)


@view_app.command("alliance")
def _alliance(
    ref: Annotated[str, typer.Argument(help="The alliance: an id or a name.")],
    layout: LayoutOption = Layout.STABLE,
    cap: CapOption = DEFAULT_CAP,
    target: OutOption = None,
) -> None:
    """An alliance: members and their roles, figures, place, the initiatives around it."""
    with connected() as store:
        view = alliance_view(store, ref, layout=layout, cap=cap)
    _write(view, target)


@view_app.command("technology")
def _technology(
    ref: Annotated[str, typer.Argument(help="The technology: an id or a name.")],
    narrower: Annotated[bool, typer.Option(help="Include the narrower technologies under it.")] = True,
    layout: LayoutOption = Layout.STABLE,
    cap: CapOption = DEFAULT_CAP,
    target: OutOption = None,
) -> None:
    """A technology and the scenarios, initiatives, districts and cities that apply it."""
    with connected() as store:
        view = technology_view(store, ref, include_narrower=narrower, layout=layout, cap=cap)
    _write(view, target)


def register(app: typer.Typer) -> None:
    app.add_typer(view_app, name="view")
