"""The hub refresh after a write (queries.hub_refresh): profiles computed in bulk equal those a
request computes one at a time, and a small write recomputes the hubs it reaches and carries
the others over, so that every kept profile still equals the live one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.store import GraphStore
from ingest import synthetic
from ingest.pipeline import ingest
from model import cache
from model.cache import Written
from model.limits import DEFAULT_PROFILE_CAP, HUB_DEGREE
from queries import hub_profiles, hub_refresh
from queries.hub_profiles import Kept
from queries.profile import _build
from tests.conftest import CURATED

DEGREE = 8  # no entity of the bundled data has HUB_DEGREE relationships


class Recorder:
    """The hook of the API and CLI, noting which hubs each refresh computed."""

    def __init__(self, degree: int) -> None:
        self.degree = degree
        self.computed: list[set[str]] = []

    def __call__(self, store: GraphStore, written: Written | None) -> int:
        original = hub_refresh.compute

        def compute(s: GraphStore, hubs: dict[str, int]) -> dict[str, Kept]:
            self.computed.append(set(hubs))
            return original(s, hubs)

        hub_refresh.compute = compute  # type: ignore[assignment]
        try:
            return hub_refresh.refresh_hubs(store, written, self.degree)
        finally:
            hub_refresh.compute = original  # type: ignore[assignment]


def _live(store: GraphStore, ident: str) -> object:
    return json.loads(_build(store, ident, DEFAULT_PROFILE_CAP, 0).model_dump_json())


def _assert_every_kept_is_live(store: GraphStore, degree: int) -> list[str]:
    hubs = sorted(hub_profiles.hubs(store, degree))
    assert hubs
    for ident in hubs:
        text = hub_profiles.read(store, ident)
        assert text is not None, ident
        assert json.loads(text) == _live(store, ident), ident
    return hubs


@pytest.fixture
def only_recorded_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' Recorder is the only write hook: the API's and CLI's `refresh_hubs`, which
    earlier tests in the same process registered, would otherwise refresh first, and the
    Recorder would find a kept set of the new revision, not of the one the write replaced, and
    recompute every hub (as the whole suite did in CI)."""
    monkeypatch.setattr(cache, "_after_write", [])


@pytest.fixture
def synthetic_s(
    store: GraphStore, tmp_path: Path, only_recorded_hooks: None
) -> Iterator[tuple[GraphStore, Recorder]]:
    """A synthetic S ecosystem loaded through a writer that keeps the hub profiles."""
    recorder = Recorder(HUB_DEGREE)
    stop = cache.on_write(recorder)
    ingest(store, synthetic.write(tmp_path / "eco-s", "S", seed=5), batch_size=2000)
    yield store, recorder
    stop()


# Labels whose dataset entry needs nothing but names and sources, and their sections.
RENAMEABLE = {
    "Enterprise": "enterprises",
    "Alliance": "alliances",
    "Technology": "technologies",
    "City": "cities",
}


def _shown_neighbour(store: GraphStore, degree: int) -> tuple[str, str, str]:
    """A hub, an entity its kept profile shows (an enterprise of a city's first, the biggest
    hub first) and that entity's dataset section."""
    hubs = hub_profiles.hubs(store, degree)
    for hub in sorted(hubs, key=lambda h: (not h.startswith("city:"), -hubs[h])):
        text = hub_profiles.read(store, hub)
        assert text is not None
        shown = json.loads(text)
        items = [i["entity"] for i in shown["city"]["enterprises"]["items"]] if shown["city"] else []
        items += [n["entity"] for g in shown["neighbours"] for n in g["items"] if g["label"] in RENAMEABLE]
        if items:
            return hub, str(items[0]["id"]), RENAMEABLE[items[0]["label"]]
    raise AssertionError("no hub shows an entity to rename")


def _rename(tmp_path: Path, ident: str, section: str, name: str) -> Path:
    path = tmp_path / "rename.jsonl"
    lines = [
        {"section": "sources", "id": "source:rename-test", "title": "改名测试", "kind": "dataset"},
        {
            "section": section,
            "id": ident,
            "name_zh": name,
            "name_en": "Renamed",
            "sources": ["source:rename-test#r1"],
        },
    ]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def _opportunities(tmp_path: Path, city: str, technology: str, count: int = 5) -> Path:
    path = tmp_path / "extra-opportunities.csv"
    rows = ["id,name_zh,name_en,city,domain,needs,budget_cny,status"]
    rows += [
        f"XO-{i},新增机会{i},Extra {i},{city},consumption,{technology},1000000,open" for i in range(count)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_synthetic_load_keeps_every_hub_profile_equal_to_the_live_one(
    synthetic_s: tuple[GraphStore, Recorder],
) -> None:
    store, recorder = synthetic_s
    hubs = _assert_every_kept_is_live(store, HUB_DEGREE)
    assert recorder.computed == [set(hubs)]  # a first load computes every hub, in bulk


def test_a_small_write_recomputes_what_it_reaches_and_carries_the_rest(
    synthetic_s: tuple[GraphStore, Recorder], tmp_path: Path
) -> None:
    store, recorder = synthetic_s
    city, neighbour, section = _shown_neighbour(store, HUB_DEGREE)
    assert city.startswith("city:")
    ingest(store, [_rename(tmp_path, neighbour, section, "改了名的企业")], batch_size=500)
    hubs = _assert_every_kept_is_live(store, HUB_DEGREE)
    text = hub_profiles.read(store, city)
    assert text is not None and "改了名的企业" in text
    assert city in recorder.computed[-1] and len(recorder.computed[-1]) < len(hubs)
    technology = max(
        (h for h in hubs if h.startswith("tech:")), key=lambda h: hub_profiles.hubs(store, HUB_DEGREE)[h]
    )
    ingest(store, [_opportunities(tmp_path, city, technology)], batch_size=500)
    _assert_every_kept_is_live(store, HUB_DEGREE)
    assert {city, technology} <= recorder.computed[-1] and len(recorder.computed[-1]) < len(hubs)
    restated = ingest(store, [_opportunities(tmp_path, city, technology, count=2)], batch_size=500)
    assert restated.nodes["Opportunity"].removed == 3  # the list restated: 3 of its 5 go
    _assert_every_kept_is_live(store, HUB_DEGREE)
    assert {city, technology} <= recorder.computed[-1] and len(recorder.computed[-1]) < len(hubs)


def test_small_writes_into_the_bundled_data_keep_every_kept_profile_live(
    store: GraphStore, tmp_path: Path, only_recorded_hooks: None
) -> None:
    recorder = Recorder(DEGREE)
    stop = cache.on_write(recorder)
    try:
        ingest(store, [CURATED], batch_size=500)
        _assert_every_kept_is_live(store, DEGREE)
        hub, neighbour, section = _shown_neighbour(store, DEGREE)
        ingest(store, [_rename(tmp_path, neighbour, section, "改了名的企业")], batch_size=500)
        _assert_every_kept_is_live(store, DEGREE)
        text = hub_profiles.read(store, hub)
        assert text is not None and "改了名的企业" in text
        assert hub in recorder.computed[-1]
    finally:
        stop()
