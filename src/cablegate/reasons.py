"""Classification analytics: the share of each section 1.4 reason by year and by post.

A classified cable names the reasons of E.O. 12958 section 1.4 (or 1.5, the older order's
numbering) it is classified for, often several: the shares of a row sum to more than 100 %.
Pure over the store's counts (``Store.reason_counts``, ``Store.classified_cables``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cablegate.store.base import ReasonCount

# what each letter of section 1.4 covers (E.O. 12958 as amended by E.O. 13292)
MEANINGS: dict[str, str] = {
    "a": "military plans, weapons systems, or operations",
    "b": "foreign government information",
    "c": "intelligence activities, sources or methods, or cryptology",
    "d": "foreign relations or foreign activities of the United States",
    "e": "scientific, technological, or economic matters relating to national security",
    "f": "U.S. Government programs for safeguarding nuclear materials or facilities",
    "g": "vulnerabilities or capabilities of systems, installations, or plans",
    "h": "weapons of mass destruction",
}


def meaning(reason: str) -> str:
    """``1.4(b)`` -> "foreign government information"; "" for what the table does not know."""
    letter = reason[-2:-1] if reason.endswith(")") else ""
    return MEANINGS.get(letter, "") if reason.startswith("1.4") else ""


@dataclass(frozen=True, slots=True)
class Row:
    """One year or post: its classified cables and how many give each reason."""

    key: str
    cables: int
    counts: tuple[int, ...]  # in the order of ``ReasonTable.reasons``

    def shares(self) -> tuple[float, ...]:
        return tuple(n / self.cables if self.cables else 0.0 for n in self.counts)


@dataclass(frozen=True, slots=True)
class ReasonTable:
    reasons: tuple[str, ...]
    totals: tuple[int, ...]
    cables: int
    by_year: tuple[Row, ...]
    by_post: tuple[Row, ...]

    def to_dict(self) -> dict[str, Any]:
        def rows(rs: tuple[Row, ...], name: str) -> list[dict[str, Any]]:
            return [
                {
                    name: r.key,
                    "cables": r.cables,
                    "reasons": {
                        reason: {"cables": n, "share": round(s, 4)}
                        for reason, n, s in zip(self.reasons, r.counts, r.shares(), strict=True)
                    },
                }
                for r in rs
            ]

        return {
            "cables": self.cables,
            "reasons": [
                {"reason": r, "meaning": meaning(r), "cables": n}
                for r, n in zip(self.reasons, self.totals, strict=True)
            ],
            "by_year": rows(self.by_year, "year"),
            "by_post": rows(self.by_post, "post"),
        }


def _sort_key(reason: str) -> tuple[str, str]:
    return (reason.split("(")[0], reason)


def reason_table(
    counts: Iterable[ReasonCount], classified: Mapping[tuple[str | None, str | None], int]
) -> ReasonTable:
    """Counts by (reason, year, post) into the shares by year and by post."""
    found = list(counts)
    reasons = tuple(sorted({c.reason for c in found}, key=_sort_key))
    at = {r: i for i, r in enumerate(reasons)}
    by: dict[str, defaultdict[str, list[int]]] = {
        "year": defaultdict(lambda: [0] * len(reasons)),
        "post": defaultdict(lambda: [0] * len(reasons)),
    }
    for c in found:
        by["year"][c.year or ""][at[c.reason]] += c.count
        by["post"][c.post or ""][at[c.reason]] += c.count
    cables: dict[str, defaultdict[str, int]] = {"year": defaultdict(int), "post": defaultdict(int)}
    for (year, post), n in classified.items():
        cables["year"][year or ""] += n
        cables["post"][post or ""] += n
    rows = {
        name: tuple(
            Row(key, cables[name][key], tuple(v)) for key, v in sorted(by[name].items()) if key
        )
        for name in by
    }
    totals = tuple(sum(r.counts[i] for r in rows["year"]) for i in range(len(reasons)))
    return ReasonTable(reasons, totals, sum(classified.values()), rows["year"], rows["post"])
