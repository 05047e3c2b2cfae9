"""Facet counts and the date histogram, from one tantivy aggregation over the matching cables.

Nine keyword fast fields are counted (origin, tag, classification, month, released day,
redacted, person, reason, E.O.) and the declassification dates cut at now; the other facets are sums of those: country and region from the origin's post, year
from the month.
Fewer fields counted means fewer passes over the fast-field columns of a 250k-match query. For
a big result the tags are counted from their postings instead (``Searcher.terms_with_prefix``
with the query as filter): a tag column holds ~6 values a cable, at ~25 ns each.
"""

from __future__ import annotations

import heapq
import time
from functools import cache
from typing import Any, NamedTuple

from cablegate.posts import post_for_slug, slugify
from cablegate.search.result import FacetValue
from cablegate.vocabulary import CLASSIFICATIONS

FACETS: tuple[str, ...] = (
    "origin",
    "country",
    "region",
    "tag",
    "classification",
    "year",
    "month",
    "released",
    "redacted",
    "person",
    "reason",
    "eo",
    "decl",
)
_COUNTED = {
    "origin": "origin_slug",
    "tag": "tag",
    "classification": "classification",
    "month": "month",
    "released": "released_day",
    "redacted": "redacted",
    "person": "person",
    "reason": "reason",
    "eo": "eo",
}
DECL_LABELS = {"passed": "Declassification date passed", "pending": "Declassification date ahead"}
REDACTED_LABELS = {"yes": "Redacted in some version", "no": "Never redacted"}
# Buckets asked per segment: more than any field's distinct values (tags: ~2,000 at full scale),
# so that every count is exact, not tantivy's per-segment top-k estimate.
_SEGMENT_SIZE = 20_000
_ALL = 20_000
NONE = "\x00none"  # bucket of cables without a classification; also makes the buckets sum to total
# Counted only for a result of at most EXTRA_UP_TO cables (or when one of them filters it): on
# the full release, for `said` (180,659 matches) they cost 12.9 ms of CPU a search where the six
# others cost 2.5 ms (person 6.4, reason 4.0, declassification 2.1, E.O. 1.5: multi-valued fast
# columns); for 20,000 matches about 1.5 ms.
EXTRA: tuple[str, ...] = ("person", "reason", "eo", "decl")
EXTRA_UP_TO = 20_000
_EO_LABELS = {"12958": "E.O. 12958", "13292": "E.O. 13292", "13526": "E.O. 13526"}
_CLASSIFICATION_LABEL = {slugify(c): c for c in CLASSIFICATIONS}


def aggregation_request(
    tag_limit: int, *, tags: bool = True, extra: bool = True, now: int | None = None
) -> dict[str, Any]:
    """The aggregation that counts the facets in one pass (tags only if ``tags``, the
    ``EXTRA`` facets only if ``extra``); the declassification dates are cut at ``now``
    (minutes since 1970, default this minute)."""
    now = int(time.time()) // 60 if now is None else now
    request: dict[str, Any] = {}
    if extra:
        request["decl"] = {
            "range": {
                "field": "decl_ts",
                "ranges": [{"key": "passed", "to": now}, {"key": "pending", "from": now}],
            }
        }
    for name, field in _COUNTED.items():
        if (name == "tag" and not tags) or (name in EXTRA and not extra):
            continue
        size = tag_limit if name == "tag" else _ALL
        terms: dict[str, Any] = {"field": field, "size": size, "segment_size": _SEGMENT_SIZE}
        if name == "classification":
            terms["missing"] = NONE
        request[name] = {"terms": terms}
    return request


def _buckets(result: dict[str, Any], name: str) -> dict[str, int]:
    return {str(b["key"]): int(b["doc_count"]) for b in result.get(name, {}).get("buckets", ())}


def total_of(result: dict[str, Any]) -> int:
    """Every cable has one classification bucket (``NONE`` when missing): their sum is the total."""
    return sum(_buckets(result, "classification").values())


class Histogram(NamedTuple):
    """The bars of the date histogram and what each stands for (``year`` or ``month``)."""

    bars: tuple[FacetValue, ...]
    unit: str


class _Place(NamedTuple):
    """What an origin adds to the country and region facets."""

    origin: str
    iso2: str
    country: str
    region_slug: str
    region: str


