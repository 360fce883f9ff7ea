"""The query commands of `scenekg`: search, show, path, match, similar, diffusion, analytics.

Each prints a readable table by default and the query's own result model with `--json`, so
scripts get exactly what the HTTP API returns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from api.cli_print import (
    CITATION_WIDTH,
    FOLD,
    JsonOption,
    cell,
    cites,
    entity_column,
    name,
    out,
    print_evidence,
    print_json,
    print_passages,
    print_profile,
    print_sources,
)
from graph import loads
from graph.errors import BadArgument, NotFound, WrongKind
from graph.schema import Label, RelType, label_of
from graph.settings import get_settings
from graph.store import GraphStore, open_store
from model.limits import (
    DEFAULT_DIFFUSION_LIMIT,
    DEFAULT_MATCH_LIMIT,
    DEFAULT_PATH_HOPS,
    DEFAULT_PATHS,
    DEFAULT_PROFILE_CAP,
    DEFAULT_SEARCH_LIMIT,
    DEFAULT_SIMILAR_LIMIT,
    DEFAULT_TOP,
    MAX_PAGE,
    MAX_PATH_HOPS,
    MAX_PATHS,
    MAX_PROFILE_CAP,
    MAX_SEARCH_LIMIT,
    MAX_TOP,
)
from queries.analytics import analytics
from queries.diffusion import diffusion
from queries.lookup import resolve, search
from queries.matching import EnterpriseMatches, OpportunityMatches, match_enterprise, match_opportunity
from queries.paths import PathResult, paths
from queries.profile import profile
from queries.similar import similar_cities
from queries.sources import source_evidence


@contextmanager
def connected() -> Iterator[GraphStore]:
    """The graph, once a load in parts that a killed process left is undone (`graph.loads`)."""
    with open_store(get_settings()) as store:
        loads.recover(store)
        yield store


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
    table.add_column("score", overflow=FOLD)
    entity_column(table, "entity", (hit.entity for hit in result.hits))
    for column in ("label", "matched name"):
        table.add_column(column, overflow=FOLD)
    for hit in result.hits:
        table.add_row(f"{hit.score:.0f}", cell(hit.entity), hit.entity.label, hit.matched)
    out.print(table if result.hits else f"nothing matches '{text}'")


def _show(
    ref: Annotated[str, typer.Argument(help="An id or a name.")],
    cap: Annotated[
        int, typer.Option(min=1, max=MAX_PROFILE_CAP, help="Items shown per group.")
    ] = DEFAULT_PROFILE_CAP,
    as_json: JsonOption = False,
) -> None:
    """Everything the graph says about an entity, with sources; for a source (`source:004`,
    or one passage `source:004#p9`), everything it supports."""
    if ref.strip().startswith("source:"):
        with connected() as store:
            evidence = source_evidence(store, ref, cap)
        return print_json(evidence) if as_json else print_evidence(evidence)
    with connected() as store:
        result = profile(store, ref, cap)
    if as_json:
        return print_json(result)
    print_profile(result)


def _path(
    a: Annotated[str, typer.Argument(help="From: an id or a name.")],
    b: Annotated[str, typer.Argument(help="To: an id or a name.")],
    k: Annotated[int, typer.Option("-k", min=1, max=MAX_PATHS, help="How many paths.")] = DEFAULT_PATHS,
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
    """Each path as one chain (`厦门市 -FOCUSES_ON-> 鸿蒙 <-APPLIES- ...`), each hop's citations
    below it, numbered by hop."""
    if not result.paths:
        out.print("no path within the given hops and filters")
    for number, path in enumerate(result.paths, start=1):
        chain = Text(f"path {number} ({path.length} hop{'s' if path.length != 1 else ''}): ", style="bold")
        chain.append(name(path.hops[0].source) if path.hops else "")
        for hop in path.hops:
            arrow = f" -{hop.type}-> " if hop.direction == "out" else f" <-{hop.type}- "
            chain.append(arrow, style="cyan")
            chain.append(name(hop.target))
        out.print(chain)
        shown: set[str] = set()  # a passage two hops cite is printed once, under the first
        for step, hop in enumerate(path.hops, start=1):
            out.print(f"  {step}. {hop.type}: {cites(hop.sources) or 'no source'}")
            print_passages([s for s in hop.sources if s.citation not in shown], indent="     ")
            if again := [s.citation for s in hop.sources if s.citation in shown]:
                out.print(f"     {', '.join(again)}: as under an earlier hop")
            shown.update(s.citation for s in hop.sources)
    if result.cut:
        out.print("the search for alternatives was cut at its budget: these are the best paths found")


def _match(
    ref: Annotated[str, typer.Argument(help="An opportunity (id, name or list number) or an enterprise.")],
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE)] = DEFAULT_MATCH_LIMIT,
    as_json: JsonOption = False,
) -> None:
    """Who can serve an opportunity; or, for an enterprise, the open opportunities it can serve."""
    with connected() as store:
        try:
            ident = resolve(store, ref)
        except NotFound:
            ident = ref  # perhaps a list's own number, which match_opportunity understands
        result: OpportunityMatches | EnterpriseMatches
        kind = label_of(ident)
        if kind is not None and kind not in (Label.ENTERPRISE, Label.OPPORTUNITY):
            raise WrongKind(
                ref, ident, kind.value, [Label.OPPORTUNITY.value, Label.ENTERPRISE.value], "match"
            )
        if kind is Label.ENTERPRISE:
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
    table.add_column("score", overflow=FOLD)
    entity_column(table, "candidate", (m.entity for m in result.matches))
    for column in ("reason (needed ~ offered)", "sources"):
        table.add_column(column, overflow=FOLD)
    for match in result.matches:
        reasons = "; ".join(
            f"{r.needed.name_zh or r.needed.id} ~ {r.offered.name_zh or r.offered.id} ({r.relation})"
            for r in match.reasons
        )
        sources = cites([s for r in match.reasons for s in r.sources])
        table.add_row(f"{match.score:g}", cell(match.entity), reasons, sources)
    out.print(table if result.matches else f"no match: {result.empty_reason}")
    print_sources(s for m in result.matches for r in m.reasons for s in r.sources)
    if isinstance(result, OpportunityMatches) and result.fallback:
        _print_fallback(result)


def _print_fallback(result: OpportunityMatches) -> None:
    uncovered = ", ".join(name(t) for t in result.uncovered)
    table = Table(
        title=f"no capability covers {uncovered}; who already works with it ({result.fallback_total})"
    )
    entity_column(table, "lead", (lead.entity for lead in result.fallback))
    for column in ("basis", "technology (relation to the need)", "sources"):
        table.add_column(column, overflow=FOLD)
    for lead in result.fallback:
        technology = f"{name(lead.technology)} ({lead.relation} of {lead.needed.name_zh or lead.needed.id})"
        table.add_row(cell(lead.entity), lead.basis.upper(), technology, cites(lead.sources))
    out.print(table)
    print_sources(s for lead in result.fallback for s in lead.sources)


def _similar(
    city: Annotated[str, typer.Argument(help="A city, by id or name.")],
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE)] = DEFAULT_SIMILAR_LIMIT,
    as_json: JsonOption = False,
) -> None:
    """Cities ranked as collaboration candidates by shared technologies, domains and alliances."""
    with connected() as store:
        result = similar_cities(store, city, limit=limit)
    if as_json:
        return print_json(result)
    weights = ", ".join(f"{weight:g} per shared {kind}" for kind, weight in result.weights.items())
    table = Table(title=f"cities like {name(result.city)} ({result.page.total}); score = {weights}")
    table.add_column("score", overflow=FOLD)
    entity_column(table, "city", (c.city for c in result.candidates))
    for column in ("shared technologies", "shared domains", "shared alliances"):
        table.add_column(column, overflow=FOLD)
    table.add_column("sources", overflow=FOLD, min_width=CITATION_WIDTH)  # a citation stays whole
    for c in result.candidates:
        table.add_row(
            f"{c.score:g}",
            cell(c.city),
            ", ".join(t.name_zh or t.id for t in c.technologies),
            ", ".join(c.domains),
            ", ".join(a.name_zh or a.id for a in c.alliances),
            cites(c.sources),
        )
    out.print(table)
    print_sources(s for c in result.candidates for s in c.sources)


def _diffusion(
    tech: Annotated[str, typer.Argument(help="A technology, by id or name.")],
    narrower: Annotated[bool, typer.Option(help="Count the narrower technologies under it.")] = True,
    limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE)] = DEFAULT_DIFFUSION_LIMIT,
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
    entity_column(table, "city", (use.city for use in result.cities))
    for column in ("users", "who (via technology)", "sources"):
        table.add_column(column, overflow=FOLD)
    for use in result.cities:
        who = "; ".join(f"{u.entity.name_zh or u.entity.id} ({u.via_technology.name_zh})" for u in use.users)
        table.add_row(
            cell(use.city), str(use.user_count), who, cites([s for u in use.users for s in u.sources])
        )
    out.print(table)
    if result.unplaced:
        out.print("not tied to a city: " + "; ".join(name(u.entity) for u in result.unplaced))
    print_sources(
        s for u in [*(u for c in result.cities for u in c.users), *result.unplaced] for s in u.sources
    )


def _analytics(
    scope: Annotated[str, typer.Option(help="all: every entity; actors: the collaboration network.")] = "all",
    top: Annotated[int, typer.Option(min=1, max=MAX_TOP)] = DEFAULT_TOP,
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
        entity_column(table, "entity", (score.entity for score in scores))
        table.add_column("value", justify="right", overflow=FOLD)
        for score in scores:
            table.add_row(cell(score.entity), f"{score.value:.4f}")
        out.print(table)
    table = Table(title="brokers: removing one splits the network into parts of these sizes")
    entity_column(table, "entity", (broker.entity for broker in result.brokers))
    table.add_column("parts", overflow=FOLD)
    for broker in result.brokers:
        table.add_row(cell(broker.entity), ", ".join(map(str, broker.parts)))
    out.print(table)
    table = Table(title="communities (most central member first)")
    table.add_column("size", justify="right", overflow=FOLD)
    table.add_column("members", overflow=FOLD)
    for community in result.communities:
        others = [m for m in community.members if m.id != community.central.id]
        members = "; ".join(name(m) for m in [community.central, *others][: len(community.members)])
        more = community.size - len(community.members)
        table.add_row(str(community.size), members + (f"; ... {more} more" if more > 0 else ""))
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
