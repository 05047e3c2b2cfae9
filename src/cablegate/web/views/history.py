"""A cable's history (``/cable/{refid}/history``), the diff of two of its versions
(``/cable/{refid}/diff?from=A&to=B``), and the cables whose text changed (``/changes``); each
with its ``.json`` twin."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from cablegate.errors import NotFound
from cablegate.parse.titlefy import display_subject
from cablegate.store.base import StoredCable
from cablegate.versions.history import History
from cablegate.versions.stored import history_of
from cablegate.web.history import ChangesPage, DiffPage, HistoryPage
from cablegate.web.params import PAGE, VERSION
from cablegate.web.render import as_json, html
from cablegate.web.state import archive
from cablegate.web.urls import cable_url, diff_url, history_url

PER_PAGE = 50


def _cable(request: Request, page: str) -> tuple[StoredCable, History, str] | Response:
    """The cable and its history, or the redirect from another spelling of its id."""
    name = request.path_params["refid"]
    fmt = "json" if request.url.path.endswith(".json") else "html"
    store = archive(request).store
    stored = store.get(name, paragraphs=False)
    found = history_of(store, stored.refid) if stored else None
    if stored is None or found is None:
        raise NotFound(f"There is no cable {name!r} in this archive.")
    if stored.refid != name:
        suffix = ".json" if fmt == "json" else ""
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"{cable_url(stored.refid)}/{page}{suffix}{query}", 301)
    return stored, found, fmt


async def history(request: Request) -> Response:
    got = _cable(request, "history")
    if isinstance(got, Response):
        return got
    stored, found, fmt = got
    page = history_page(stored, found)
    if fmt == "json":
        return as_json(page)
    return html("history.html", page, alternate=history_url(stored.refid, ".json"))


def _number(request: Request, name: str, default: int) -> int:
    """Version ``name`` (from, to) as asked, else ``default``."""
    raw = request.query_params.get(name)
    return default if raw is None else VERSION[name].parse(raw)


async def diff(request: Request) -> Response:
    got = _cable(request, "diff")
    if isinstance(got, Response):
        return got
    stored, found, fmt = got
    new_n = _number(request, "to", found.current.number)
    old_n = _number(request, "from", default_from(found, new_n))
    page = diff_page(stored, found, old_n, new_n)
    if fmt == "json":
        return as_json(page)
    return html("diff.html", page, alternate=diff_url(stored.refid, old_n, new_n, ".json"))


def history_page(stored: StoredCable, found: History) -> HistoryPage:
    return HistoryPage(stored, display_subject(stored.cable.subject), found)


def default_from(found: History, new_n: int) -> int:
    """The version a diff to ``new_n`` starts from when the address does not say: the one
    before it (the first: the second)."""
    return new_n - 1 if new_n > 1 else min(2, len(found.versions))


def diff_page(stored: StoredCable, found: History, old_n: int, new_n: int) -> DiffPage:
    """The diff from version ``old_n`` to ``new_n`` (also rendered by the static mirror)."""
    old, new = found.version(old_n), found.version(new_n)
    if old is None or new is None:
        missing = old_n if old is None else new_n
        raise NotFound(
            f"{stored.refid} has no version {missing}: it has {len(found.versions)}"
            f" (see {history_url(stored.refid)})."
        )
    return DiffPage(
        stored, display_subject(stored.cable.subject), found, old, new, found.diff(old, new)
    )


async def changes(request: Request) -> Response:
    fmt = "json" if request.url.path.endswith(".json") else "html"
    page = PAGE.read(request.query_params)
    listing = archive(request).store.changes(page=page, per_page=PER_PAGE)
    ctx = ChangesPage(listing)
    if fmt == "json":
        return as_json(ctx)
    return html("changes.html", ctx, alternate="/changes.json", feed="/changes.atom")


ROUTES = [
    Route("/cable/{refid}/history", history),
    Route("/cable/{refid}/history.json", history),
    Route("/cable/{refid}/diff", diff),
    Route("/cable/{refid}/diff.json", diff),
    Route("/changes", changes),
    Route("/changes.json", changes),
]
