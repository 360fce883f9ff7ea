"""How the commands print: one console that never reads markup or emoji codes in data, cells
that fold instead of cutting ids, and the readable form of a profile and of a source's evidence."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
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
# Room for a curated citation (`source:004#p12,`) on one line of a narrow column.
CITATION_WIDTH: Final = 16

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def print_json(model: BaseModel) -> None:
    sys.stdout.write(json.dumps(model.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")


def name(entity: EntityRef) -> str:
    names = " / ".join(n for n in (entity.name_zh, entity.name_en) if n)
    return f"{names} [{entity.id}]" if names else entity.id


def cell(entity: EntityRef) -> str:
    """An entity in a table cell: its names (which may wrap), its id whole on a line below."""
    names = " / ".join(n for n in (entity.name_zh, entity.name_en) if n)
    return f"{names}\n[{entity.id}]" if names else entity.id


def entity_column(table: Table, title: str, entities: Iterable[EntityRef]) -> None:
    """A column of entities at least as wide as its longest id (up to 60), so ids are never cut."""
    width = max((len(e.id) + 2 for e in entities), default=0)
    table.add_column(title, overflow=FOLD, min_width=min(width, 60) or None)


def cites(sources: list[SourceRef]) -> str:
    """Each citation once, in first-seen order (several users of one passage cite it alike)."""
    return ", ".join(dict.fromkeys(s.citation for s in sources))


def print_passages(sources: Iterable[SourceRef], indent: str = "  ") -> None:
    """Each citation once, then where it is (title, date, URL or file) and, below it, what its
    passage says: the sentence with its span, or our paraphrase in Chinese and in English."""
    for s in {s.citation: s for s in sources}.values():
        where = "  ".join(dict.fromkeys(x for x in (s.title, s.published, s.url or s.file) if x))
        out.print(Text.assemble(indent, (s.citation, "bold"), f"  {where}" if where else ""))
        if s.passage:
            span = f"  [chars {s.span[0]}-{s.span[1]}]" if s.span else ""
            quoted = f"“{s.passage}”" if s.passage_kind == "sentence" else s.passage
            out.print(f"{indent}    {quoted}{span}")
        if s.passage_en:
            out.print(f"{indent}    {s.passage_en}")


def print_sources(sources: Iterable[SourceRef]) -> None:
    """The evidence block a table ends with: every citation it shows, once, with its passage."""
    listed = list(sources)
    if listed:
        out.print("sources:")
        print_passages(listed)


def print_evidence(result: SourceEvidence) -> None:
    source = result.source
    props = source.properties
    out.print(Text.assemble((source.id, "bold"), f"  {props.get('title', '')}"))
    for key in ("title_en", "publisher", "published", "url", "file", "locator_scheme"):
        if props.get(key):
            out.print(f"{key}: {props[key]}")
    where = f" at {result.locator}" if result.locator else ""
    heading(f"what it supports{where} ({result.page.total})")
    for item in result.supports:
        what = name(item.entity) if item.entity else ""
        if item.relationship and item.to:
            what = f"{what} -{item.relationship}-> {name(item.to)}"
        row(what, ", ".join(item.locators))
    more(result.page.total - result.page.offset - len(result.supports))
    print_sources(result.passages)


def more(more: int) -> None:
    if more > 0:
        out.print(f"... {more} more (raise --cap)")


def print_profile(result: Profile) -> None:
    """Key figures first (the entity's and those of what it does), then the places it is tied
    to, then its neighbours and sections, each entity once with every relationship tying it,
    then each citation once with what its passage says. Lines, not tables: a table at 80
    columns folds ids mid-word, a line keeps each id whole for copying."""
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
        heading(f"{group.label} ({group.total})")
        for item in group.items:
            ties = ", ".join(f"-{t.type}->" if t.direction == "out" else f"<-{t.type}-" for t in item.ties)
            row(name(item.entity), ties, cites([s for t in item.ties for s in t.sources]))
        more(group.more)
    if result.city is not None:
        out.print(f"districts: {', '.join(name(d) for d in result.city.districts) or '-'}")
        for title in ("initiatives", "scenarios", "technologies", "enterprises", "alliances"):
            section = getattr(result.city, title)
            if not section.total:
                out.print(f"{title} of the city and its districts: none recorded")
                continue
            heading(f"{title} of the city and its districts ({section.total})")
            for item in section.items:
                row(name(item.entity), f"via {', '.join(item.via)}", cites(item.sources))
            more(section.more)
    print_sources(result.sources)


def heading(title: str) -> None:
    out.print(Text(title, style="bold"))


def row(what: str, *details: str) -> None:
    """One item of a list: what it is, then its details after two spaces each."""
    out.print("  " + "  ".join(x for x in (what, *details) if x))


def print_key_figures(result: Profile) -> None:
    """Each figure under its owner: value, unit, date or target, and its citations."""
    figures = result.key_figures
    if not figures.total:
        return
    heading(f"key figures ({figures.total})")
    owner = ""
    for item in figures.items:
        f = item.figure
        if item.owner.id != owner:
            owner = item.owner.id
            out.print(f"  {name(item.owner)}")
        value = f"{f.value:,.15g}" + ("" if f.qualifier == "exact" else f" ({f.qualifier})")
        unit = (
            f.currency
            if f.currency and f.unit == "currency"
            else " ".join(filter(None, (f.currency, f.unit)))
        )
        when = f"as of {f.as_of or f.period_start}" if f.as_of or f.period_start else ""
        target = f"target {f.target_year}" if f.target_year else ""
        said = ", ".join(x for x in (f"{value} {unit}", when, target) if x)
        out.print(f"    {f.label_zh or f.label_en or f.measure}: {said}  ({cites(f.sources)})")
    more(figures.more)
