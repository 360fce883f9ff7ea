"""What a profile leads with: the key figures of an entity and of what it does (each with its
owner, date and sources), and the places it is tied to, with what ties it there.

An analyst opening 芜湖 wants the scenario's numbers one hop away, not a link to open; one
opening an enterprise wants to know where it works even when only its scenario is located.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from pydantic import BaseModel

from graph import cypher
from graph.schema import PLACE_ORDER, Label
from graph.store import GraphStore
from model.refs import EntityRef, ref_by_id
from queries.models import FigureOut
from queries.sources import resolve_citations

_KEY_FIGURES = cypher.load(__file__, "profile_key_figures")
_PLACES = cypher.load(__file__, "profile_places")


class KeyFigure(BaseModel):
    """A figure and the entity it belongs to (the profiled one or one it is tied to)."""

    owner: EntityRef
    figure: FigureOut


class KeyFigures(BaseModel):
    total: int
    more: int
    items: list[KeyFigure]


class PlaceTie(BaseModel):
    """A place the entity is tied to; `via` names what ties it (empty: the entity itself is
    located there or part of it; a city or province reached by climbing from a district counts
    through the same things)."""

    place: EntityRef
    via: list[str]


def to_figure(store: GraphStore, row: dict[str, Any]) -> FigureOut:
    data = {k: v for k, v in row.items() if k in FigureOut.model_fields and k != "sources"}
    return FigureOut(**data, sources=resolve_citations(store, row.get("sources")))


def key_figures(
    store: GraphStore, label: Label, places: dict[str, list[str]], cap: int, offset: int
) -> dict[str, KeyFigures]:
    """For each entity of `places` (its id -> the entity, or a city and its districts): figures
    of the entity and of what it launched, organised, issued or takes part in and what is located
    in it, by owner id then measure. One query for one entity or for all hubs at once."""
    owners = [{"id": ident, "places": where} for ident, where in places.items()]
    rows: dict[str, list[dict[str, Any]]] = {ident: [] for ident in places}
    for row in store.read(cypher.render(_KEY_FIGURES, label=label), {"owners": owners}):
        rows[row["of"]].append(row)
    return {ident: _key_figures(store, found, cap, offset) for ident, found in rows.items()}


def _key_figures(store: GraphStore, rows: list[dict[str, Any]], cap: int, offset: int) -> KeyFigures:
    shown = rows[offset : offset + cap]
    items = [
        KeyFigure(owner=ref_by_id(r["id"], r["name_zh"], r["name_en"]), figure=to_figure(store, r["figure"]))
        for r in shown
    ]
    return KeyFigures(total=len(rows), more=max(len(rows) - offset - len(items), 0), items=items)


def tied_places(store: GraphStore, label: Label, idents: list[str]) -> dict[str, list[PlaceTie]]:
    """For each of `idents`: provinces first, then cities, then districts, each once with
    everything tying it."""
    rows: dict[str, list[dict[str, Any]]] = {ident: [] for ident in idents}
    for row in store.read(cypher.render(_PLACES, label=label), {"ids": idents}):
        rows[row["of"]].append(row)
    return {ident: _tied(ident, found) for ident, found in rows.items()}


def _tied(ident: str, rows: list[dict[str, Any]]) -> list[PlaceTie]:
    via: dict[str, set[str]] = defaultdict(set)
    direct: set[str] = set()
    names: dict[str, EntityRef] = {}
    for row in rows:
        if row["id"] == ident:  # something located in the entity itself: not a tie elsewhere
            continue
        for place in [row, *row["ups"]]:
            names[place["id"]] = ref_by_id(place["id"], place["name_zh"], place["name_en"])
            via[place["id"]].update(row["vias"])
            if row["direct"]:
                direct.add(place["id"])
    rank = {level.value: i for i, level in enumerate(PLACE_ORDER)}
    ordered = sorted(names.values(), key=lambda p: (rank.get(p.label, len(rank)), p.id))
    return [PlaceTie(place=p, via=[] if p.id in direct else sorted(via[p.id])) for p in ordered]
