"""The ASGI application: routes, the archive opened once per process, one error shape.

``create_app(db_path)`` builds it; ``cablegate serve`` runs it under uvicorn (several worker
processes through :func:`app_from_env`, each opening its own read connections).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from typing import cast

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from cablegate.archive import Location, default_location, index_path, open_store, parse_location
from cablegate.errors import CablegateError
from cablegate.search import SearchIndex
from cablegate.store.base import Store
from cablegate.vocabulary import AXES, AXIS_PARAMS
from cablegate.web import caching, compression, pagecache, render
from cablegate.web.connections import ThreadStores
from cablegate.web.errors import HANDLERS
from cablegate.web.follow import Follower
from cablegate.web.lanes import Lanes
from cablegate.web.settings import ServeSettings, from_env
from cablegate.web.state import Archive
from cablegate.web.urls import browse_url
from cablegate.web.views import (
    api,
    browse,
    cable,
    citation,
    cited,
    feeds,
    help,
    history,
    home,
    icons,
    people,
    quality,
    search,
    thread,
)


class Static(StaticFiles):
    """Static files: cached for a year, unchanged, when asked for by the content hash their
    pages link them with (``?v=`` STATIC_VERSION); any other address of them is revalidated
    (a stale or missing ``v`` must not keep an old file for a year)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            current = Request(scope).query_params.get("v") == render.STATIC_VERSION
            response.headers["Cache-Control"] = (
                "public, max-age=31536000, immutable" if current else caching.PAGE_CACHE
            )
        return response


async def legacy_reldate(request: Request) -> Response:
    """WikiLeaks' ``/reldate/2011-08-30_0.html`` -> ``/released/2011-08-30``."""
    value = request.path_params["value"].split("_", 1)[0].removesuffix(".html")
    return RedirectResponse(browse_url("released", value), status_code=301)


def routes() -> list[BaseRoute]:
    out: list[BaseRoute] = [
        Route("/", home.home),
        Route("/index.json", home.home),
        Route("/cable/{year:int}/{month}/{name}", cable.legacy),
        *(
            Route(f"/cable/{{refid}}{f.suffix}", citation.citation_view(f))
            for f in citation.FORMATS
        ),
        Route("/cable/{name}", cable.cable),
        *history.ROUTES,
        Route("/cable/{refid}/cited-by.atom", feeds.cited_by_feed),
        Route("/cable/{refid}/similar", cable.similar),
        Route("/cable/{refid}/similar.json", cable.similar),
        Route("/cable/{refid}/thread", thread.thread),
        Route("/cable/{refid}/thread.json", thread.thread),
        Route("/cable/{name}/{side:str}", cable.neighbour),
        Route("/cited", cited.cited),
        Route("/cited.json", cited.cited),
        Route("/search", search.search),
        Route("/search.json", search.search),
        Route("/search.csv", search.search),
        Route("/search.jsonl", search.search),
        Route("/quality", quality.quality_page),
        Route("/quality.json", quality.quality_page),
        Route("/search.atom", feeds.search_feed),
        Route("/releases.atom", feeds.releases_feed),
        Route("/changes.atom", feeds.changes_feed),
        Route("/opensearch.xml", feeds.opensearch),
        Route("/help", help.help_page),
        Route("/help/{slug}", help.help_page),
        Route("/api", api.api_page),
        Route("/api/openapi.json", api.openapi),
        Route("/reldate/{value}", legacy_reldate),
        Route("/people", people.people_index),
        Route("/people.json", people.people_index),
        Route("/people/{letter}", people.people_letter),
        Route("/person/{slug}", people.person),
        Route("/classification-reasons", people.reasons),
        Route("/classification-reasons.json", people.reasons),
        *icons.ROUTES,
    ]
    for path in browse.INDEX_PATHS:
        view = browse.index_view(path)
        out += [Route(path, view), Route(f"{path}.json", view)]
    for axis in AXES:
        out += [
            Route(f"/{axis}/{{{AXIS_PARAMS[axis]}}}.atom", feeds.browse_feed(axis)),
            Route(f"/{axis}/{{value}}", browse.browse_view(axis)),
        ]
    out.append(Mount("/static", Static(packages=[("cablegate.web", "static")]), name="static"))
    return out


def open_archive(
    db: Location | str | os.PathLike[str], index: str | None = None, query_ms: int | None = None
) -> Archive:
    """The archive at ``db`` (a file or a URL) opened for reading, with its search index;
    ``query_ms``: the time budget of each query the pages make (not the aggregates')."""
    where = db if isinstance(db, Location) else parse_location(db)
    if not where.exists():
        raise CablegateError(
            f"no archive at {where}: create one with `cablegate ingest SOURCE... --db {where}`"
        )

    # the web never writes; no schema lock
    def connect() -> Store:
        return open_store(where, readonly=True, budget_ms=query_ms)

    store = cast(Store, ThreadStores(connect(), connect))  # one connection a serving thread
    return Archive(
        store,
        SearchIndex.open(index_path(where, index)),
        where,
        open_store=lambda: open_store(where, readonly=True),
    )


def create_app(
    db: Location | str | os.PathLike[str],
    index: str | None = None,
    settings: ServeSettings | None = None,
    *,
    follow: bool = True,
) -> Starlette:
    """The web archive over the store at ``db`` (and its search index: ``index``, else
    ``archive.index_path``'s default); ``settings``: its bounds under load (default: from
    ``$CABLEGATE_*``, see ``web.settings``); ``follow``: keep the index caught up with the
    store while serving (the static mirror renders pages only, in several processes, and
    leaves it)."""
    bounds = settings or from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        arch = app.state.archive = open_archive(db, index, bounds.query_ms)
        render.preload()
        caching.code_version()
        if follow and arch.open_store is not None:
            arch.follower = Follower(arch.search.path, arch.open_store, arch.search.reload)
            arch.follower.start()
        try:
            yield
        finally:
            if arch.follower is not None:
                arch.follower.stop()
            arch.store.close()

    middleware = [
        # first: a kept answer is sent by the server's loop, before any lane
        Middleware(pagecache.PageCache, max_bytes=bounds.page_cache_mb << 20),
        Middleware(Lanes, settings=bounds),  # what follows runs in a lane's thread
        Middleware(caching.ConditionalGet),
        Middleware(compression.Compress),
    ]
    app = Starlette(
        routes=routes(), middleware=middleware, exception_handlers=HANDLERS, lifespan=lifespan
    )
    app.state.settings = bounds
    return app


def app_from_env() -> Starlette:
    """Factory for uvicorn workers: the archive named by ``$CABLEGATE_DB`` (or ./cablegate.db),
    its index by ``$CABLEGATE_INDEX`` when set."""
    return create_app(default_location())
