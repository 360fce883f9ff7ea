"""Whole-batch checks that need more than one entry: references, endpoint labels, cycles.

`known` maps ids already in the graph to their labels, so a file may refer to entities
loaded earlier; the batch's own ids are added here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from graph.errors import InputError, Location
from graph.schema import ENDPOINTS, PAIRS, Label, RelType, allowed, label_of
from ingest.batch import GraphBatch
from model.citations import source_of
from model.dataset import read_passages


def check_batch(
    batch: GraphBatch,
    known: Mapping[str, Label],
    broader_edges: Iterable[tuple[str, str]] = (),
) -> list[InputError]:
    """Every problem that makes the batch unfit to write, in file order."""
    ids = dict(known)
    ids.update(batch.node_ids())
    paraphrased = _paraphrased(batch)
    # A citation of one of these passes whatever its locator: the known Sources without a table
    # of paraphrases. A row whose citations are all of them, and an edge whose ends are known
    # and of an allowed pair, have nothing to report; any other goes through the checks below,
    # which alone word the errors: at size L, 400k rows are checked without a call each.
    plain = {ident for ident, label in ids.items() if label is Label.SOURCE and ident not in paraphrased}
    errors: list[InputError] = []
    for rows in batch.nodes.values():
        for row in rows.values():
            if not plain.issuperset(map(source_of, row.sources)):
                errors.extend(_check_citations(row.sources, row.where, ids, paraphrased))
    for rel, edges in batch.rels.items():
        pairs = _ALLOWED[rel]
        for edge in edges.values():
            start, end = edge.start, edge.end
            if (
                start == end
                or start not in ids
                or end not in ids
                or (label_of(start), label_of(end)) not in pairs
            ):
                errors.extend(_check_edge(rel, start, end, edge.where, ids))
            if not plain.issuperset(map(source_of, edge.sources)):
                errors.extend(_check_citations(edge.sources, edge.where, ids, paraphrased))
    errors.extend(_check_broader_cycles(batch, broader_edges))
    return errors


# The endpoint label pairs each relationship type allows, as `allowed` decides them.
_ALLOWED = {rel: {(a, b) for a in Label for b in Label if allowed(rel, a, b)} for rel in RelType}


def _paraphrased(batch: GraphBatch) -> dict[str, set[str]]:
    """The locators each Source of the batch paraphrases, for the Sources that keep a table of
    paraphrases (the curated articles): citing one of those at a locator it lacks is an error,
    so every cited passage of an article we may not quote says what it says."""
    out: dict[str, set[str]] = {}
    for row in batch.nodes.get(Label.SOURCE, {}).values():
        table = read_passages(row.props.get("passages"))
        if any(p.paraphrase for p in table.values()):
            out[row.id] = set(table)
    return out


def _check_citations(
    sources: list[str], where: Location, ids: Mapping[str, Label], paraphrased: Mapping[str, set[str]]
) -> list[InputError]:
    out = []
    for citation in sources:
        source_id, locator = source_of(citation), citation.partition("#")[2]
        if ids.get(source_id) is not Label.SOURCE:
            out.append(InputError(where, f"cites {source_id}, which is not a known source"))
        elif source_id in paraphrased and locator != "document" and locator not in paraphrased[source_id]:
            out.append(
                InputError(
                    where,
                    f"cites {citation}, but {source_id} has no paraphrase of '{locator}' in its "
                    "passages table (add zh and en under passages)",
                )
            )
    return out


def _check_edge(
    rel: RelType, start: str, end: str, where: Location, ids: Mapping[str, Label]
) -> list[InputError]:
    out = []
    for side, ident in (("from", start), ("to", end)):
        if ident not in ids:
            out.append(InputError(where, f"{rel.value} '{side}' refers to unknown entity {ident}"))
    if out:
        return out
    start_label, end_label = label_of(start), label_of(end)
    assert start_label is not None and end_label is not None
    if not allowed(rel, start_label, end_label):
        out.append(
            InputError(
                where,
                f"{rel.value} cannot join a {start_label.value} to a {end_label.value} "
                f"({_allowed_text(rel)})",
            )
        )
    if start == end:
        out.append(InputError(where, f"{rel.value} joins {start} to itself"))
    return out


def _allowed_text(rel: RelType) -> str:
    pairs = PAIRS.get(rel)
    if pairs is not None:
        return "allowed: " + ", ".join(f"{a.value}->{b.value}" for a, b in sorted(pairs))
    starts, ends = ENDPOINTS[rel]
    return f"from: {', '.join(sorted(starts))}; to: {', '.join(sorted(ends))}"


def _check_broader_cycles(batch: GraphBatch, existing: Iterable[tuple[str, str]]) -> list[InputError]:
    graph = nx.DiGraph(list(existing))
    edges = batch.rels.get(RelType.BROADER, {})
    graph.add_edges_from(edges)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return []
    members = [start for start, _ in cycle]
    where = next((edges[(a, b)].where for a, b in cycle if (a, b) in edges), None)
    if where is None:
        return []
    return [
        InputError(
            where, "BROADER makes a cycle in the technology hierarchy: " + " -> ".join([*members, members[0]])
        )
    ]
