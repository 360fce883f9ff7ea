"""Properties that must hold for any input, not just the examples (hypothesis): ids are normalised
stably and always pass their own check, any name added to a name index resolves back however it
is cased, widened or spaced, and any valid dataset loads, round-trips through RDF export and
re-import into a wiped graph to the same graph, and reloads without a change."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graph.errors import Ambiguous
from graph.schema import REL_PROPERTIES, Domain, Label, RelType, allowed, label_of
from graph.store import GraphStore
from ingest.pipeline import ingest
from model import cache
from model.citations import split_citation
from model.dataset import SECTIONS
from model.ids import EARLIEST_YEAR, LATEST_YEAR, check_id, check_partial_date, make_id, normalise_slug
from model.names import NameIndex, fold
from queries.rdf_export import RdfFormat, export_rdf

QUICK = settings(max_examples=200, deadline=None, derandomize=True, database=None)
LABELS = [label for label in Label if label not in (Label.FIGURE, Label.SOURCE)]

# Any text a person might type, surrogates excepted (they cannot be UTF-8).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
# Letters, digits, CJK and spaces: text whose case and width variants are defined both ways.
plain_text = st.text(
    st.sampled_from("abcxyzABCXYZ0189 -合肥市人工智能大模型无锡")
    | st.characters(min_codepoint=0x4E00, max_codepoint=0x4E40),
    min_size=1,
    max_size=20,
)


def full_width(text: str) -> str:
    """ASCII as its full-width form (Ｈｅｆｅｉ), the way some Chinese input methods type it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


# ----------------------------------------------------------------------------- ids


@QUICK
@given(any_text)
def test_slug_normalisation_is_idempotent(text: str) -> None:
    slug = normalise_slug(text)
    assert normalise_slug(slug) == slug


@QUICK
@given(st.sampled_from(list(Label)), any_text)
def test_an_id_made_from_any_text_passes_the_id_check_with_its_label(label: Label, text: str) -> None:
    assume(normalise_slug(text))
    ident = make_id(label, text)
    assert check_id(ident, label) == ident
    assert label_of(ident) is label


@QUICK
@given(st.sampled_from(list(Label)), plain_text)
def test_case_width_and_surrounding_space_do_not_change_an_id(label: Label, text: str) -> None:
    assume(normalise_slug(text))
    ident = make_id(label, text)
    assert make_id(label, f"  {text.upper()}\t") == ident
    assert make_id(label, full_width(text)) == ident


@QUICK
@given(
    st.from_regex(r"source:[a-z0-9][a-z0-9._-]{0,20}", fullmatch=True),
    st.from_regex(r"[^\s#][^\n]{0,20}", fullmatch=True),
)
def test_a_citation_splits_back_into_its_source_and_locator(source: str, locator: str) -> None:
    assert split_citation(f"{source}#{locator}") == (source, locator)


@QUICK
@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.sampled_from([4, 7, 10]))
def test_partial_dates_are_accepted_exactly_within_the_years_allowed(day: date, precision: int) -> None:
    text = day.isoformat()[:precision]  # years before 1000 come zero-padded: 0999
    if EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        assert check_partial_date(text) == text
    else:
        with pytest.raises(ValueError, match=f"year {day.year} is outside"):
            check_partial_date(text)


# ----------------------------------------------------------------------------- names

name_lists = st.lists(
    any_text.filter(lambda t: bool(fold(t)) and ":" not in t), min_size=1, max_size=6, unique_by=fold
)


@QUICK
@given(name_lists)
def test_any_name_added_resolves_back_to_its_entity(names: list[str]) -> None:
    index = NameIndex()
    for number, name in enumerate(names):
        index.add(f"city:n{number}", [name])
    for number, name in enumerate(names):
        assert index.resolve(name) == f"city:n{number}"
        assert index.resolve(f" {name} ", Label.CITY) == f"city:n{number}"


@QUICK
@given(st.lists(plain_text.filter(lambda t: bool(fold(t))), min_size=1, max_size=6, unique_by=fold))
def test_case_width_and_space_variants_of_a_name_resolve_alike(names: list[str]) -> None:
    index = NameIndex()
    for number, name in enumerate(names):
        index.add(f"tech:n{number}", [name])
    for number, name in enumerate(names):
        for variant in (name.upper(), name.lower(), full_width(name), " ".join(name)):
            assert index.resolve(variant) == f"tech:n{number}"


