"""Reading lists from the SQLite store: one page of a browse list, every page of one in a
single walk, and the values of an axis with their counts.

Every default-order list walks an index that holds the list's key and its order (``tags_tag``
is ``(tag, created, refid)``, ``cables_origin`` is ``(origin_slug, created, refid)``...).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

from cablegate.posts import all_posts, post_for_slug, slugify
from cablegate.store.base import AxisValue, CableSummary, ListPage
from cablegate.store.counts import ListCounts, Remembered
from cablegate.vocabulary import BROWSE_SORTS, CLASSIFICATIONS, keys

SUMMARY_COLS = "refid, subject, created, released, origin, classification"
_SUMMARY_COLS_C = "c.refid, c.subject, c.created, c.released, c.origin, c.classification"
# every browse sort key is the name of its column
_SORT_COLUMNS = frozenset(keys(BROWSE_SORTS))
# Each axis is a condition on an indexed column; a prefix of an ISO time is a range on it.
_AXIS_WHERE = {
    "date": "created >= ?1 AND created < ?1 || '~'",
    "year": "created >= ?1 AND created < ?1 || '~'",
    "released": "released >= ?1 AND released < ?1 || '~'",
    "origin": "origin_slug = ?1",
    "classification": "class_slug = ?1",
    "country": "country = ?1",
    "tag": "refid IN (SELECT refid FROM tags WHERE tag = ?1)",
}
_AXIS_GROUP = {
    "date": "substr(created, 1, 7)",
    "year": "substr(created, 1, 4)",
    "released": "substr(released, 1, 10)",
    "origin": "origin_slug",
    "classification": "class_slug",
    "country": "country",
}


def summary(row: sqlite3.Row | tuple[Any, ...]) -> CableSummary:
    return CableSummary(row[0], row[1] or "", row[2], row[3], row[4], row[5])


def _value(axis: str, value: str) -> str:
    """The stored form of a value as an address spells it (tags and countries upper case,
    slugs lower case)."""
    if axis not in _AXIS_WHERE:
        raise ValueError(f"unknown axis {axis!r}; known: {', '.join(_AXIS_WHERE)}")
    if axis in ("tag", "country"):
        return value.upper()
    if axis in ("origin", "classification"):
        return value.lower()
    return value


class SqliteLists:
    """Mixed into :class:`cablegate.store.sqlite.SqliteStore`."""

    conn: sqlite3.Connection
    list_counts: ListCounts
    month_counts: Remembered[tuple[str, str], tuple[AxisValue, ...]]
    generation: Callable[[], int]  # the store's (declared only: the class defines it)

    def _count(self, axis: str, value: str) -> int:
        """The list's count, remembered while the generation does not move (``counts``)."""
        if axis == "tag":
            sql = "SELECT count(*) FROM tags WHERE tag = ?"
        else:
            sql = f"SELECT count(*) FROM cables WHERE {_AXIS_WHERE[axis]}"
        return self.list_counts.count(
            (axis, value),
            self.generation(),
            lambda: int(self.conn.execute(sql, (value,)).fetchone()[0]),
        )

    def browse(
        self,
        axis: str,
        value: str,
        *,
        sort: str = "created",
        order: str = "asc",
        page: int = 1,
        per_page: int = 50,
    ) -> ListPage:
        value = _value(axis, value)
        column = sort if sort in _SORT_COLUMNS else "created"
        direction = "DESC" if order == "desc" else "ASC"
        page = max(1, page)
        per_page = max(1, min(per_page, 500))
        where = _AXIS_WHERE[axis]
        offset = (page - 1) * per_page
        total = self._count(axis, value)
        if axis == "tag" and column in ("created", "refid"):
            # the tags index holds (tag, created, refid): the rows before the page are stepped
            # over in it alone, and only the page's rows are joined to their cables (the last
            # page of /tag/PREL, 177,833 cables: 119 -> 12 ms at full scale)
            keys = [column, "refid"] if column != "refid" else ["refid"]
            inner = ", ".join(f"{k} {direction}" for k in keys)
            outer = ", ".join(f"t.{k} {direction}" for k in keys)
            rows = self.conn.execute(
                f"SELECT {_SUMMARY_COLS_C} FROM (SELECT refid, created FROM tags WHERE tag = ?"
                f" ORDER BY {inner} LIMIT ? OFFSET ?) t JOIN cables c ON c.refid = t.refid"
                f" ORDER BY {outer}",
                (value, per_page, offset),
            )
        else:
            rows = self.conn.execute(
                f"SELECT {SUMMARY_COLS} FROM cables WHERE {where}"
                f" ORDER BY {column} {direction}, refid {direction} LIMIT ?2 OFFSET ?3",
                (value, per_page, offset),
            )
        return ListPage(
            tuple(summary(r) for r in rows),
            total,
            page,
            per_page,
            column,
            "desc" if direction == "DESC" else "asc",
        )

    def browse_pages(self, axis: str, value: str, *, per_page: int = 50) -> Iterator[ListPage]:
        """Every page of a list in the default order, from one count and one walk along the
        list's index: page n+1 starts where page n stopped, where ``browse(page=n)`` would
        step over (n - 1) * per_page rows (and count them again) for each page."""
        value = _value(axis, value)
        per_page = max(1, min(per_page, 500))
        total = self._count(axis, value)
        if total == 0:
            return
        if axis == "tag":
            sql = (
                f"SELECT {_SUMMARY_COLS_C} FROM tags t JOIN cables c ON c.refid = t.refid"
                " WHERE t.tag = ?1 ORDER BY t.created, t.refid"
            )
        else:
            sql = f"SELECT {SUMMARY_COLS} FROM cables WHERE {_AXIS_WHERE[axis]} ORDER BY created, refid"
        rows = self.conn.execute(sql, (value,))
        page = 0
        while batch := rows.fetchmany(per_page):
            page += 1
            yield ListPage(tuple(map(summary, batch)), total, page, per_page, "created", "asc")

    def months(self, axis: str, value: str) -> list[AxisValue]:
        value = _value(axis, value)

        def made() -> tuple[AxisValue, ...]:
            if axis == "tag":  # tags_tag holds (tag, created): the count never reads cables
                sql = "SELECT substr(created, 1, 7) AS m, count(*) FROM tags WHERE tag = ?1"
            else:
                sql = f"SELECT substr(created, 1, 7) AS m, count(*) FROM cables WHERE {_AXIS_WHERE[axis]}"
            rows = self.conn.execute(
                f"{sql} AND created IS NOT NULL GROUP BY m ORDER BY m", (value,)
            )
            return tuple(AxisValue(m, int(n), m, m[:4]) for m, n in rows)

        return list(self.month_counts.get((axis, value), self.generation(), made))

    def axis_values(self, axis: str) -> list[AxisValue]:
        """Counts grouped on indexed columns only; labels come from the reference tables."""
        if axis == "tag":
            from cablegate.tagbook import tag_info

            rows = self.conn.execute("SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY tag")
            out = []
            for tag, n in rows:
                info = tag_info(tag)
                out.append(AxisValue(tag, n, info.meaning or "", info.kind))
            return out
        if axis not in _AXIS_GROUP:
            raise ValueError(f"unknown axis {axis!r}")
        expr = _AXIS_GROUP[axis]
        rows = self.conn.execute(
            f"SELECT {expr} AS v, count(*) FROM cables WHERE v IS NOT NULL GROUP BY v ORDER BY v"
        )
        classes = {slugify(c): c for c in CLASSIFICATIONS}
        countries = {p.iso2: (p.country, p.region) for p in all_posts()}
        values = []
        for v, n in rows:
            label, group = v, ""
            if axis == "origin":
                post = post_for_slug(v)
                label = post.origin if post else self._name_of("origin", "origin_slug", v)
                group = f"{post.region}/{post.country}" if post else "Other"
            elif axis == "classification":
                label = classes.get(v) or self._name_of("classification", "class_slug", v)
            elif axis == "country":
                label, group = countries.get(v, (v, ""))
            elif axis in ("date", "released"):
                group = v[:4]
            values.append(AxisValue(v, n, label, group))
        return values

    def _name_of(self, column: str, slug_column: str, slug: str) -> str:
        row = self.conn.execute(
            f"SELECT {column} FROM cables WHERE {slug_column} = ? LIMIT 1", (slug,)
        ).fetchone()
        return str(row[0]) if row else slug
