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

# the keys ``Similarity.to_dict`` adds to a cable's JSON twin (the live site's only; ``similar`` is
# /cable/X/similar.json's)
JSON_KEYS = ("near_duplicates", "near_duplicates_built_at")


@dataclass(frozen=True, slots=True)
class Similarity:
    """``similar``: ``None`` when the search could not answer (the cable not indexed yet, or
    the time budget spent). ``near_duplicates``: ``None`` until the groups are built."""

    refid: str
    similar: tuple[Hit, ...] | None
    near_duplicates: tuple[CableSummary, ...] | None
    grouped_at: str | None = None  # when the groups were built
    searched: bool = True  # False: the near-duplicates alone (the cable page's; no search)

    def to_dict(self) -> dict[str, Any]:
        similar = (
            {}
            if not self.searched
            else {
                "similar": None
                if self.similar is None
                else [
                    {k: v for k, v in h.to_dict().items() if k not in ("snippet", "release_id")}
                    for h in self.similar
                ]
            }
        )
        return {
            **similar,
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
    search: bool = True,
) -> Similarity:
    """The cables like ``refid`` (any spelling the store resolves); ``search=False``: its
    near-duplicates only (a file's look-up), without the more-like-this search (5 ms of CPU
    p50 at full scale, twice what the rest of a cable page costs)."""
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
        similar=similar_cables(index.searcher(), found, limit=limit, budget=budget)
        if search
        else None,
        near_duplicates=fellows,
        grouped_at=None if groups is None else groups.built_at,
        searched=search,
    )


@dataclass(frozen=True, slots=True)
class SimilarPage:
    """``/cable/X/similar``: the cable named by its id and subject, and what is like it."""

    refid: str
    title: str
    similarity: Similarity

    def to_dict(self) -> dict[str, Any]:
        return {"refid": self.refid, "title": self.title, **self.similarity.to_dict()}
