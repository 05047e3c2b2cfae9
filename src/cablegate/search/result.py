"""What a search returns: a page of hits with snippets, facet counts and a date histogram."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Hit:
    """One matching cable; ``snippet`` is HTML-safe, matches wrapped in ``<mark>``."""

    refid: str
    subject: str
    created: str | None
    released: str | None
    origin: str | None
    classification: str | None
    snippet: str
    score: float | None = None
    release_id: int | None = None

    @classmethod
    def from_stored(cls, stored: dict[str, Any], *, snippet: str, score: float | None) -> Hit:
        """A hit from the small JSON record the index stores beside each cable."""
        return cls(
            refid=stored.get("refid") or "",
            subject=stored.get("subject") or "",
            created=stored.get("created"),
            released=stored.get("released"),
            origin=stored.get("origin"),
            classification=stored.get("classification"),
            snippet=snippet,
            score=score,
            release_id=stored.get("release_id"),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "refid": self.refid,
            "subject": self.subject,
            "created": self.created,
            "released": self.released,
            "origin": self.origin,
            "classification": self.classification,
            "snippet": self.snippet,
            "score": self.score,
            "release_id": self.release_id,
        }


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet: ``value`` is what a filter takes, ``label`` what a reader sees."""

    value: str
    count: int
    label: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count, "label": self.label or self.value}


@dataclass(frozen=True, slots=True)
class SearchResult:
    """One page of results. ``histogram`` counts matches by year, or by month when the search is
    limited to a single year (``histogram_unit`` says which)."""

    query: str
    total: int
    hits: tuple[Hit, ...]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20
    sort: str = "relevance"
    took_ms: float = 0.0
    histogram: tuple[FacetValue, ...] = ()
    histogram_unit: str = "year"
    filters: dict[str, list[str]] = field(default_factory=dict)
    facets_cut: bool = False  # the facets missed their time budget: ``facets`` is empty
    # facets not counted for a result this big (``search.facets.EXTRA_UP_TO``)
    facets_left_out: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "sort": self.sort,
            "filters": self.filters,
            "took_ms": round(self.took_ms, 3),
            "hits": [h.to_dict() for h in self.hits],
            "facets": {name: [v.to_dict() for v in values] for name, values in self.facets.items()},
            "histogram": {
                "unit": self.histogram_unit,
                "buckets": [{"value": b.value, "count": b.count} for b in self.histogram],
            },
            "facets_cut": self.facets_cut,
            "facets_left_out": list(self.facets_left_out),
        }
