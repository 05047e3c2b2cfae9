"""One error shape for the whole app: ``{"error": {"status", "code", "message"[, "position"]}}``
for JSON clients, the same context rendered as a page (with a search box) for browsers.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from cablegate.errors import NotFound, QueryError, QueryTooBroad
from cablegate.store.timeouts import is_timeout, timeout_types
from cablegate.web.context import ErrorPage
from cablegate.web.params import BadParameter
from cablegate.web.render import as_json, html

log = logging.getLogger("cablegate.web")

_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 500: "server_error"}
# a page whose archive query ran past its budget (``--query-ms``): busy now, worth a retry
SLOW_PAGE = "This page took too long to make: the archive is busy. Try again in a moment."
# The addresses of data, not pages: their errors are the JSON error shape whatever their
# format (a feed reader or a citation manager reads a status, not an HTML page), as the OpenAPI
# document says of each; a page's errors are pages. The icons too: an image's error is read by
# no one as a page.
DATA_SUFFIXES = (
    ".json", ".jsonl", ".csv", ".txt", ".atom", ".xml", ".bib", ".ris", ".ico", ".png", ".svg",
)  # fmt: skip
# a route's 405 names what it allows (RFC 9110 15.5.6): every route answers GET and HEAD
ALLOW = "GET, HEAD"


def wants_json(request: Request) -> bool:
    path = request.url.path
    if path.endswith(DATA_SUFFIXES) or path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _suggestion(request: Request) -> str:
    """What a reader who hit a dead link probably wants to search for: the last path part."""
    last = request.url.path.rstrip("/").rsplit("/", 1)[-1]
    for suffix in (".json", ".txt", ".html", ".csv"):
        last = last.removesuffix(suffix)
    return last[:100]


def error_response(request: Request, page: ErrorPage) -> Response:
    if wants_json(request):
        return as_json(page, status=page.status)
    return html("error.html", page, status=page.status)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    message = exc.detail if isinstance(exc.detail, str) and exc.detail else "Error"
    if status == 404:
        message = "There is no page at this address."
    page = ErrorPage(status, _CODES.get(status, "error"), message, suggestion=_suggestion(request))
    response = error_response(request, page)
    response.headers.update(exc.headers or {})
    if status == 405:
        response.headers.setdefault("Allow", ALLOW)
    return response


async def bad_parameter(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BadParameter)
    page = ErrorPage(400, "bad_request", str(exc), parameter=exc.name, allowed=exc.allowed)
    return error_response(request, page)


async def not_found(request: Request, exc: Exception) -> Response:
    page = ErrorPage(404, "not_found", str(exc), suggestion=_suggestion(request))
    return error_response(request, page)


async def bad_query(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QueryError)
    page = ErrorPage(400, "bad_query", str(exc), exc.position, exc.query)
    return error_response(request, page)


async def too_broad(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QueryTooBroad)
    page = ErrorPage(400, "too_broad", str(exc), query=exc.query)
    return error_response(request, page)


async def too_slow(request: Request, exc: Exception) -> Response:
    """503 for a store query stopped by its budget; any other database error goes on to
    ``server_error``."""
    if not is_timeout(exc):
        raise exc
    log.warning("%s: a query ran past its time budget", request.url.path)
    response = error_response(request, ErrorPage(503, "too_slow", SLOW_PAGE))
    response.headers["Retry-After"] = str(request.app.state.settings.retry_after)
    return response


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url.path, exc_info=exc)
    page = ErrorPage(500, "server_error", "Something went wrong on our side; it has been logged.")
    return error_response(request, page)


HANDLERS: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
    HTTPException: http_error,
    NotFound: not_found,
    BadParameter: bad_parameter,
    QueryError: bad_query,
    QueryTooBroad: too_broad,
    **{kind: too_slow for kind in timeout_types()},
    Exception: server_error,
}
