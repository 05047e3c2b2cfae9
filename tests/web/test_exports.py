"""Exports on the web: a search or a browse list whole, every field (``views.export``), and the
links to them on the search and browse pages."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from cablegate.export.table import FIELDS
from tests.web.conftest import HOSTILE, SEED


def _jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def test_a_browse_list_exports_whole_in_its_order(client: TestClient) -> None:
    listed = client.get("/tag/PE.json?per_page=500").json()
    assert listed["total"] > 50  # more than one page of the list
    r = client.get("/tag/PE.jsonl")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in r.headers["content-disposition"]
    rows = _jsonl(r.text)
    assert [row["refid"] for row in rows] == [i["refid"] for i in listed["items"]]
    assert list(rows[0]) == list(FIELDS)


def test_the_hostile_cable_is_exported_as_data(client: TestClient) -> None:
    rows = _jsonl(client.get("/search.jsonl?q=Xsstestword").text)
    assert [r["refid"] for r in rows] == [HOSTILE]
    assert "<script>" in str(rows[0]["subject"])  # as written: a data file, never a page
    r = client.get("/tag/PE.csv?fields=refid,subject,body")
    assert r.headers["content-type"].startswith("text/csv")
    got = {row["refid"]: row for row in csv.DictReader(io.StringIO(r.text))}
    assert got[HOSTILE]["body"].startswith("S E C R E T LIMA 009999")
    assert "<iframe" in got[HOSTILE]["subject"]


def test_a_search_export_has_every_match_in_refid_order(client: TestClient) -> None:
    total = client.get("/search.json?q=sendero").json()["total"]
    rows = _jsonl(client.get("/search.jsonl?q=sendero&fields=refid,tags").text)
    assert len(rows) == total > 1
    assert [r["refid"] for r in rows] == sorted(str(r["refid"]) for r in rows)
    assert all(list(r) == ["refid", "tags"] for r in rows)
    full = list(csv.reader(io.StringIO(client.get("/search.csv?q=sendero&fields=all").text)))
    assert full[0] == list(FIELDS) and len(full) == total + 1
    legacy = list(csv.reader(io.StringIO(client.get("/search.csv?q=sendero").text)))
    assert legacy[0][0:2] == ["refid", "created"] and len(legacy[0]) == 7  # unchanged


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/tag/PE.csv?fields=refid,nope", 400, "bad_request"),
        ("/search.jsonl?q=sendero&fields=nope", 400, "bad_request"),
        ("/search.jsonl?q=%22", 400, "bad_query"),
        ("/tag/NOSUCHTAG.jsonl", 404, "not_found"),
        ("/date/2007-13.csv", 404, "not_found"),
        ("/tag/%3Cscript%3E.csv", 404, "not_found"),
    ],
)
def test_bad_exports_are_the_one_error_shape(
    client: TestClient, url: str, status: int, code: str
) -> None:
    r = client.get(url)
    assert r.status_code == status, url
    assert r.json()["error"]["code"] == code


def test_pages_link_their_exports(client: TestClient) -> None:
    browse = client.get("/tag/PGOV").text
    assert 'href="/tag/PGOV.csv"' in browse and 'href="/tag/PGOV.jsonl"' in browse
    search = client.get("/search?q=sendero").text
    assert 'href="/search.jsonl?q=sendero"' in search
    assert 'href="/search.csv?q=sendero&amp;fields=all"' in search
    for url in ("/tag/PGOV.csv", "/tag/PGOV.jsonl", "/search.jsonl?q=sendero"):
        assert client.get(url).status_code == 200, url


def test_an_export_of_one_cable_matches_its_page_data(client: TestClient) -> None:
    rows = _jsonl(client.get(f"/search.jsonl?q=refid:{SEED}").text)
    cable = client.get(f"/cable/{SEED}.json").json()
    assert len(rows) == 1
    for field in ("refid", "subject", "tags", "classified_by", "references", "media", "body"):
        assert rows[0][field] == cable[field], field


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_wild_fields_never_break_an_export(client: TestClient, fields: str) -> None:
    r = client.get("/tag/PGOV.jsonl", params={"fields": fields})
    assert r.status_code in (200, 400), fields
    if r.status_code == 400:
        assert r.json()["error"]["code"] == "bad_request"


@pytest.mark.parametrize("path", ["/search.json", "/search.atom", "/search.csv", "/search.jsonl"])
def test_an_empty_query_is_every_cable(client: TestClient, path: str) -> None:
    """The API's ``q`` is optional: absent or empty it is ``*``, as its OpenAPI entry says (a
    filter alone narrows it), so no request the document calls valid is refused."""
    every = client.get("/search.json", params={"q": "*"}).json()["total"]
    for params in ({}, {"q": ""}, {"q": "  "}):
        got = client.get(path, params=params)
        assert got.status_code == 200, (path, params)
        if path == "/search.json":
            assert got.json()["total"] == every
        if path == "/search.jsonl":
            assert len(got.text.splitlines()) == every
