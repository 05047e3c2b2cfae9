"""Admission control (``web.lanes``): work off the event loop, in order, a 503 with Retry-After
when a lane is full or a request waited past its bound; static files and the other lane are
served meanwhile. Driven as uvicorn drives an app, with a view that blocks as a real one does."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from cablegate.web.lanes import Lanes, lane_of
from cablegate.web.settings import ServeSettings

SLOW_S = 0.3


async def blocking_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A view that holds its thread as a search or a template does: a synchronous sleep on
    ``/slow`` paths, an instant answer elsewhere (each answer names the thread it ran on)."""
    if scope["path"].startswith(("/slow", "/search")):
        time.sleep(SLOW_S)
    body = threading.current_thread().name.encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def get(app: Any, path: str) -> tuple[int, dict[str, str], bytes, float]:
    """Status, headers, body and seconds taken of one GET through ``app``."""
    started = time.monotonic()
    out: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(60)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        out.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": []}
    await app(scope, receive, send)
    headers = {k.decode(): v.decode() for k, v in out[0].get("headers", [])}
    body = b"".join(m.get("body", b"") for m in out[1:])
    return out[0]["status"], headers, body, time.monotonic() - started


@pytest.fixture
def lanes() -> Iterator[Lanes]:
    app = Lanes(blocking_app, ServeSettings(max_waiting=1, queue_ms=5000, retry_after=7))
    yield app
    app.stop()


@pytest.mark.parametrize(
    ("path", "lane"),
    [
        ("/static/style.css", None),
        ("/search", "search"),
        ("/search.json", "search"),
        ("/search.csv", "search"),
        ("/search.atom", "search"),
        ("/cable/07LIMA487", "pages"),
        ("/searching", "pages"),
        ("/", "pages"),
    ],
)
def test_lane_of(path: str, lane: str | None) -> None:
    assert lane_of(path) == lane


def test_a_full_lane_answers_503_at_once_with_retry_after(lanes: Lanes) -> None:
    async def scenario() -> list[tuple[int, dict[str, str], bytes, float]]:
        first = asyncio.create_task(get(lanes, "/slow/1"))
        await asyncio.sleep(SLOW_S / 3)  # the first runs: nobody waits
        second = asyncio.create_task(get(lanes, "/slow/2.json"))  # waits: the lane is full
        await asyncio.sleep(SLOW_S / 6)
        third = await get(lanes, "/slow/3.json")
        fourth = await get(lanes, "/slow/4")
        return [await first, await second, third, fourth]

    first, second, third, fourth = asyncio.run(scenario())
    assert (first[0], second[0]) == (200, 200)
    assert first[2] == b"cablegate-pages", "the work ran in the lane, not on the loop"
    for status, headers, _body, took in (third, fourth):
        assert status == 503
        assert headers["retry-after"] == "7"
        assert took < SLOW_S / 3, "answered at once, not after the slow ones"
    assert json.loads(third[2])["error"]["code"] == "overloaded"
    assert fourth[1]["content-type"].startswith("text/html")
    assert b"try again in 7 s" in fourth[2]


def test_a_request_that_waited_past_queue_ms_is_answered_503() -> None:
    app = Lanes(blocking_app, ServeSettings(max_waiting=64, queue_ms=100))

    async def scenario() -> tuple[Any, ...]:
        slow = asyncio.create_task(get(app, "/slow"))
        await asyncio.sleep(0.02)
        late = asyncio.create_task(get(app, "/cable/07LIMA487"))  # waits ~0.28 s > 0.1 s
        return await slow, await late

    try:
        slow, late = asyncio.run(scenario())
    finally:
        app.stop()
    assert slow[0] == 200
    assert late[0] == 503 and late[1]["retry-after"] == "1"
    assert late[3] >= SLOW_S - 0.05, "it was refused when its turn came"


def test_static_files_and_the_other_lane_are_served_while_a_lane_is_busy(lanes: Lanes) -> None:
    async def scenario() -> tuple[Any, ...]:
        slow = asyncio.create_task(get(lanes, "/search"))
        await asyncio.sleep(0.02)
        static = await get(lanes, "/static/style.css")
        page = await get(lanes, "/cable/07LIMA487")
        return await slow, static, page

    slow, static, page = asyncio.run(scenario())
    assert slow[0] == static[0] == page[0] == 200
    assert static[2] == b"MainThread" and page[2] == b"cablegate-pages"
    assert slow[2] == b"cablegate-search"
    assert static[3] < SLOW_S / 2 and page[3] < SLOW_S / 2


def test_requests_of_a_lane_run_in_the_order_they_came() -> None:
    order: list[str] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        order.append(scope["path"])
        time.sleep(0.005)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    lanes = Lanes(app, ServeSettings(max_waiting=100, queue_ms=10_000))

    async def scenario() -> None:
        await asyncio.gather(*(get(lanes, f"/p{i}") for i in range(30)))

    try:
        asyncio.run(scenario())
    finally:
        lanes.stop()
    assert order == [f"/p{i}" for i in range(30)]


def test_a_streamed_answer_is_relayed_in_order_and_an_error_reaches_the_server() -> None:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["path"] == "/boom":
            raise RuntimeError("view failed")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for i in range(5):
            await send({"type": "http.response.body", "body": b"%d" % i, "more_body": True})
        await send({"type": "http.response.body", "body": b"."})

    lanes = Lanes(app, ServeSettings())
    try:
        status, _, body, _ = asyncio.run(get(lanes, "/stream"))
        assert (status, body) == (200, b"01234.")
        with pytest.raises(RuntimeError, match="view failed"):
            asyncio.run(get(lanes, "/boom"))
    finally:
        lanes.stop()
