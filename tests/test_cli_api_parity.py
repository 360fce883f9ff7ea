"""The CLI's `--json` is the HTTP API's body for the same question with the defaults of both:
one set of defaults (model/limits.py) and one result model per query. Each command runs as a
real process against the real server; the API answers through a TestClient on the same graph."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.store import GraphStore
from tests.test_cli import run

CASES = [
    (["search", "hefie"], "/search?q=hefie"),
    (["search", "深证"], "/search?q=深证"),
    (["show", "合肥"], "/entities/合肥/profile"),
    (["show", "唐山", "--cap", "2"], "/entities/唐山/profile?cap=2"),
    (["show", "source:004"], "/sources/source:004"),
    (["show", "source:004#p9"], "/sources/source:004%23p9"),
    (["path", "唐山", "北京"], "/paths?a=唐山&b=北京"),
    (["diffusion", "人工智能"], "/technologies/人工智能/diffusion"),
    (["match", "EXAMPLE-OPP-002"], "/opportunities/EXAMPLE-OPP-002/matches"),
    (
        ["match", "enterprise:haixingyun-technology"],
        "/enterprises/enterprise:haixingyun-technology/opportunities",
    ),
    (["similar", "合肥"], "/cities/合肥/similar"),
    (["analytics"], "/analytics"),
    (["analytics", "--scope", "actors", "--top", "3"], "/analytics?scope=actors&top=3"),
]


@pytest.fixture
def client(loaded: GraphStore) -> Iterator[TestClient]:
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.mark.parametrize(("command", "url"), CASES, ids=[" ".join(c) for c, _ in CASES])
def test_cli_json_equals_the_api_body(client: TestClient, command: list[str], url: str) -> None:
    answered = client.get(url)
    assert answered.status_code == 200, answered.text
    printed = run(*command, "--json")
    assert printed.returncode == 0, printed.stderr
    body: Any = answered.json()
    assert json.loads(printed.stdout) == body
    assert body  # a real answer, not an empty object


def test_a_wrong_kind_is_refused_alike(client: TestClient) -> None:
    answered = client.get("/technologies/合肥/diffusion")
    assert answered.status_code == 422
    assert answered.json() == {
        "detail": "'合肥' is a City (city:hefei); diffusion needs a Technology",
        "entity": "city:hefei",
        "label": "City",
        "needed": ["Technology"],
    }
    printed = run("diffusion", "合肥")
    assert printed.returncode == 2
    assert "'合肥' is a City (city:hefei); diffusion needs a Technology" in printed.stderr
    assert "Traceback" not in printed.stderr


def test_the_new_openapi_examples_are_valid_answers() -> None:
    from api.routes import WrongKindBody
    from queries.lookup import SearchResult
    from queries.profile import Profile
    from queries.similar import SimilarCities
    from queries.sources import SourceEvidence

    for model in (Profile, SearchResult, SourceEvidence, SimilarCities, WrongKindBody):
        model.model_validate(model.model_json_schema()["example"])
