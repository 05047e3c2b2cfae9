"""Reading the ``people`` and ``reasons`` tables, the same SQL in both stores (only the parameter mark differs).

``person_mentions`` is one pass over ``people_key`` (a covering index: surname, post, created,
name, role), grouped by month: at full scale about 400,000 rows into a few tens of thousands of
counts; the joined directory is then remembered per generation by its reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cablegate.people import Mention
from cablegate.store.base import CableSummary, PersonCable, ReasonCount

_MENTIONS = (
    "SELECT surname, name, post, substr(created, 1, 7) AS month, role, count(*) FROM people"
    " WHERE post IS NOT NULL AND created IS NOT NULL"
    " GROUP BY surname, post, month, name, role"
)


_REASONS = (
    "SELECT reason, substr(created, 1, 4) AS year, post, count(*) FROM reasons"
    " GROUP BY reason, year, post"
)


class PeopleReads:
    """Mixed into both stores."""

    conn: Any  # sqlite3.Connection or psycopg.Connection
    MARK = "?"  # the driver's parameter mark

    def person_mentions(self) -> list[Mention]:
        return [Mention(s, n, p, m, r, int(c)) for s, n, p, m, r, c in self.conn.execute(_MENTIONS)]

    def person_cables(
        self, surname: str, post: str, first: str, last: str, names: Sequence[str]
    ) -> list[PersonCable]:
        if not names:
            return []
        q = self.MARK
        marks = ", ".join([q] * len(names))
        rows = self.conn.execute(
            "SELECT c.refid, c.subject, c.created, c.released, c.origin, c.classification,"
            " p.role, p.name FROM people p JOIN cables c ON c.refid = p.refid"
            f" WHERE p.surname = {q} AND p.post = {q} AND p.created >= {q} AND p.created < {q}"
            f" AND p.name IN ({marks}) ORDER BY p.created, p.refid, p.position",
            (surname, post, first, last + "~", *names),
        )
        return [
            PersonCable(CableSummary(r[0], r[1] or "", r[2], r[3], r[4], r[5]), r[6], r[7])
            for r in rows
        ]

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
