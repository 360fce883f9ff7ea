"""The reference places (`model.places`) as a `GraphBatch`: one node per unit, PART_OF up the
hierarchy, every row citing its line of the dictionary, and the dictionary as the Source.

Reference data is loaded by name (`scenekg ingest --reference places`), not from a file
path, because it comes with an installed package rather than with the repository.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.errors import InputError, Location
from graph.schema import Label, RelType, label_of
from ingest.batch import GraphBatch, NodeRow, RelRow
from model.dataset import Source
from model.places import MEMBER, PlaceRecord, place_source, reference_places


def read_reference_places() -> GraphBatch:
    """Every province-, city- and county-level unit with its PART_OF edge to the unit above."""
    source = Source.model_validate(place_source())
    name = f"{source.publisher} {source.version}: {MEMBER}"
    batch = GraphBatch(files=[name])
    batch.nodes[Label.SOURCE][source.id] = NodeRow(
        source.id, source.properties(), source.sources, Location(name)
    )
    for record in reference_places():
        citation = f"{source.id}#line{record.line}"
        where = Location(name, record.line)
        label = label_of(record.id)
        assert label is not None  # model.places makes every id with a place label's prefix
        batch.nodes[label][record.id] = NodeRow(record.id, _properties(record), [citation], where)
        if record.parent_id is not None:
            batch.rels[RelType.PART_OF][(record.id, record.parent_id)] = RelRow(
                record.id, record.parent_id, {}, [citation], where
            )
    return batch


def _properties(record: PlaceRecord) -> dict[str, Any]:
    props: dict[str, Any] = {
        "name_zh": record.name_zh,
        "name_en": record.name_en,
        "code": record.code,
        "kind": record.kind,
    }
    if record.short_forms:
        props["aliases"] = list(record.short_forms)
    return props


# Reference datasets by the name `--reference` takes.
REFERENCES: dict[str, Callable[[], GraphBatch]] = {"places": read_reference_places}


def read_references(names: list[str]) -> GraphBatch:
    """The named reference datasets as one batch; an unknown name is an input error."""
    batch = GraphBatch()
    unknown = [n for n in names if n not in REFERENCES]
    if unknown:
        raise InputError(
            Location("--reference", field=unknown[0]),
            f"unknown reference dataset; known: {', '.join(REFERENCES)}",
        )
    for reference in dict.fromkeys(names):
        batch.extend(REFERENCES[reference]())
    return batch
