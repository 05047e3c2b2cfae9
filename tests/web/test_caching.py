"""HTTP caching: every page and feed has an ETag and answers a matching ``If-None-Match`` with
304; an ingest into the archive a running app serves gives 200 and a new tag; static files are
immutable at their hashed address; answers are compressed for clients that accept it."""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from starlette.testclient import TestClient

from cablegate.web import state
from cablegate.web.caching import matches
from cablegate.web.render import STATIC_VERSION
from tests.conftest import CORPUS
from tests.web.conftest import SEED

PAGES = [
    "/",
    "/index.json",
    f"/cable/{SEED}",
    f"/cable/{SEED}.json",
    f"/cable/{SEED}.txt",
    f"/cable/{SEED}.bib",
    "/tag/PTER",
    "/tag/PTER.json",
    "/tag/PTER.atom",
    "/tags",
    "/releases.atom",
    "/search?q=sendero",
    "/search.json?q=sendero",
    "/search.atom?q=sendero",
    "/opensearch.xml",
    "/help/faq",
    "/api/openapi.json",
]


@pytest.mark.parametrize("url", PAGES)
def test_a_second_request_with_the_tag_is_a_304(client: TestClient, url: str) -> None:
    first = client.get(url)
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert tag.startswith('W/"') and first.headers["cache-control"] == "no-cache"
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304, url
    assert again.content == b"" and again.headers["etag"] == tag
    other = client.get(url, headers={"If-None-Match": 'W/"another"'})
    assert other.status_code == 200 and other.headers["etag"] == tag


def test_errors_and_redirects_carry_no_tag(client: TestClient) -> None:
    assert "etag" not in client.get("/cable/NOPE").headers
    assert "etag" not in client.get("/cable/07lima487").headers


@pytest.mark.parametrize(
    ("header", "tag", "expected"),
    [
        ('W/"a.1"', 'W/"a.1"', True),
        ('"a.1"', 'W/"a.1"', True),  # weak comparison
        ('W/"x", W/"a.1"', 'W/"a.1"', True),
        ("*", 'W/"a.1"', True),
        ('W/"a.2"', 'W/"a.1"', False),
        ("", 'W/"a.1"', False),
    ],
)
def test_if_none_match(header: str, tag: str, expected: bool) -> None:
    assert matches(header, tag) is expected


@pytest.fixture
def live(tmp_path: Path, cli: Callable[..., Result]) -> Iterator[tuple[TestClient, Path]]:
    """A running app over an archive of the seed cable alone, to ingest more into."""
    from cablegate.web.app import create_app

    db = tmp_path / "live.db"
    cli("ingest", str(CORPUS / "seed-07LIMA487.csv"), "--db", str(db), "--no-progress", ok=True)
    with TestClient(create_app(db), follow_redirects=False) as c:
        yield c, db


def test_an_ingest_changes_the_tag(
    live: tuple[TestClient, Path], cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, db = live
    urls = [f"/cable/{SEED}", "/search.atom?q=sendero", "/origin/embassy-lima.atom", "/"]
    tags = {u: client.get(u).headers["etag"] for u in urls}
    assert all(
        client.get(u, headers={"If-None-Match": t}).status_code == 304 for u, t in tags.items()
    )
    # the seed's media links: a new ingest batch, and the page shows them
    cli("ingest", str(CORPUS / "seed-07LIMA487-media.csv"), "--db", str(db), ok=True)
    monkeypatch.setattr(state, "AGGREGATE_MIN_AGE", 0.0)
    for url in urls[:3]:
        r = client.get(url, headers={"If-None-Match": tags[url]})
        assert r.status_code == 200, url
        assert r.headers["etag"] != tags[url]
        assert client.get(url, headers={"If-None-Match": r.headers["etag"]}).status_code == 304
    assert "elcomercio" in client.get(f"/cable/{SEED}").text  # the new data is what is served
    # the front page is made of aggregates: refreshed behind the request that finds them old
    arch = client.app.state.archive  # type: ignore[attr-defined]
    client.get("/")
    for _ in range(500):
        if not arch._refreshing:
            break
        time.sleep(0.01)
    r = client.get("/", headers={"If-None-Match": tags["/"]})
    assert r.status_code == 200 and r.headers["etag"] != tags["/"]


def test_static_files_are_immutable_at_their_hashed_address(client: TestClient) -> None:
    page = client.get("/help").text
    assert f'href="/static/style.css?v={STATIC_VERSION}"' in page
    hashed = client.get(f"/static/style.css?v={STATIC_VERSION}")
    assert hashed.headers["cache-control"] == "public, max-age=31536000, immutable"
    for stale in ("/static/style.css", "/static/style.css?v=0123456789"):
        assert client.get(stale).headers["cache-control"] == "no-cache", stale
    tag = hashed.headers["etag"]
    assert client.get("/static/app.js", headers={"If-None-Match": "x"}).status_code == 200
    assert client.get("/static/style.css", headers={"If-None-Match": tag}).status_code == 304


@pytest.mark.parametrize("url", [f"/cable/{SEED}", "/tag/PTER.atom", "/search.json?q=sendero"])
def test_answers_are_compressed_when_accepted(client: TestClient, url: str) -> None:
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    packed = client.stream("GET", url, headers={"Accept-Encoding": "gzip"})
    with packed as r:
        raw = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip"
        assert "Accept-Encoding" in r.headers["vary"]
        assert r.headers["etag"] == plain.headers["etag"]
    assert len(raw) < len(plain.content) / 2
    if "search" not in url:  # took_ms differs between two searches
        assert gzip.decompress(raw) == plain.content


def test_a_streamed_answer_is_compressed_chunk_by_chunk(client: TestClient) -> None:
    with client.stream("GET", "/search.csv?q=sendero", headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip" and "content-length" not in r.headers
    plain = client.get("/search.csv?q=sendero", headers={"Accept-Encoding": "identity"})
    assert gzip.decompress(raw) == plain.content


def test_small_answers_and_other_clients_are_sent_as_they_are(client: TestClient) -> None:
    small = client.get(f"/cable/{SEED}.ris", headers={"Accept-Encoding": "gzip"})
    assert len(small.content) < 1024 and "content-encoding" not in small.headers
    page = client.get(f"/cable/{SEED}", headers={"Accept-Encoding": "br, deflate"})
    assert "content-encoding" not in page.headers and "Accept-Encoding" in page.headers["vary"]
    head = client.head(f"/cable/{SEED}", headers={"Accept-Encoding": "gzip"})
    assert head.status_code == 200 and head.content == b""
