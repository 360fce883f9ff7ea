"""Crowded groups folded: above a cap, the leaves of one anchor (the enterprises located in a
city, an owner's figures) are drawn as one node, and the relationships that then join the same
two nodes are merged into one that counts them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from graph.schema import Label, RelType
from model.limits import check_range
from viz.drawing import FOLDED, Drawing, Edge, Node

# Leaves folded into one node per anchor above the cap: the relationship that ties a leaf to its
# anchor, whether the leaf is that relationship's start, and the labels that fold that way.
_FOLDABLE: dict[str, tuple[bool, frozenset[str]]] = {
    RelType.LOCATED_IN: (
        True,
        frozenset({Label.ENTERPRISE, Label.SCENARIO, Label.OPPORTUNITY, Label.CAPABILITY}),
    ),
    RelType.HAS_FIGURE: (False, frozenset({Label.FIGURE})),
}
_PLURAL: dict[str, str] = {
    Label.ENTERPRISE: "enterprises",
    Label.SCENARIO: "scenarios",
    Label.OPPORTUNITY: "opportunities",
    Label.CAPABILITY: "capabilities",
    Label.FIGURE: "figures",
}


@dataclass(frozen=True)
class Fold:
    """`count` nodes of `label` tied to `anchor` drawn as one node."""

    anchor: str
    anchor_name: str
    label: str
    count: int

    @property
    def note(self) -> str:
        plural = _PLURAL.get(self.label, self.label)
        tie = "of" if self.label == Label.FIGURE else "located in"
        return f"{self.count} {plural} {tie} {self.anchor_name} drawn as one node"


def fold(drawing: Drawing, cap: int) -> tuple[list[Node], list[Edge], list[Fold]]:
    """Replace the leaves (enterprises, scenarios, list entries located in a place; figures of an
    owner) of each anchor that has more than `cap` of one label by a single node, and merge the
    relationships that then join the same two nodes with the same type (`count` says how many)."""
    check_range("cap", cap, 1)
    by_id = {node.id: node for node in drawing.nodes}
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for member, anchor in _anchors(drawing, by_id).items():
        groups[(anchor, by_id[member].label)].append(member)
    folded_into: dict[str, str] = {}
    folds: list[Fold] = []
    added: list[Node] = []
    for (anchor, label), members in sorted(groups.items()):
        if len(members) > cap:
            record = Fold(anchor, by_id[anchor].name, label, len(members))
            folds.append(record)
            added.append(_folded_node(record, sorted(by_id[m].name for m in members)))
            folded_into.update(dict.fromkeys(members, added[-1].id))
    nodes = [n for n in drawing.nodes if n.id not in folded_into] + added
    return nodes, _merged(drawing.edges, folded_into), folds


def _anchors(drawing: Drawing, by_id: dict[str, Node]) -> dict[str, str]:
    """Each foldable leaf's anchor: the first (in id order, so the choice is stable) node it is
    tied to by a foldable relationship. Nodes the view keeps never fold."""
    anchor_of: dict[str, str] = {}
    for edge in sorted(drawing.edges, key=lambda e: (e.start, e.end)):
        rule = _FOLDABLE.get(edge.type)
        if rule is None:
            continue
        member_starts, labels = rule
        member, anchor = (edge.start, edge.end) if member_starts else (edge.end, edge.start)
        leaf = by_id.get(member)
        if (
            leaf is not None
            and leaf.label in labels
            and anchor in by_id
            and member not in drawing.keep
            and member not in anchor_of
        ):
            anchor_of[member] = anchor
    return anchor_of


def _folded_node(record: Fold, names: list[str]) -> Node:
    return Node(
        id=f"folded:{record.label}:{record.anchor}",
        label=FOLDED,
        name_zh=f"{record.count} {_PLURAL.get(record.label, record.label)}",
        description=record.note,
        members=names,
    )


def _merged(edges: list[Edge], folded_into: dict[str, str]) -> list[Edge]:
    """The relationships once members point at their folded node: those between two members of
    one group vanish inside it, those that now join the same two nodes with one type become one
    edge counting them, with the union of their citations."""
    out: list[Edge] = []
    merged: dict[tuple[str, str, str], tuple[Edge, dict[str, None]]] = {}
    for edge in edges:
        start, end = folded_into.get(edge.start, edge.start), folded_into.get(edge.end, edge.end)
        if start == edge.start and end == edge.end:
            out.append(edge)
            continue
        if start == end:
            continue
        key = (start, edge.type, end)
        if key not in merged:
            merged[key] = (Edge(start, end, edge.type, count=0), {})
            out.append(merged[key][0])
        into, citations = merged[key]
        into.count += edge.count
        citations.update(dict.fromkeys(edge.citations))
    for into, citations in merged.values():
        into.citations = list(citations)
    return out
