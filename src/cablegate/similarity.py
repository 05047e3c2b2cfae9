"""What is like one cable: the most similar cables (a more-like-this search, on request) and
its near-duplicates (the groups ``cablegate similar --build`` wrote). The cable page, its JSON
twin and ``cablegate similar REFID`` all show this one record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cablegate.errors import NotFound
from cablegate.nearduplicates import load, path_for
from cablegate.search.budget import Budget
from cablegate.search.index import SearchIndex
from cablegate.search.result import Hit
from cablegate.search.similar import SHOWN, similar_cables
from cablegate.store.base import CableSummary, Store

# the keys ``Similarity.to_dict`` adds to a cable's JSON twin (the live site's only)
JSON_KEYS = ("similar", "near_duplicates", "near_duplicates_built_at")


@dataclass(frozen=True, slots=True)
class Similarity:
    """``similar``: ``None`` when the search could not answer (the cable not indexed yet, or
    the time budget spent). ``near_duplicates``: ``None`` until the groups are built."""

    refid: str
    similar: tuple[Hit, ...] | None
    near_duplicates: tuple[CableSummary, ...] | None
    grouped_at: str | None = None  # when the groups were built

    def to_dict(self) -> dict[str, Any]:
        return {
            "similar": None
            if self.similar is None
            else [
                {k: v for k, v in h.to_dict().items() if k not in ("snippet", "release_id")}
                for h in self.similar
            ],
            "near_duplicates": None
            if self.near_duplicates is None
            else [s.to_dict() for s in self.near_duplicates],
            "near_duplicates_built_at": self.grouped_at,
        }


def similar_to(
    store: Store,
    index: SearchIndex,
    refid: str,
    *,
    limit: int = SHOWN,
    budget: Budget | None = None,
) -> Similarity:
    """The cables like ``refid`` (any spelling the store resolves)."""
    found = store.resolve(refid)
    if found is None:
        raise NotFound(f"There is no cable {refid!r} in this archive.")
    groups = load(path_for(index.path))
    fellows: tuple[CableSummary, ...] | None = None
    if groups is not None:
        others = groups.of(found)
        summaries = store.summaries(others)
        fellows = tuple(summaries[r] for r in others if r in summaries)
    return Similarity(
        refid=found,
        similar=similar_cables(index.searcher(), found, limit=limit, budget=budget),
        near_duplicates=fellows,
        grouped_at=None if groups is None else groups.built_at,
    )
