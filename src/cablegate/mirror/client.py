"""The live site's own app, asked for its pages in-process: the mirror has no second renderer.

A bare ASGI call per address (no HTTP, no client library): the request goes through the same
routes, views and templates as a reader's, and the response is collected in memory.
"""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from starlette.applications import Starlette


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    content_type: str
    location: str | None
    body: bytes


class SiteClient:
    """Runs the app's lifespan once, then answers ``get(url)`` for as long as it is open."""

    def __init__(self, app: Starlette, host: str = "mirror.invalid", scheme: str = "http") -> None:
        self.app = app
        self.host = host
        self.scheme = scheme
        self.loop = asyncio.new_event_loop()
        self._lifespan: AbstractAsyncContextManager[Any] | None = None

    def __enter__(self) -> SiteClient:
        self._lifespan = self.app.router.lifespan_context(self.app)
        self.loop.run_until_complete(self._lifespan.__aenter__())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._lifespan is not None:
            self.loop.run_until_complete(self._lifespan.__aexit__(None, None, None))
        self.loop.close()

    def get(self, url: str) -> Response:
        return self.loop.run_until_complete(self._get(url))

    async def _get(self, url: str) -> Response:
        parts = urlsplit(url)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": self.scheme,
            "path": unquote(parts.path),  # ASGI: decoded; the bytes as sent in raw_path
            "raw_path": parts.path.encode(),
            "root_path": "",
            "query_string": parts.query.encode(),
            "headers": [(b"host", self.host.encode())],
            "server": (self.host, 443 if self.scheme == "https" else 80),
            "client": ("127.0.0.1", 0),
        }
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        headers = {k.decode().lower(): v.decode() for k, v in start.get("headers", [])}
        return Response(
            int(start.get("status", 500)),
            headers.get("content-type", ""),
            headers.get("location"),
            b"".join(chunks),
        )
