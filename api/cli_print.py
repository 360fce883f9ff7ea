"""How the commands print: one console that never reads markup or emoji codes in data, cells
that fold instead of cutting ids, and the readable form of a profile and of a source's evidence."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Final

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text

from model.refs import EntityRef, SourceRef
from queries.profile import Profile
from queries.sources import SourceEvidence

# Names come from data: no markup or emoji codes, so `[link=...]` or `:warning:` prints as written.
out = Console(soft_wrap=True, markup=False, emoji=False)
# Cells fold what does not fit instead of cutting it with an ellipsis: an id is always whole.
FOLD: Final = "fold"

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def print_json(model: BaseModel) -> None:
    sys.stdout.write(json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")


def name(entity: EntityRef) -> str:
    names = " / ".join(n for n in (entity.name_zh, entity.name_en) if n)
    return f"{names} [{entity.id}]" if names else entity.id


def cites(sources: list[SourceRef]) -> str:
    """Each citation once, in first-seen order (several users of one passage cite it alike)."""
    return ", ".join(dict.fromkeys(s.citation for s in sources))


def print_evidence(result: SourceEvidence) -> None:
    source = result.source
    props = source.properties
    out.print(Text.assemble((source.id, "bold"), f"  {props.get('title', '')}"))
    for key in ("title_en", "publisher", "published", "url", "file", "locator_scheme"):
        if props.get(key):
            out.print(f"{key}: {props[key]}")
    where = f" at {result.locator}" if result.locator else ""
    table = Table(title=f"what it supports{where} ({result.page.total})", expand=True)
    table.add_column("entity or relationship", ratio=3, overflow="fold")
    table.add_column("locators", ratio=1, overflow="fold")
    for item in result.supports:
        what = name(item.entity) if item.entity else ""
        if item.relationship and item.to:
            what = f"{what} -{item.relationship}-> {name(item.to)}"
        table.add_row(what, ", ".join(item.locators))
    out.print(table)
    more(result.page.total - result.page.offset - len(result.supports))


def more(more: int) -> None:
    if more > 0:
        out.print(f"... {more} more (raise --cap)")


def print_profile(result: Profile) -> None:
    """Key figures first (the entity's and those of what it does), then the places it is tied
    to, then its neighbours and sections, each entity once with every relationship tying it."""
    entity = result.entity
    out.print(Text.assemble((name(entity), "bold"), f"  ({entity.label})"))
    if entity.aliases:
        out.print(f"aliases: {', '.join(entity.aliases)}")
    if entity.description:
        out.print(entity.description)
    for key, value in sorted(entity.properties.items()):
        out.print(f"{key}: {value}")
    print_key_figures(result)
    if result.places:
        tied = [name(t.place) + (f" (via {', '.join(t.via)})" if t.via else "") for t in result.places]
        out.print("places: " + "; ".join(tied))
    for group in result.neighbours:
        table = Table(title=f"{group.label} ({group.total})")
        for column in ("entity", "relationships", "sources"):
            table.add_column(column, overflow=FOLD)
        for item in group.items:
            ties = ", ".join(f"-{t.type}->" if t.direction == "out" else f"<-{t.type}-" for t in item.ties)
            table.add_row(name(item.entity), ties, cites([s for t in item.ties for s in t.sources]))
        out.print(table)
        more(group.more)
    if result.city is not None:
        out.print(f"districts: {', '.join(name(d) for d in result.city.districts) or '-'}")
        for title in ("initiatives", "scenarios", "technologies", "enterprises", "alliances"):
            section = getattr(result.city, title)
            if not section.total:
                out.print(f"{title} of the city and its districts: none recorded")
                continue
            table = Table(title=f"{title} of the city and its districts ({section.total})")
            for column in ("entity", "via", "sources"):
                table.add_column(column, overflow=FOLD)
            for item in section.items:
                table.add_row(name(item.entity), ", ".join(item.via), cites(item.sources))
            out.print(table)
            more(section.more)
    out.print("sources: " + "; ".join(f"{s.citation} {s.title or ''}" for s in result.sources))


def print_key_figures(result: Profile) -> None:
    figures = result.key_figures
    if not figures.total:
        return
    table = Table(title=f"key figures ({figures.total})")
    for column in ("of", "measure", "value", "unit", "as of", "target", "sources"):
        table.add_column(column, overflow=FOLD)
    for item in figures.items:
        f = item.figure
        unit = f"{f.currency} " if f.currency else ""
        table.add_row(
            name(item.owner),
            f.label_zh or f.label_en or f.measure,
            f"{f.value:g}" + ("" if f.qualifier == "exact" else f" ({f.qualifier})"),
            unit + f.unit,
            f.as_of or f.period_start or "",
            str(f.target_year or ""),
            cites(f.sources),
        )
    out.print(table)
    more(figures.more)
