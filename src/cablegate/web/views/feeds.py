"""Atom feeds that follow the archive: every browse list (``/tag/PTER.atom``), every search
(``/search.atom?q=…``, with OpenSearch paging), the cables citing a cable, the release days and
the cables whose text changed; and the OpenSearch description that offers the search to browsers.

A feed shows its newest ``FEED_SIZE`` cables, newest released first; every time in it comes
from the archive (release and creation times), so the same archive gives the same bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cablegate.errors import CablegateError, NotFound, QueryError, QueryTooBroad
from cablegate.export.atom import (
    ATOM_TYPE,
    OPENSEARCH_TYPE,
    Category,
    Entry,
    Feed,
    Paging,
    SearchUrl,
    feed_xml,
    opensearch_xml,
    rfc3339,
    tag_uri,
)
from cablegate.parse.titlefy import display_subject
from cablegate.search import Hit
from cablegate.store.base import CableChange, CableSummary, Store, StoredCable
from cablegate.tagbook import tag_info
from cablegate.vocabulary import AXIS_PARAMS
from cablegate.web import caching
from cablegate.web.query import MAX_PAGE, SearchState
from cablegate.web.state import archive
from cablegate.web.urls import browse_url, cable_url
from cablegate.web.views.browse import title_of, valid_value
from cablegate.web.views.search import budget

FEED_SIZE = 50  # the OpenAPI document says so too
RELEASE_DAYS = 100
SUMMARY_CHARS = 600
# An empty feed still needs an ``updated``: the first day of the release, not the clock.
ARCHIVE_EPOCH = "2010-11-28T00:00:00Z"
_MARK = re.compile(r"</?mark>")
TAG_SCHEME = tag_uri("/tag/")  # the categories of an entry are the cable's TAGS

View = Callable[[Request], Awaitable[Response]]


def base_url(request: Request) -> str:
    return f"{request.url.scheme}://{request.url.netloc}"


def atom(feed: Feed) -> Response:
    return Response(
        feed_xml(feed),
        media_type=f"{ATOM_TYPE}; charset=utf-8",
        headers={"Access-Control-Allow-Origin": "*"},
    )


def _facts(s: CableSummary | Hit) -> str:
    """The line every entry starts with: classification, origin, dates."""
    parts = [f"{s.classification or 'Unclassified'} cable from {s.origin or 'an unknown post'}"]
    if s.created:
        parts.append(f"created {s.created.replace('T', ' ')} UTC")
    if s.released:
        parts.append(f"released {s.released[:10]}")
    return ", ".join(parts) + "."


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "\u2026"


def _entry(s: CableSummary | Hit, base: str, text: str, tags: tuple[str, ...] = ()) -> Entry:
    created = rfc3339(s.created)
    return Entry(
        id=tag_uri(cable_url(s.refid)),
        title=f"{s.refid}: {display_subject(s.subject)}",
        updated=rfc3339(s.released) or created or ARCHIVE_EPOCH,
        link=base + cable_url(s.refid),
        summary=_clip(f"{_facts(s)} {text}"),
        author=s.origin or "Unknown origin",
        published=created,
        categories=tuple(
            Category(t, tag_info(t).meaning or "", TAG_SCHEME) for t in dict.fromkeys(tags)
        ),
    )


def cable_entries(store: Store, items: list[CableSummary], base: str) -> tuple[Entry, ...]:
    """Entries with each cable's parsed summary and tags (one read a cable, no paragraphs)."""
    out = []
    for s in items:
        stored = store.get(s.refid, paragraphs=False)
        cable = stored.cable if stored else None
        text, tags = ((cable.summary or ""), cable.tags) if cable else ("", ())
        out.append(_entry(s, base, text, tags))
    return tuple(out)


def _newest(entries: tuple[Entry, ...], default: str = ARCHIVE_EPOCH) -> str:
    return max((e.updated for e in entries), default=default)


