"""The cable page ``/cable/{refid}`` with its ``.json`` and ``.txt`` twins, and legacy URLs."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from cablegate.errors import NotFound
from cablegate.model import Reference
from cablegate.parse.titlefy import display_subject
from cablegate.posts import post_for_origin
from cablegate.search.budget import Budget
from cablegate.similarity import Similarity, SimilarPage, similar_to
from cablegate.store.base import Store, StoredCable
from cablegate.tagbook import tag_info
from cablegate.versions.history import build as history
from cablegate.web.context import CablePage, MediaLink, RefLink, TagLink
from cablegate.web.glossary import DISTRIBUTION, explain_reason
from cablegate.web.header import decode_header
from cablegate.web.reading import read_body
from cablegate.web.render import PAGE_HEADERS, as_json, html, markup, split_suffix
from cablegate.web.state import archive
from cablegate.web.urls import cable_url, safe_href, similar_url


def _references(store: Store, stored: StoredCable) -> tuple[RefLink, ...]:
    c = stored.cable
    items = c.references_detailed or tuple(Reference("cable", r) for r in c.references)
    found = store.resolve_many(r.value for r in items if r.kind == "cable")
    return tuple(
        RefLink(r.kind, r.value, r.bullet, found.get(r.value) if r.kind == "cable" else None)
        for r in items
    )


def _tags(stored: StoredCable) -> tuple[TagLink, ...]:
    out = []
    for tag in stored.cable.tags:
        info = tag_info(tag)
        out.append(TagLink(tag, info.meaning or "", info.kind))
    return tuple(out)


def build_page(
    store: Store,
    stored: StoredCable,
    base_url: str = "",
    view: str = "reading",
    *,
    neighbours: bool = True,
    similarity: Similarity | None = None,
) -> CablePage:
    """Everything the cable page shows. ``neighbours=False`` skips the previous/next lookup:
    the HTML page links ``/cable/{refid}/previous`` and ``/next``, resolved when followed (at
    full scale the lookup cost more than the rest of the page; the JSON twin keeps it)."""
    stored = stored.laid_out()
    c = stored.cable
    previous, nxt = store.neighbours(stored.refid) if neighbours else (None, None)
    return CablePage(
        stored=stored,
        title=display_subject(c.subject),
        header=decode_header(c),
        reading=read_body(c),
        tags=_tags(stored),
        references=_references(store, stored),
        reasons=tuple(
            explain_reason(code, letter)
            for code, letter in zip(
                c.classification_reasons, c.classification_reason_letters, strict=False
            )
        ),
        cited_by=tuple(store.cited_by(stored.refid)),
        previous=previous,
        next=nxt,
        neighbours_loaded=neighbours,
        media=tuple(MediaLink(u, safe_href(u)) for u in stored.media),
        post=post_for_origin(c.origin),
        distribution=tuple((d, DISTRIBUTION.get(d.upper(), "")) for d in c.distribution),
        view=view,
        base_url=base_url,
        history=history(stored.refid, texts) if (texts := store.texts(stored.refid)) else None,
        similarity=similarity,
    )


def cable_markup(page: CablePage) -> str:
    """The page's HTML (its JSON twin is ``page.to_dict()``)."""
    return markup(
        "cable.html",
        page,
        cable_url(page.refid, ".json"),
        cable_url(page.refid, "/cited-by.atom"),
    )


def plain_text(stored: StoredCable) -> str:
    """The ``.txt`` twin: header and body as stored (also written by the static mirror)."""
    c = stored.cable
    return f"{c.header.rstrip()}\n\n{c.body.rstrip()}\n"


# 4.9 ms of CPU p50, 7.2 ms p95 at full scale (search.similar): a page waits at most this long
SIMILAR_BUDGET = Budget(search_ms=300)


def _similarity(request: Request, refid: str, *, search: bool = False) -> Similarity:
    """The near-duplicates the live cable page shows (the mirror leaves them out), with the
    similar cables for ``/cable/X/similar`` (``search``)."""
    held = archive(request)
    return similar_to(held.store, held.search, refid, budget=SIMILAR_BUDGET, search=search)


async def similar(request: Request) -> Response:
    """``/cable/{refid}/similar`` (+ ``.json``): the cables most like one, and its
    near-duplicates; a page of its own so that a cable page costs no search."""
    name = request.path_params["refid"]
    fmt = "json" if request.url.path.endswith(".json") else "html"
    store = archive(request).store
    refid = store.resolve(name)
    if refid is None:
        raise NotFound(f"There is no cable {name!r} in this archive.")
    if refid != name:
        return RedirectResponse(similar_url(refid, ".json" if fmt == "json" else ""), 301)
    like = _similarity(request, refid, search=True)
    found = store.summaries([refid]).get(refid)
    page = SimilarPage(refid, display_subject(found.subject if found else ""), like)
    if fmt == "json":
        return as_json(page)
    return html("similar.html", page, alternate=similar_url(refid, ".json"))


def _base_url(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


async def cable(request: Request) -> Response:
    name, fmt = split_suffix(request.path_params["name"], (".json", ".txt", ".html"))
    store = archive(request).store
    stored = store.get(name, paragraphs=fmt != "txt")
    if stored is None:
        raise NotFound(f"There is no cable {name!r} in this archive.")
    if stored.refid != name or request.path_params["name"].endswith(".html"):
        # any other spelling (or an old ``.html`` link) lands on the one canonical URL
        suffix = f".{fmt}" if fmt in ("json", "txt") else ""
        return RedirectResponse(cable_url(stored.refid, suffix), status_code=301)
    if fmt == "txt":
        return PlainTextResponse(plain_text(stored))
    like = _similarity(request, stored.refid)
    if fmt == "json":
        return as_json(build_page(store, stored, _base_url(request), similarity=like))
    view = "raw" if request.query_params.get("view") == "raw" else "reading"
    page = build_page(store, stored, _base_url(request), view, neighbours=False, similarity=like)
    return HTMLResponse(cable_markup(page), headers=PAGE_HEADERS)


async def neighbour(request: Request) -> Response:
    """``/cable/{refid}/previous`` and ``/next``: the cable before or after it from the same
    origin (a 302: a later ingest can put another cable in between)."""
    store = archive(request).store
    name, side = request.path_params["name"], request.path_params["side"]
    if side not in ("previous", "next"):
        raise NotFound("There is no page at this address.")
    refid = store.resolve(name)
    if refid is None:
        raise NotFound(f"There is no cable {name!r} in this archive.")
    previous, nxt = store.neighbours(refid)
    other = previous if side == "previous" else nxt
    if other is None:
        where = "first" if side == "previous" else "last"
        raise NotFound(f"{refid} is the {where} cable from its origin in this archive.")
    return RedirectResponse(cable_url(other.refid), status_code=302)


async def legacy(request: Request) -> Response:
    """``/cable/2007/02/07LIMA487.html`` (WikiLeaks' URLs, with or without ``.html``)."""
    name = request.path_params["name"]
    for suffix in (".html", ".htm"):
        name = name.removesuffix(suffix)
    refid = archive(request).store.resolve(name)
    if refid is None:
        raise NotFound(f"There is no cable {name!r} in this archive.")
    return RedirectResponse(cable_url(refid), status_code=301)
