"""Answers kept whole in each worker: the next reader of an address gets the bytes the last one
got, until the archive's content moves.

A page is a function of its address, the archive's content and the code (``caching``: its ETag
says so), so an answer made once is the answer for every reader until the tag changes. Popular
addresses (a search a story links to, a tag page, the cable in the news) are then served from
memory on the server's loop, before any lane: no store query but the generation's, no search,
no template, no compression. Kept only when that holds for certain: a 200 to a GET whose tag is
the archive's (not a page of cached aggregates, which carry a tag of their own), in one body,
not marked ``no-store`` (a search whose facets were cut by the time budget is), and not too
large. The key is everything the answer depends on besides the content: the path, the query,
the scheme and host (absolute links are made from them) and whether the client takes gzip.
A new tag empties the cache at once: nothing older is ever served.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cablegate.web import caching

MAX_ENTRY_BYTES = 1 << 20  # a larger answer (a long list as JSON) is rare and cheap to redo
Key = tuple[bytes, bytes, str, str, bool]


class Kept(NamedTuple):
    headers: list[tuple[bytes, bytes]]
    body: bytes


class PageCache:
    """ASGI middleware (outermost): answers a GET from memory when this worker has made the
    same answer at the archive's current tag; ``max_bytes`` bounds the bodies it holds (least
    recently used go first), 0 turns it off."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self._tag = ""
        self._kept: OrderedDict[Key, Kept] = OrderedDict()
        self._bytes = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.max_bytes <= 0
            or scope["type"] != "http"
            or scope["method"] != "GET"
            or scope["path"].startswith("/static/")
        ):
            await self.app(scope, receive, send)
            return
        tag = scope[caching.TAG_KEY] = caching.etag(scope["app"].state.archive.version())
        if tag != self._tag:
            self._kept.clear()
            self._bytes, self._tag = 0, tag
        headers = Headers(scope=scope)
        key: Key = (
            scope["path"].encode(),
            scope.get("query_string", b""),
            scope.get("scheme", "http"),
            headers.get("host", ""),
            "gzip" in headers.get("accept-encoding", "").lower(),
        )
        kept = self._kept.get(key)
        if kept is None:
            await self.app(scope, receive, _Keeping(send, self, key, tag).send)
            return
        self._kept.move_to_end(key)
        wanted = headers.get("if-none-match")
        if wanted and caching.matches(wanted, tag):
            await caching.not_modified(send, tag)
            return
        await send({"type": "http.response.start", "status": 200, "headers": kept.headers})
        await send({"type": "http.response.body", "body": kept.body})

    def keep(self, key: Key, tag: str, kept: Kept) -> None:
        if tag != self._tag or len(kept.body) > min(MAX_ENTRY_BYTES, self.max_bytes):
            return
        old = self._kept.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._kept[key] = kept
        self._bytes += len(kept.body)
        while self._bytes > self.max_bytes:
            _, gone = self._kept.popitem(last=False)
            self._bytes -= len(gone.body)

    def __len__(self) -> int:
        return len(self._kept)


class _Keeping:
    """The ``send`` of one answer made for the cache: passes every message on, and keeps a
    copy of an answer that qualifies (see the module's doc)."""

    def __init__(self, send: Send, cache: PageCache, key: Key, tag: str) -> None:
        self._send = send
        self._cache = cache
        self._key = key
        self._tag = tag
        self._headers: list[tuple[bytes, bytes]] | None = None

    async def send(self, message: Message) -> None:
        kind = message["type"]
        if kind == "http.response.start":
            raw = list(message.get("headers", []))
            h = Headers(raw=raw)
            if (
                message["status"] == 200
                and h.get("etag") == self._tag
                and "no-store" not in h.get("cache-control", "")
            ):
                self._headers = raw
        elif kind == "http.response.body" and self._headers is not None:
            if not message.get("more_body", False):
                self._cache.keep(
                    self._key, self._tag, Kept(self._headers, message.get("body", b""))
                )
            self._headers = None
        await self._send(message)
