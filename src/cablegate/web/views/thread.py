"""A cable's thread, ``/cable/{refid}/thread`` (+ ``.json``): the REF graph around it, both
ways, as a nested list and a small graph (``cablegate.thread`` walks and lays it out)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cablegate.errors import NotFound
from cablegate.parse.titlefy import display_subject
from cablegate.store.base import Store
from cablegate.thread import DEPTH, layout, walk
from cablegate.web.graphs import ThreadPage
from cablegate.web.params import THREAD_DEPTH
from cablegate.web.render import as_json, html
from cablegate.web.state import archive
from cablegate.web.urls import thread_url


def depth_of(raw: str | None) -> int:
    """``?depth=N``: 1 to ``MAX_DEPTH`` steps each way (default ``DEPTH``), else a 400."""
    return THREAD_DEPTH.parse(raw)


def thread_page(store: Store, refid: str, depth: int = DEPTH) -> ThreadPage:
    """The page of the stored cable ``refid`` (a published id)."""
    thread = walk(store, refid, depth)
    start = thread.nodes[0].cable
    return ThreadPage(thread, layout(thread), display_subject(start.subject) if start else "")


async def thread(request: Request) -> Response:
    name = request.path_params["refid"]
    fmt = "json" if request.url.path.endswith(".json") else "html"
    depth = depth_of(request.query_params.get("depth"))
    store = archive(request).store
    refid = store.resolve(name)
    if refid is None:
        raise NotFound(f"There is no cable {name!r} in this archive.")
    if refid != name:
        query = f"?depth={depth}" if depth != DEPTH else ""
        suffix = ".json" if fmt == "json" else ""
        return RedirectResponse(thread_url(refid, suffix) + query, status_code=301)
    page = thread_page(store, refid, depth)
    if fmt == "json":
        return as_json(page)
    return html("thread.html", page, alternate=thread_url(refid, ".json"))
