"""The yardsticks of the scale benchmark: the same generated graph loaded into LadybugDB (an
embedded graph engine, in-process, Cypher) and into networkx (in memory, the floor), asked the
same questions as scenekg on the same inputs, with the answers compared.

LadybugDB (PyPI `ladybug`) is a benchmark-only dependency (`pip install -e '.[bench]'`), never
a runtime one. Figure nodes and HAS_FIGURE are left out of both (profiles and paths skip them).
What each engine is asked, and what is compared:
- lookup: one entity by id; its Chinese name;
- city profile: the neighbours grouped by their label, each once, each group's total and first
  page of ids, without the ties a city's own sections show (scenekg's profile also builds those
  sections, key figures and places: it does more);
- matching: the ranked page (id, score, exact needs) and the total, from the same related
  technologies (`queries.matching._related` over each engine's own BROADER hierarchy);
- shortest path: its length within 6 hops; 5 alternative paths: the lengths of up to 5 simple
  paths within 4 hops, shortest first (which paths of a length come first differs by engine:
  scenekg orders them by how few hubs they pass, which costs it more).
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx

from graph import cypher
from graph.schema import Label, RelType, label_of
from ingest.batch import GraphBatch
from queries.diffusion import Hierarchy
from queries.matching import WEIGHTS, _related
from queries.models import Page
from queries.paths import PathResult
from queries.profile import CITY_COVERED

_LOOKUP = cypher.load(__file__, "lb_lookup")
_NEIGHBOURS = cypher.load(__file__, "lb_neighbours")
_HIERARCHY = cypher.load(__file__, "lb_hierarchy")
_NEEDS = cypher.load(__file__, "lb_needs")
_RANK = cypher.load(__file__, "lb_rank_offers")
_SHORTEST = cypher.load(__file__, "lb_shortest")
_PATHS = cypher.load(__file__, "lb_paths")
LEFT_OUT_LABELS = {Label.FIGURE}
LEFT_OUT_RELS = {RelType.HAS_FIGURE}
PROPERTIES = ("name_zh", "name_en", "status")
Groups = list[tuple[str, int, list[str]]]  # neighbour label, total, first page of ids
Ranking = tuple[int, list[tuple[str, float, int]]]  # total, page of (id, score, exact)


def _hierarchy(steps: list[tuple[str, str]]) -> Hierarchy:
    up: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    down: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for narrower, broader in steps:
        up[narrower][broader] = ()
        down[broader][narrower] = ()
    return Hierarchy({}, dict(up), dict(down))


def meets(hierarchy: Hierarchy, needs: list[str]) -> list[dict[str, Any]]:
    """The (offered technology, need, weight) rows a ranking query scores, as scenekg builds them."""
    return [
        {"tech": offered, "need": need, "weight": WEIGHTS[relation]}
        for need in needs
        for offered, (relation, _) in _related(hierarchy, need).items()
    ]


class Ladybug:
    """The batch in a LadybugDB database: one node table per label (id as primary key, names,
    status), one relationship table per type with every (from, to) label pair it joins."""

    def __init__(self, batch: GraphBatch, folder: Path) -> None:
        import ladybug

        started = time.perf_counter()
        self.db = ladybug.Database(str(folder / "ladybug.db"))
        self.conn = ladybug.Connection(self.db)
        csvs = folder / "csv"
        csvs.mkdir()
        nodes, rels = _export(batch, csvs)
        self.export_s = time.perf_counter() - started
        started = time.perf_counter()
        for label, path in nodes.items():
            columns = ", ".join(f"{p} STRING" for p in PROPERTIES)
            self.conn.execute(f"CREATE NODE TABLE {label}(id STRING PRIMARY KEY, {columns})")
            self.conn.execute(f"COPY {label} FROM '{path}' (header=true)")
        for rel, pairs in rels.items():
            ends = ", ".join(f"FROM {start} TO {end}" for start, end in pairs)
            self.conn.execute(f"CREATE REL TABLE {rel}({ends})")
            for (start, end), path in pairs.items():
                self.conn.execute(f"COPY {rel} FROM '{path}' (header=true, from='{start}', to='{end}')")
        self.copy_s = time.perf_counter() - started
        self._hierarchy: Hierarchy | None = None

    def rows(self, query: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        result = self.conn.execute(query, params or {})
        assert not isinstance(result, list)  # one statement, one result
        out: list[list[Any]] = []
        while result.has_next():
            row = result.get_next()
            assert isinstance(row, list)
            out.append(row)
        return out

    def lookup(self, ident: str) -> str | None:
        label = label_of(ident)
        assert label is not None
        found = self.rows(cypher.render(_LOOKUP, label=label), {"id": ident})
        return found[0][1] if found else None

    def neighbours(self, ident: str, cap: int) -> Groups:
        label = label_of(ident)
        assert label is not None
        params = {"id": ident, "cap": cap, "covered": _covered(label)}
        rows = self.rows(cypher.render(_NEIGHBOURS, label=label), params)
        return sorted((group, total, list(items)) for group, total, items in rows)

    def ranking(self, opportunity: str, limit: int) -> Ranking:
        if self._hierarchy is None:  # read once, as scenekg reads it once per graph revision
            self._hierarchy = _hierarchy([(a, b) for a, b in self.rows(_HIERARCHY)])
        needs = [row[0] for row in self.rows(_NEEDS, {"id": opportunity})]
        rows = meets(self._hierarchy, needs)
        ranked = self.rows(_RANK, {"meets": rows, "techs": sorted({r["tech"] for r in rows})})
        return len(ranked), [(who, score, exact) for who, score, exact in ranked[:limit]]

    def shortest(self, a: str, b: str, hops: int) -> int | None:
        start, end = label_of(a), label_of(b)
        assert start is not None and end is not None
        found = self.rows(cypher.render(_SHORTEST, start=start, end=end, hops=hops), {"a": a, "b": b})
        return found[0][0] if found else None

    def alternatives(self, a: str, b: str, k: int, hops: int) -> list[int]:
        shortest = self.shortest(a, b, hops)
        start, end = label_of(a), label_of(b)
        assert start is not None and end is not None
        seen: list[tuple[str, ...]] = []
        length = shortest or hops + 1
        while len(seen) < k and length <= hops:
            query = cypher.render(_PATHS, start=start, end=end, hops=length)
            for row in self.rows(query, {"a": a, "b": b, "limit": k * 3}):
                if tuple(row[0]) not in seen and len(seen) < k:
                    seen.append(tuple(row[0]))
            length += 1
        return [len(path) - 1 for path in seen]


RelFiles = dict[str, dict[tuple[str, str], Path]]  # type -> (from label, to label) -> CSV


def _export(batch: GraphBatch, folder: Path) -> tuple[dict[str, Path], RelFiles]:
    """CSV files for COPY FROM: one per label, one per (type, from label, to label)."""
    nodes: dict[str, Path] = {}
    for label, rows in batch.nodes.items():
        if label in LEFT_OUT_LABELS or not rows:
            continue
        nodes[label.value] = folder / f"{label.value}.csv"
        with nodes[label.value].open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["id", *PROPERTIES])
            out.writerows([row.id, *(row.props.get(p) or "" for p in PROPERTIES)] for row in rows.values())
    rels: RelFiles = defaultdict(dict)
    for rel, edges in batch.rels.items():
        if rel in LEFT_OUT_RELS:
            continue
        by_pair: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for edge in edges.values():
            start, end = label_of(edge.start), label_of(edge.end)
            assert start is not None and end is not None
            by_pair[(start.value, end.value)].append((edge.start, edge.end))
        for (start_label, end_label), pairs in by_pair.items():
            path = folder / f"{rel.value}-{start_label}-{end_label}.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows([("from", "to"), *pairs])
            rels[rel.value][(start_label, end_label)] = path
    return nodes, dict(rels)


class Floor:
    """The batch as a networkx MultiDiGraph (key: relationship type), with an undirected simple
    view for paths: what answering in memory, with no database at all, costs."""

    def __init__(self, batch: GraphBatch) -> None:
        started = time.perf_counter()
        self.graph = nx.MultiDiGraph()
        for label, rows in batch.nodes.items():
            if label not in LEFT_OUT_LABELS:
                self.graph.add_nodes_from((row.id, {"label": label, **row.props}) for row in rows.values())
        for rel, edges in batch.rels.items():
            if rel not in LEFT_OUT_RELS:
                self.graph.add_edges_from((e.start, e.end, rel.value) for e in edges.values())
        self.simple = nx.Graph(self.graph.to_undirected(as_view=True))
        steps = [(a, b) for a, b, key in self.graph.edges(keys=True) if key == RelType.BROADER.value]
        self.hierarchy = _hierarchy(steps)
        self.build_s = time.perf_counter() - started

    def lookup(self, ident: str) -> str | None:
        return self.graph.nodes[ident].get("name_zh") if ident in self.graph else None

    def neighbours(self, ident: str, cap: int) -> Groups:
        covered = set(_covered(label_of(ident)))
        ties = [(other, key) for _, other, key in self.graph.out_edges(ident, keys=True)]
        ties += [(other, key) for other, _, key in self.graph.in_edges(ident, keys=True)]
        groups: dict[str, set[str]] = defaultdict(set)
        for other, key in ties:
            label = self.graph.nodes[other]["label"].value
            if f"{label}:{key}" not in covered:
                groups[label].add(other)
        return sorted((label, len(ids), sorted(ids)[:cap]) for label, ids in groups.items())

    def ranking(self, opportunity: str, limit: int) -> Ranking:
        needs = [t for _, t, key in self.graph.out_edges(opportunity, keys=True) if key == "NEEDS"]
        best: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for row in meets(self.hierarchy, needs):
            for who in self._offered_by(row["tech"]):
                best[who][row["need"]] = max(best[who][row["need"]], row["weight"])
        scored = [
            (who, sum(per.values()), sum(1 for w in per.values() if w == 1.0)) for who, per in best.items()
        ]
        scored.sort(key=lambda s: (-s[1], -s[2], s[0]))
        return len(scored), scored[:limit]

    def _offered_by(self, tech: str) -> set[str]:
        who: set[str] = set()
        for other, _, key in self.graph.in_edges(tech, keys=True):
            if key == "PROVIDES":
                who.add(other)
            elif key == "OFFERS" and self.graph.nodes[other].get("status") != "withdrawn":
                who.add(other)
                who.update(e for _, e, k in self.graph.out_edges(other, keys=True) if k == "OFFERED_BY")
        return who

    def shortest(self, a: str, b: str, hops: int) -> int | None:
        try:
            length: int = nx.shortest_path_length(self.simple, a, b)
        except nx.NetworkXNoPath:
            return None
        return length if length <= hops else None

    def alternatives(self, a: str, b: str, k: int, hops: int) -> list[int]:
        if self.shortest(a, b, hops) is None:
            return []
        found = islice(nx.shortest_simple_paths(self.simple, a, b), k)
        return [len(p) - 1 for p in found if len(p) - 1 <= hops]


def _covered(label: Label | None) -> list[str]:
    return CITY_COVERED if label is Label.CITY else []


def scenekg_groups(profile: Any, cap: int) -> Groups:
    """scenekg's profile neighbours in the yardsticks' form."""
    return sorted((g.label, g.total, [n.entity.id for n in g.items][:cap]) for g in profile.neighbours)


def scenekg_ranking(result: Any) -> Ranking:
    page: Page = result.page
    return page.total, [(m.entity.id, m.score, m.exact) for m in result.matches]


def scenekg_lengths(result: PathResult) -> list[int]:
    return [p.length for p in result.paths]


def timed(call: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    answer = call()
    return (time.perf_counter() - started) * 1000, answer


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="scenekg-anchor-"))
