"""The `scenekg` command line: readable tables by default, `--json` for scripts."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api import cli_extract, cli_queries, cli_rdf, cli_views
from api.cli_print import JsonOption, out, print_json
from api.cli_queries import connected
from graph import embedded, loads, server_lock
from graph.errors import Ambiguous, InputErrors, SceneKGError, WrongKind, printable
from graph.loads import Loader
from graph.settings import get_settings
from ingest.pipeline import read_inputs
from ingest.retract import retract as retract_source
from ingest.writer import LoadSummary, write
from model import cache
from queries.hub_refresh import refresh_hubs
from queries.stats import Stats, stats

app = typer.Typer(
    help="scenekg: the knowledge graph of China's application-scenario innovation.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(
    help="Run the embedded database server (used when NEO4J_URI is not set).", no_args_is_help=True
)
app.add_typer(db_app, name="db")
cli_queries.register(app)
cli_views.register(app)
cli_rdf.register(app)
cli_extract.register(app)

# No emoji codes: a message quoting user text such as ':x:' must show those three characters.
err = Console(stderr=True, soft_wrap=True, emoji=False)


def _version(asked: bool) -> None:
    if asked:
        out.print(f"scenekg {version('scenekg')}")
        raise typer.Exit(0)


@app.callback()
def _options(
    show_version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
    wide: Annotated[
        bool, typer.Option("--wide", help="Tables as wide as their content (up to 200).")
    ] = False,
) -> None:
    """scenekg: the knowledge graph of China's application-scenario innovation."""
    cache.on_write(refresh_hubs)  # a load or retract keeps the hub profiles of its revision
    if wide:
        out.width = max(out.width, WIDE)


DryRunOption = Annotated[bool, typer.Option("--dry-run", help="Report what would change; write nothing.")]
PROGRESS_THRESHOLD = 2000
WIDE = 200


@db_app.command("start")
def db_start() -> None:
    """Start the embedded server (a no-op if it already runs)."""
    settings = get_settings()
    if not settings.embedded:
        err.print(f"NEO4J_URI is set ({settings.neo4j_uri}); scenekg uses that server, not an embedded one.")
        raise typer.Exit(1)
    state = embedded.ensure_running(settings)
    out.print(
        f"embedded server running: pid {state.pid}, {state.uri}, database '{state.database}', "
        f"data in {settings.data_dir}"
    )


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded server cleanly."""
    stopped = embedded.stop(get_settings())
    out.print("embedded server stopped" if stopped else "embedded server was not running")


@db_app.command("status")
def db_status(as_json: JsonOption = False) -> None:
    """Say whether the embedded server runs, where, and with which data folder."""
    current = embedded.status(get_settings())
    info = {
        "state": current.state,
        "pid": current.server.pid if current.server else None,
        "uri": current.server.uri if current.server else None,
        "database": current.server.database if current.server else None,
        "data_dir": str(current.data_dir),
        "log_file": str(current.log_file),
        "load": str(holder) if (holder := loads.holder(current.data_dir)) else None,
    }
    if as_json:
        sys.stdout.write(json.dumps(info) + "\n")
        return
    for key, value in info.items():
        out.print(f"{key:>9}: {value}")
    if current.state == "stale":
        out.print("the last server did not stop cleanly; `scenekg db start` clears it and starts anew")
    orphan = server_lock.holder(current.data_dir) if current.state == "stopped" else None
    if orphan is not None:
        out.print(
            f"a server (pid {orphan}) runs on this data folder without its state file; run: scenekg db stop"
        )


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Dataset YAML files, CSV or XLSX lists, or folders. Default: the bundled curated dataset."
        ),
    ] = None,
    as_json: JsonOption = False,
    accept_above: Annotated[
        float | None,
        typer.Option(
            "--accept-above",
            min=0.0,
            max=1.0,
            help="In extraction candidate files, take only entries whose confidence is above this.",
        ),
    ] = None,
    reference: Annotated[
        list[str] | None,
        typer.Option(
            "--reference",
            help="Reference data to load too, by name ('places': China's provinces, cities and "
            "counties). With no PATHS and no --reference: the curated dataset and 'places'.",
        ),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="A name for the Source of the one list given (source:csv-NAME): for a list whose "
            "file name another list already has, or for a new version of a list loaded from "
            "another folder. Without it the Source is named after the file (source:csv-<file name>).",
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="The worksheet read from each .xlsx list (default: the first)."),
    ] = None,
    dry_run: DryRunOption = False,
) -> None:
    """Load files into the graph: all of them or, if any row is bad, none. A list file replaces
    what its earlier version said (entries, properties and relationships it no longer gives)."""
    settings = get_settings()
    if not paths and not reference:
        targets, references = [settings.dataset_dir], ["places"]
    else:
        targets, references = list(paths or []), list(reference or [])
    with connected() as store:
        batch = read_inputs(store, targets, accept_above, references, source, sheet)
        total = batch.node_count() + batch.rel_count()
        with _progress(total, as_json or dry_run) as advance:
            summary = write(
                store, batch, settings.batch_size, advance, dry_run, settings.commit_rows, _waiting
            )
    _report(summary, as_json, f"{len(summary.files)} file(s)")


@app.command()
def retract(
    source: Annotated[str, typer.Argument(help="The Source's id, e.g. source:004 (or 004).")],
    as_json: JsonOption = False,
    dry_run: DryRunOption = False,
) -> None:
    """Take a source back: remove what only it supports, strip its citations from the rest."""
    settings = get_settings()
    with connected() as store:
        summary = retract_source(store, source, settings.batch_size, dry_run=dry_run)
    _report(summary, as_json, f"retract {', '.join(summary.synced)}")


def _waiting(loader: Loader | None) -> None:
    err.print(f"waiting for {loader or 'another load'} to finish", markup=False, highlight=False)


@contextmanager
def _progress(total: int, quiet: bool) -> Iterator[Callable[[int], None] | None]:
    """A transient progress bar on stderr for large loads; `total` counts the batch's rows, an
    upper bound of what a reload writes."""
    if quiet or total < PROGRESS_THRESHOLD:
        yield None
        return
    columns = (TextColumn("loading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("load", total=total)
        yield lambda n: bar.advance(task, n)


def _report(summary: LoadSummary, as_json: bool, what: str) -> None:
    if as_json:
        print_json(summary)
        return
    verb = "Would change (dry run, nothing written)" if summary.dry_run else "Loaded"
    table = Table(title=f"{verb}: {what}")
    columns = ("kind", "name", "rows", "created", "updated", "removed", "unchanged")
    for column in columns:
        table.add_column(column, justify="right" if column not in ("kind", "name") else "left")
    for kind, tallies in (("node", summary.nodes), ("relationship", summary.relationships)):
        for name, tally in sorted(tallies.items()):
            table.add_row(kind, name, *(str(getattr(tally, column)) for column in columns[2:]))
    out.print(table)
    for part in ("nodes", "relationships"):
        t = summary.total(part)
        out.print(
            f"{part}: {t.created} created, {t.updated} updated, {t.removed} removed, {t.unchanged} unchanged"
        )


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; loopback unless you mean otherwise.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, max=32, help="Worker processes, each with its own connection pool.")
    ] = 1,
    candidates: Annotated[
        Path | None,
        typer.Option(
            exists=True, file_okay=False, help="A folder of *.candidates.yaml files the workbench reviews."
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI document at /docs and /openapi.json) and the analyst's
    workbench at /. It answers requests for loopback names and HOST; list any other name it is
    reached by in SCENEKG_ALLOWED_HOSTS."""
    import uvicorn  # only this command needs the ASGI server

    from api.server import uvicorn_options

    get_settings()  # refuse bad settings here, with one line, before any worker starts
    os.environ["SCENEKG_BIND_HOST"] = host  # each worker's app checks Host headers against it
    if candidates is not None:
        os.environ["SCENEKG_CANDIDATES_DIR"] = str(candidates.resolve())
    address = f"[{host}]" if ":" in host else host
    out.print(f"serving the scenekg API on http://{address}:{port}/ (documentation at /docs and /redoc)")
    # The factory runs in each worker: every process opens (and closes) its own driver.
    uvicorn.run("api.app:create_app", **uvicorn_options(host, port, workers))


