"""A name the graph holds for one city, read in another city's article, on the real embedded
server: extraction does not link it to the graph's entity, and a merge adds no citation to that
entity; in an article of the entity's own city the name still links (extract.linking)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from extract import dump, extract_file, store_describer, store_gazetteer
from extract.ties import Ties
from graph.errors import InputErrors
from graph.store import GraphStore
from ingest.pipeline import ingest
from queries.lookup import lookup
from tests.conftest import CURATED

BEIJING_CALL = "initiative:beijing-jiebang-guashuai-scenarios"  # alias 揭榜挂帅, LOCATED_IN city:beijing


def extracted(store: GraphStore, folder: Path, name: str, text: str) -> tuple[dict[str, Any], str]:
    ingest(store, [CURATED], batch_size=500)
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    document = extract_file(path, store_gazetteer(store), store_describer(store))
    return document, document["candidates_of"]


def calls(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The initiative entries whose mention is the open-competition call."""
    return [r for r in document.get("initiatives", []) if "揭榜挂帅" in r["candidate"]["mention"]]


def merge(store: GraphStore, document: dict[str, Any], folder: Path) -> None:
    path = folder / "reviewed.candidates.yaml"
    path.write_text(dump(document), encoding="utf-8")
    ingest(store, [path], batch_size=500)


def cited(store: GraphStore, ident: str, source: str) -> bool:
    return any(s.source == source for s in lookup(store, ident).sources)


def test_a_generic_call_in_another_citys_article_is_that_citys_and_the_merge_leaves_the_other_alone(
    store: GraphStore, tmp_path: Path
) -> None:
    text = (
        "重庆市本周公布了一批制造业应用场景，涉及汽车和电子信息。\n\n"
        "从下月开始，市里将推行揭榜挂帅，请有方案的企业报名承接。\n"
    )
    document, source = extracted(store, tmp_path, "chongqing-call", text)
    [call] = calls(document)
    assert call["candidate"]["status"] == "new"
    assert call["candidate"]["not_linked_to"] == [BEIJING_CALL]
    assert call["id"] != BEIJING_CALL and "chongqing" in call["id"]
    located = [
        r for r in document["relationships"]
        if r["type"] == "LOCATED_IN" and r["from"] == call["id"]
    ]  # fmt: skip
    assert [r["to"] for r in located] == ["city:chongqing"]
    before = [s.citation for s in lookup(store, BEIJING_CALL).sources]
    merge(store, document, tmp_path)
    assert [s.citation for s in lookup(store, BEIJING_CALL).sources] == before
    assert cited(store, call["id"], source)


def test_the_same_name_in_an_article_of_its_own_city_still_links(store: GraphStore, tmp_path: Path) -> None:
    text = "北京市近日又发布一批揭榜挂帅项目，向全国企业征集技术方案。\n"
    document, source = extracted(store, tmp_path, "beijing-call", text)
    [call] = calls(document)
    assert call["candidate"]["status"] == "existing" and call["id"] == BEIJING_CALL
    assert "not_linked_to" not in call["candidate"]
    merge(store, document, tmp_path)
    assert cited(store, BEIJING_CALL, source)


def test_a_context_naming_both_cities_is_left_to_the_reviewer(store: GraphStore, tmp_path: Path) -> None:
    text = "重庆学习北京的做法推行揭榜挂帅，首批项目面向本地企业。\n"
    document, source = extracted(store, tmp_path, "both-cities", text)
    [call] = calls(document)
    assert call["candidate"]["status"] == "ambiguous"
    assert call["candidate"]["resolves_to"] == [BEIJING_CALL]
    path = tmp_path / "unreviewed.candidates.yaml"
    path.write_text(dump(document), encoding="utf-8")
    with pytest.raises(InputErrors, match="ambiguous"):
        ingest(store, [path], batch_size=500)
    assert not cited(store, BEIJING_CALL, source)


def test_a_place_inside_a_place_agrees_and_an_enclosing_one_does_not() -> None:
    ties = Ties.of_edges(
        [
            ("district:b1", "PART_OF", "city:b"),
            ("city:b", "PART_OF", "province:p"),
            ("initiative:x", "LOCATED_IN", "city:b"),
            ("agency:o", "LOCATED_IN", "city:c"),
            ("agency:o", "LAUNCHED", "initiative:y"),
        ]
    )
    assert ties.within["district:b1"] == {"city:b", "province:p"}
    assert ties.agrees("district:b1", "initiative:x") and ties.agrees("city:b", "initiative:x")
    assert not ties.agrees("province:p", "initiative:x")
    assert ties.of["initiative:y"] == {"agency:o", "city:c"}  # where its owner is
    assert ties.agrees("city:c", "initiative:y") and not ties.agrees("city:b", "initiative:y")
