"""/docs and /redoc in a real headless Chromium with the network blocked: every request the page
makes is answered by the app itself (through playwright's router, handed to a TestClient) or
refused, so a page that still needs a CDN shows nothing and fails here."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, Route

from api.app import create_app
from graph.store import GraphStore
from tests.test_views_browser import CHROMIUM
from tests.test_views_browser import browser as browser  # the module's Chromium fixture

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium")
ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture
def offline_page(loaded: GraphStore, browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A page whose only network is the app: anything for another origin is aborted and listed."""
    refused: list[str] = []
    with TestClient(create_app(), base_url=ORIGIN) as client:
        context = browser.new_context()

        def answer(route: Route) -> None:
            url = route.request.url
            if not url.startswith(ORIGIN + "/"):
                refused.append(url)
                route.abort()
                return
            parts = urlsplit(url)
            reply = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
            route.fulfill(status=reply.status_code, headers=dict(reply.headers), body=reply.content)

        context.route("**/*", answer)
        page = context.new_page()
        yield page, refused
        context.close()


def test_swagger_ui_draws_every_operation_offline(offline_page: tuple[Page, list[str]]) -> None:
    page, refused = offline_page
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{ORIGIN}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/entities/{id}/profile" in p for p in paths)
    assert any("/sources/{id}" in p for p in paths)
    assert refused == [] and errors == []


def test_redoc_renders_the_document_offline(offline_page: tuple[Page, list[str]]) -> None:
    page, refused = offline_page
    page.goto(f"{ORIGIN}/redoc")
    page.wait_for_selector("h2 >> text=Everything the graph says about one entity", timeout=30_000)
    assert page.locator("h2").count() > 10  # one heading per operation, drawn by ReDoc's script
    assert refused == []
