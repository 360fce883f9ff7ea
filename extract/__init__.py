"""Extract candidate facts from news articles, offline: entities, figures and relationships,
each with the sentence it came from, in a file a reviewer edits and `scenekg ingest` merges.

    read_article -> sentences -> mentions (gazetteer + name forms) -> figures, relationships
                 -> candidate document (dataset format plus `candidate:` metadata)
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import yaml

from extract.build import Describe, extract_article
from extract.gazetteer import Gazetteer
from extract.reading import Article, read_article
from extract.ties import TIES_IN, TIES_OUT, Ties
from graph import cypher
from graph.errors import NotFound
from graph.schema import ENTITIES, Label, RelType, label_of
from graph.store import GraphStore
from model.cache import cached
from model.dataset import SECTIONS
from model.ids import make_id
from model.names import NameIndex, name_index
from model.nodes import nodes_by_id
from model.refs import EntityRef

__all__ = [
    "Article",
    "Describe",
    "Gazetteer",
    "StoreDescriber",
    "batch_describer",
    "batch_gazetteer",
    "dump",
    "extract_file",
    "read_article",
    "source_id_for",
    "store_describer",
    "store_gazetteer",
]

_MODELS = {model.label: model for model in SECTIONS.values()}
_TIES = cypher.load(__file__, "ties")


class _Row(Protocol):
    props: dict[str, Any]


class NodeRows(Protocol):
    """Node rows by label and id: what a loader's batch (ingest.batch.GraphBatch) holds. A
    protocol, so the extractor reads a batch without depending on the loaders."""

    @property
    def nodes(self) -> Mapping[Label, Mapping[str, _Row]]: ...

    @property
    def rels(self) -> Mapping[RelType, Mapping[tuple[str, str], object]]: ...


def _fields(ident: str, props: dict[str, Any]) -> dict[str, Any]:
    """The properties of an existing entity that its label's model takes."""
    label = label_of(ident)
    model = _MODELS.get(label) if label else None
    if model is None:
        return {}
    names = set(model.model_fields) - {"id", "sources", "figures", "description"}
    return {k: v for k, v in props.items() if k in names and v not in (None, [])}


def _store_ties(store: GraphStore) -> Ties:
    rows = store.read(cypher.render(_TIES, rels=(*TIES_OUT, *TIES_IN)))
    return Ties.of_edges((row["start"], row["type"], row["end"]) for row in rows)


def store_gazetteer(store: GraphStore) -> Gazetteer:
    """The gazetteer of the graph's names and aliases (and the vocabulary), with what each
    entity is tied to (read once per graph revision)."""
    return Gazetteer(name_index(store), cached(store, "ties", _store_ties))


class StoreDescriber:
    """Existing entities' fields, read from the graph: `many` reads every entity an article
    names in one go (extract_article asks it first), and what was read is kept for the next
    article of a batch. Each caller gets its own copy (a YAML dump must not see one list twice)."""

    def __init__(self, store: GraphStore) -> None:
        self._store = store
        self._known: dict[str, dict[str, Any]] = {}

    def many(self, idents: Iterable[str]) -> None:
        wanted = [ident for ident in idents if ident not in self._known]
        if wanted:
            for ident, node in nodes_by_id(self._store, wanted).items():
                self._known[ident] = {"id": ident, **_fields(ident, node)}

    def __call__(self, ident: str) -> dict[str, Any] | None:
        self.many([ident])
        if ident not in self._known:
            raise NotFound(ident)
        return copy.deepcopy(self._known[ident])


def store_describer(store: GraphStore) -> StoreDescriber:
    """Existing entities' fields, read from the graph as they are needed."""
    return StoreDescriber(store)


def batch_gazetteer(batch: NodeRows) -> Gazetteer:
    """A gazetteer over a dataset read from files (no server needed), for evaluation."""
    index = NameIndex()
    for label, rows in batch.nodes.items():
        if label not in ENTITIES:
            continue
        for ident, row in rows.items():
            zh, en = row.props.get("name_zh"), row.props.get("name_en")
            ref = EntityRef(id=ident, label=label.value, name_zh=zh, name_en=en)
            index.add(ident, [zh, en, *row.props.get("aliases", [])], ref)
    edges = ((a, kind.value, b) for kind in (*TIES_OUT, *TIES_IN) for a, b in batch.rels.get(kind, {}))
    return Gazetteer(index, Ties.of_edges(edges))


def batch_describer(batch: NodeRows) -> Describe:
    rows = {ident: row for label_rows in batch.nodes.values() for ident, row in label_rows.items()}

    def describe(ident: str) -> dict[str, Any] | None:
        row = rows.get(ident)
        return {"id": ident, **_fields(ident, row.props)} if row else None

    return describe


def source_id_for(path: Path) -> str:
    """The Source id of an article file: its name, so extracting it again gives the same id."""
    return make_id(Label.SOURCE, path.stem)


def extract_file(
    path: Path, gazetteer: Gazetteer, describe: Describe, source_id: str | None = None
) -> dict[str, Any]:
    """The candidate document of the article in `path`."""
    article = read_article(path)
    return extract_article(article, source_id or source_id_for(path), path.name, gazetteer, describe)


def dump(document: dict[str, Any]) -> str:
    """YAML text of a candidate document, with a header telling the reviewer what to do."""
    header = (
        "# scenekg extraction candidates. Review: delete wrong entries, edit values, resolve every\n"
        "# `status: ambiguous` (set status: existing and resolves_to: <one id>, or status: new).\n"
        "# Then: scenekg ingest THIS_FILE   (or --accept-above 0.8 to keep only confident entries)\n"
    )
    # libyaml's emitter: the same text as PyYAML's own, four times faster on a long article
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return header + yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120)