@QUICK
@given(plain_text.filter(lambda t: bool(fold(t))))
def test_a_name_two_entities_share_is_ambiguous_until_a_label_settles_it(name: str) -> None:
    index = NameIndex()
    index.add("city:a", [name])
    index.add("tech:a", [name.upper()])
    with pytest.raises(Ambiguous) as caught:
        index.resolve(name)
    assert caught.value.candidates == ["city:a", "tech:a"]
    assert index.resolve(full_width(name), Label.TECHNOLOGY) == "tech:a"


# ----------------------------------------------------------------------------- loaders

SOURCE = "source:generated"
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
SECTION_OF = {model.label: section for section, model in SECTIONS.items()}
# Visible text with the characters that tend to break serialisers: quotes, backslashes, markup,
# line breaks inside a value, CJK, emoji and other planes; no control characters but tab and newline,
# and no bidirectional controls (refused, like control characters: see tests/bad_inputs/bidi_name.yaml).
names = st.text(
    st.characters(exclude_categories=("Cc", "Cs"), exclude_characters=BIDI_CONTROLS)
    | st.sampled_from("\"'\\<>&{}[]#@:\t\n"),
    min_size=1,
    max_size=12,
).filter(lambda t: t == t.strip() and bool(t))
dates = st.builds(
    lambda day, precision: day.isoformat()[:precision],
    st.dates(min_value=date(EARLIEST_YEAR, 1, 1), max_value=date(LATEST_YEAR, 12, 31)),
    st.sampled_from([4, 7, 10]),
)
amounts = st.floats(min_value=0, max_value=1e12, allow_nan=False) | st.integers(0, 10**12)
citations = st.lists(
    st.from_regex(r"p[0-9]{1,3}|row[0-9]{1,2}|§ 3\.[0-9]", fullmatch=True).map(lambda loc: f"{SOURCE}#{loc}"),
    min_size=1,
    max_size=3,
    unique=True,
)
# Fields a label requires or may have beyond names, aliases, description and figures.
EXTRAS: dict[Label, dict[str, tuple[bool, st.SearchStrategy[Any]]]] = {
    Label.AGENCY: {
        "level": (True, st.sampled_from(["national", "provincial", "municipal", "district"])),
        "kind": (True, st.sampled_from(["ministry", "bureau", "office", "government"])),
    },
    Label.SCENARIO: {
        "domain": (True, st.sampled_from([d.value for d in Domain])),
        "status": (False, st.sampled_from(["planned", "open", "operating", "completed"])),
    },
    Label.INITIATIVE: {
        "kind": (True, st.sampled_from(["programme", "action_plan", "platform", "list"])),
        "launched": (False, dates),
        "target_year": (False, st.integers(EARLIEST_YEAR, LATEST_YEAR)),
    },
    Label.ALLIANCE: {"founded": (False, dates)},
    Label.ENTERPRISE: {
        "ownership": (False, st.sampled_from(["state", "private", "mixed"])),
        "sector": (False, names),
    },
    Label.POLICY: {"issued": (False, dates), "document_type": (False, names)},
    Label.MATCHING_EVENT: {"date": (False, dates), "frequency": (False, st.sampled_from(["once", "weekly"]))},
    Label.OPPORTUNITY: {"budget_cny": (False, amounts), "deadline": (False, dates)},
    Label.CAPABILITY: {"status": (False, st.sampled_from(["available", "withdrawn"]))},
}
REL_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "role": st.sampled_from(["initiator", "member"]),
    "since": dates,
    "mode": names,
    "mode_zh": names,
    "description": names,
}


@st.composite
def figures(draw: st.DrawFn) -> dict[str, Any]:
    unit = draw(st.sampled_from(["item", "percent", "currency", "scenario"]))
    figure: dict[str, Any] = {
        "measure": draw(st.from_regex(r"[a-z][a-z0-9_]{0,10}", fullmatch=True)),
        "label_en": draw(names),
        "value": draw(st.floats(0, 100) if unit == "percent" else amounts),
        "unit": unit,
        "sources": draw(citations),
    }
    if unit == "currency":
        figure["currency"] = draw(st.sampled_from(["CNY", "USD"]))
    for key, values in (
        ("label_zh", names),
        ("qualifier", st.sampled_from(["about", "more_than", "nearly"])),
        ("as_of", dates),
    ):
        if draw(st.booleans()):
            figure[key] = draw(values)
    return figure


