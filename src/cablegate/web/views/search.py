"""Search: ``/search`` (page), ``/search.json`` (the same result as data), ``/search.csv``
(every matching row, streamed; with ``fields=``, every field of each cable, as
``/search.jsonl`` gives them: ``views.export``). The query language is the library's; a query
it cannot read is a 400 with the library's message, never a 500.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from functools import partial
from typing import NamedTuple

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from cablegate.errors import CablegateError, QueryError, QueryTooBroad
from cablegate.export import selection
from cablegate.search import SearchResult
from cablegate.search.budget import Budget
from cablegate.web.charts import month_points
from cablegate.web.context import Bar, Facet, FacetValue, SearchPage
from cablegate.web.query import SearchState, ToggleUrls
from cablegate.web.render import as_json, html
from cablegate.web.state import archive
from cablegate.web.urls import cable_url
from cablegate.web.views import export


class _Shown(NamedTuple):
    """A facet shown on the search page: its name, its heading, how many values it lists."""

    name: str
    title: str
    limit: int


# in this order
FACETS: tuple[_Shown, ...] = (
    _Shown("classification", "Classification", 10),
    _Shown("year", "Year", 60),
    _Shown("origin", "Origin", 15),
    _Shown("country", "Country", 15),
    _Shown("tag", "Tag", 20),
    _Shown("redacted", "Redacted", 2),
    _Shown("reason", "Classification reason", 13),
    _Shown("decl", "Declassification", 2),
    _Shown("eo", "Executive order", 8),
    _Shown("person", "Person (surname)", 15),
)
CSV_BATCH = 500
CSV_COLUMNS = ("refid", "created", "released", "origin", "classification", "subject", "url")


def budget(request: Request) -> Budget:
    """The time budget of a search made for a reader (``cablegate serve --search-ms``)."""
    settings = request.app.state.settings
    return Budget(settings.search_ms, settings.facet_ms)


def _engine_query(state: SearchState) -> str:
    """An empty box with filters set means "every cable that passes the filters"."""
    return state.q.strip() or "*"


def _facets(state: SearchState, result: SearchResult, urls: ToggleUrls) -> tuple[Facet, ...]:
    out: list[Facet] = []
    for name, title, limit in FACETS:
        values = list(result.facets.get(name, []))
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        shown = values[:limit]
        present = {v.value for v in shown}
        # a selected value stays visible (to be removed) even when it fell out of the top list
        shown += [v for v in values[limit:] if state.has(name, v.value) and v.value not in present]
        items = [
            FacetValue(
                name,
                v.value,
                v.label or v.value,
                v.count,
                state.has(name, v.value),
                urls.url(name, v.value),
            )
            for v in shown
        ]
        if items:
            # the first three facets are open, and any with a value selected
            opened = len(out) < 3 or any(i.selected for i in items)
            out.append(Facet(name, title, tuple(items), opened))
    return tuple(out)


def _histogram(state: SearchState, result: SearchResult, urls: ToggleUrls) -> tuple[Bar, ...]:
    top = max((b.count for b in result.histogram), default=0)
    unit = result.histogram_unit
    return tuple(
        Bar(
            b.value,
            b.count,
            round(100 * b.count / top) if top else 0,
            urls.url(unit, b.value),
            state.has(unit, b.value),
        )
        for b in result.histogram
    )


def build_search_page(state: SearchState, result: SearchResult) -> SearchPage:
    urls = ToggleUrls(state)
    return SearchPage(
        state=state,
        total=result.total,
        hits=result.hits,
        facets=_facets(state, result, urls),
        histogram=_histogram(state, result, urls),
        histogram_unit=result.histogram_unit,
        took_ms=result.took_ms,
        result=result,
        facets_cut=result.facets_cut,
        facets_left_out=tuple(f.title.lower() for f in FACETS if f.name in result.facets_left_out),
        timeline=month_points(
            ((v.value, v.count) for v in result.facets.get("month", ())),
            lambda m: urls.url("month", m),
        ),
    )


async def search(request: Request) -> Response:
    path = request.url.path
    state = SearchState.from_params(request.query_params)
    if path.endswith(".jsonl") or (path.endswith(".csv") and "fields" in request.query_params):
        return _export(request, state, "jsonl" if path.endswith(".jsonl") else "csv")
    if path.endswith(".csv"):
        return _csv(request, state)
    want_json = path.endswith(".json")
    if not state.active and not want_json:  # the page's empty form; the data: every cable
        return html("search.html", SearchPage(state), alternate=None)
    try:
        result = archive(request).search.search(
            _engine_query(state),
            filters={k: list(v) for k, v in state.filters.items()},
            sort=state.sort,
            page=state.page,
            per_page=state.per_page,
            budget=budget(request),
        )
    except QueryTooBroad as exc:
        if want_json:
            raise
        page = SearchPage(state, too_broad=exc.message, hint=exc.hint)
        return html("search.html", page, status=400)
    except QueryError as exc:
        if want_json:
            raise
        page = SearchPage(state, error=str(exc), error_position=exc.position)
        return html("search.html", page, status=400)
    except CablegateError as exc:
        if want_json:
            raise QueryError(str(exc), None, state.q) from None
        return html("search.html", SearchPage(state, error=str(exc)), status=400)
    page = build_search_page(state, result)
    response: Response
    if want_json:
        response = as_json(page)
    else:
        response = html(
            "search.html",
            page,
            alternate=state.url("/search.json"),
            feed=state.at_page(1).url("/search.atom"),
        )
    if result.facets_cut:  # the answer of a busy moment: not to be kept, here or by the client
        response.headers["Cache-Control"] = "no-store"
    return response


def _cell(value: str | None) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP "CSV injection")."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _export(request: Request, state: SearchState, fmt: str) -> Response:
    """Every matching cable with every field (``fields=``), in refid order."""
    export.chosen_fields(request)  # an unknown field is a 400 before the search runs
    filters = {k: list(v) for k, v in state.filters.items()}
    try:
        refids = selection.search(archive(request).search, state.q, filters, budget=budget(request))
    except (QueryError, QueryTooBroad):
        raise
    except CablegateError as exc:
        raise QueryError(str(exc), None, state.q) from None
    return export.stream(request, lambda _store: refids, fmt, f"cablegate-search.{fmt}")


def _csv(request: Request, state: SearchState) -> Response:
    index = archive(request).search
    query = _engine_query(state)
    filters = {k: list(v) for k, v in state.filters.items()}
    # Read the first batch before answering, so that a bad query is a 400, not a broken stream.
    first = index.search(
        query,
        filters=filters,
        sort=state.sort,
        page=1,
        per_page=CSV_BATCH,
        facets=False,
        snippets=False,
        budget=budget(request),  # the batches after it are as broad: it answers for them
    )
    base = f"{request.url.scheme}://{request.url.netloc}"

    async def rows() -> AsyncIterator[str]:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        result, page = first, 1
        while True:
            for h in result.hits:
                writer.writerow(
                    (
                        h.refid,
                        h.created,
                        h.released,
                        _cell(h.origin),
                        h.classification,
                        _cell(h.subject),
                        base + cable_url(h.refid),
                    )
                )
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
            if page * CSV_BATCH >= result.total or not result.hits:
                return
            page += 1
            # ~50 ms a batch at full scale: off the event loop, so the worker keeps answering
            result = await run_in_threadpool(
                partial(
                    index.search,
                    query,
                    filters=filters,
                    sort=state.sort,
                    page=page,
                    per_page=CSV_BATCH,
                    facets=False,
                    snippets=False,
                )
            )

    name = "cablegate-search.csv"
    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
