"""Ids, citations and dates: the rules every input shares (pure functions, no server)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.schema import Label, label_of
from model.citations import split_citation
from model.ids import check_id, check_partial_date, make_id, normalise_slug


@given(st.text(min_size=1, max_size=60))
def test_slug_is_idempotent_and_makes_valid_ids(text: str) -> None:
    slug = normalise_slug(text)
    assert normalise_slug(slug) == slug
    if slug:
        ident = make_id(Label.OPPORTUNITY, text)
        assert check_id(ident, Label.OPPORTUNITY) == ident
        assert label_of(ident) is Label.OPPORTUNITY


@pytest.mark.parametrize(
    ("text", "slug"),
    [("HF-2025/001", "hf-2025-001"), ("Ｈｅｆｅｉ　City", "hefei-city"), ("合肥 机会", "合肥-机会")],
)
def test_slug_folds_width_case_and_separators(text: str, slug: str) -> None:
    assert normalise_slug(text) == slug


@pytest.mark.parametrize("bad", ["hefei", "town:hefei", "city:", "city:Hefei", "city:a b"])
def test_malformed_ids_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        check_id(bad)


def test_id_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="expected a City"):
        check_id("tech:ai", Label.CITY)


def test_citation_splits_into_source_and_locator() -> None:
    assert split_citation("source:004#p9") == ("source:004", "p9")
    assert split_citation("source:001#[1][2]") == ("source:001", "[1][2]")
    with pytest.raises(ValueError):
        split_citation("004 p9")


@pytest.mark.parametrize("good", ["2025", "2025-05", "2025-05-27"])
def test_partial_dates_keep_their_precision(good: str) -> None:
    assert check_partial_date(good) == good


@pytest.mark.parametrize("bad", ["3000", "2025-13", "2025-02-30", "May 2025", "25-05"])
def test_absurd_or_malformed_dates_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        check_partial_date(bad)
