"""The page cache: an address asked again is answered with the same bytes without running its
view, until the archive's content moves; what depends on more than the address and the content
(host, gzip), what a moment of load shaped (facets cut) and what is not a whole 200 is never
served from it."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import Result
from starlette.testclient import TestClient

from cablegate.web import caching
from cablegate.web.pagecache import PageCache
from cablegate.web.settings import ServeSettings
from cablegate.web.views import cable as cable_view
from tests.conftest import CORPUS, needs_corpus
from tests.web.conftest import SEED


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The cable pages the cable view built, by refid."""
    calls: list[str] = []
    real = cable_view.build_page

    def counting(store: Any, stored: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(stored.refid)
        return real(store, stored, *args, **kwargs)

    monkeypatch.setattr(cable_view, "build_page", counting)
    return calls


@pytest.fixture
def app_over() -> Iterator[Callable[..., TestClient]]:
    from cablegate.web.app import create_app

    clients: list[TestClient] = []

    def open_client(db: Path, **settings: int) -> TestClient:
        c = TestClient(create_app(db, settings=ServeSettings(**settings)), follow_redirects=False)
        clients.append(c.__enter__())
        return c

    yield open_client
    for c in clients:
        c.__exit__(None, None, None)


@pytest.fixture
def seed_db(tmp_path: Path, cli: Callable[..., Result]) -> Path:
    if not (CORPUS / "seed-07LIMA487.csv").exists():
        pytest.skip("shared corpus missing")
    db = tmp_path / "seed.db"
    cli("ingest", str(CORPUS / "seed-07LIMA487.csv"), "--db", str(db), "--no-progress", ok=True)
    return db


def test_an_address_asked_again_is_not_made_again(
    app_over: Callable[..., TestClient], seed_db: Path, made: list[str]
) -> None:
    client = app_over(seed_db)
    first = client.get(f"/cable/{SEED}", headers={"Accept-Encoding": "identity"})
    again = client.get(f"/cable/{SEED}", headers={"Accept-Encoding": "identity"})
    assert first.status_code == again.status_code == 200
    assert made == [SEED]
    assert again.content == first.content
    assert again.headers == first.headers
    # the tag still answers a revalidation, from the cache as before it
    tag = first.headers["etag"]
    assert client.get(f"/cable/{SEED}", headers={"If-None-Match": tag}).status_code == 304
    assert made == [SEED]


def test_what_the_answer_depends_on_is_part_of_the_key(
    app_over: Callable[..., TestClient], seed_db: Path, made: list[str]
) -> None:
    client = app_over(seed_db)
    url = f"/cable/{SEED}"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    elsewhere = client.get(url, headers={"Accept-Encoding": "identity", "Host": "cables.example"})
    assert 'href="http://cables.example/cable/07LIMA487"' in elsewhere.text
    assert 'href="http://testserver/cable/07LIMA487"' in plain.text
    client.get(url + "?from=x", headers={"Accept-Encoding": "identity"})
    assert made == [SEED] * 4
    # each of the four is kept on its own
    for headers in ({"Accept-Encoding": "identity"}, {"Accept-Encoding": "gzip"}):
        client.get(url, headers=headers)
    assert len(made) == 4
    raw = client.stream("GET", url, headers={"Accept-Encoding": "gzip"})
    with raw as r:
        assert gzip.decompress(b"".join(r.iter_raw())) == plain.content


@needs_corpus
def test_an_ingest_empties_it(
    app_over: Callable[..., TestClient], seed_db: Path, made: list[str], cli: Callable[..., Result]
) -> None:
    client = app_over(seed_db)
    before = client.get(f"/cable/{SEED}")
    assert "elcomercio" not in before.text
    cli("ingest", str(CORPUS / "seed-07LIMA487-media.csv"), "--db", str(seed_db), ok=True)
    after = client.get(f"/cable/{SEED}")
    assert "elcomercio" in after.text and after.headers["etag"] != before.headers["etag"]
    assert made == [SEED, SEED]


def test_it_can_be_turned_off(
    app_over: Callable[..., TestClient], seed_db: Path, made: list[str]
) -> None:
    client = app_over(seed_db, page_cache_mb=0)
    for _ in range(3):
        assert client.get(f"/cable/{SEED}").status_code == 200
    assert made == [SEED] * 3


# -- the middleware alone, over an app that answers what a test tells it ---------------------


class Answers:
    """An ASGI app whose answer to each path is given by the test; counts its calls."""

    def __init__(self, version: str = "1") -> None:
        self.version = version
        self.calls = 0
        self.state = SimpleNamespace(archive=SimpleNamespace(version=lambda: self.version))
        self.answers: dict[str, tuple[int, list[tuple[bytes, bytes]], list[bytes]]] = {}

    def tag(self) -> bytes:
        return caching.etag(self.version).encode()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.calls += 1
        status, headers, bodies = self.answers[scope["path"]]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        for i, body in enumerate(bodies):
            more = i < len(bodies) - 1
            await send({"type": "http.response.body", "body": body, "more_body": more})


def ask(cache: PageCache, app: Answers, path: str, method: str = "GET") -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": method, "path": path, "headers": [], "app": app}
    asyncio.run(cache(scope, receive, send))
    return sent


@pytest.fixture
def answers() -> Answers:
    return Answers()


def test_only_whole_answers_at_the_archives_tag_are_kept(answers: Answers) -> None:
    tag = answers.tag()
    answers.answers = {
        "/page": (200, [(b"etag", tag)], [b"page"]),
        "/streamed": (200, [(b"etag", tag)], [b"one", b"two"]),
        "/missing": (404, [], [b"no"]),
        "/aggregate": (200, [(b"etag", b'W/"x.a1"')], [b"front"]),
        "/busy": (200, [(b"etag", tag), (b"cache-control", b"no-store")], [b"cut"]),
    }
    cache = PageCache(answers, max_bytes=1 << 20)
    for path in answers.answers:
        first = ask(cache, answers, path)
        again = ask(cache, answers, path)
        assert [m.get("body") for m in first] == [m.get("body") for m in again], path
    assert answers.calls == 2 * len(answers.answers) - 1  # /page made once
    assert len(cache) == 1
    ask(cache, answers, "/page", method="HEAD")  # a HEAD is answered by the app
    assert answers.calls == 2 * len(answers.answers)
    answers.version = "2"  # the archive moved: nothing kept at the old tag is served
    ask(cache, answers, "/page")
    assert answers.calls == 2 * len(answers.answers) + 1 and len(cache) == 0


def test_it_holds_at_most_its_bytes_least_recently_used_first(answers: Answers) -> None:
    tag = answers.tag()
    for name in "abcd":
        answers.answers[f"/{name}"] = (200, [(b"etag", tag)], [name.encode() * 400])
    answers.answers["/huge"] = (200, [(b"etag", tag)], [b"h" * 1300])
    cache = PageCache(answers, max_bytes=1200)
    for path in ("/a", "/b", "/c", "/a", "/d", "/huge"):
        ask(cache, answers, path)
    assert len(cache) == 3  # /b went first: /a was used again after it; /huge never fits
    calls = answers.calls
    for path in ("/a", "/c", "/d"):
        ask(cache, answers, path)
    assert answers.calls == calls
    ask(cache, answers, "/b")
    assert answers.calls == calls + 1