@cache
def _place(slug: str) -> _Place | None:
    post = post_for_slug(slug)
    if post is None:
        return None
    return _Place(post.origin, post.iso2, post.country, slugify(post.region), post.region)


def _most_first(item: tuple[str, int]) -> tuple[int, str]:
    """Sort key of a ``(value, count)`` pair: highest count first, ties by value."""
    value, count = item
    return -count, value


def _by_count(
    counts: dict[str, int], labels: dict[str, str], limit: int | None
) -> list[FacetValue]:
    items = (
        sorted(counts.items(), key=_most_first)
        if limit is None or len(counts) <= limit
        else heapq.nsmallest(limit, counts.items(), key=_most_first)
    )
    return [FacetValue(v, n, labels.get(v, v)) for v, n in items]


def _by_value(counts: dict[str, int]) -> list[FacetValue]:
    return [FacetValue(v, n, v) for v, n in sorted(counts.items())]


class _Places(NamedTuple):
    """Counts by country and by region, summed from the origins', and the labels of all three."""

    countries: dict[str, int]
    regions: dict[str, int]
    labels: dict[str, str]


def _places(origins: dict[str, int]) -> _Places:
    places = _Places({}, {}, {})
    for slug, n in origins.items():
        place = _place(slug)
        if place is None:
            continue
        places.labels[slug] = place.origin
        places.labels[place.iso2] = place.country
        places.labels[place.region_slug] = place.region
        places.countries[place.iso2] = places.countries.get(place.iso2, 0) + n
        places.regions[place.region_slug] = places.regions.get(place.region_slug, 0) + n
    return places


def facet_values(
    result: dict[str, Any], limit: int, tag_counts: list[tuple[str, int]] | None = None
) -> dict[str, list[FacetValue]]:
    """Aggregation result -> facet name -> values: counted ones by count (at most ``limit``),
    dates in date order and complete. ``tag_counts``, when given, were counted from postings
    (``Searcher.terms_with_prefix``) instead of by the aggregation."""
    origins = _buckets(result, "origin")
    places = _places(origins)
    classifications = _buckets(result, "classification")
    classifications.pop(NONE, None)
    months = _buckets(result, "month")
    years: dict[str, int] = {}
    for month, n in months.items():
        years[month[:4]] = years.get(month[:4], 0) + n
    if tag_counts is None:
        tags = _buckets(result, "tag")
    else:
        tags = {str(t): int(n) for t, n in tag_counts if n > 0}
    return {
        "origin": _by_count(origins, places.labels, limit),
        "country": _by_count(places.countries, places.labels, limit),
        "region": _by_count(places.regions, places.labels, None),
        "tag": _by_count(tags, {}, limit),
        "classification": _by_count(classifications, _CLASSIFICATION_LABEL, None),
        "year": _by_value(years),
        "month": _by_value(months),
        "released": _by_value(_buckets(result, "released")),
        "redacted": _by_count(_buckets(result, "redacted"), REDACTED_LABELS, None),
        **(_extra_values(result, limit) if "decl" in result else {}),
    }


def _extra_values(result: dict[str, Any], limit: int) -> dict[str, list[FacetValue]]:
    """The ``EXTRA`` facets, when they were counted."""
    return {
        "person": _by_count(_buckets(result, "person"), {}, limit),
        "reason": _by_count(_buckets(result, "reason"), {}, None),
        "eo": _by_count(_buckets(result, "eo"), _EO_LABELS, None),
        "decl": [
            FacetValue(v.value, v.count, DECL_LABELS[v.value])
            for v in _by_value(_buckets(result, "decl"))
            if v.count and v.value in DECL_LABELS
        ],
    }


def histogram(facets: dict[str, list[FacetValue]], year: int | None) -> Histogram:
    """Matches per year (gaps filled with 0), or per month of ``year`` when the search is
    confined to one year."""
    if year is not None:
        counts = {v.value: v.count for v in facets.get("month", [])}
        months = [f"{year:04d}-{m:02d}" for m in range(1, 13)]
        return Histogram(tuple(FacetValue(m, counts.get(m, 0), m) for m in months), "month")
    counts = {v.value: v.count for v in facets.get("year", []) if v.value.isdigit()}
    if not counts:
        return Histogram((), "year")
    first, last = min(map(int, counts)), max(map(int, counts))
    years = [str(y) for y in range(first, last + 1)]
    return Histogram(tuple(FacetValue(y, counts.get(y, 0), y) for y in years), "year")
