"""Reading the ``people`` and ``reasons`` tables, the same SQL in both stores (only the parameter mark differs).

``person_mentions`` is one pass over ``people_key`` (a covering index: surname, post, created,
refid, position, name, role), grouped by month: at full scale about 400,000 rows into a few
tens of thousands of counts; the joined directory is then remembered per generation by its
reader. A person's cables are a range of the same index in its order (schema 6 put refid and
position after created): a page steps over the rows before it in the index alone and joins
only its own 50 rows to their cables, at any depth of a Secretary of State's list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from cablegate.people import Mention
from cablegate.store.base import CableSummary, PersonCable, PersonList, PersonRow, ReasonCount
from cablegate.store.counts import ListCounts

_MENTIONS = (
    "SELECT surname, name, post, substr(created, 1, 7) AS month, role, count(*) FROM people"
    " WHERE post IS NOT NULL AND created IS NOT NULL"
    " GROUP BY surname, post, month, name, role"
)


_REASONS = (
    "SELECT reason, substr(created, 1, 4) AS year, post, count(*) FROM reasons"
    " GROUP BY reason, year, post"
)


# a person's rows in the index's order (people_key: surname, post, created, refid, position)
# (NULLS FIRST: PostgreSQL's index is built so, as SQLite sorts; created is never NULL here)
_ORDER = "created NULLS FIRST, refid, position"
_ORDER_P = "p.created NULLS FIRST, p.refid, p.position"
_PERSON_COLS = (
    "c.refid, c.subject, c.created, c.released, c.origin, c.classification, p.role, p.name"
)


def _person_cable(r: Sequence[Any]) -> PersonCable:
    return PersonCable(CableSummary(r[0], r[1] or "", r[2], r[3], r[4], r[5]), r[6], r[7])


class PeopleReads:
    """Mixed into both stores."""

    conn: Any  # sqlite3.Connection or psycopg.Connection
    MARK = "?"  # the driver's parameter mark
    list_counts: ListCounts
    generation: Callable[[], int]  # the store's (declared only: the class defines it)

    def person_mentions(self) -> list[Mention]:
        return [Mention(s, n, p, m, r, int(c)) for s, n, p, m, r, c in self.conn.execute(_MENTIONS)]

    def person_cables(
        self,
        surname: str,
        post: str,
        first: str,
        last: str,
        names: Sequence[str],
        *,
        page: int = 1,
        per_page: int = 50,
    ) -> PersonList:
        page, per_page = max(1, page), max(1, min(per_page, 500))
        total = self._person_total(surname, post, first, last, names)
        if not names or total == 0:
            return PersonList((), total, page, per_page)
        where, params = self._person_where(surname, post, first, last, names)
        q = self.MARK
        rows = self.conn.execute(
            f"SELECT {_PERSON_COLS} FROM (SELECT refid, position, created, role, name"
            f" FROM people WHERE {where} ORDER BY {_ORDER} LIMIT {q} OFFSET {q}) p"
            f" JOIN cables c ON c.refid = p.refid ORDER BY {_ORDER_P}",
            (*params, per_page, (page - 1) * per_page),
        )
        return PersonList(tuple(map(_person_cable, rows)), total, page, per_page)

    def person_pages(
        self,
        surname: str,
        post: str,
        first: str,
        last: str,
        names: Sequence[str],
        *,
        per_page: int = 50,
    ) -> Iterator[PersonList]:
        per_page = max(1, min(per_page, 500))
        total = self._person_total(surname, post, first, last, names)
        if not names or total == 0:
            return
        where, params = self._person_where(surname, post, first, last, names)
        rows = self.conn.execute(
            f"SELECT {_PERSON_COLS} FROM (SELECT refid, position, created, role, name"
            f" FROM people WHERE {where}) p JOIN cables c ON c.refid = p.refid"
            f" ORDER BY {_ORDER_P}",
            params,
        )
        page = 0
        while batch := rows.fetchmany(per_page):
            page += 1
            yield PersonList(tuple(map(_person_cable, batch)), total, page, per_page)

    def person_rows(self) -> Iterator[PersonRow]:
        rows = self.conn.execute(
            "SELECT refid, surname, post, created, name FROM people"
            " WHERE post IS NOT NULL AND created IS NOT NULL"
        )
        for r in rows:
            yield PersonRow(*r)

    def _person_where(
        self, surname: str, post: str, first: str, last: str, names: Sequence[str]
    ) -> tuple[str, tuple[str, ...]]:
        q = self.MARK
        marks = ", ".join([q] * len(names))
        where = (
            f"surname = {q} AND post = {q} AND created >= {q} AND created < {q}"
            f" AND name IN ({marks})"
        )
        return where, (surname, post, first, last + "~", *names)

    def _person_total(
        self, surname: str, post: str, first: str, last: str, names: Sequence[str]
    ) -> int:
        """The rows of a person, counted in the index and remembered per generation (as a
        browse list's count)."""
        if not names:
            return 0
        where, params = self._person_where(surname, post, first, last, names)
        key = ("person", "\x1f".join(params))

        def counted() -> int:
            sql = f"SELECT count(*) FROM people WHERE {where}"
            return int(self.conn.execute(sql, params).fetchone()[0])

        return self.list_counts.count(key, self.generation(), counted)

    def reason_counts(self) -> list[ReasonCount]:
        return [
            ReasonCount(reason, year, post, int(n))
            for reason, year, post, n in self.conn.execute(_REASONS)
        ]

    def classified_cables(self) -> dict[tuple[str | None, str | None], int]:
        """(year, post) -> cables giving any reason (the shares' denominator)."""
        rows = self.conn.execute(
            "SELECT year, post, count(*) FROM (SELECT DISTINCT refid,"
            " substr(created, 1, 4) AS year, post FROM reasons) r GROUP BY year, post"
        )
        return {(y, p): int(n) for y, p, n in rows}
