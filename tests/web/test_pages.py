"""Front page, help, API description, errors, static files, the serve command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient


def test_home(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    text = r.text
    for needle in (
        'action="/search"',
        "By classification",
        "By year created",
        "Release waves",
        "Latest released",
        'href="/origins"',
        'href="/tags"',
        'href="/cable/07LIMA487"',
    ):
        assert needle in text
    data = client.get("/index.json").json()
    assert data["stats"]["cables"] > 0 and data["latest"]


@pytest.mark.parametrize(
    ("url", "needle"),
    [
        ("/help", "/help/cable"),
        ("/help/cable", "routing indicator"),
        ("/help/search", "created:2007-01..2007-06"),
        ("/help/classification", 'id="reason-h"'),
        ("/help/faq", "/cable/2007/02/07LIMA487.html"),
    ],
)
def test_help_pages(client: TestClient, url: str, needle: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    assert needle in r.text


def test_reasons_a_to_h(client: TestClient) -> None:
    text = client.get("/help/classification").text
    for letter in "abcdefgh":
        assert f'id="reason-{letter}"' in text


def test_openapi_documents_every_json_route(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    page = client.get("/api").text
    for path, item in spec["paths"].items():
        assert path in page
        example = item["get"]["parameters"]
        url = path
        for p in example:
            if p["in"] == "path":
                url = url.replace("{" + p["name"] + "}", p["example"])
        if "{q}" not in url and "q" in [p["name"] for p in example]:
            url += "?q=sendero"
        r = client.get(url)
        assert r.status_code == 200, url


_DATA = (".json", ".atom", ".bib", ".ris", ".xml")  # what a program reads


def test_routes_are_documented() -> None:
    """Every JSON-producing route appears in the OpenAPI document (docs are tested)."""
    from cablegate.web.app import routes
    from cablegate.web.openapi import spec

    documented = set(spec()["paths"])
    paths = [getattr(route, "path", "") for route in routes()]
    json_routes = [p for p in paths if p.endswith(_DATA) or p == "/search.csv"]
    assert len(json_routes) >= 25, paths
    for path in json_routes:
        assert path in documented, path
    docs = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    for path in documented:
        assert path in docs, path


def test_error_shape(client: TestClient) -> None:
    for url, status in (
        ("/cable/NOPE.json", 404),
        ("/search.json?q=%22", 400),
        ("/nothing.json", 404),
        ("/api/nothing", 404),
        ("/tag/NOSUCH.json", 404),
    ):
        r = client.get(url)
        assert r.status_code == status, url
        err = r.json()["error"]
        assert set(err) >= {"status", "code", "message"} and err["status"] == r.status_code


def test_404_page_offers_search(client: TestClient) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404
    assert 'action="/search"' in r.text and 'value="page"' in r.text


def test_method_not_allowed(client: TestClient) -> None:
    r = client.request("POST", "/search")
    assert r.status_code == 405


def test_static(client: TestClient) -> None:
    from cablegate.web.render import STATIC_VERSION

    css = client.get(f"/static/style.css?v={STATIC_VERSION}")  # as pages link it
    assert css.status_code == 200 and "immutable" in css.headers["cache-control"]
    assert client.get("/static/app.js").status_code == 200
    assert len(css.content) < 20_000


@pytest.mark.parametrize(
    "url", ["/", "/cable/07LIMA487", "/search?q=coca", "/tags", "/help/cable", "/api", "/tag/PTER"]
)
def test_headings_in_order(client: TestClient, url: str) -> None:
    """One h1, and no heading skips a level (h2 -> h4)."""
    levels = [int(m) for m in re.findall(r"<h([1-6])[\s>]", client.get(url).text)]
    assert levels.count(1) == 1, url
    for a, b in zip(levels, levels[1:], strict=False):
        assert b <= a + 1, (url, levels)


def test_form_fields_have_labels(client: TestClient) -> None:
    for url in ("/", "/search?q=coca", "/cable/07LIMA487", "/tag/PTER"):
        text = client.get(url).text
        field_ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', text)
        assert field_ids, url  # every page has the search box
        for field_id in field_ids:
            assert f'for="{field_id}"' in text, (url, field_id)


def test_serve_command_help_and_missing_db(tmp_path: Path) -> None:
    from cablegate.web.cli import serve_command

    result = CliRunner().invoke(serve_command, ["--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "--workers"):
        assert option in result.output
    result = CliRunner().invoke(serve_command, ["--db", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "no archive" in result.output
