"""A list file loaded again replaces what its earlier version said; a source can be retracted.

Against the real embedded server: entries changed, removed and added between two versions of an
opportunity list, the match answers that follow, a fact two sources state, `--dry-run`, and an
article of the bundled dataset retracted and loaded again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph import revision
from graph.errors import InputErrors, NotFound
from graph.store import GraphStore
from ingest.pipeline import ingest
from ingest.retract import retract
from queries.matching import match_opportunity
from queries.stats import stats
from tests.conftest import CURATED

DataFile = Callable[[str, str], Path]
KEY = "retract-key-0123456789"
LIST = "hefei-opportunities"  # the stable name each version of the list is loaded under
LIST_ID = f"source:csv-{LIST}"
BASE = """
sources:
  - id: source:base
    title: a test source written for these tests
cities:
  - id: city:hefei
    name_zh: 合肥市
    name_en: Hefei
    aliases: [合肥]
    sources: ["source:base#p1"]
technologies:
  - {id: tech:ai, name_zh: 人工智能, name_en: Artificial intelligence, sources: ["source:base#p1"]}
  - {id: tech:twin, name_zh: 数字孪生, name_en: Digital twin, sources: ["source:base#p1"]}
  - {id: tech:llm, name_zh: 大模型, name_en: Large models, sources: ["source:base#p1"]}
opportunities:
  - id: opportunity:shared
    name_zh: 两处都列出的需求
    name_en: A need stated in two places
    sources: ["source:base#p2"]
