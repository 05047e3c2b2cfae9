"""Everything from the data is escaped: a cable whose fields hold markup shows it as text."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import HOSTILE, MARKUP

PAGES = [
    f"/cable/{HOSTILE}",
    f"/cable/{HOSTILE}?view=raw",
    "/search?q=xsstestword",
    "/search?q=subject:script",
    "/date/2008-01",
    "/origin/embassy-lima?sort=created&order=desc",
    "/tag/PGOV?sort=created&order=desc",
    "/cable/07LIMA487",  # cited by the hostile cable: its subject is listed there
    "/cable/07LIMA487/thread",  # the hostile cable answers it: in the list and the graph
    f"/cable/{HOSTILE}/thread",
    "/cited",
    "/cited?year=2007&origin=embassy-lima",
    "/",
]


@pytest.mark.parametrize("url", PAGES)
def test_markup_is_text(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, url
    for needle in MARKUP:
        assert needle not in r.text.lower(), (url, needle)


def test_hostile_cable_shows_its_markup_as_text(client: TestClient) -> None:
    text = client.get(f"/cable/{HOSTILE}").text
    assert "&lt;script&gt;" in text
    assert "&lt;iframe" in text
    assert "&lt;img src=x onerror=alert" in text
    assert 'href="javascript:' not in text.lower()  # the javascript: "article" is no link


def test_hostile_snippet_is_escaped(client: TestClient) -> None:
    data = client.get("/search.json?q=xsstestword").json()
    assert data["total"] == 1
    snippet = data["hits"][0]["snippet"]
    assert "<mark>" in snippet
    assert "<script" not in snippet and "<img" not in snippet and "<iframe" not in snippet


def test_hostile_json_is_data(client: TestClient) -> None:
    data = client.get(f"/cable/{HOSTILE}.json").json()
    assert "<script>" in data["body"]  # kept exactly, as data; JSON clients escape it themselves


def test_query_markup_is_text(client: TestClient) -> None:
    r = client.get("/search", params={"q": '"><script>alert(1)</script>'})
    assert "<script>alert(1)" not in r.text
    r = client.get("/nowhere/<script>alert(1)</script>")
    assert r.status_code == 404
    assert "<script>alert(1)" not in r.text


def test_pages_forbid_inline_script(client: TestClient) -> None:
    csp = client.get(f"/cable/{HOSTILE}").headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src" not in csp.replace("default-src", "")