def browse_feed(axis: str) -> View:
    """``/{axis}/{value}.atom``: the newest cables of one browse list."""

    async def view(request: Request) -> Response:
        value = request.path_params[AXIS_PARAMS[axis]]
        if not valid_value(axis, value):
            raise NotFound(f"{value!r} is not a {axis} this archive knows.")
        store = archive(request).store
        listing = store.browse(axis, value, sort="released", order="desc", per_page=FEED_SIZE)
        if listing.total == 0:
            raise NotFound(f"No cables for {axis} {value!r}.")
        first = listing.items[0]
        title, description = title_of(
            axis, value, first.origin if axis == "origin" else first.classification
        )
        base = base_url(request)
        entries = cable_entries(store, list(listing.items), base)
        page = browse_url(axis, value)
        return atom(
            Feed(
                id=tag_uri(page),
                title=title,
                subtitle=f"{description.rstrip('.')}. {listing.total:,} cables, the newest"
                " released first.",
                updated=_newest(entries),
                self_url=base + browse_url(axis, value, ".atom"),
                html_url=base + page,
                entries=entries,
            )
        )

    view.__name__ = f"feed_{axis}"
    return view


async def search_feed(request: Request) -> Response:
    """``/search.atom?q=…``: a page of a search, with the filters, sort and paging of
    ``/search``; the OpenSearch elements say where it is in the whole."""
    state = SearchState.from_params(request.query_params)
    try:
        result = archive(request).search.search(
            state.q.strip() or "*",
            filters={k: list(v) for k, v in state.filters.items()},
            sort=state.sort,
            page=state.page,
            per_page=state.per_page,
            facets=False,
            budget=budget(request),
        )
    except (QueryError, QueryTooBroad):
        raise
    except CablegateError as exc:
        raise QueryError(str(exc), None, state.q) from None
    base = base_url(request)
    entries = tuple(_entry(h, base, html.unescape(_MARK.sub("", h.snippet))) for h in result.hits)
    pages = min(MAX_PAGE, max(1, -(-result.total // state.per_page)))

    def at(n: int) -> str:
        return base + state.at_page(n).url("/search.atom")

    first = state.at_page(1)
    words = state.q.strip() or "every cable"
    return atom(
        Feed(
            id=tag_uri(first.url("/search")),
            title=f"Search: {words}",
            subtitle=f"{result.total:,} cables match {words}"
            + "".join(f"; {k}: {', '.join(v)}" for k, v in state.filters.items())
            + ".",
            updated=_newest(entries),
            self_url=at(state.page),
            html_url=base + state.url("/search"),
            entries=entries,
            paging=Paging(
                total=result.total,
                start_index=(state.page - 1) * state.per_page + 1,
                per_page=state.per_page,
                search_terms=state.q,
                first=at(1),
                previous=at(state.page - 1) if state.page > 1 else None,
                next=at(state.page + 1) if state.page < pages else None,
                last=at(pages),
            ),
        )
    )


async def cited_by_feed(request: Request) -> Response:
    """``/cable/{refid}/cited-by.atom``: the cables whose REF names this one, newest first."""
    store = archive(request).store
    name = request.path_params["refid"]
    refid = store.resolve(name)
    if refid is None:
        raise NotFound(f"There is no cable {name!r} in this archive.")
    if refid != name:
        return RedirectResponse(cable_url(refid, "/cited-by.atom"), status_code=301)
    cited = store.get(refid, paragraphs=False)
    if cited is None:
        raise NotFound(f"There is no cable {name!r} in this archive.")
    return atom(cited_by(store, cited, store.cited_by(refid), base_url(request)))


def cited_by(store: Store, cited: StoredCable, citing: list[CableSummary], base: str) -> Feed:
    """The cited-by feed of ``cited`` (also written by the static mirror beside its page)."""
    refid = cited.refid
    newest = sorted(citing, key=lambda s: (s.released or s.created or "", s.refid), reverse=True)
    entries = cable_entries(store, newest[:FEED_SIZE], base)
    own = rfc3339(cited.cable.released or cited.cable.created) or ARCHIVE_EPOCH
    return Feed(
        id=tag_uri(cable_url(refid, "/cited-by")),
        title=f"Cables citing {refid}",
        subtitle=f"{len(citing):,} cables in this archive name {refid}"
        f" ({display_subject(cited.cable.subject)}) in their REF line; the newest released"
        " first.",
        updated=_newest(entries, own),
        self_url=base + cable_url(refid, "/cited-by.atom"),
        html_url=base + cable_url(refid) + "#h-cited",
        entries=entries,
    )


async def releases_feed(request: Request) -> Response:
    """``/releases.atom``: one entry a release day, the latest first. Made of the cached
    release-day counts, so tagged with the generation they were counted at."""
    arch = archive(request)
    days = sorted(arch.aggregate("axis:released"), key=lambda v: v.value, reverse=True)
    base = base_url(request)
    entries = tuple(
        Entry(
            id=tag_uri(browse_url("released", d.value)),
            title=f"{d.count:,} cables released on {d.value}",
            updated=rfc3339(d.value) or ARCHIVE_EPOCH,
            link=base + browse_url("released", d.value),
            summary=f"WikiLeaks published {d.count:,} of the archive's cables on {d.value}.",
            author="WikiLeaks",
        )
        for d in days[:RELEASE_DAYS]
    )
    response = atom(
        Feed(
            id=tag_uri("/releases"),
            title="Cablegate release days",
            subtitle="The days WikiLeaks published cables, with how many; the latest first.",
            updated=_newest(entries),
            self_url=base + "/releases.atom",
            html_url=base + "/releases",
            entries=entries,
        )
    )
    response.headers["ETag"] = caching.aggregate_etag([arch.aggregate_generation("axis:released")])
    return response


def changed(store: Store) -> tuple[CableChange, ...]:
    """The cables whose text changed, newest change first (by their sources' dates): the one
    place ``/changes.atom`` reads them."""
    return store.changes(per_page=FEED_SIZE).items


async def changes_feed(request: Request) -> Response:
    """``/changes.atom``: cables whose text a later version changed."""
    store = archive(request).store
    base = base_url(request)
    entries = []
    for c in changed(store):
        s = CableSummary(c.refid, c.subject, c.created, c.released, c.origin, c.classification)
        when = rfc3339(c.changed) or ARCHIVE_EPOCH
        older = f"{c.versions - 1} older text" + ("s" if c.versions != 2 else "")
        entries.append(
            Entry(
                id=tag_uri(cable_url(s.refid, f"/changed/{when}")),
                title=f"{s.refid} changed: {display_subject(s.subject)}",
                updated=when,
                link=base + cable_url(s.refid),
                summary=f"{_facts(s)} Newest change: {c.summary}. The archive keeps {older}.",
                author=s.origin or "Unknown origin",
                published=rfc3339(s.created),
            )
        )
    return atom(
        Feed(
            id=tag_uri("/changes"),
            title="Cables whose text changed",
            subtitle="Cables published again with another text (redactions lifted or added,"
            " re-typed); the latest change first.",
            updated=_newest(tuple(entries)),
            self_url=base + "/changes.atom",
            html_url=base + "/changes",
            entries=tuple(entries),
        )
    )


def opensearch_description(base: str, html_search: str, atom_search: str | None) -> bytes:
    """The description a browser adds as a search engine; ``base`` + templates."""
    urls = [SearchUrl("text/html", base + html_search)]
    if atom_search:
        urls.append(SearchUrl(ATOM_TYPE, base + atom_search))
    return opensearch_xml(
        "Cablegate", "Search the U.S. diplomatic cables published by WikiLeaks.", tuple(urls)
    )


HTML_SEARCH = "/search?q={searchTerms}"
# no {startPage?} or {count?}: a client without them sends them empty (OpenSearch 1.1), and an
# empty page is a 400 by the API's contract; the feed pages itself with first/next/last links
ATOM_SEARCH = "/search.atom?q={searchTerms}"


async def opensearch(request: Request) -> Response:
    """``/opensearch.xml``: every page links it (``<link rel="search">``)."""
    body = opensearch_description(base_url(request), HTML_SEARCH, ATOM_SEARCH)
    return Response(body, media_type=f"{OPENSEARCH_TYPE}; charset=utf-8")