@st.composite
def entities(draw: st.DrawFn, label: Label, number: int) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": f"{label.prefix}:{draw(st.from_regex(r'[a-z0-9][a-z0-9._-]{0,8}', fullmatch=True))}-{number}",
        "name_zh": draw(names),
        "name_en": draw(names),
        "sources": draw(citations),
    }
    if draw(st.booleans()):
        entry["aliases"] = draw(st.lists(names, min_size=1, max_size=3))
    if draw(st.booleans()):
        entry["description"] = draw(names)
    for key, (required, values) in EXTRAS.get(label, {}).items():
        if required or draw(st.booleans()):
            entry[key] = draw(values)
    if draw(st.integers(0, 3)) == 0:
        entry["figures"] = draw(st.lists(figures(), max_size=2, unique_by=lambda f: f["measure"]))
    return entry


@st.composite
def datasets(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """Sections of a valid dataset: a source, a few entities of a few labels, relationships the
    schema allows between them (BROADER only towards earlier technologies, so no cycle)."""
    labels = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=5, unique=True))
    data: dict[str, list[dict[str, Any]]] = {"sources": [{"id": SOURCE, "title": draw(names)}]}
    ids: list[str] = []
    for label in labels:
        entries = [draw(entities(label, number)) for number in range(draw(st.integers(1, 3)))]
        data[SECTION_OF[label]] = entries
        ids += [entry["id"] for entry in entries]
    possible = [
        (rel, start, end)
        for rel in RelType
        if rel is not RelType.HAS_FIGURE
        for start in ids
        for end in ids
        if start != end
        and allowed(rel, label_of(start), label_of(end))  # type: ignore[arg-type]
        and (rel is not RelType.BROADER or ids.index(start) > ids.index(end))
    ]
    chosen = draw(st.lists(st.sampled_from(possible), max_size=8, unique=True)) if possible else []
    relationships = []
    for rel, start, end in chosen:
        entry: dict[str, Any] = {"type": rel.value, "from": start, "to": end, "sources": draw(citations)}
        for key in sorted(REL_PROPERTIES.get(rel, frozenset())):
            if (rel is RelType.MEMBER_OF and key == "role") or draw(st.booleans()):
                entry[key] = draw(REL_VALUES[key])
        relationships.append(entry)
    if relationships:
        data["relationships"] = relationships
    return data


def write_dataset(folder: Path, data: dict[str, list[dict[str, Any]]], fmt: str) -> Path:
    if fmt == "yaml":
        path = folder / "generated.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    else:
        path = folder / "generated.jsonl"
        lines = [json.dumps({"section": s, **e}, ensure_ascii=False) for s, es in data.items() for e in es]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(store: GraphStore) -> tuple[list[Any], list[Any]]:
    """Every node and relationship of the model with all its properties, in a stable order."""
    nodes = store.read(
        "MATCH (n) WHERE n.id IS NOT NULL AND NOT n:SceneKGMeta RETURN n.id AS id, properties(n) AS props"
    )
    rels = store.read(
        "MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props"
    )
    return (
        sorted((row["id"], json.dumps(row["props"], sort_keys=True)) for row in nodes),
        sorted(
            (row["start"], row["type"], row["end"], json.dumps(row["props"], sort_keys=True)) for row in rels
        ),
    )


def wipe(store: GraphStore) -> None:
    store.write("MATCH (n) DETACH DELETE n")
    cache.forget(store)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(datasets(), st.sampled_from(["yaml", "jsonl"]), st.sampled_from(list(RdfFormat)))
def test_any_valid_dataset_loads_round_trips_through_rdf_and_reloads_unchanged(
    store: GraphStore, tmp_path: Path, data: dict[str, list[dict[str, Any]]], fmt: str, rdf: RdfFormat
) -> None:
    wipe(store)
    dataset = write_dataset(tmp_path, data, fmt)
    first = ingest(store, [dataset], batch_size=3)
    entities_written = sum(len(entries) for section, entries in data.items() if section != "relationships")
    assert first.total("nodes").created >= entities_written  # figures are nodes too
    loaded = snapshot(store)

    exported = export_rdf(store, rdf)
    wipe(store)
    document = tmp_path / {"turtle": "graph.ttl", "nt": "graph.nt", "json-ld": "graph.jsonld"}[rdf.value]
    document.write_text(exported.text, encoding="utf-8")
    ingest(store, [document], batch_size=3)
    assert snapshot(store) == loaded

    again = ingest(store, [dataset], batch_size=3)
    for part in ("nodes", "relationships"):
        assert (again.total(part).created, again.total(part).updated) == (0, 0), part
    assert snapshot(store) == loaded