"""
HEADER = "id,name_zh,name_en,city,released_by,domain,needs,budget_cny,deadline,status,description\n"
OPPORTUNITIES_V1 = HEADER + (
    "opp-1,管网巡检,Pipeline inspection,合肥,,city,人工智能;数字孪生,100,,open,first version\n"
    "opp-2,孪生园区,Twin park,合肥,,city,数字孪生,,,open,\n"
    "shared,两处都列出的需求,A need stated in two places,合肥,,city,人工智能,,,open,\n"
)
OPPORTUNITIES_V2 = HEADER + (
    "opp-1,管网巡检,Pipeline inspection,合肥,,city,人工智能,,,closed,second version\n"
    "opp-3,大模型客服,Model-based help desk,合肥,,city,大模型,,,open,\n"
)
CAPABILITIES = (
    "id,name_zh,name_en,enterprise,enterprise_en,city,released_by,domain,offers,status,description\n"
    "cap-twin,孪生平台,Twin platform,孪生公司,Twin Co,合肥,,city,数字孪生,available,\n"
    "cap-ai,视觉平台,Vision platform,视觉公司,Vision Co,合肥,,city,人工智能,available,\n"
)


def needs(store: GraphStore, ident: str) -> list[tuple[str, list[str]]]:
    rows = store.read(
        "MATCH (:Opportunity {id: $id})-[r:NEEDS]->(t:Technology) "
        "RETURN t.id AS t, r.sources AS s ORDER BY t",
        {"id": ident},
    )
    return [(row["t"], row["s"]) for row in rows]


def matched(store: GraphStore, ident: str) -> set[str]:
    return {m.entity.id for m in match_opportunity(store, ident).matches}


@pytest.fixture
def lists(store: GraphStore, data_file: DataFile, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """The base dataset, a capability list and the first version of an opportunity list, loaded;
    yields the opportunity list's path (write the next version there) and the capability list's."""
    ingest(store, [data_file("base.yaml", BASE)], batch_size=3)
    caps = data_file("capabilities.csv", CAPABILITIES)
    (tmp_path / "v").mkdir()
    opps = tmp_path / "v" / "opportunities.csv"
    opps.write_text(OPPORTUNITIES_V1, encoding="utf-8")
    ingest(store, [caps], batch_size=3)
    ingest(store, [opps], batch_size=3, source=LIST)
    yield opps, caps


def test_reloaded_list_says_exactly_what_the_file_now_says(
    store: GraphStore, lists: tuple[Path, Path]
) -> None:
    opps, _ = lists
    assert needs(store, "opportunity:opp-1") == [
        ("tech:ai", [f"{LIST_ID}#row2"]),
        ("tech:twin", [f"{LIST_ID}#row2"]),
    ]
    assert "capability:cap-twin" in matched(store, "opportunity:opp-1")

    opps.write_text(OPPORTUNITIES_V2, encoding="utf-8")
    summary = ingest(store, [opps], batch_size=3, source=LIST)

    assert needs(store, "opportunity:opp-1") == [("tech:ai", [f"{LIST_ID}#row2"])]
    entry = store.read("MATCH (o:Opportunity {id: 'opportunity:opp-1'}) RETURN properties(o) AS p")[0]["p"]
    assert entry["status"] == "closed" and entry["description"] == "second version"
    assert "budget_cny" not in entry  # the new version gives no budget: the old one goes
    now = matched(store, "opportunity:opp-1")
    assert "capability:cap-ai" in now and "capability:cap-twin" not in now  # the withdrawn need
    assert not store.read("MATCH (o {id: 'opportunity:opp-2'}) RETURN o.id AS id")
    assert needs(store, "opportunity:opp-3") == [("tech:llm", [f"{LIST_ID}#row3"])]
    assert matched(store, "opportunity:opp-3") == set()  # nobody offers 大模型 or what is near it
    # the entry the dataset also states keeps the dataset's citation and nothing of the list
    shared = store.read("MATCH (o:Opportunity {id: 'opportunity:shared'}) RETURN o.sources AS s")
    assert shared == [{"s": ["source:base#p2"]}]
    assert needs(store, "opportunity:shared") == []

    nodes, rels = summary.nodes["Opportunity"], summary.relationships["NEEDS"]
    assert (nodes.rows, nodes.created, nodes.updated, nodes.removed, nodes.unchanged) == (2, 1, 2, 1, 0)
    # NEEDS: opp-1 -> ai kept, opp-1 -> twin, opp-2 -> twin, shared -> ai removed, opp-3 -> llm new
    assert (rels.rows, rels.created, rels.updated, rels.removed, rels.unchanged) == (2, 1, 0, 3, 1)
    assert summary.relationships["LOCATED_IN"].removed == 2  # opp-2's and shared's
    assert summary.synced == [LIST_ID]


def test_dry_run_reports_the_same_changes_and_writes_nothing(
    store: GraphStore, lists: tuple[Path, Path]
) -> None:
    opps, _ = lists
    opps.write_text(OPPORTUNITIES_V2, encoding="utf-8")
    before, token = stats(store), revision.current(store)
    planned = ingest(store, [opps], batch_size=3, source=LIST, dry_run=True)
    assert planned.dry_run
    assert (stats(store), revision.current(store)) == (before, token)
    done = ingest(store, [opps], batch_size=3, source=LIST)
    assert planned.model_dump(exclude={"dry_run", "constraints_created"}) == done.model_dump(
        exclude={"dry_run", "constraints_created"}
    )
    again = ingest(store, [opps], batch_size=3, source=LIST)
    totals = [again.total(part) for part in ("nodes", "relationships")]
    assert [(t.created, t.updated, t.removed) for t in totals] == [(0, 0, 0), (0, 0, 0)]
    assert revision.current(store) != token


def test_retract_an_article_then_ingest_it_again_gives_the_same_graph(store: GraphStore) -> None:
    ingest(store, [CURATED], batch_size=200)
    before = stats(store)
    cited = "MATCH (n) WHERE any(c IN n.sources WHERE c STARTS WITH 'source:004#') RETURN count(n) AS n"
    assert store.read(cited)[0]["n"] > 0
    shared = store.read(
        "MATCH (n) WHERE any(c IN n.sources WHERE c STARTS WITH 'source:004#') "
        "AND any(c IN n.sources WHERE NOT c STARTS WITH 'source:004#') RETURN n.id AS id LIMIT 1"
    )
    assert shared, "the bundled dataset has a fact that article 004 and another source both state"

    planned = retract(store, "004", batch_size=50, dry_run=True)
    assert stats(store) == before
    done = retract(store, "source:004", batch_size=50)
    assert planned.model_dump(exclude={"dry_run", "constraints_created"}) == done.model_dump(
        exclude={"dry_run", "constraints_created"}
    )
    after = stats(store)
    assert store.read(cited)[0]["n"] == 0
    rels_cited = (
        "MATCH ()-[r]->() WHERE any(c IN r.sources WHERE c STARTS WITH 'source:004#') RETURN count(r) AS n"
    )
    assert store.read(rels_cited)[0]["n"] == 0
    assert not store.read("MATCH (s:Source {id: 'source:004'}) RETURN s.id AS id")
    kept = store.read("MATCH (n {id: $id}) RETURN n.sources AS s", {"id": shared[0]["id"]})
    assert kept and all(not c.startswith("source:004#") for c in kept[0]["s"])
    removed = done.total("nodes").removed
    assert removed > 0 and sum(after.labels.values()) == sum(before.labels.values()) - removed
    assert sum(after.relationship_types.values()) == sum(before.relationship_types.values()) - (
        done.total("relationships").removed
    )

    ingest(store, [CURATED], batch_size=200)
    assert stats(store) == before


def test_retract_of_an_unknown_source_is_not_found(store: GraphStore) -> None:
    with pytest.raises(NotFound):
        retract(store, "source:nothing-here", batch_size=10)


def test_delete_source_needs_the_key_and_retracts(
    store: GraphStore, lists: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCENEKG_API_KEY", KEY)
    before = stats(store)
    with TestClient(create_app()) as client:
        assert client.delete(f"/sources/{LIST_ID}").status_code == 401
        assert client.delete(f"/sources/{LIST_ID}", headers={"X-API-Key": "x" * 20}).status_code == 403
        headers = {"X-API-Key": KEY}
        dry = client.delete(f"/sources/{LIST_ID}", params={"dry_run": "true"}, headers=headers)
        assert dry.status_code == 200 and dry.json()["dry_run"] is True
        assert stats(store) == before
        done = client.delete(f"/sources/{LIST_ID}", headers=headers)
        assert done.status_code == 200
        assert done.json()["nodes"]["Opportunity"]["removed"] == 2  # opp-1, opp-2; shared stays
        assert client.delete(f"/sources/{LIST_ID}", headers=headers).status_code == 404
    assert store.read("MATCH (o:Opportunity) RETURN o.id AS id") == [{"id": "opportunity:shared"}]
    assert stats(store).labels["Capability"] == before.labels["Capability"]


def test_a_list_loaded_again_by_its_file_name_mirrors_the_file(
    store: GraphStore, data_file: DataFile, tmp_path: Path
) -> None:
    """As a user would: `scenekg ingest opportunities.csv`, edit the file, load it again, with no
    --source: the Source is named after the file, so the new version replaces the old one."""
    ingest(store, [data_file("base.yaml", BASE)], batch_size=3)
    ingest(store, [data_file("capabilities.csv", CAPABILITIES)], batch_size=3)
    opps = tmp_path / "opportunities.csv"
    opps.write_text(OPPORTUNITIES_V1, encoding="utf-8")
    assert ingest(store, [opps], batch_size=3).synced == ["source:csv-opportunities"]
    assert "capability:cap-twin" in matched(store, "opportunity:opp-1")

    opps.write_text(OPPORTUNITIES_V2, encoding="utf-8")
    summary = ingest(store, [opps], batch_size=3)
    assert summary.synced == ["source:csv-opportunities"]
    assert needs(store, "opportunity:opp-1") == [("tech:ai", ["source:csv-opportunities#row2"])]
    status = store.read("MATCH (o:Opportunity {id: 'opportunity:opp-1'}) RETURN o.status AS s")
    assert status == [{"s": "closed"}]
    now = matched(store, "opportunity:opp-1")
    assert "capability:cap-ai" in now and "capability:cap-twin" not in now
    assert not store.read("MATCH (o {id: 'opportunity:opp-2'}) RETURN o.id AS id")
    assert needs(store, "opportunity:opp-3") == [("tech:llm", ["source:csv-opportunities#row3"])]
    nodes = summary.nodes["Opportunity"]
    assert (nodes.created, nodes.updated, nodes.removed) == (1, 2, 1)
    sources = store.read("MATCH (s:Source {id: 'source:csv-opportunities'}) RETURN s.sha256 AS sha")
    assert sources == [{"sha": hashlib.sha256(opps.read_bytes()).hexdigest()}]  # the version loaded


def test_a_same_named_list_from_another_folder_is_refused_until_named(
    store: GraphStore, data_file: DataFile, tmp_path: Path
) -> None:
    ingest(store, [data_file("base.yaml", BASE)], batch_size=3)
    first = tmp_path / "opportunities.csv"
    first.write_text(OPPORTUNITIES_V1, encoding="utf-8")
    ingest(store, [first], batch_size=3)
    moved = tmp_path / "downloads" / "opportunities.csv"
    moved.parent.mkdir()
    moved.write_text(OPPORTUNITIES_V2, encoding="utf-8")
    token = revision.current(store)
    with pytest.raises(InputErrors) as clash:
        ingest(store, [moved], batch_size=3)
    assert "loaded from another folder" in str(clash.value) and "--source 'opportunities'" in str(clash.value)
    assert revision.current(store) == token
    # told it is the new version, the load replaces the old one, and the folder is its home now
    assert ingest(store, [moved], batch_size=3, source="opportunities").nodes["Opportunity"].removed == 1
    assert ingest(store, [moved], batch_size=3).nodes["Opportunity"].unchanged == 2


def test_retracting_a_source_keeps_what_a_list_still_states_of_it(
    store: GraphStore, data_file: DataFile
) -> None:
    """The technologies only the dataset defines stay while a capability list offers them, cited
    by the list's rows; loading the dataset again gives the graph as it was."""
    base = data_file("base.yaml", BASE)
    ingest(store, [base], batch_size=3)
    ingest(store, [data_file("capabilities.csv", CAPABILITIES)], batch_size=3)
    before = stats(store)
    retract(store, "source:base", batch_size=3)
    twin = store.read("MATCH (t:Technology {id: 'tech:twin'}) RETURN t.sources AS s")
    assert twin == [{"s": ["source:csv-capabilities#row2"]}]
    offers = store.read("MATCH (:Capability)-[r:OFFERS]->(:Technology) RETURN count(r) AS n")
    assert offers == [{"n": 2}]
    assert not store.read("MATCH (t:Technology {id: 'tech:llm'}) RETURN t.id AS id")  # nobody else
    ingest(store, [base], batch_size=3)
    assert stats(store) == before
