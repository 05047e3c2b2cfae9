"""Admission control: a worker does each page's work off its event loop, in lanes, and answers
``503`` with ``Retry-After`` when a request cannot start soon enough.

Why: views are synchronous work (a store query, a search, a template) in ``async`` handlers.
Run on the event loop, they block it, and uvloop then serves connections very unevenly: an
app that spends 4 ms of CPU a request, under ``wrk -c50``, answered in 236 ms on average but
with a p99 of 1.09 s and 25 requests past wrk's 2 s timeout in 8 s (the same app with its work
in one thread: max 447 ms, no timeout). A lane is one thread with an event loop of its own,
running its requests one after another in the order they came; the server's loop only reads
requests, queues them and writes answers, so it always knows how long each has waited.

Static files never enter a lane (they are cheap and the loop serves them meanwhile); searches
have a lane of their own, so a burst of expensive searches does not starve cable pages (the
two lanes share the worker's CPU by Python's thread switching). A request is answered 503 at
once when ``max_waiting`` others wait in its lane, or when its turn comes after more than
``queue_ms``: a queue that grows without bound helps nobody, a quick 503 lets a balancer or a
client try again.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cablegate.web.context import ErrorPage
from cablegate.web.errors import wants_json
from cablegate.web.render import PAGE_HEADERS, dumps, markup
from cablegate.web.settings import ServeSettings, from_env

SEARCH_PATHS = frozenset({"/search", "/search.json", "/search.csv", "/search.atom"})
_DONE = object()
Relayed = tuple[Any, "asyncio.Future[BaseException | None] | None"]


def lane_of(path: str) -> str | None:
    """The lane a path's work runs in; ``None``: on the server's loop (static files)."""
    if path.startswith("/static/"):
        return None
    return "search" if path in SEARCH_PATHS else "pages"


def overloaded_body(json: bool, retry_after: int) -> tuple[bytes, str]:
    """The 503's body and content type, in the route's format."""
    page = ErrorPage(
        503,
        "overloaded",
        f"The archive is busy answering other readers: try again in {retry_after} s.",
    )
    if json:
        return dumps(page.to_dict()), "application/json"
    return markup("error.html", page).encode(), "text/html; charset=utf-8"


class Overload:
    """The two 503 answers (HTML, JSON), rendered once: shedding load must cost nothing."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        self._bodies = {json: overloaded_body(json, retry_after) for json in (False, True)}

    async def send(self, scope: Scope, send: Send) -> None:
        body, kind = self._bodies[wants_json(Request(scope))]
        headers = [
            (b"content-type", kind.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(self.retry_after).encode()),
            (b"cache-control", b"no-store"),
            *((k.lower().encode(), v.encode()) for k, v in PAGE_HEADERS.items()),
        ]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _settle(ack: asyncio.Future[BaseException | None], error: BaseException | None) -> None:
    if not ack.done():
        ack.set_result(error)


class _Relay:
    """One request between the server's loop and a lane: ``receive`` and ``send`` for the app
    in the lane, ``forward`` on the server's loop. A response's start waits for its first body
    (one hop between threads for most pages); a streamed body waits until it was sent."""

    def __init__(self, server: asyncio.AbstractEventLoop, receive: Receive) -> None:
        self.server = server
        self._receive = receive
        self.inbox: asyncio.Queue[Relayed] = asyncio.Queue()
        self._held: list[Message] = []

    async def receive(self) -> Message:
        future = asyncio.run_coroutine_threadsafe(self._next_message(), self.server)
        return await asyncio.wrap_future(future)

    async def _next_message(self) -> Message:
        return await self._receive()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self._held.append(message)
            return
        batch, self._held = [*self._held, message], []
        if not message.get("more_body"):
            self.server.call_soon_threadsafe(self.inbox.put_nowait, (batch, None))
            return
        ack: asyncio.Future[BaseException | None] = asyncio.get_running_loop().create_future()
        self.server.call_soon_threadsafe(self.inbox.put_nowait, (batch, ack))
        error = await ack
        if error is not None:
            raise error

    def finish(self, error: BaseException | None = None) -> None:
        """The app returned (or raised ``error``): flush what it left and end ``forward``."""
        if self._held:
            self.server.call_soon_threadsafe(self.inbox.put_nowait, (self._held, None))
        self.server.call_soon_threadsafe(self.inbox.put_nowait, (error or _DONE, None))

    async def forward(self, send: Send, lane: asyncio.AbstractEventLoop) -> None:
        """Send what the lane answers, until it is done; raise what it raised."""
        while True:
            item, ack = await self.inbox.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                raise item
            try:
                for message in item:
                    await send(message)
            except BaseException as exc:
                if ack is not None:
                    lane.call_soon_threadsafe(_settle, ack, exc)
                raise
            if ack is not None:
                lane.call_soon_threadsafe(_settle, ack, None)