@app.command("stats")
def stats_command(as_json: JsonOption = False) -> None:
    """Counts per label and relationship type, and how much of the graph carries a source."""
    with connected() as store:
        result = stats(store)
    if as_json:
        print_json(result)
    else:
        _print_stats(result)


def _print_stats(result: Stats) -> None:
    out.print(f"graph in {result.database}")
    for title, counts in (("label", result.labels), ("relationship type", result.relationship_types)):
        table = Table(title=f"{sum(counts.values())} {'nodes' if title == 'label' else 'relationships'}")
        table.add_column(title)
        table.add_column("count", justify="right")
        for name, count in sorted(counts.items()):
            table.add_row(name, str(count))
        out.print(table)
    places = Table(title="places by source")
    for column in ("label", "count", "reference", "curated"):
        places.add_column(column, justify="left" if column == "label" else "right")
    for name, place in result.places.items():
        places.add_row(name, str(place.count), str(place.reference), str(place.curated))
    out.print(places)
    out.print(
        f"sourced: {result.sourced.nodes:.1%} of nodes, {result.sourced.relationships:.1%} of relationships"
    )


def main() -> None:
    """Entry point: scenekg errors become one clear message and a non-zero exit code."""
    try:
        app(standalone_mode=False)
    except InputErrors as exc:
        err.print(f"[red]refused: {len(exc.errors)} problem(s); nothing was written[/red]")
        for line in exc.shown():  # Location escapes controls
            err.print(f"  {line}", markup=False, highlight=False)
        sys.exit(2)
    except Ambiguous as exc:
        err.print(f"[red]'{escape(printable(exc.ref))}' names several entities; say which (by id):[/red]")
        for candidate in exc.candidates:
            err.print(f"  {candidate}", markup=False, highlight=False)
        sys.exit(1)
    except WrongKind as exc:  # a usage error: the question needs another kind of entity
        err.print(f"[red]error:[/red] {escape(printable(str(exc)))}", highlight=False)
        sys.exit(2)
    except SceneKGError as exc:
        err.print(f"[red]error:[/red] {escape(printable(str(exc)))}", highlight=False)
        sys.exit(1)
    except (typer.Exit, typer.Abort) as exc:
        sys.exit(getattr(exc, "exit_code", 1))
    except typer.TyperException as exc:
        # A usage error (unknown command, bad option value; a bare `scenekg` is one that shows
        # the help): click's own message and exit code 2, never a traceback.
        show = getattr(exc, "show", None)
        if show is not None:
            show()
        else:
            err.print(f"[red]error:[/red] {escape(printable(str(exc)))}", highlight=False)
        sys.exit(int(getattr(exc, "exit_code", 2)))
