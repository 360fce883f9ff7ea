"""The plain-row path for relationships (`model.plain_rows.plain_relationship`) is only a shortcut:
for any row it either declines (and the pydantic model decides and words the errors) or gives
exactly what the model gives. Rows are drawn from valid and subtly invalid pieces alike."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from model.dataset import Relationship
from model.plain_rows import plain_relationship

QUICK = settings(max_examples=600, deadline=None, derandomize=True, database=None)


def mostly(good: list[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Valid values nine times in ten, so valid rows are common and a slip is one at a time."""
    return st.integers(0, 9).flatmap(lambda n: st.sampled_from(good) if n else bad)


ids = mostly(
    ["city:hefei", "enterprise:iflytek", "alliance:x-1", "technology:ai.large_model"],
    st.sampled_from(
        ["City:hefei", "city:", "hefei", "city:合肥", "nosuch:x", "city:hefei ", "city:" + "a" * 300]
    )
    | st.integers(),
)
types = mostly(
    ["LOCATED_IN", "MEMBER_OF", "COLLABORATES_WITH", "APPLIES"],
    st.sampled_from(["located_in", "", "NOPE"]) | st.integers() | st.none(),
)
citation = mostly(
    ["source:004#p8", "source:a.b-c#r12"],
    st.sampled_from(["source:004#", "source:004 #p1", "004#p1", "source:004#p\x07", "source:004#p\u202e1"])
    | st.integers(),
)
citations = mostly([["source:004#p8"]], st.lists(citation, max_size=3) | citation)
values = mostly(
    ["member", "initiator", "2024", "joint r&d"],
    st.sampled_from(["founder", " member ", "bad\x1bvalue", "a\u2066b"])
    | st.integers(-3, 3)
    | st.floats(allow_nan=False)
    | st.booleans()
    | st.none()
    | st.lists(st.integers(), max_size=2),
)
extras = st.dictionaries(
    mostly(
        ["role", "since", "mode", "description"], st.sampled_from(["start", "end", "id", "weight", "type"])
    ),
    values,
    max_size=2,
)


@st.composite
def rows(draw: st.DrawFn) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for key, strategy in (("type", types), ("from", ids), ("to", ids), ("sources", citations)):
        if draw(st.integers(0, 19)):  # now and then a required key is missing
            row[key] = draw(strategy)
    return draw(extras) | row


@QUICK
@given(rows())
def test_a_plain_row_is_what_the_model_makes_of_it_or_goes_to_the_model(raw: dict[str, Any]) -> None:
    plain = plain_relationship(raw)
    try:
        model = Relationship.model_validate(raw)
    except ValidationError:
        assert plain is None, f"the shortcut accepted a row the model refuses: {raw}"
        return
    if plain is not None:
        assert (plain.type, plain.start, plain.end) == (model.type, model.start, model.end)
        assert plain.sources == list(model.sources)
        assert plain.properties == model.properties()
        assert list(plain.properties) == list(model.properties())  # same order of keys


def test_ordinary_rows_take_the_shortcut() -> None:
    """The shortcut that is never taken is no shortcut: the common rows go through it."""
    common = [
        {"type": "LOCATED_IN", "from": "enterprise:iflytek", "to": "city:hefei",
         "sources": ["source:004#p8"]},
        {"type": "MEMBER_OF", "from": "enterprise:iflytek", "to": "alliance:x-1", "role": "member",
         "since": "2024", "sources": ["source:004#p8", "source:a.b-c#r12"]},
    ]  # fmt: skip
    for raw in common:
        plain = plain_relationship(raw)
        assert plain is not None
        assert plain.properties == Relationship.model_validate(raw).properties()
