"""Browse pages (``/{axis}/{value}``, one list per value) and the index pages of each axis."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Sequence
from itertools import groupby
from typing import NamedTuple

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from cablegate.errors import NotFound
from cablegate.export import selection
from cablegate.posts import all_posts, post_for_slug
from cablegate.store.base import AxisValue, ListPage, Store
from cablegate.tagbook import tag_info
from cablegate.vocabulary import month_name
from cablegate.web.caching import aggregate_etag
from cablegate.web.charts import Point, month_points
from cablegate.web.context import AxisGroup, AxisIndexPage, BrowsePage
from cablegate.web.params import BROWSE_SORT, LIST_PER_PAGE, ORDER, PAGE
from cablegate.web.render import PAGE_HEADERS, as_json, html, markup, split_suffix
from cablegate.web.state import archive
from cablegate.web.urls import AXIS_INDEX, browse_url
from cablegate.web.views import export

PER_PAGE = LIST_PER_PAGE.default
TIMELINE_AXES = frozenset({"origin", "tag", "classification", "country", "year"})
SUFFIXES = (".json", ".jsonl", ".csv")  # the list as data, and exported whole
_VALID = {
    "date": re.compile(r"\d{4}-\d{2}"),
    "released": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "year": re.compile(r"\d{4}"),
}
# a space inside too: tags such as "ITALIAN POLITICS" are listed on /tags and need a page
_WORDY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_ -]{0,99}")
_LEGACY = re.compile(r"^(.+?)_(\d+)\.html?$")  # WikiLeaks' /tag/PGOV_0.html, /date/2007-02_1.html
_INDEX_LABEL = {
    "/dates": "All months",
    "/releases": "All release days",
    "/origins": "All origins",
    "/tags": "All tags",
    "/classifications": "All classifications",
    "/countries": "All countries",
}

View = Callable[[Request], Awaitable[Response]]


def title_of(axis: str, value: str, sample_label: str | None) -> tuple[str, str]:
    """Heading and one-line description of a browse page."""
    if axis == "date":
        return f"Cables created in {month_name(value)}", "By creation date (UTC)."
    if axis == "year":
        return f"Cables created in {value}", "By creation year."
    if axis == "released":
        return f"Cables released on {value}", "The day WikiLeaks published them."
    if axis == "origin":
        post = post_for_slug(value)
        name = post.origin if post else (sample_label or value)
        return f"Cables from {name}", f"{post.country}, {post.region}." if post else "Sending post."
    if axis == "tag":
        info = tag_info(value)
        return f"Cables tagged {value.upper()}", info.meaning or f"Tag of kind {info.kind}."
    if axis == "classification":
        return f"Cables classified {sample_label or value.upper()}", "Classification as released."
    if axis == "country":
        names = {p.iso2.lower(): p.country for p in all_posts()}
        return (
            f"Cables from posts in {names.get(value.lower(), value.upper())}",
            "Posts grouped by host country.",
        )
    return value, ""


def valid_value(axis: str, value: str) -> bool:
    """``value`` can be a value of ``axis`` (else its address is a 404 before any query)."""
    pattern = _VALID.get(axis, _WORDY)
    return bool(pattern.fullmatch(value))


def browse_page(
    axis: str, value: str, listing: ListPage, months: Sequence[AxisValue] = ()
) -> BrowsePage:
    """One page of a list from the rows the store gave: the live view's one page, or each
    page of the static mirror's walk (``Store.browse_pages``). ``months``: the list's cables by
    month (``Store.months``), drawn as a timeline on its first page."""
    first = listing.items[0] if listing.items else None
    label = None
    if first is not None:
        label = first.origin if axis == "origin" else first.classification
    title, description = title_of(axis, value, label)
    index = AXIS_INDEX[axis]
    path = browse_url(axis, value)
    timeline = month_points((m.value, m.count) for m in months) if listing.page == 1 else ()
    return BrowsePage(
        axis, value, title, description, listing, path, index, _INDEX_LABEL[index], timeline
    )


def list_months(store: Store, axis: str, value: str) -> list[AxisValue]:
    """What the first page of a list draws its timeline from (``TIMELINE_AXES`` only: a
    month's or a day's list is one bar)."""
    return store.months(axis, value) if axis in TIMELINE_AXES else []


def browse_markup(page: BrowsePage) -> str:
    """The page's HTML (its JSON twin is ``page.to_dict()``)."""
    return markup(
        "browse.html",
        page,
        browse_url(page.axis, page.value, ".json"),
        browse_url(page.axis, page.value, ".atom"),
    )


