"""The front page: search box, key figures, the latest released cables, the browse axes."""

from __future__ import annotations

from collections import Counter
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from cablegate.store.base import CableSummary
from cablegate.web.caching import aggregate_etag
from cablegate.web.context import HomePage
from cablegate.web.render import as_json, html
from cablegate.web.state import archive
from cablegate.web.urls import browse_url, classification_url


def _pct(n: int, top: int) -> int:
    return max(1, round(100 * n / top)) if top else 0


def build_home(stats: dict[str, Any], latest: list[CableSummary], seed: str | None) -> HomePage:
    by_cls: dict[str, int] = dict(stats.get("by_classification") or {})
    by_year: dict[str, int] = dict(stats.get("by_year") or {})
    releases: dict[str, int] = dict(stats.get("releases") or {})
    months: Counter[str] = Counter()
    for day, n in releases.items():
        months[day[:7]] += n
    top_c = max(by_cls.values(), default=0)
    top_y = max(by_year.values(), default=0)
    top_m = max(months.values(), default=0)
    return HomePage(
        stats=dict(stats),
        latest=tuple(latest),
        seed=seed,
        by_classification=tuple(
            (label, n, classification_url(label) or "/classifications", _pct(n, top_c))
            for label, n in by_cls.items()
            if label and label != "None"
        ),
        by_year=tuple(
            (y, n, browse_url("year", y), _pct(n, top_y)) for y, n in sorted(by_year.items())
        ),
        release_months=tuple((m, n, _pct(n, top_m)) for m, n in sorted(months.items())),
    )


SHOWN = ("stats", "latest", "seed")  # the aggregates the front page is made of


async def home(request: Request) -> Response:
    arch = archive(request)
    page = build_home(*(arch.aggregate(key) for key in SHOWN))
    if request.url.path.endswith(".json"):
        response: Response = as_json(page)
    else:
        response = html("home.html", page, alternate="/index.json", feed="/releases.atom")
    response.headers["ETag"] = aggregate_etag(arch.aggregate_generation(k) for k in SHOWN)
    return response