class Lane:
    """A thread with its own event loop, running the app for one kind of request in turn."""

    def __init__(self, name: str, app: ASGIApp, settings: ServeSettings, overload: Overload):
        self.name = name
        self.app = app
        self.max_waiting = settings.max_waiting
        self.queue_s = settings.queue_ms / 1000
        self.overload = overload
        self.admitted = 0  # counted on the server's loop
        self.started = 0  # counted in the lane: no count is written by two threads
        self.loop = asyncio.new_event_loop()
        self._tasks: set[asyncio.Task[None]] = set()
        self.thread = threading.Thread(target=self._run, name=f"cablegate-{name}", daemon=True)
        self.thread.start()

    @property
    def waiting(self) -> int:
        """Requests admitted whose work has not started."""
        return self.admitted - self.started

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_forever()
        finally:
            self.loop.close()

    def submit(self, scope: Scope, relay: _Relay) -> None:
        self.admitted += 1
        admitted = time.monotonic()
        self.loop.call_soon_threadsafe(self._start, scope, relay, admitted)

    def _start(self, scope: Scope, relay: _Relay, admitted: float) -> None:
        task = self.loop.create_task(self._serve(scope, relay, admitted))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve(self, scope: Scope, relay: _Relay, admitted: float) -> None:
        self.started += 1
        try:
            if time.monotonic() - admitted > self.queue_s:
                await self.overload.send(scope, relay.send)
            else:
                await self.app(scope, relay.receive, relay.send)
        except Exception as exc:
            relay.finish(exc)
        else:
            relay.finish()

    def stop(self) -> None:
        """End the thread once the requests it holds are answered (at most a few seconds)."""

        async def drain() -> None:
            if self._tasks:
                await asyncio.wait(self._tasks, timeout=5)
            self.loop.stop()

        if self.loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # closed meanwhile
            self.loop.call_soon_threadsafe(lambda: self.loop.create_task(drain()))
        self.thread.join(10)


class Lanes:
    """ASGI middleware: each request's work in its lane (see the module's doc), 503 when the
    lane is full or the request waited too long. The lanes start with the app's middleware (as
    the worker starts) and stop with the app (lifespan shutdown)."""

    def __init__(self, app: ASGIApp, settings: ServeSettings | None = None) -> None:
        self.app = app
        self.settings = settings or from_env()
        # made now, while the worker starts: the first request (or 503) must not pay for them
        self._overload = Overload(self.settings.retry_after)
        self._lanes = {
            name: Lane(name, app, self.settings, self._overload) for name in ("pages", "search")
        }

    def lane(self, name: str) -> Lane:
        return self._lanes[name]

    def stop(self) -> None:
        for lane in self._lanes.values():
            lane.stop()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, self._on_shutdown(send))
            return
        name = lane_of(scope["path"]) if scope["type"] == "http" else None
        if name is None:
            await self.app(scope, receive, send)
            return
        lane = self.lane(name)
        if lane.waiting >= lane.max_waiting:
            await lane.overload.send(scope, send)
            return
        relay = _Relay(asyncio.get_running_loop(), receive)
        lane.submit(scope, relay)
        await relay.forward(send, lane.loop)

    def _on_shutdown(self, send: Send) -> Callable[[Message], Awaitable[None]]:
        async def wrapped(message: Message) -> None:
            if message["type"] == "lifespan.shutdown.complete":
                self.stop()
            await send(message)

        return wrapped
