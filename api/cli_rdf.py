"""`scenekg export rdf`: the graph, or one entity's neighbourhood, as Turtle, N-Triples or JSON-LD
in the scenekg vocabulary (docs/rdf.md). `scenekg ingest file.ttl` reads it back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from api.cli_print import out
from api.cli_queries import connected
from graph.errors import BadArgument
from model.limits import MAX_NEIGHBOURHOOD_HOPS
from queries.rdf_export import RdfFormat, export_rdf


def _rdf(
    fmt: Annotated[
        RdfFormat, typer.Option("--format", "-f", help="Serialisation.", case_sensitive=False)
    ] = RdfFormat.TURTLE,
    around: Annotated[
        str | None,
        typer.Option(
            help="Only this entity (id or name), what lies within --hops of it, their "
            "figures and the sources they cite."
        ),
    ] = None,
    hops: Annotated[
        int | None,
        typer.Option(min=1, max=MAX_NEIGHBOURHOOD_HOPS, help="With --around: how far to reach (default 1)."),
    ] = None,
    target: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of standard output.")
    ] = None,
) -> None:
    """Export the graph as RDF; the same document loads back with `scenekg ingest`."""
    if hops is not None and around is None:
        raise BadArgument("hops", "only applies with --around")
    with connected() as store:
        result = export_rdf(store, fmt, around, hops or 1)
    if target is None:
        sys.stdout.write(result.text)
        return
    target.write_text(result.text, encoding="utf-8")
    out.print(
        f"{result.scope}: {result.nodes} nodes, {result.relationships} relationships, "
        f"{result.triples} triples written to {target} ({result.format.value})",
        highlight=False,
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add the `export` group with its `rdf` command to `app`."""
    export_app = typer.Typer(help="Export the graph in standard formats.", no_args_is_help=True)
    export_app.command("rdf")(_rdf)
    app.add_typer(export_app, name="export")
