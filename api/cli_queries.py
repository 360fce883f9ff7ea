"""The query commands of `scenekg`: search, show, path, match, similar, diffusion, analytics.

Each prints a readable table by default and the query's own result model with `--json`, so
scripts get exactly what the HTTP API returns.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from graph.schema import Label, RelType
from graph.settings import get_settings
from graph.store import GraphStore, open_store
from queries.lookup import search
from queries.models import EntityRef, SourceRef
from queries.paths import PathResult, paths
from queries.profile import Profile, profile

out = Console(soft_wrap=True)
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def print_json(model: BaseModel) -> None:
    sys.stdout.write(json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")


@contextmanager
def connected() -> Iterator[GraphStore]:
    with open_store(get_settings()) as store:
        yield store


def name(entity: EntityRef) -> str:
    names = " / ".join(n for n in (entity.name_zh, entity.name_en) if n)
    return f"{names} [{entity.id}]" if names else entity.id


def cites(sources: list[SourceRef]) -> str:
    return ", ".join(s.citation for s in sources)


def _search(
    text: Annotated[str, typer.Argument(help="A name in Chinese or English, an alias, or part of one.")],
    label: Annotated[
        Label | None, typer.Option(help="Only entities of this label.", case_sensitive=False)
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: JsonOption = False,
) -> None:
    """Find entities by name, typo-tolerant, ranked."""
    with connected() as store:
        result = search(store, text, label, limit)
    if as_json:
        return print_json(result)
    table = Table(title=f"search: {text}")
    for column in ("score", "entity", "label", "matched name"):
        table.add_column(column)
    for hit in result.hits:
        table.add_row(f"{hit.score:.0f}", name(hit.entity), hit.entity.label, hit.matched)
    out.print(table if result.hits else f"nothing matches '{text}'")


def _show(
    ref: Annotated[str, typer.Argument(help="An id or a name.")],
    cap: Annotated[int, typer.Option(min=1, max=1000, help="Items shown per group.")] = 20,
    as_json: JsonOption = False,
) -> None:
    """Everything the graph says about an entity, with sources."""
    with connected() as store:
        result = profile(store, ref, cap)
    if as_json:
        return print_json(result)
    _print_profile(result)


def _print_profile(result: Profile) -> None:
    entity = result.entity
    out.print(f"[bold]{name(entity)}[/bold]  ({entity.label})")
    if entity.aliases:
        out.print(f"aliases: {', '.join(entity.aliases)}")
    if entity.description:
        out.print(entity.description)
    for key, value in sorted(entity.properties.items()):
        out.print(f"{key}: {value}")
    if result.figures:
        table = Table(title="figures")
        for column in ("measure", "value", "unit", "qualifier", "as of", "target", "sources"):
            table.add_column(column)
        for f in result.figures:
            unit = f"{f.currency} " if f.currency else ""
            table.add_row(
                f.label_zh or f.label_en or f.measure,
                f"{f.value:g}",
                unit + f.unit,
                f.qualifier,
                f.as_of or "",
                str(f.target_year or ""),
                cites(f.sources),
            )
        out.print(table)
    for group in result.neighbours:
        arrow = "->" if group.direction == "out" else "<-"
        table = Table(title=f"{arrow} {group.type} ({group.total})")
        table.add_column("entity")
        table.add_column("sources")
        for item in group.items:
            table.add_row(name(item.entity), cites(item.sources))
        out.print(table)
    if result.city is not None:
        out.print(f"districts: {', '.join(name(d) for d in result.city.districts) or '-'}")
        for title in ("initiatives", "scenarios", "technologies", "enterprises", "alliances"):
            section = getattr(result.city, title)
            if not section.total:
                out.print(f"{title} of the city and its districts: none recorded")
                continue
            table = Table(title=f"{title} of the city and its districts ({section.total})")
            table.add_column("entity")
            table.add_column("via")
            table.add_column("sources")
            for item in section.items:
                table.add_row(name(item.entity), ", ".join(item.via), cites(item.sources))
            out.print(table)
    out.print("sources: " + "; ".join(f"{s.citation} {s.title or ''}" for s in result.sources))


def _path(
    a: Annotated[str, typer.Argument(help="From: an id or a name.")],
    b: Annotated[str, typer.Argument(help="To: an id or a name.")],
    k: Annotated[int, typer.Option("-k", min=1, max=20, help="How many paths.")] = 3,
    max_hops: Annotated[int, typer.Option(min=1, max=8)] = 6,
    types: Annotated[
        list[RelType] | None,
        typer.Option("--type", help="Only these relationship types.", case_sensitive=False),
    ] = None,
    via: Annotated[
        list[Label] | None,
        typer.Option("--via", help="Only through nodes of these labels.", case_sensitive=False),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """How two entities are connected, hop by hop, with a source for each hop."""
    with connected() as store:
        result = paths(store, a, b, k, max_hops, types, via)
    if as_json:
        return print_json(result)
    _print_paths(result)


def _print_paths(result: PathResult) -> None:
    if not result.paths:
        out.print("no path within the given hops and filters")
    for number, path in enumerate(result.paths, start=1):
        table = Table(title=f"path {number}: {path.length} hop(s)")
        for column in ("from", "relationship", "to", "sources"):
            table.add_column(column)
        for hop in path.hops:
            arrow = f"-[{hop.type}]->" if hop.direction == "out" else f"<-[{hop.type}]-"
            table.add_row(name(hop.source), arrow, name(hop.target), cites(hop.sources))
        out.print(table)


COMMANDS: dict[str, Callable[..., None]] = {"search": _search, "show": _show, "path": _path}


def register(app: typer.Typer) -> None:
    for command, function in COMMANDS.items():
        app.command(command)(function)
