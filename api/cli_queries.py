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
from rich.text import Text

from graph import loads
from graph.errors import BadArgument, NotFound
from graph.schema import Label, RelType, label_of
from graph.settings import get_settings
from graph.store import GraphStore, open_store
from model.limits import (
    DEFAULT_DIFFUSION_LIMIT,
    DEFAULT_MATCH_LIMIT,
    DEFAULT_PATH_HOPS,
    DEFAULT_PATHS_SHOWN,
    DEFAULT_PROFILE_CAP_CLI,
    DEFAULT_SEARCH_LIMIT,
    DEFAULT_SIMILAR_LIMIT,
    DEFAULT_TOP_CLI,
    MAX_LIMIT,
    MAX_PATH_HOPS,
    MAX_PATHS,
    MAX_SEARCH_LIMIT,
)
from model.refs import EntityRef, SourceRef
from queries.analytics import analytics
from queries.diffusion import diffusion
from queries.lookup import resolve, search
from queries.matching import EnterpriseMatches, OpportunityMatches, match_enterprise, match_opportunity
from queries.paths import PathResult, paths
from queries.profile import Profile, profile
from queries.similar import similar_cities

# Names come from data: no markup or emoji codes, so `[link=...]` or `:warning:` prints as written.
out = Console(soft_wrap=True, markup=False, emoji=False)
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def print_json(model: BaseModel) -> None:
    sys.stdout.write(json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")


@contextmanager
def connected() -> Iterator[GraphStore]:
    """The graph, once a load in parts that a killed process left is undone (`graph.loads`)."""
    with open_store(get_settings()) as store:
        loads.recover(store)
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
    limit: Annotated[int, typer.Option(min=1, max=MAX_SEARCH_LIMIT)] = DEFAULT_SEARCH_LIMIT,
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
    cap: Annotated[
        int, typer.Option(min=1, max=MAX_LIMIT, help="Items shown per group.")
    ] = DEFAULT_PROFILE_CAP_CLI,
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
    out.print(Text.assemble((name(entity), "bold"), f"  ({entity.label})"))
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
    k: Annotated[int, typer.Option("-k", min=1, max=MAX_PATHS, help="How many paths.")] = DEFAULT_PATHS_SHOWN,
    max_hops: Annotated[int, typer.Option(min=1, max=MAX_PATH_HOPS)] = DEFAULT_PATH_HOPS,
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
    if result.cut:
        out.print("the search for alternatives was cut at its budget: these are the best paths found")


def _match(
    ref: Annotated[str, typer.Argument(help="An opportunity (id, name or list number) or an enterprise.")],
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT)] = DEFAULT_MATCH_LIMIT,
    as_json: JsonOption = False,
) -> None:
    """Who can serve an opportunity; or, for an enterprise, the open opportunities it can serve."""
    with connected() as store:
        try:
            ident = resolve(store, ref)
        except NotFound:
            ident = ref  # perhaps a list's own number, which match_opportunity understands
        result: OpportunityMatches | EnterpriseMatches
        if label_of(ident) is Label.ENTERPRISE:
            result = match_enterprise(store, ident, limit=limit)
        else:
            result = match_opportunity(store, ident, limit=limit)
    if as_json:
        return print_json(result)
    if isinstance(result, OpportunityMatches):
        title = f"who can serve {name(result.opportunity)}; needs {', '.join(name(t) for t in result.needs)}"
    else:
        title = f"open opportunities {name(result.enterprise)} can serve"
    table = Table(title=f"{title} ({result.page.total})")
    for column in ("score", "candidate", "reason (needed ~ offered)", "sources"):
        table.add_column(column)
    for match in result.matches:
        reasons = "; ".join(
            f"{r.needed.name_zh or r.needed.id} ~ {r.offered.name_zh or r.offered.id} ({r.relation})"
            for r in match.reasons
        )
        sources = cites([s for r in match.reasons for s in r.sources])
        table.add_row(f"{match.score:g}", name(match.entity), reasons, sources)
    out.print(table if result.matches else f"no match: {result.empty_reason}")
    if isinstance(result, OpportunityMatches) and result.fallback:
        _print_fallback(result)