def browse_view(axis: str) -> View:
    """The endpoint for one axis: ``/tag/PTER``, ``/tag/PTER.json``, legacy ``/tag/PTER_0.html``."""

    async def view(request: Request) -> Response:
        raw = request.path_params["value"]
        if m := _LEGACY.match(raw):
            page = int(m.group(2)) + 1
            target = browse_url(axis, m.group(1)) + (f"?page={page}" if page > 1 else "")
            return RedirectResponse(target, status_code=301)
        value, fmt = split_suffix(raw, SUFFIXES)
        if not valid_value(axis, value):
            raise NotFound(f"{value!r} is not a {axis} this archive knows.")
        if fmt in export.MEDIA_TYPES:
            return _export(request, axis, value, fmt)
        params = request.query_params
        sort, order = BROWSE_SORT.read(params), ORDER.read(params)
        page, per_page = PAGE.read(params), LIST_PER_PAGE.read(params)
        store = archive(request).store
        listing = store.browse(axis, value, sort=sort, order=order, page=page, per_page=per_page)
        if listing.total == 0:
            raise NotFound(f"No cables for {axis} {value!r}.")
        months = list_months(store, axis, value) if listing.page == 1 else []
        ctx = browse_page(axis, value, listing, months)
        if fmt == "json":
            return as_json(ctx)
        return HTMLResponse(browse_markup(ctx), headers=PAGE_HEADERS)

    view.__name__ = f"browse_{axis}"
    return view


def _export(request: Request, axis: str, value: str, fmt: str) -> Response:
    """The whole list, every field of each cable (``fields=``), in the list's order."""
    export.chosen_fields(request)
    if archive(request).store.browse(axis, value, per_page=1).total == 0:
        raise NotFound(f"No cables for {axis} {value!r}.")
    return export.stream(
        request,
        lambda store: selection.browse_list(store, axis, value),
        fmt,
        f"cablegate-{axis}-{value}.{fmt}",
    )


def _grouped(values: list[AxisValue], key: Callable[[AxisValue], str]) -> tuple[AxisGroup, ...]:
    ordered = sorted(values, key=key)
    return tuple(AxisGroup(k, tuple(g)) for k, g in groupby(ordered, key=key))


def _origin_groups(values: list[AxisValue]) -> tuple[AxisGroup, ...]:
    """Region, then host country, then posts: the store's ``group`` is ``region/country``."""
    regions: dict[str, dict[str, list[AxisValue]]] = {}
    for v in values:
        region, _, country = (v.group or "Other").partition("/")
        regions.setdefault(region, {}).setdefault(country or region, []).append(v)
    return tuple(
        AxisGroup(
            region,
            (),
            tuple(
                AxisGroup(country, tuple(sorted(vs, key=lambda v: v.label or v.value)))
                for country, vs in sorted(countries.items())
            ),
        )
        for region, countries in sorted(regions.items())
    )


_TAG_KIND_ORDER = ("subject", "geo", "program", "organization", "person", "unknown")


class _Index(NamedTuple):
    """An index page: the axis it lists, its title and its one-line introduction."""

    axis: str
    title: str
    intro: str


_INDEXES: dict[str, _Index] = {
    "/origins": _Index("origin", "Origins", "Every sending post, by region and host country."),
    "/tags": _Index("tag", "Tags", "Every TAGS value, by kind, with its meaning."),
    "/dates": _Index("date", "Dates", "Cables by month of creation."),
    "/releases": _Index("released", "Release days", "The days WikiLeaks published cables."),
    "/classifications": _Index("classification", "Classifications", "Cables by classification."),
    "/countries": _Index("country", "Countries", "Posts grouped by host country, by region."),
}


def _groups(axis: str, values: list[AxisValue]) -> tuple[AxisGroup, ...]:
    if axis == "origin":
        return _origin_groups(values)
    if axis == "tag":
        kind_rank = {k: i for i, k in enumerate(_TAG_KIND_ORDER)}
        groups = _grouped(values, lambda v: v.group or "unknown")
        return tuple(sorted(groups, key=lambda g: kind_rank.get(g.label, 99)))
    if axis in ("date", "released"):
        return tuple(reversed(_grouped(values, lambda v: v.value[:4])))
    if axis == "country":
        return _grouped(values, lambda v: v.group or "Other")
    return (AxisGroup("", tuple(sorted(values, key=lambda v: -v.count))),)


def release_waves(days: list[AxisValue]) -> tuple[Point, ...]:
    """Cables released a month, summed from the release days."""
    months: dict[str, int] = {}
    for d in days:
        months[d.value[:7]] = months.get(d.value[:7], 0) + d.count
    return month_points(months.items())


def index_view(path: str) -> View:
    axis, title, intro = _INDEXES[path]

    async def view(request: Request) -> Response:
        fmt = "json" if request.url.path.endswith(".json") else "html"
        arch = archive(request)
        values = arch.aggregate(f"axis:{axis}")
        chart = release_waves(values) if axis == "released" else ()
        ctx = AxisIndexPage(axis, title, intro, _groups(axis, values), chart)
        if fmt == "json":
            response: Response = as_json(ctx)
        else:
            feed = "/releases.atom" if axis == "released" else None
            response = html("axis_index.html", ctx, alternate=f"{path}.json", feed=feed)
        response.headers["ETag"] = aggregate_etag([arch.aggregate_generation(f"axis:{axis}")])
        return response

    view.__name__ = f"index_{axis}"
    return view


INDEX_PATHS = tuple(_INDEXES)
