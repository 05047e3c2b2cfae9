"""HTTP caching: an ``ETag`` on every page and feed, made of the archive's content generation
and the code that renders it, and ``304 Not Modified`` for a client that already has it.

A page is a function of its address, the archive's content and the code, so the tag needs no
rendering: a revalidation that matches is answered before any view runs. The pages made of
whole-archive aggregates (front page, axis indexes) show values computed at some earlier
generation (see ``state``); their views tag them with that generation (``-a`` tags), which this
middleware compares after rendering instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Pages and feeds are kept by clients and revalidated on every use: an ingest shows at once.
PAGE_CACHE = "no-cache"
# where the page cache, which asks for the tag first, leaves it for this middleware (one
# generation query a request, not two: over PostgreSQL each is a round trip)
TAG_KEY = "cablegate.etag"
_SKIP_DIRS = frozenset({"sample", "__pycache__"})


def _walk(folder: Traversable, prefix: str = "") -> Iterable[tuple[str, bytes]]:
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        if item.is_dir():
            if item.name not in _SKIP_DIRS:
                yield from _walk(item, f"{prefix}{item.name}/")
        else:
            yield f"{prefix}{item.name}", item.read_bytes()


@cache
def code_version() -> str:
    """A digest of the package (code, templates, static files, rule tables; not the bundled
    sample): a new version of cablegate changes every tag. ~30 ms, once per process."""
    from cablegate import __version__

    digest = hashlib.blake2b(__version__.encode(), digest_size=6)
    for name, data in _walk(resources.files("cablegate")):
        digest.update(name.encode())
        digest.update(data)
    return digest.hexdigest()


def etag(generation: int | str) -> str:
    """The tag of every page and feed read from the archive at ``generation`` (a version from
    ``state.Archive.version``)."""
    return f'W/"{code_version()}.{generation}"'


def aggregate_etag(generations: Iterable[int]) -> str:
    """The tag of a page made of cached aggregates, computed at these generations."""
    return f'W/"{code_version()}.a{"-".join(str(g) for g in generations)}"'


def matches(if_none_match: str, tag: str) -> bool:
    """RFC 9110 weak comparison of ``tag`` with an ``If-None-Match`` list (or ``*``)."""
    if if_none_match.strip() == "*":
        return True
    bare = tag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == bare for t in if_none_match.split(","))


class ConditionalGet:
    """ASGI middleware: tags every 200 answer to a GET or HEAD (outside ``/static``, which
    tags its own files) and turns a matching revalidation into a 304."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or scope["path"].startswith("/static/")
        ):
            await self.app(scope, receive, send)
            return
        tag = scope.get(TAG_KEY) or etag(scope["app"].state.archive.version())
        wanted = Headers(scope=scope).get("if-none-match")
        if wanted and matches(wanted, tag):
            await not_modified(send, tag)
            return
        await self.app(scope, receive, _Tagger(send, tag, wanted).send)


class _Tagger:
    """The ``send`` of one response: adds the tag, or answers 304 when the view's own tag (an
    aggregate page's) matches and drops the body it renders."""

    def __init__(self, send: Send, tag: str, wanted: str | None) -> None:
        self._send = send
        self._tag = tag
        self._wanted = wanted
        self._dropping = False

    async def send(self, message: Message) -> None:
        if self._dropping:
            return
        if message["type"] == "http.response.start" and message["status"] == 200:
            headers = MutableHeaders(scope=message)
            tag = headers.get("etag") or self._tag
            if self._wanted and matches(self._wanted, tag):
                self._dropping = True
                await not_modified(self._send, tag)
                return
            headers["ETag"] = tag
            headers.setdefault("Cache-Control", PAGE_CACHE)
        await self._send(message)


async def not_modified(send: Send, tag: str) -> None:
    headers = [
        (b"etag", tag.encode()),
        (b"cache-control", PAGE_CACHE.encode()),
        (b"vary", b"Accept-Encoding"),
    ]
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
