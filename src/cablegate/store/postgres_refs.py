"""The REF graph and a list's months read from the PostgreSQL store: the same answers as
``sqlite_refs`` and ``SqliteLists.months`` (the store tests run against both)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from cablegate.refid import canonical_id
from cablegate.store.base import AxisValue, CableSummary, CitedCount, RefEdge
from cablegate.store.counts import Remembered

_COLS = "refid, subject, created, released, origin, classification"
# the same conditions as ``postgres._AXIS_WHERE`` (and SQLite's); tags are counted from ``tags``
_WHERE = {
    "date": "created >= %(v)s AND created < %(v)s || '~'",
    "year": "created >= %(v)s AND created < %(v)s || '~'",
    "released": "released >= %(v)s AND released < %(v)s || '~'",
    "origin": "origin_slug = %(v)s",
    "classification": "class_slug = %(v)s",
    "country": "country = %(v)s",
}

CitedKey = tuple[str | None, str | None, int]


def _row(row: Sequence[Any]) -> CableSummary:
    return CableSummary(row[0], row[1] or "", row[2], row[3], row[4], row[5])


class PostgresRefs:
    """Mixed into :class:`cablegate.store.postgres.PostgresStore`."""

    conn: psycopg.Connection[Any]
    cited_counts: Remembered[CitedKey, tuple[CitedCount, ...]]
    month_counts: Remembered[tuple[str, str], tuple[AxisValue, ...]]
    generation: Callable[[], int]  # the store's (declared only: the class defines it)

    def ref_edges(self, refids: Sequence[str]) -> list[RefEdge]:
        ids = list(dict.fromkeys(refids))
        cids = list(dict.fromkeys(canonical_id(r) for r in ids))
        rows = self.conn.execute(
            "SELECT citing, cited, position FROM refs WHERE citing = ANY(%s)"
            " UNION SELECT citing, cited, position FROM refs WHERE cited = ANY(%s)",
            (ids, cids),
        )
        found = {RefEdge(c, d, int(p)) for c, d, p in rows}
        return sorted(found, key=lambda e: (e.citing, e.position))

    def summaries(self, refids: Sequence[str]) -> dict[str, CableSummary]:
        rows = self.conn.execute(
            f"SELECT {_COLS} FROM cables WHERE refid = ANY(%s)", (list(dict.fromkeys(refids)),)
        )
        return {r[0]: _row(r) for r in rows}

    def most_cited(
        self, *, year: str | None = None, origin: str | None = None, limit: int = 100
    ) -> list[CitedCount]:
        key = (year, origin, limit)
        return list(self.cited_counts.get(key, self.generation(), lambda: self._cited(*key)))

    def _cited(self, year: str | None, origin: str | None, limit: int) -> tuple[CitedCount, ...]:
        where = []
        if year is not None:
            where.append("created >= %(year)s AND created < %(year)s || '~'")
        if origin is not None:
            where.append("origin_slug = %(origin)s")
        among = (
            f" WHERE cited IN (SELECT canonical_id FROM cables WHERE {' AND '.join(where)})"
            if where
            else ""
        )
        params = {"year": year, "origin": (origin or "").lower(), "n": limit}
        counted = self.conn.execute(
            f"SELECT cited, count(*) AS n FROM refs{among}"
            " GROUP BY cited ORDER BY n DESC, cited LIMIT %(n)s",
            params,
        ).fetchall()
        cables: dict[str, CableSummary] = {}
        for row in self.conn.execute(
            f"SELECT canonical_id, {_COLS} FROM cables WHERE canonical_id = ANY(%s)"
            " ORDER BY release_id IS NULL, release_id, id",
            ([c for c, _ in counted],),
        ):
            cables.setdefault(row[0], _row(row[1:]))
        return tuple(CitedCount(c, int(n), cables.get(c)) for c, n in counted)

    def months(self, axis: str, value: str) -> list[AxisValue]:
        if axis != "tag" and axis not in _WHERE:
            raise ValueError(f"unknown axis {axis!r}; known: {', '.join(_WHERE)}, tag")
        if axis in ("tag", "country"):
            value = value.upper()
        elif axis in ("origin", "classification"):
            value = value.lower()
        source = "tags WHERE tag = %(v)s" if axis == "tag" else f"cables WHERE {_WHERE[axis]}"

        def made() -> tuple[AxisValue, ...]:
            rows = self.conn.execute(
                f"SELECT substr(created, 1, 7) AS m, count(*) FROM {source}"
                " AND created IS NOT NULL GROUP BY m ORDER BY m",
                {"v": value},
            )
            return tuple(AxisValue(m, int(n), m, m[:4]) for m, n in rows)

        return list(self.month_counts.get((axis, value), self.generation(), made))
