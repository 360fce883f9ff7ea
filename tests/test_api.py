"""The HTTP API through the real app (lifespan included) against the embedded server holding the
bundled dataset; expected answers checked against data/curated/*.yaml."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import HTTPException
from fastapi.testclient import TestClient

from api.app import create_app
from api.routes.cypher import run_read_only
from graph import loads, revision
from graph.cypher_screen import written_by
from graph.errors import ConfigError
from graph.settings import Settings
from graph.store import GraphStore
from queries.similar import similar_cities
from queries.stats import stats

KEY = "analyst-key-0123456789"


@pytest.fixture
def client(loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("SCENEKG_API_KEY", raising=False)
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture
def analyst(loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    """A client of an app with SCENEKG_API_KEY set, sending the right key."""
    monkeypatch.setenv("SCENEKG_API_KEY", KEY)
    with TestClient(create_app(), headers={"X-API-Key": KEY}) as test_client:
        yield test_client


def cypher(client: TestClient, query: str, **parameters: Any) -> Any:
    return client.post("/cypher", json={"query": query, "parameters": parameters})


def test_health_reports_the_answering_database_and_revision_to_a_key_holder(
    analyst: TestClient, loaded: GraphStore
) -> None:
    response = analyst.get("/health")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "answers",
        "backend": loaded.description,
        "revision": revision.current(loaded),
        "load": None,
    }


def test_health_says_a_load_is_in_progress_and_whose_to_a_key_holder(
    client: TestClient, analyst: TestClient, loaded: GraphStore
) -> None:
    assert loaded.lock_dir is not None
    with loads.exclusive(loaded.lock_dir) as loader:
        told, anyone = analyst.get("/health").json(), client.get("/health").json()
    assert told["status"] == "ok" and told["load"] == str(loader)
    assert f"pid {os.getpid()}" in told["load"]
    assert anyone["load"] == "in progress"
    assert analyst.get("/health").json()["load"] is None


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_health_is_503_within_its_deadline_when_no_database_answers() -> None:
    dead = Settings(NEO4J_URI=f"bolt://127.0.0.1:{_closed_port()}", NEO4J_PASSWORD="unused")
    with TestClient(create_app(dead)) as dead_client:
        response = dead_client.get("/health")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"] == "no answer"


def test_stats_counts_the_bundled_dataset(client: TestClient, loaded: GraphStore) -> None:
    response = client.get("/stats")
    assert response.status_code == 200
    body = response.json()
    assert body["labels"]["City"] == 13  # places.yaml lists 13 cities
    assert body["sourced"] == {"nodes": 1.0, "relationships": 1.0}
    # Without the API key, the database is named by kind only: no address, no data folder.
    assert body == stats(loaded).model_copy(update={"database": loaded.kind}).model_dump(mode="json")


def test_entity_by_id_with_a_colon_in_the_path(client: TestClient) -> None:
    response = client.get("/entities/city:tangshan")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["label"], body["name_zh"], body["name_en"]) == (
        "city:tangshan",
        "City",
        "唐山市",
        "Tangshan",
    )
    assert [s["citation"] for s in body["sources"]] == ["source:004#p4", "source:004#p36"]
    assert body["sources"][0]["title"] == "场景创新释放超能力"


def test_entity_by_chinese_alias(client: TestClient) -> None:
    response = client.get("/entities/唐山")
    assert response.status_code == 200
    assert response.json()["id"] == "city:tangshan"


def test_unknown_entity_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/entities/city:nowhere")
    assert response.status_code == 404
    body = response.json()
    assert "city:nowhere" in body["detail"]
    assert body["suggestions"] == []  # nothing in the graph is like it: no unrelated guesses
    typo = client.get("/entities/hefie").json()
    assert typo["suggestions"][0] == "Hefei (city:hefei)"
    assert all(s.endswith(")") and ":" in s for s in typo["suggestions"])


def test_ambiguous_name_is_409_with_candidates(client: TestClient) -> None:
    # 智算算力 is the Chinese name of tech:intelligent-computing-power and an alias of a scenario.
    response = client.get("/entities/智算算力")
    assert response.status_code == 409
    assert response.json()["candidates"] == [
        "scenario:intelligent-computing-power-infrastructure",
        "tech:intelligent-computing-power",
    ]


def test_lookup_label_settles_an_ambiguous_name(client: TestClient) -> None:
    response = client.get("/lookup", params={"name": "智算算力", "label": "Technology"})
    assert response.status_code == 200
    assert response.json()["id"] == "tech:intelligent-computing-power"


def test_search_ranks_hefei_first_for_a_typo(client: TestClient) -> None:
    response = client.get("/search", params={"q": "hefie"})
    assert response.status_code == 200
    body = response.json()
    assert body["hits"][0]["entity"]["id"] == "city:hefei"
    assert body["page"]["total"] == len(body["hits"]) >= 1
    assert all(hit["score"] >= 58 for hit in body["hits"])  # nothing below the similarity floor


def test_search_pages_are_stable_disjoint_and_ordered(client: TestClient) -> None:
    whole = client.get("/search", params={"q": "hefei", "limit": 100}).json()
    total = whole["page"]["total"]
    assert total == len(whole["hits"]) > 4
    keys = [(-h["score"], h["entity"]["id"]) for h in whole["hits"]]
    assert keys == sorted(keys)
    pages = [
        client.get("/search", params={"q": "hefei", "offset": offset, "limit": 3}).json()
        for offset in range(0, total, 3)
    ]
    assert all(page["page"]["total"] == total for page in pages)
    assert [hit for page in pages for hit in page["hits"]] == whole["hits"]


def test_search_within_a_label(client: TestClient) -> None:
    body = client.get("/search", params={"q": "hefei", "label": "City"}).json()
    assert [h["entity"]["id"] for h in body["hits"]] == ["city:hefei"]


@pytest.mark.parametrize("limit", [0, 10000])
def test_search_limit_out_of_range_is_422_naming_limit(client: TestClient, limit: int) -> None:
    response = client.get("/search", params={"q": "hefei", "limit": limit})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "limit"]
    assert error["msg"].startswith("query parameter 'limit': ")


def test_validation_messages_name_the_missing_input(analyst: TestClient) -> None:
    assert analyst.get("/search").json()["detail"][0]["msg"] == "query parameter 'q': Field required"
    body = analyst.post("/cypher", json={"parameters": {}}).json()
    assert body["detail"][0]["msg"] == "body field 'query': Field required"
    broken = analyst.post("/cypher", content=b"{not json", headers={"content-type": "application/json"})
    assert broken.status_code == 422
    assert broken.json()["detail"][0]["msg"].startswith("request body: JSON decode error")


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b'{"x": 123456789012345678901234567890}', "parameters.x: integer outside the 64-bit range"),
        (b'{"x": ["ok", "\\ud800"]}', "parameters.x[1]: text that is not valid Unicode"),
    ],
)
def test_cypher_parameters_bolt_cannot_carry_are_422(analyst: TestClient, raw: bytes, problem: str) -> None:
    body = b'{"query": "RETURN $x AS x", "parameters": ' + raw + b"}"
    response = analyst.post("/cypher", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["msg"].startswith("body field 'parameters': ")
    assert error["msg"].endswith(problem)


def test_cypher_is_off_without_a_key(client: TestClient) -> None:
    response = cypher(client, "RETURN 1 AS one")
    assert response.status_code == 404


@pytest.mark.parametrize(("headers", "expected"), [({}, 401), ({"X-API-Key": "wrong-key-0123456789"}, 403)])
def test_cypher_needs_the_right_key(
    loaded: GraphStore, monkeypatch: pytest.MonkeyPatch, headers: dict[str, str], expected: int
) -> None:
    monkeypatch.setenv("SCENEKG_API_KEY", KEY)
    with TestClient(create_app(), headers=headers) as stranger:
        response = cypher(stranger, "RETURN 1 AS one")
    assert response.status_code == expected


def test_a_short_api_key_is_refused_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENEKG_API_KEY", "secret")
    with pytest.raises(ConfigError, match="SCENEKG_API_KEY"):
        create_app()


def test_cypher_match_returns_rows(analyst: TestClient) -> None:
    response = cypher(analyst, "MATCH (c:City) WHERE c.id = $id RETURN c.name_zh AS name, c", id="city:hefei")
    assert response.status_code == 200
    body = response.json()
    assert body["columns"] == ["name", "c"]
    assert body["truncated"] is False
    [row] = body["rows"]
    assert row["name"] == "合肥市"
    assert row["c"]["labels"] == ["City"]
    assert row["c"]["properties"]["aliases"] == ["合肥", "Hefei City"]


def test_cypher_serialises_paths_by_model_ids_without_element_ids(analyst: TestClient) -> None:
    query = "MATCH p = (s:Scenario)-[:LOCATED_IN]->(c:City) WHERE c.id = $id RETURN p ORDER BY s.id LIMIT 1"
    response = cypher(analyst, query, id="city:tangshan")
    assert response.status_code == 200
    path = response.json()["rows"][0]["p"]
    assert [n["properties"]["id"] for n in path["nodes"]] == [
        "scenario:tangshan-robot-application",
        "city:tangshan",
    ]
    [rel] = path["relationships"]
    assert (rel["type"], rel["start"], rel["end"]) == (
        "LOCATED_IN",
        "scenario:tangshan-robot-application",
        "city:tangshan",
    )
    assert "element" not in response.text and "#" not in str(path["nodes"][0]["labels"])


WRITES = [
    "CREATE (n:City {id: 'city:intruder'})",
    "MERGE (n:City {id: 'city:intruder'}) RETURN n",
    "MATCH (c:City {id: 'city:hefei'}) SET c.name_zh = 'x'",
    "MATCH (c:City {id: 'city:hefei'}) DELETE c",
    "MATCH (c:City {id: 'city:hefei'}) DETACH DELETE c",
    "MATCH (c:City {id: 'city:hefei'}) REMOVE c.aliases",
    "DROP CONSTRAINT City_id",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "MATCH (c:City) // harmless?\nCREATE (x:City {id: 'city:intruder'})",
    "MATCH (c:City) /* read only */ create (x:City {id: 'city:intruder'})",
    "match (c:city) detach delete c",
    "MATCH (c:City) FOREACH (i IN [1] | SET c.x = i)",
    "MATCH (c:City) CALL { WITH c SET c.x = 1 } IN TRANSACTIONS",
    "CALL db.createLabel('Intruder')",
    "CREATE INDEX intruder FOR (n:City) ON (n.name_en)",
]


@pytest.mark.parametrize("query", WRITES)
def test_cypher_refuses_writes_and_leaves_the_graph_unchanged(
    analyst: TestClient, loaded: GraphStore, query: str
) -> None:
    assert written_by(query) is not None  # the first line catches it before anything runs
    before, token = stats(loaded), revision.current(loaded)
    response = cypher(analyst, query)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("refused:")
    assert stats(loaded) == before
    assert revision.current(loaded) == token
    assert loaded.read("MATCH (c:City {id: 'city:hefei'}) RETURN c.name_zh AS n") == [{"n": "合肥市"}]


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (c:City) WHERE c.name_en = 'Create' RETURN c.id",
        "MATCH (c:City) RETURN c.`set` AS `delete`",
        "CALL db.labels() YIELD label RETURN label",
        "MATCH (n) WHERE n.name_en STARTS WITH 'Set' RETURN n.id",
    ],
)
def test_keyword_check_ignores_strings_quoted_names_and_read_procedures(query: str) -> None:
    assert written_by(query) is None


def test_a_write_that_slips_past_the_keywords_is_rolled_back_and_refused(loaded: GraphStore) -> None:
    before = stats(loaded)
    with pytest.raises(HTTPException) as refused:
        run_read_only(loaded, "CREATE (n:City {id: 'city:intruder'}) RETURN n.id AS id", {}, 10, 5.0)
    assert refused.value.status_code == 400
    assert stats(loaded) == before
    assert loaded.read("MATCH (n:City {id: 'city:intruder'}) RETURN n.id AS id") == []


def test_cypher_rows_are_capped(analyst: TestClient) -> None:
    capped = cypher(analyst, "UNWIND range(1, 1500) AS i RETURN i").json()
    assert (len(capped["rows"]), capped["truncated"], capped["row_cap"]) == (1000, True, 1000)
    assert capped["rows"][-1] == {"i": 1000}
    whole = cypher(analyst, "UNWIND range(1, 1000) AS i RETURN i").json()
    assert (len(whole["rows"]), whole["truncated"]) == (1000, False)


def test_cypher_row_cap_follows_the_setting(loaded: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCENEKG_API_KEY", KEY)
    monkeypatch.setenv("SCENEKG_CYPHER_ROW_CAP", "5")
    with TestClient(create_app(), headers={"X-API-Key": KEY}) as small:
        body = cypher(small, "MATCH (c:City) RETURN c.id AS id ORDER BY id").json()
    assert [r["id"] for r in body["rows"]] == [
        "city:beijing",
        "city:chengdu",
        "city:chongqing",
        "city:hefei",
        "city:nanjing",
    ]
    assert body["truncated"] is True


def test_cypher_syntax_error_is_400_with_the_server_message(analyst: TestClient) -> None:
    response = cypher(analyst, "RETURN 1 +")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("the database refused the query:")


def test_oversized_body_is_413(analyst: TestClient) -> None:
    padding = "x" * 70_000
    declared = cypher(analyst, f"RETURN '{padding}' AS s")
    assert declared.status_code == 413
    assert declared.json() == {"detail": "request body too large: at most 65536 bytes"}
    chunks = iter([b'{"query": "RETURN 1 AS n", "pad": "', padding.encode(), b'"}'])
    streamed = analyst.post("/cypher", content=chunks, headers={"content-type": "application/json"})
    assert streamed.status_code == 413


def test_unexpected_error_is_500_without_details(loaded: GraphStore) -> None:
    app = create_app()

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internals at /srv/scenekg")

    with TestClient(app, raise_server_exceptions=False) as test_client:
        response = test_client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}
    assert "secret" not in response.text and "Traceback" not in response.text


def test_profile_caps_every_group(client: TestClient) -> None:
    response = client.get("/entities/合肥/profile", params={"cap": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["entity"]["id"] == "city:hefei"
    assert body["neighbours"] and all(len(group["items"]) <= 2 for group in body["neighbours"])
    sections = [
        body["key_figures"],
        *body["neighbours"],
        *(body["city"][k] for k in ("initiatives", "scenarios")),
    ]
    assert all(len(section["items"]) <= 2 for section in sections)
    assert any(s["total"] > 2 and s["more"] == s["total"] - 2 for s in sections)


def test_neighbourhood_reaches_the_alliance_hefei_initiated(client: TestClient) -> None:
    # relationships.yaml: alliance:hefei-soe-scenario-innovation-alliance LOCATED_IN city:hefei.
    body = client.get("/entities/city:hefei/neighbourhood", params={"hops": 1}).json()
    assert body["centre"]["id"] == "city:hefei"
    hops = {node["id"]: node["hop"] for node in body["nodes"]}
    assert hops["city:hefei"] == 0
    assert hops["alliance:hefei-soe-scenario-innovation-alliance"] == 1


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/entities/city:hefei/neighbourhood?hops=4", "hops"),
        ("/paths?a=唐山&b=city:tangshan", "b"),  # the same city twice: refused by queries.paths
        ("/paths?a=city:tangshan&b=city:beijing&types=KNOWS", "types"),
        ("/analytics?scope=everything", "scope"),
        ("/cities/city:hefei/similar?offset=-1", "offset"),
    ],
)
def test_out_of_range_arguments_are_422_naming_the_parameter(
    client: TestClient, url: str, parameter: str
) -> None:
    response = client.get(url)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][:2] == ["query", parameter]
    assert error["msg"].startswith(f"query parameter '{parameter}")


def test_paths_from_tangshan_to_beijing_collaborate_directly(client: TestClient) -> None:
    # relationships.yaml: city:tangshan COLLABORATES_WITH city:beijing (source:004#p36).
    response = client.get(
        "/paths", params={"a": "唐山", "b": "北京", "types": ["COLLABORATES_WITH", "PART_OF"]}
    )
    assert response.status_code == 200
    [path] = response.json()["paths"]
    [hop] = path["hops"]
    assert (hop["source"]["id"], hop["type"], hop["target"]["id"]) == (
        "city:tangshan",
        "COLLABORATES_WITH",
        "city:beijing",
    )
    assert [s["citation"] for s in hop["sources"]] == ["source:004#p36"]


def test_similar_cities_answer_as_the_query_does(client: TestClient, loaded: GraphStore) -> None:
    response = client.get("/cities/合肥/similar", params={"limit": 3})
    assert response.status_code == 200
    assert response.json() == similar_cities(loaded, "city:hefei", 0, 3).model_dump(mode="json")
    wrong = client.get("/cities/tech:evtol/similar")  # not a city: says what it is
    assert wrong.status_code == 422 and wrong.json()["needed"] == ["City"]


def test_analytics_lists_are_cut_to_top(client: TestClient) -> None:
    body = client.get("/analytics", params={"scope": "actors", "top": 3}).json()
    assert body["scope"] == "actors"
    assert 0 < len(body["degree"]) <= 3 and len(body["brokers"]) <= 3


def test_diffusion_of_a_technology_by_chinese_name(client: TestClient) -> None:
    body = client.get("/technologies/人工智能/diffusion", params={"limit": 2}).json()
    assert body["technology"]["id"] == "tech:artificial-intelligence"
    assert body["page"]["limit"] == 2 and len(body["cities"]) <= 2 < body["page"]["total"]
    wrong = client.get("/technologies/city:hefei/diffusion")
    assert wrong.status_code == 422 and wrong.json()["label"] == "City"


def test_opportunity_by_list_number_matches_the_capability_offering_both_needs(client: TestClient) -> None:
    # opportunities.csv EXAMPLE-OPP-002 needs 低空经济;eVTOL; capabilities.csv EXAMPLE-CAP-003
    # (示例企业丙) offers both.
    body = client.get("/opportunities/EXAMPLE-OPP-002/matches").json()
    assert body["opportunity"]["id"] == "opportunity:example-opp-002"
    assert [(m["entity"]["id"], m["score"]) for m in body["matches"]] == [
        ("capability:example-cap-003", 2.0),
        ("enterprise:示例企业丙", 2.0),
    ]
    back = client.get("/enterprises/enterprise:示例企业丙/opportunities").json()
    assert [m["entity"]["id"] for m in back["matches"]] == ["opportunity:example-opp-002"]


def _has_example(document: dict[str, Any], content: dict[str, Any]) -> bool:
    """Every media type of a response (JSON, or HTML for the views) shows an example."""

    def shown(media: dict[str, Any]) -> bool:
        if "example" in media or "examples" in media:
            return True
        ref = media.get("schema", {}).get("$ref", "")
        schema = document["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else media.get("schema", {})
        return "example" in schema or "examples" in schema

    return bool(content) and all(shown(media) for media in content.values())


def test_openapi_documents_every_endpoint_with_an_example(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    operations = {
        (method.upper(), path): operation
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert {
        ("GET", "/health"),
        ("GET", "/stats"),
        ("GET", "/entities/{id}"),
        ("GET", "/lookup"),
        ("GET", "/search"),
        ("POST", "/cypher"),
        ("GET", "/entities/{id}/profile"),
        ("GET", "/entities/{id}/neighbourhood"),
        ("GET", "/paths"),
        ("GET", "/technologies/{id}/diffusion"),
        ("GET", "/opportunities/{id}/matches"),
        ("GET", "/enterprises/{id}/opportunities"),
        ("GET", "/cities/{id}/similar"),
        ("GET", "/analytics"),
    } <= set(operations)
    for key, operation in operations.items():
        assert operation["summary"] and operation["description"] and operation["tags"], key
        for status_code, response in operation["responses"].items():
            if status_code != "422":  # FastAPI's own validation error schema
                assert _has_example(document, response["content"]), (key, status_code)
    assert "example" in document["components"]["schemas"]["CypherQuery"]
