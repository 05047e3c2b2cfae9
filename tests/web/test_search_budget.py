"""A search too broad for its time budget is answered quickly with a message saying how to
narrow it (HTML) or a ``too_broad`` error (JSON), never by a worker stuck on it."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import quote

import pytest
from starlette.testclient import TestClient

from cablegate.search import SearchIndex

# every two-letter prefix of a consonant and a vowel, OR-ed: under the 1,000 characters a query
# may have; on the bundled sample it runs 0.2-0.4 s, on the whole archive minutes
WIDE = " OR ".join(f"{a}{b}*" for a in "bcdfghjklmnpqrstvwxyz" for b in "aeiou")


def test_the_wide_query_is_real_work_without_a_budget(web_db: Path) -> None:
    index = SearchIndex.open(Path(f"{web_db}.index"))
    result = index.search(WIDE)
    assert result.total > 300 and not result.facets_cut


@pytest.mark.parametrize("path", ["/search", "/search.json", "/search.atom", "/search.csv"])
def test_a_too_broad_search_is_refused_at_once(client: TestClient, path: str) -> None:
    started = time.monotonic()
    r = client.get(f"{path}?q={quote(WIDE)}")
    took = time.monotonic() - started
    assert r.status_code == 400
    assert took < 1.0, "refused before it ran"
    if path == "/search":
        assert "This search is too broad to answer in time" in r.text
        assert "more letters before a *" in r.text
        assert 'role="alert"' in r.text
    elif path == "/search.atom":  # a feed reader gets the error page
        assert "more letters before a *" in r.text
    else:
        assert r.json()["error"]["code"] == "too_broad"
        assert "prefixes" in r.json()["error"]["message"]


def test_the_worker_answers_on_after_refused_searches(client: TestClient) -> None:
    for _ in range(3):
        assert client.get(f"/search.json?q={quote(WIDE)}").status_code == 400
    assert client.get("/cable/07LIMA487").status_code == 200
    data = client.get("/search.json?q=sendero").json()
    assert data["total"] > 0 and data["facets"] and data["facets_cut"] is False
