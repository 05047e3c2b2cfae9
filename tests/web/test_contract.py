"""The API keeps its published contract (issue 13): every route is in the OpenAPI document or
named here as a page only, and the reverse; every route answers HEAD as it answers GET and
names what it allows on a 405; a parameter outside its schema is a 400 naming it; and
schemathesis, run with every check against a live ``cablegate serve`` over the bundled sample
and its own /api/openapi.json, finds nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from starlette.routing import Match, Mount, Route
from starlette.testclient import TestClient

from cablegate.web.app import routes
from cablegate.web.errors import ALLOW
from cablegate.web.openapi import spec
from tests.web.conftest import serving

ROOT = Path(__file__).resolve().parents[2]  # the repository: tests.web.schemathesis_hooks

# Routes that answer pages only (no data twin, so nothing to document), each with why.
PAGES_ONLY = {
    "/": "the front page (its data: /index.json)",
    "/cable/{year:int}/{month}/{name}": "WikiLeaks' old cable addresses: a redirect",
    "/cable/{refid}/similar": "page of /cable/{refid}/similar.json",
    "/cable/{refid}/thread": "page of /cable/{refid}/thread.json",
    "/cable/{refid}/history": "page of /cable/{refid}/history.json",
    "/cable/{refid}/diff": "page of /cable/{refid}/diff.json",
    "/cable/{name}/{side:str}": "previous/next: a redirect to a cable",
    "/changes": "page of /changes.json",
    "/cited": "page of /cited.json",
    "/search": "page of /search.json",
    "/quality": "page of /quality.json",
    "/help": "help pages",
    "/help/{slug}": "help pages",
    "/api": "this document as a page",
    "/reldate/{value}": "WikiLeaks' old release-day addresses: a redirect",
    "/people": "page of /people.json",
    "/classification-reasons": "page of /classification-reasons.json",
    "/origins": "page of /origins.json",
    "/tags": "page of /tags.json",
    "/dates": "page of /dates.json",
    "/releases": "page of /releases.json",
    "/classifications": "page of /classifications.json",
    "/countries": "page of /countries.json",
}


def _example_url(path: str, operation: dict[str, Any]) -> str:
    """A documented path with its parameters' examples (and the required ones' query)."""
    query = []
    for p in operation["parameters"]:
        if p["in"] == "path":
            path = path.replace("{" + p["name"] + "}", p["example"])
        elif p.get("required"):
            query.append(f"{p['name']}={p['example']}")
    return path + ("?" + "&".join(query) if query else "")


def _route_of(url: str) -> str:
    """The path of the route the app's router sends a GET of ``url`` to (its first match)."""
    scope = {"type": "http", "method": "GET", "path": url.split("?")[0], "root_path": ""}
    for route in routes():
        if route.matches(scope)[0] is Match.FULL:
            return str(getattr(route, "path", ""))
    raise AssertionError(f"no route answers {url}")


DOCUMENTED = {path: _example_url(path, item["get"]) for path, item in spec()["paths"].items()}


def test_every_route_is_documented_or_a_page_and_every_documented_path_has_a_route() -> None:
    answering = {_route_of(url) for url in DOCUMENTED.values()}
    for route in routes():
        if isinstance(route, Mount):
            continue  # /static: files, not the API
        assert isinstance(route, Route)
        assert (route.path in answering) != (route.path in PAGES_ONLY), route.path


def test_pages_only_names_routes_that_exist() -> None:
    paths = {getattr(r, "path", "") for r in routes()}
    assert set(PAGES_ONLY) <= paths


@pytest.mark.parametrize("route", [r for r in routes() if isinstance(r, Route)], ids=str)
def test_every_route_answers_get_and_head_only(route: Route) -> None:
    assert route.methods == {"GET", "HEAD"}


@pytest.mark.parametrize("url", sorted(DOCUMENTED.values()))
def test_head_is_get_without_a_body_and_405_says_allow(client: TestClient, url: str) -> None:
    if url.split("?")[0].endswith((".csv", ".jsonl")):  # a whole export costs seconds: one field
        url += ("&" if "?" in url else "?") + "fields=refid"
    got, head = client.get(url), client.head(url)
    assert head.status_code == got.status_code and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    for method in ("POST", "DELETE", "TRACE"):
        refused = client.request(method, url)
        assert refused.status_code == 405 and _allowed(refused.headers["allow"]), method
        assert refused.json()["error"]["code"] == "method_not_allowed"


