"""The shared limits agree with each other and with the guard on rendered Cypher."""

from __future__ import annotations

from graph import cypher
from graph.schema import ACTORS, PLACE_ORDER, PLACES, Label
from model import limits


def test_hop_limits_stay_within_what_cypher_renders() -> None:
    # paths render {hops} up to MAX_PATH_HOPS; a bigger limit would pass the check and then
    # fail inside cypher.render instead of as a BadArgument naming the parameter.
    assert limits.MAX_PATH_HOPS <= cypher.MAX_RENDERED_HOPS
    assert limits.MAX_NEIGHBOURHOOD_HOPS <= cypher.MAX_RENDERED_HOPS
    cypher.render("{hops}", hops=limits.MAX_PATH_HOPS)  # accepted


def test_page_bounds_are_no_wider_than_the_query_catalogue() -> None:
    for bound in (limits.MAX_PAGE, limits.MAX_PROFILE_CAP, limits.MAX_TOP):
        assert bound <= limits.MAX_LIMIT


def test_every_default_is_within_its_bound() -> None:
    assert 1 <= limits.DEFAULT_PATHS <= limits.MAX_PATHS
    assert 1 <= limits.DEFAULT_PATH_HOPS <= limits.MAX_PATH_HOPS
    assert limits.DEFAULT_NEIGHBOURHOOD_LIMIT <= limits.MAX_NEIGHBOURHOOD_NODES <= limits.MAX_DRAWN_NODES
    assert limits.DEFAULT_PROFILE_CAP <= limits.MAX_PROFILE_CAP
    assert limits.DEFAULT_SEARCH_LIMIT <= limits.MAX_SEARCH_LIMIT
    assert limits.DEFAULT_TOP <= limits.MAX_TOP
    for default in (limits.DEFAULT_DIFFUSION_LIMIT, limits.DEFAULT_MATCH_LIMIT, limits.DEFAULT_SIMILAR_LIMIT):
        assert 1 <= default <= limits.MAX_PAGE  # the CLI's and HTTP default, so within a page


def test_label_groups_nest() -> None:
    assert frozenset(PLACE_ORDER) == PLACES == {Label.PROVINCE, Label.CITY, Label.DISTRICT}
    assert PLACES < ACTORS
    assert Label.FIGURE not in ACTORS and Label.SOURCE not in ACTORS
