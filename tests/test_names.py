"""Name search on a large index, without a server: typos still find their entity when the
names around it share most of their characters."""

from __future__ import annotations

import itertools
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph.errors import NotFound
from model.names import NameIndex
from model.refs import EntityRef


def _index(count: int) -> NameIndex:
    index = NameIndex()
    for i in range(count):
        ident = f"enterprise:e{i}"
        index.add(ident, [f"Name{i} Tech", f"示例{i}科技有限公司"], EntityRef(id=ident, label="Enterprise"))
    return index


def test_a_swapped_pair_of_letters_still_finds_the_name_among_many_alike() -> None:
    index = _index(20_000)
    hits = index.search("Nmae123 Tech", limit=3)
    assert hits[0].entity.id == "enterprise:e123"


def test_names_containing_the_query_rank_above_near_misses() -> None:
    index = _index(2_000)
    hits = index.search("示例12科技", limit=5)
    assert hits[0].entity.id == "enterprise:e12"  # the only name that starts with the query
    assert hits[0].score >= 90 and all(h.score < 80 for h in hits[1:])  # 示例120科技… only look alike


def test_adding_a_name_after_a_search_makes_it_findable() -> None:
    index = _index(100)
    assert index.search("brand new name", limit=1) == [] or index.search("brand new name")[0].score < 80
    index.add("enterprise:new", ["Brand New Name"], EntityRef(id="enterprise:new", label="Enterprise"))
    assert index.search("brand new name", limit=1)[0].entity.id == "enterprise:new"
    assert index.resolve("BRAND NEW NAME") == "enterprise:new"


def test_unknown_name_suggests_the_nearest() -> None:
    index = _index(1_000)
    try:
        index.resolve("Name77 Tekh")
    except NotFound as exc:
        assert exc.suggestions[0].startswith("Name77 Tech")
    else:
        raise AssertionError("a typo must not resolve silently")


def _places() -> NameIndex:
    index = NameIndex()
    for ident, names in {
        "city:shenzhen": ["深圳市", "Shenzhen", "深圳"],
        "city:hefei": ["合肥市", "Hefei", "合肥"],
        "city:hebi": ["鹤壁市", "Hebi"],
        "scenario:hefei-quantum": ["量子加密政务应用", "Hefei quantum-encrypted e-government"],
        "district:lanxi": ["兰溪市", "Lanxi"],
        "enterprise:haixingyun": ["海行云科技"],
    }.items():
        index.add(ident, names, EntityRef(id=ident, label=ident.split(":")[0].title()))
    return index


def test_a_chinese_homophone_typo_finds_the_city_through_pinyin() -> None:
    hits = _places().search("深证")  # 证 for 圳: same sound, no character in common
    assert hits[0].entity.id == "city:shenzhen"


def test_a_latin_typo_finds_a_name_written_only_in_chinese() -> None:
    assert _places().search("haixingyun")[0].entity.id == "enterprise:haixingyun"
    assert _places().search("hefie")[0].entity.id == "city:hefei"


def test_chinese_and_english_queries_find_the_same_entities() -> None:
    index = _places()
    assert {h.entity.id for h in index.search("合肥")} == {h.entity.id for h in index.search("Hefei")}
    assert "scenario:hefei-quantum" in {h.entity.id for h in index.search("合肥")}


def test_a_name_the_graph_does_not_hold_suggests_nothing_unrelated() -> None:
    index = _places()
    assert index.search("Atlantis") == []
    with pytest.raises(NotFound) as refused:
        index.resolve("Atlantis")
    assert refused.value.suggestions == []


def test_searches_from_many_threads_key_the_pinyin_once_without_error() -> None:
    # The API's request threads share one index; its pinyin is keyed by the first searches. Eight
    # threads searching at once used to fail with "Set changed size during iteration".
    index = NameIndex()
    syllables = "安北城达东方港海华江金林宁平山泰天西新阳"
    for n, (a, b, c) in enumerate(itertools.product(syllables, repeat=3)):
        index.add(f"city:c{n}", [f"{a}{b}{c}市"])
    start = threading.Barrier(8)

    def search() -> list[str]:
        start.wait()
        return [hit.entity.id for hit in index.search("anbeicheng", limit=3)]

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: search(), range(8)))
    assert answers[0] and all(answer == answers[0] for answer in answers)