def test_405_of_a_page_and_of_a_static_file_says_allow(client: TestClient) -> None:
    for url in ("/", "/cable/07LIMA487", "/static/style.css"):
        refused = client.post(url)
        assert refused.status_code == 405 and _allowed(refused.headers["allow"]), url


def _allowed(header: str) -> bool:
    return {m.strip() for m in header.split(",")} == {m.strip() for m in ALLOW.split(",")}


# (url, parameter, allowed values or () for a number or a form)
BAD_PARAMETERS = [
    ("/tag/PTER.json?sort=nope", "sort", ("created", "released", "refid")),
    ("/tag/PTER?sort=nope", "sort", ("created", "released", "refid")),
    ("/origin/embassy-lima.json?order=up", "order", ("asc", "desc")),
    ("/date/2007-02.json?page=0", "page", ()),
    ("/year/2007.json?per_page=501", "per_page", ()),
    ("/year/2007?per_page=501", "per_page", ()),
    ("/search.json?q=peru&sort=oldest", "sort", ("relevance", "-created")),
    ("/search?q=peru&sort=oldest", "sort", ("relevance", "-created")),
    ("/search.json?q=peru&page=abc", "page", ()),
    ("/search.json?q=peru&decl=PASSED", "decl", ("passed", "pending")),
    ("/changes.json?page=-1", "page", ()),
    ("/cited.json?year=07", "year", ()),
    ("/tag/PTER.csv?fields=refid,,subject", "fields", ()),
    ("/cable/07LIMA487/thread.json?depth=7", "depth", ()),
    ("/person/struble-embassy-lima-2005.json?page=%EF%BC%91", "page", ()),  # a fullwidth 1
]


@pytest.mark.parametrize(("url", "name", "allowed"), BAD_PARAMETERS)
def test_a_parameter_outside_its_schema_is_a_400_naming_it(
    client: TestClient, url: str, name: str, allowed: tuple[str, ...]
) -> None:
    r = client.get(url)
    assert r.status_code == 400, url
    if "." not in url.split("?")[0].rsplit("/", 1)[-1]:  # a page: the error page names it
        assert f"{name}=" in r.text and all(a in r.text for a in allowed)
        return
    err = r.json()["error"]
    assert err["code"] == "bad_request" and err["parameter"] == name
    assert f"{name}=" in err["message"] and set(allowed) <= set(err.get("allowed", ()))


@pytest.mark.parametrize(
    "url",
    [
        "/cable/NOPE.txt",
        "/cable/NOPE.bib",
        "/cable/NOPE/cited-by.atom",
        "/tag/NOSUCH.atom",
        "/search.atom?q=%22",
        "/tag/NOSUCH.csv",
    ],
)
def test_data_routes_answer_errors_in_the_json_error_shape(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (400, 404) and r.headers["content-type"] == "application/json"
    assert r.json()["error"]["status"] == r.status_code


def test_every_operation_documents_its_errors_in_the_one_shape() -> None:
    error = {"$ref": "#/components/schemas/Error"}
    for path, item in spec()["paths"].items():
        responses = item["get"]["responses"]
        assert {"500", "503"} <= set(responses), path
        if any(p["in"] == "query" for p in item["get"]["parameters"]):
            assert "400" in responses, path
        if "{" in path:
            assert "404" in responses, path
        for status, response in responses.items():
            if status != "200":
                assert response["content"] == {"application/json": {"schema": error}}, path


def test_schemathesis_finds_nothing(sample_db: Path, tmp_path: Path) -> None:
    """Every operation, every check, 10 examples each (beside the coverage phase's own cases),
    a fixed seed (a failure reproduces). The search query's format, ``cablegate-query`` (the
    grammar of docs/search.md, which no pattern describes), is taught to schemathesis from the
    grammar's parts by ``tests/web/schemathesis_hooks.py``; the rest is the document alone."""
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.web.schemathesis_hooks"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    with serving(sample_db, tmp_path) as base:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "schemathesis.cli",
                "run",
                f"{base}/api/openapi.json",
                "--url",
                base,
                "--checks",
                "all",
                "--max-examples",
                "10",
                "--seed",
                "13",
                "--no-color",
                "--workers",
                "1",
            ],  # fmt: skip
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "failures" not in run.stdout.rsplit("=" * 20, 1)[-1]
