"""Name search on a large index, without a server: typos still find their entity when the
names around it share most of their characters."""

from __future__ import annotations

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
