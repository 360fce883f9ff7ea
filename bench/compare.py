"""scenekg beside its yardsticks (bench/anchor.py) in one run: the same inputs to each engine,
latencies per engine, and how many answers agree with scenekg's."""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.anchor import Floor, Ladybug, scenekg_groups, scenekg_lengths, scenekg_ranking, scratch
from graph.schema import Label
from graph.store import GraphStore
from ingest.batch import GraphBatch
from model.limits import DEFAULT_MATCH_LIMIT, DEFAULT_PROFILE_CAP
from queries.lookup import lookup
from queries.matching import match_opportunity
from queries.paths import paths
from queries.profile import profile

ENGINES = ("scenekg", "LadybugDB", "networkx")
SHORTEST_HOPS, ALTERNATIVE_HOPS, ALTERNATIVES = 6, 4, 5
Latency = tuple[float, float, int]  # p50 ms, p95 ms, samples


@dataclass
class Inputs:
    """What every engine is asked, drawn once per size."""

    lookups: list[str]
    profiles: list[str]
    pairs: list[tuple[str, str]]
    opportunities: list[str]

    @classmethod
    def draw(cls, batch: GraphBatch, rng: random.Random) -> Inputs:
        def ids(label: Label) -> list[str]:
            return sorted(batch.nodes.get(label, {}))

        cities = ids(Label.CITY)
        hubs = cities[:5]  # the generator's Zipf law makes the first cities the hubs
        return cls(
            lookups=rng.choices(ids(Label.ENTERPRISE), k=205),
            profiles=hubs * 4 + rng.choices(cities, k=30),
            pairs=[(a, b) for a, b in (rng.sample(cities, 2) for _ in range(60))],
            opportunities=rng.choices(ids(Label.OPPORTUNITY), k=45),
        )


@dataclass
class Compared:
    """Per query and engine the latency; per query how many answers all three gave alike."""

    latencies: dict[str, dict[str, Latency]] = field(default_factory=dict)
    agree: dict[str, tuple[int, int]] = field(default_factory=dict)
    load_s: dict[str, float] = field(default_factory=dict)
    differences: list[str] = field(default_factory=list)


def timed(calls: list[Callable[[], Any]], warmup: int = 5) -> tuple[Latency, list[Any]]:
    """p50 and p95 after `warmup` calls, and every call's answer."""
    answers, samples = [], []
    for number, call in enumerate(calls):
        started = time.perf_counter()
        answers.append(call())
        if number >= warmup:
            samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    latency = (statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)], len(samples))
    return latency, answers


def plans(engine: Any, inputs: Inputs) -> dict[str, list[Callable[[], Any]]]:
    """The compared queries on a yardstick, in the answer form `scenekg_plans` gives."""
    return {
        "lookup": [lambda e=e: engine.lookup(e) for e in inputs.lookups],
        "city profile": [lambda c=c: engine.neighbours(c, DEFAULT_PROFILE_CAP) for c in inputs.profiles],
        "shortest path": [lambda p=p: engine.shortest(p[0], p[1], SHORTEST_HOPS) for p in inputs.pairs],
        "5 alternative paths": [
            lambda p=p: engine.alternatives(p[0], p[1], ALTERNATIVES, ALTERNATIVE_HOPS)
            for p in inputs.pairs[:30]
        ],
        "matching": [lambda o=o: engine.ranking(o, DEFAULT_MATCH_LIMIT) for o in inputs.opportunities],
    }


def scenekg_plans(store: GraphStore, inputs: Inputs) -> dict[str, list[Callable[[], Any]]]:
    """The same queries through scenekg's query catalogue, each answer reduced to the form compared."""
    cap = DEFAULT_PROFILE_CAP
    return {
        "lookup": [lambda e=e: lookup(store, e).name_zh for e in inputs.lookups],
        "city profile": [
            lambda c=c: scenekg_groups(profile(store, c, cap=cap), cap) for c in inputs.profiles
        ],
        "shortest path": [
            lambda p=p: next(
                iter(scenekg_lengths(paths(store, p[0], p[1], k=1, max_hops=SHORTEST_HOPS))), None
            )
            for p in inputs.pairs
        ],
        "5 alternative paths": [
            lambda p=p: scenekg_lengths(paths(store, p[0], p[1], k=ALTERNATIVES, max_hops=ALTERNATIVE_HOPS))
            for p in inputs.pairs[:30]
        ],
        "matching": [lambda o=o: scenekg_ranking(match_opportunity(store, o)) for o in inputs.opportunities],
    }


def compare(batch: GraphBatch, inputs: Inputs, scenekg: dict[str, tuple[Latency, list[Any]]]) -> Compared:
    """Load the yardsticks, ask them what scenekg was asked, and count equal answers."""
    out = Compared()
    folder = scratch()
    ladybug = Ladybug(batch, folder)
    out.load_s["LadybugDB"] = ladybug.export_s + ladybug.copy_s
    out.load_s["LadybugDB COPY"] = ladybug.copy_s
    print(f"  LadybugDB: export {ladybug.export_s:.1f} s, COPY {ladybug.copy_s:.1f} s", flush=True)
    floor = Floor(batch)
    out.load_s["networkx"] = floor.build_s
    answers: dict[str, dict[str, list[Any]]] = {name: {"scenekg": a} for name, (_, a) in scenekg.items()}
    for name, (latency, _) in scenekg.items():
        out.latencies.setdefault(name, {})["scenekg"] = latency
    for engine_name, engine in (("LadybugDB", ladybug), ("networkx", floor)):
        for name, calls in plans(engine, inputs).items():
            latency, got = timed(calls)
            out.latencies.setdefault(name, {})[engine_name] = latency
            answers.setdefault(name, {})[engine_name] = got
            print(f"  {engine_name} {name}: p50 {latency[0]:.2f} ms, p95 {latency[1]:.2f} ms", flush=True)
    for name, by_engine in answers.items():
        if len(by_engine) < len(ENGINES):
            continue
        triples = list(zip(*(by_engine[e] for e in ENGINES), strict=True))
        same = [t[0] == t[1] == t[2] for t in triples]
        out.agree[name] = (sum(same), len(same))
        out.differences += [
            f"{name}: {dict(zip(ENGINES, t, strict=True))}"
            for t, s in zip(triples, same, strict=True)
            if not s
        ][:2]
    return out