def _print_fallback(result: OpportunityMatches) -> None:
    uncovered = ", ".join(name(t) for t in result.uncovered)
    table = Table(
        title=f"no capability covers {uncovered}; who already works with it ({result.fallback_total})"
    )
    for column in ("lead", "basis", "technology (relation to the need)", "sources"):
        table.add_column(column)
    for lead in result.fallback:
        technology = f"{name(lead.technology)} ({lead.relation} of {lead.needed.name_zh or lead.needed.id})"
        table.add_row(name(lead.entity), lead.basis.upper(), technology, cites(lead.sources))
    out.print(table)


def _similar(
    city: Annotated[str, typer.Argument(help="A city, by id or name.")],
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT)] = DEFAULT_SIMILAR_LIMIT,
    as_json: JsonOption = False,
) -> None:
    """Cities ranked as collaboration candidates by shared technologies, domains and alliances."""
    with connected() as store:
        result = similar_cities(store, city, limit=limit)
    if as_json:
        return print_json(result)
    table = Table(title=f"cities like {name(result.city)} ({result.page.total})")
    for column in ("score", "city", "shared technologies", "shared domains", "shared alliances"):
        table.add_column(column)
    for c in result.candidates:
        table.add_row(
            f"{c.score:g}",
            name(c.city),
            ", ".join(t.name_zh or t.id for t in c.technologies),
            ", ".join(c.domains),
            ", ".join(a.name_zh or a.id for a in c.alliances),
        )
    out.print(table)


def _diffusion(
    tech: Annotated[str, typer.Argument(help="A technology, by id or name.")],
    narrower: Annotated[bool, typer.Option(help="Count the narrower technologies under it.")] = True,
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT)] = DEFAULT_DIFFUSION_LIMIT,
    as_json: JsonOption = False,
) -> None:
    """Which cities and scenarios apply a technology (and the technologies under it)."""
    with connected() as store:
        result = diffusion(store, tech, include_narrower=narrower, limit=limit)
    if as_json:
        return print_json(result)
    counted = ", ".join(t.name_zh or t.id for t in result.technologies)
    table = Table(
        title=f"where {name(result.technology)} is applied ({result.page.total} cities); counting {counted}"
    )
    for column in ("city", "users", "who (via technology)", "sources"):
        table.add_column(column)
    for use in result.cities:
        who = "; ".join(f"{u.entity.name_zh or u.entity.id} ({u.via_technology.name_zh})" for u in use.users)
        table.add_row(
            name(use.city), str(use.user_count), who, cites([s for u in use.users for s in u.sources])
        )
    out.print(table)
    if result.unplaced:
        out.print("not tied to a city: " + "; ".join(name(u.entity) for u in result.unplaced))


def _analytics(
    scope: Annotated[str, typer.Option(help="all: every entity; actors: the collaboration network.")] = "all",
    top: Annotated[int, typer.Option(min=1, max=MAX_LIMIT)] = DEFAULT_TOP_CLI,
    as_json: JsonOption = False,
) -> None:
    """Central nodes, brokers and communities of the network (networkx)."""
    if scope not in ("all", "actors"):
        raise BadArgument("scope", "must be 'all' or 'actors'")
    with connected() as store:
        result = analytics(store, "all" if scope == "all" else "actors", top)
    if as_json:
        return print_json(result)
    out.print(f"{scope}: {result.nodes} nodes, {result.edges} edges, {result.components.count} components")
    for title, scores in (
        ("degree centrality", result.degree),
        ("betweenness centrality", result.betweenness),
    ):
        table = Table(title=title)
        table.add_column("entity")
        table.add_column("value", justify="right")
        for score in scores:
            table.add_row(name(score.entity), f"{score.value:.4f}")
        out.print(table)
    table = Table(title="brokers: removing one splits the network into parts of these sizes")
    table.add_column("entity")
    table.add_column("parts")
    for broker in result.brokers:
        table.add_row(name(broker.entity), ", ".join(map(str, broker.parts)))
    out.print(table)
    table = Table(title="communities")
    table.add_column("size", justify="right")
    table.add_column("most central member")
    for community in result.communities:
        table.add_row(str(community.size), name(community.central))
    out.print(table)


COMMANDS: dict[str, Callable[..., None]] = {
    "search": _search,
    "show": _show,
    "path": _path,
    "match": _match,
    "similar": _similar,
    "diffusion": _diffusion,
    "analytics": _analytics,
}


def register(app: typer.Typer) -> None:
    for command, function in COMMANDS.items():
        app.command(command)(function)
