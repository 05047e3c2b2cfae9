"""The API description: ``/api/openapi.json`` and the same table as a readable page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from cablegate.web.context import ApiPage
from cablegate.web.openapi import ENDPOINTS, spec
from cablegate.web.render import as_json, html


async def openapi(request: Request) -> Response:
    return as_json(ApiPage(spec()))


async def api_page(request: Request) -> Response:
    examples = tuple(e.example for e in ENDPOINTS if e.example)
    return html("api.html", ApiPage(spec(), examples), alternate="/api/openapi.json")
