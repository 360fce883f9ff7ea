"""What a load will change, worked out before anything is written: the difference between a
`GraphBatch` and the graph, row by row.

A load restates some sources in full (`GraphBatch.synced`: a list file's Source, or the Source
being retracted). For those, the graph is made to say exactly what the batch says: a citation
of a synced source that the batch no longer gives is dropped, a fact left with no citation is
removed (with every relationship of a removed node), and a fact that only synced sources support
takes the batch's properties exactly, so a property the file no longer gives goes too. Facts that
other sources also state keep those other citations and their properties. Every other row
merges as before: scalars overwritten, `aliases` and `sources` unions.

Because the plan is the whole difference, the summary counts are exact, `--dry-run` is the plan
without the write, and a reload that changes nothing writes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph import cypher
from graph.schema import Label, RelType, group_by_label, label_of
from graph.store import GraphStore
from ingest.batch import GraphBatch
from model.citations import source_of
from model.dataset import passages_property, read_passages

_NODE_PROPS = cypher.load(__file__, "node_properties")
_REL_PROPS = cypher.load(__file__, "relationship_properties")
_CITING_NODES = cypher.load(__file__, "nodes_citing")
_CITING_RELS = cypher.load(__file__, "relationships_citing")
_ATTACHED = cypher.load(__file__, "attached_relationships")
_ANY_NODE = cypher.load(__file__, "any_node")

Props = dict[str, Any]
RelKey = tuple[str, str]  # (start id, end id) within one relationship type


@dataclass
class Changes:
    """The rows of one label or relationship type that the load creates, replaces or removes."""

    rows: int = 0  # rows the batch gives
    create: dict[Any, Props] = field(default_factory=dict)  # key -> properties (with sources)
    update: dict[Any, Props] = field(default_factory=dict)  # key -> the whole new property map
    remove: set[Any] = field(default_factory=set)

    def changes(self) -> int:
        return len(self.create) + len(self.update) + len(self.remove)


@dataclass
class Plan:
    nodes: dict[Label, Changes] = field(default_factory=lambda: defaultdict(Changes))
    rels: dict[RelType, Changes] = field(default_factory=lambda: defaultdict(Changes))

    def changes(self) -> int:
        return sum(c.changes() for c in [*self.nodes.values(), *self.rels.values()])

    def changed_nodes(self) -> set[str]:
        """Ids of every node created, replaced or removed."""
        return {k for c in self.nodes.values() for part in (c.create, c.update, c.remove) for k in part}

    def touched(self) -> set[str]:
        """Ids of every node created, replaced or removed, and of both ends of every
        relationship created, replaced or removed."""
        ids = self.changed_nodes()
        ids.update(
            end
            for c in self.rels.values()
            for part in (c.create, c.update, c.remove)
            for k in part
            for end in k
        )
        return ids

    def changed_relationships(self) -> set[tuple[str, str, str]]:
        """(type, start id, end id) of every relationship created, replaced or removed."""
        return {
            (rel.value, start, end)
            for rel, c in self.rels.items()
            for part in (c.create, c.update, c.remove)
            for start, end in part
        }

    def created_degrees(self) -> dict[str, int]:
        """For each node created, its relationships: all created with it (a self-loop counts at
        both ends, as `MATCH (n)-[r]-()` does)."""
        degrees = {k: 0 for c in self.nodes.values() for k in c.create}
        for c in self.rels.values():
            for start, end in c.create:
                for ident in (start, end):
                    if ident in degrees:
                        degrees[ident] += 1
        return degrees


def merged_sources(old: list[str], new: list[str], synced: set[str]) -> list[str]:
    """The old citations minus those of synced sources the batch no longer gives, then the
    batch's new ones; the old order is kept so an unchanged reload compares equal.

    >>> merged_sources(["source:a#p1", "source:l#row4"], ["source:l#row5"], {"source:l"})
    ['source:a#p1', 'source:l#row5']
    """
    kept = [c for c in old if c in new or source_of(c) not in synced]
    return kept + [c for c in new if c not in kept]


def merged_props(old: Props, props: Props, sources: list[str], synced: set[str]) -> Props:
    """The property map a node or relationship will hold: the batch's exactly when synced sources
    alone support it, else the old one updated with the batch's (aliases, and a Source's
    passages, as a union)."""
    if all(source_of(c) in synced for c in sources):
        new = dict(props)
        if "id" in old:
            new["id"] = old["id"]
    else:
        new = {**old, **props}
        known = old.get("aliases", [])
        aliases = [*known, *[a for a in props.get("aliases", []) if a not in known]]
        if aliases:
            new["aliases"] = aliases
        if old.get("passages") and props.get("passages"):  # a Source merged again keeps both
            table = {**read_passages(old["passages"]), **read_passages(props["passages"])}
            new["passages"] = passages_property(table)
    new["sources"] = sources
    return {key: value for key, value in new.items() if value is not None}


def make_plan(store: GraphStore, batch: GraphBatch) -> Plan:
    """The difference between `batch` and the graph (see the module docstring)."""
    synced = set(batch.synced)
    # Only a Source the graph holds can be cited there: a first load of a list scans nothing.
    prefixes = [f"{source}#" for source in sorted(_node_props(store, Label.SOURCE, sorted(synced)))]
    plan = Plan()
    _plan_nodes(store, batch, plan, synced, prefixes)
    _plan_rels(store, batch, plan, synced, prefixes)
    _remove_attached(store, plan)
    return plan


def _plan_nodes(
    store: GraphStore, batch: GraphBatch, plan: Plan, synced: set[str], prefixes: list[str]
) -> None:
    citing = _citing_nodes(store, prefixes) if prefixes else {}
    node_ids = batch.node_ids()
    for label, rows in batch.nodes.items():
        changes = plan.nodes[label]
        changes.rows = len(rows)
        known = _node_props(store, label, [i for i in rows if i not in citing.get(label, {})])
        known.update(citing.get(label, {}))
        for ident, row in rows.items():
            _diff(changes, ident, known.get(ident), {**row.props, "id": ident}, row.sources, synced)
    named = _named_by_synced_edges(batch, synced) if citing else {}
    for label, found in citing.items():
        for ident, old in found.items():
            if ident not in node_ids:
                _strip(plan.nodes[label], ident, old, synced, named.get(ident, []))


def _plan_rels(
    store: GraphStore, batch: GraphBatch, plan: Plan, synced: set[str], prefixes: list[str]
) -> None:
    citing = _citing_rels(store, prefixes) if prefixes else {}
    # A relationship with an end this load creates cannot exist yet: not looked up.
    created = {ident for changes in plan.nodes.values() for ident in changes.create}
    for rel, edges in batch.rels.items():
        changes = plan.rels[rel]
        changes.rows = len(edges)
        cited = citing.get(rel, {})
        known = _rel_props(
            store, rel, [k for k in edges if k not in cited and k[0] not in created and k[1] not in created]
        )
        known.update(cited)
        for key, edge in edges.items():
            _diff(changes, key, known.get(key), edge.props, edge.sources, synced)
    for rel, found in citing.items():
        for key, old in found.items():
            if key not in batch.rels.get(rel, {}):
                _strip(plan.rels[rel], key, old, synced)


def _diff(
    changes: Changes, key: Any, old: Props | None, props: Props, sources: list[str], synced: set[str]
) -> None:
    if old is None:
        changes.create[key] = {**props, "sources": list(sources)}
        return
    new = merged_props(old, props, merged_sources(old.get("sources", []), sources, synced), synced)
    if new != old:
        changes.update[key] = new


def _named_by_synced_edges(batch: GraphBatch, synced: set[str]) -> dict[str, list[str]]:
    """For each node a batch relationship points at, that relationship's citations of synced
    sources. A reader may name a node it created before without giving it as a row again (a
    list's enterprise, resolved by name on the second load); the list still names it there."""
    named: dict[str, list[str]] = defaultdict(list)
    for edges in batch.rels.values():
        for (start, end), edge in edges.items():
            for citation in edge.sources:
                if source_of(citation) in synced:
                    for ident in (start, end):
                        if citation not in named[ident]:
                            named[ident].append(citation)
    return named


def _strip(changes: Changes, key: Any, old: Props, synced: set[str], still: Sequence[str] = ()) -> None:
    """A fact citing a synced source that the batch no longer gives as a row: its citations of
    synced sources become `still` (where the batch still names it), and the fact goes when no
    citation is left."""
    left = merged_sources(old.get("sources", []), list(still), synced)
    if not left:
        changes.remove.add(key)
    elif left != old.get("sources", []):
        changes.update[key] = {**old, "sources": left}


def _remove_attached(store: GraphStore, plan: Plan) -> None:
    """A removed node takes its relationships with it: list them in the plan, so they are counted
    and no relationship is left planned for an update or kept silently. A relationship that
    other sources still state keeps its endpoints, though: such a node stays, cited where that
    relationship is (a list's need of a technology only a retracted article described)."""
    removed = [ident for changes in plan.nodes.values() for ident in changes.remove]
    attached: list[tuple[RelType, RelKey, list[str]]] = []
    for label, ids in group_by_label(removed).items():
        for row in store.read(cypher.render(_ATTACHED, label=label), {"ids": ids}):
            attached.append((RelType(row["type"]), (row["start"], row["end"]), row["sources"] or []))
    kept: dict[str, list[str]] = defaultdict(list)
    for rel, key, sources in attached:
        if key not in plan.rels[rel].remove:
            for ident in key:
                kept[ident] += [s for s in sources if s not in kept[ident]]
    for label, ids in group_by_label([i for i in removed if i in kept]).items():
        changes = plan.nodes[label]
        for ident, old in _node_props(store, label, ids).items():
            changes.remove.discard(ident)
            changes.update[ident] = {**old, "sources": kept[ident]}
    gone = {ident for changes in plan.nodes.values() for ident in changes.remove}
    for rel, key, _ in attached:
        if gone.intersection(key):
            plan.rels[rel].remove.add(key)
            plan.rels[rel].update.pop(key, None)


def _node_props(store: GraphStore, label: Label, ids: list[str]) -> dict[str, Props]:
    """Stored properties of those `ids` that exist; a label with no node at all is skipped, so a
    first load of a large graph costs one query per label."""
    if not ids or not store.read(cypher.render(_ANY_NODE, label=label)):
        return {}
    rows = store.read(cypher.render(_NODE_PROPS, label=label), {"ids": ids})
    return {row["props"]["id"]: row["props"] for row in rows}


def _rel_props(store: GraphStore, rel: RelType, keys: Iterable[RelKey]) -> dict[RelKey, Props]:
    groups: dict[tuple[Label, Label], list[dict[str, str]]] = defaultdict(list)
    for start, end in keys:
        start_label, end_label = label_of(start), label_of(end)
        assert start_label is not None and end_label is not None  # checked by validate()
        groups[(start_label, end_label)].append({"start": start, "end": end})
    found: dict[RelKey, Props] = {}
    for (start_label, end_label), pairs in sorted(groups.items()):
        query = cypher.render(_REL_PROPS, rel=rel, start=start_label, end=end_label)
        for row in store.read(query, {"rows": pairs}):
            found[(row["start"], row["end"])] = row["props"]
    return found


def _citing_nodes(store: GraphStore, prefixes: list[str]) -> dict[Label, dict[str, Props]]:
    found: dict[Label, dict[str, Props]] = {}
    for label in Label:
        rows = store.read(cypher.render(_CITING_NODES, label=label), {"prefixes": prefixes})
        if rows:
            found[label] = {row["props"]["id"]: row["props"] for row in rows}
    return found


def _citing_rels(store: GraphStore, prefixes: list[str]) -> dict[RelType, dict[RelKey, Props]]:
    found: dict[RelType, dict[RelKey, Props]] = {}
    for rel in RelType:
        rows = store.read(cypher.render(_CITING_RELS, rel=rel), {"prefixes": prefixes})
        if rows:
            found[rel] = {(row["start"], row["end"]): row["props"] for row in rows}
    return found
