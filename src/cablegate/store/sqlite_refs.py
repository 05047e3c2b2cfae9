"""The REF graph read from the SQLite store: a thread's steps and the most cited cables.

``refs`` holds each REF item as (citing refid, position, cited canonical id), indexed both
ways (its primary key and ``refs_cited``): a step of a walk is two index look-ups a cable.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from cablegate.refid import canonical_id
from cablegate.store.base import CableSummary, CitedCount, RefEdge
from cablegate.store.counts import Remembered
from cablegate.store.sqlite_lists import SUMMARY_COLS, summary

_CHUNK = 400  # ids bound a statement: under SQLite's 999 variables twice over

CitedKey = tuple[str | None, str | None, int]


class SqliteRefs:
    """Mixed into :class:`cablegate.store.sqlite.SqliteStore`."""

    conn: sqlite3.Connection
    cited_counts: Remembered[CitedKey, tuple[CitedCount, ...]]
    generation: Callable[[], int]  # the store's (declared only: the class defines it)

    def ref_edges(self, refids: Sequence[str]) -> list[RefEdge]:
        ids = list(dict.fromkeys(refids))
        found: set[RefEdge] = set()
        for i in range(0, len(ids), _CHUNK):
            part = ids[i : i + _CHUNK]
            cids = list(dict.fromkeys(canonical_id(r) for r in part))
            marks, cmarks = ",".join("?" * len(part)), ",".join("?" * len(cids))
            rows = self.conn.execute(
                f"SELECT citing, cited, position FROM refs WHERE citing IN ({marks})"
                f" UNION SELECT citing, cited, position FROM refs WHERE cited IN ({cmarks})",
                [*part, *cids],
            )
            found.update(RefEdge(c, d, p) for c, d, p in rows)
        return sorted(found, key=lambda e: (e.citing, e.position))

    def summaries(self, refids: Sequence[str]) -> dict[str, CableSummary]:
        ids = list(dict.fromkeys(refids))
        out: dict[str, CableSummary] = {}
        for i in range(0, len(ids), _CHUNK):
            part = ids[i : i + _CHUNK]
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                f"SELECT {SUMMARY_COLS} FROM cables WHERE refid IN ({marks})", part
            ):
                out[row[0]] = summary(row)
        return out

    def most_cited(
        self, *, year: str | None = None, origin: str | None = None, limit: int = 100
    ) -> list[CitedCount]:
        key = (year, origin, limit)
        return list(self.cited_counts.get(key, self.generation(), lambda: self._cited(*key)))

    def _cited(self, year: str | None, origin: str | None, limit: int) -> tuple[CitedCount, ...]:
        where, params = [], []
        if year is not None:
            where.append("created >= ? AND created < ? || '~'")
            params += [year, year]
        if origin is not None:
            where.append("origin_slug = ?")
            params.append(origin.lower())
        among = (
            f" WHERE cited IN (SELECT canonical_id FROM cables WHERE {' AND '.join(where)})"
            if where
            else ""
        )
        counted = self.conn.execute(
            f"SELECT cited, count(*) AS n FROM refs{among}"
            " GROUP BY cited ORDER BY n DESC, cited LIMIT ?",
            [*params, limit],
        ).fetchall()
        cables = self._by_canonical([c for c, _ in counted])
        return tuple(CitedCount(c, int(n), cables.get(c)) for c, n in counted)

    def _by_canonical(self, cids: Sequence[str]) -> dict[str, CableSummary]:
        """canonical id -> the list row of the cable ``resolve_many`` names for it."""
        out: dict[str, CableSummary] = {}
        for i in range(0, len(cids), _CHUNK):
            part = list(cids[i : i + _CHUNK])
            marks = ",".join("?" * len(part))
            for row in self.conn.execute(
                f"SELECT canonical_id, {SUMMARY_COLS} FROM cables"
                f" WHERE canonical_id IN ({marks}) ORDER BY release_id IS NULL, release_id, id",
                part,
            ):
                out.setdefault(row[0], summary(row[1:]))
        return out
