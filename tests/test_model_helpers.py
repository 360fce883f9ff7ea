"""The shared helpers of the model layer: one range check, one row -> EntityRef conversion."""

from __future__ import annotations

import doctest

import pytest

import model.limits
import model.refs
from graph.errors import BadArgument
from graph.schema import Label
from model.limits import check_range
from model.refs import EntityRef, entity_ref, row_ref


@pytest.mark.parametrize("module", [model.limits, model.refs])
def test_the_examples_in_the_docstrings_hold(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("value", "low", "high", "message"),
    [
        (0, 1, 20, "k: must be between 1 and 20, not 0"),
        (21, 1, 20, "k: must be between 1 and 20, not 21"),
        (0, 1, None, "k: must be at least 1, not 0"),
        (-1, 0, None, "k: must be 0 or more, not -1"),
    ],
)
def test_a_value_out_of_range_names_the_parameter(
    value: int, low: int, high: int | None, message: str
) -> None:
    with pytest.raises(BadArgument) as caught:
        check_range("k", value, low, high)
    assert caught.value.parameter == "k" and str(caught.value) == message


def test_the_paths_wording_is_kept() -> None:
    with pytest.raises(BadArgument) as caught:
        check_range("max_hops", 9, 1, 8, named=True)
    assert str(caught.value) == "max_hops: max_hops must be between 1 and 8"


@pytest.mark.parametrize(("value", "low", "high"), [(1, 1, 20), (20, 1, 20), (0, 0, None), (10**6, 1, None)])
def test_a_value_in_range_is_returned(value: int, low: int, high: int | None) -> None:
    assert check_range("k", value, low, high) == value


def test_a_row_names_its_entity_with_or_without_a_prefix() -> None:
    plain = {"id": "city:hefei", "label": "City", "name_zh": "合肥市", "name_en": "Hefei"}
    assert entity_ref(plain) == EntityRef(**plain)
    prefixed = {"user_id": "enterprise:x", "user_label": "Enterprise", "user_zh": "某公司", "user_en": None}
    expected = EntityRef(id="enterprise:x", label="Enterprise", name_zh="某公司")
    assert entity_ref(prefixed, prefix="user") == expected
    assert entity_ref({"id": "tech:ai", "name_zh": "人工智能"}, Label.TECHNOLOGY).label == "Technology"


def test_an_optional_match_that_found_nothing_gives_none() -> None:
    row = {"city_id": None, "city_zh": None, "city_en": None}
    assert row_ref(row, "city", Label.CITY) is None
    found = row_ref({**row, "city_id": "city:wuhu"}, "city", Label.CITY)
    assert found == EntityRef(id="city:wuhu", label="City")
