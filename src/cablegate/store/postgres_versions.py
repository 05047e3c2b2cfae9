"""Every version of a cable in PostgreSQL: ``texts``, ``sightings`` and ``histories`` as
SQLite's store keeps them (``sqlite_versions``), the same rules in PostgreSQL's dialect.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import psycopg

from cablegate.store.base import CableChange, ChangeList
from cablegate.store.codec import CableRow
from cablegate.versions.dating import Sighting
from cablegate.versions.history import Facts, Text

BUMP = "UPDATE meta SET value = (CAST(value AS BIGINT) + 1)::text WHERE key = 'generation'"
# Every write transaction takes the generation's row first: writers take turns from their first
# statement, as on SQLite, so that NEXT (what the write bumps the generation to) is the same
# number from its first row to its commit, and the rows of one generation commit together.
LOCK = "SELECT value FROM meta WHERE key = 'generation' FOR UPDATE"
# the generation a write that changes a cable's search document commits with (see SQLite's
# ``schema.NEXT_GENERATION``): ``cables.changed``
NEXT = "(SELECT CAST(value AS BIGINT) + 1 FROM meta WHERE key = 'generation')"

# A text that becomes current: its header and body live in the cables row.
_CURRENT_TEXT = (
    "INSERT INTO texts AS t(refid, text_key, redactions, words, damaged, currency)"
    " VALUES (%s,%s,%s,%s,%s,%s) ON CONFLICT(refid, text_key) DO UPDATE SET header = NULL,"
    " body = NULL, currency = greatest(t.currency, excluded.currency),"
    " damaged = CASE WHEN excluded.damaged = '' THEN '' ELSE t.damaged END"
)
# A text that does not: kept whole; of two renderings of it, the one that ranks first.
_OTHER_TEXT = (
    "INSERT INTO texts AS t(refid, text_key, redactions, words, damaged, currency, header, body)"
    " VALUES (%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT(refid, text_key) DO UPDATE SET"
    " header = CASE WHEN t.header IS NOT NULL AND excluded.currency > t.currency"
    " THEN excluded.header ELSE t.header END,"
    " body = CASE WHEN t.header IS NOT NULL AND excluded.currency > t.currency"
    " THEN excluded.body ELSE t.body END,"
    " currency = CASE WHEN t.header IS NOT NULL THEN greatest(t.currency, excluded.currency)"
    " ELSE t.currency END,"
    " damaged = CASE WHEN excluded.damaged = '' THEN '' ELSE t.damaged END"
    " WHERE (t.header IS NOT NULL AND excluded.currency > t.currency)"
    " OR (excluded.damaged = '' AND t.damaged != '')"
)
_SIGHTING = (
    "INSERT INTO sightings AS s(text_id, location, source, name, seen, basis, site_count,"
    " released) SELECT id, %s, %s, %s, %s, %s, %s, %s FROM texts"
    " WHERE refid = %s AND text_key = %s"
    " ON CONFLICT(text_id, location) DO UPDATE SET source = excluded.source,"
    " name = excluded.name, seen = excluded.seen, basis = excluded.basis,"
    " site_count = excluded.site_count, released = excluded.released"
    " WHERE s.source IS DISTINCT FROM excluded.source OR s.name IS DISTINCT FROM excluded.name"
    " OR s.seen IS DISTINCT FROM excluded.seen OR s.basis IS DISTINCT FROM excluded.basis"
    " OR s.site_count IS DISTINCT FROM excluded.site_count"
    " OR s.released IS DISTINCT FROM excluded.released"
)
_KEEP_REPLACED = (
    "UPDATE texts t SET header = c.header, body = c.body FROM cables c"
    " WHERE c.refid = %s AND t.refid = c.refid AND t.text_key = c.text_key"
)
_FLAGS = (
    "UPDATE cables c SET redacted = f.redacted, history_stale = f.stale,"
    " indexed = CASE WHEN c.redacted IS DISTINCT FROM f.redacted THEN 0 ELSE c.indexed END"
    f", changed = CASE WHEN c.redacted IS DISTINCT FROM f.redacted THEN {NEXT} ELSE c.changed END"
    " FROM (SELECT CAST(coalesce(bool_or(redactions > 0), false) AS INTEGER) AS redacted,"
    " CAST(count(*) > 1 AS INTEGER) AS stale FROM texts WHERE refid = %(r)s) f"
    " WHERE c.refid = %(r)s"
)


def _sighting(row: CableRow) -> tuple[Any, ...] | None:
    s = row.sighting
    if s is None:
        return None
    return (
        s.location,
        s.source,
        s.name,
        s.seen,
        s.basis,
        s.site_count,
        s.released,
        row.refid,
        row.text_key,
    )


def _rowcount(cur: psycopg.Cursor[Any], sql: str, params: list[tuple[Any, ...]]) -> int:
    """Rows ``sql`` changed over ``params`` (one statement each: the count must be exact)."""
    n = 0
    for p in params:
        cur.execute(sql, p)
        n += max(0, cur.rowcount)
    return n


class PostgresVersionWrites:
    """Mixed into :class:`cablegate.store.postgres_writes.PostgresWrites`."""

    conn: psycopg.Connection[Any]

    @staticmethod
    def _keep_replaced(cur: psycopg.Cursor[Any], refids: Sequence[str]) -> None:
        for r in refids:
            cur.execute(_KEEP_REPLACED, (r,))

    @staticmethod
    def _write_versions(
        cur: psycopg.Cursor[Any],
        written: Sequence[CableRow],
        others: Sequence[CableRow],
        current: dict[str, str],
    ) -> bool:
        """As :meth:`cablegate.store.sqlite_versions.SqliteVersionWrites._write_versions`."""
        sources = [s for r in (*written, *others) if (s := _sighting(r)) is not None]
        others = [r for r in others if r.text_key != current.get(r.refid)]
        if written:
            cur.executemany(
                _CURRENT_TEXT,
                [
                    (r.refid, r.text_key, r.redactions, r.words, r.damaged, r.currency)
                    for r in written
                ],
            )
        changed = (
            _rowcount(
                cur,
                _OTHER_TEXT,
                [
                    (
                        r.refid,
                        r.text_key,
                        r.redactions,
                        r.words,
                        r.damaged,
                        r.currency,
                        r.header,
                        r.body,
                    )
                    for r in others
                ],
            )
            > 0
        )
        changed = _rowcount(cur, _SIGHTING, sources) > 0 or changed
        refids = dict.fromkeys(r.refid for r in (*written, *others))
        if refids:
            cur.executemany(_FLAGS, [{"r": r} for r in refids])
        return changed

    def put_histories(self, facts: Iterable[Facts], done: Sequence[str] = ()) -> None:
        """As SQLite's store: write what ``versions.stored`` found (a new generation)."""
        facts = list(facts)
        with self.conn.transaction(), self.conn.cursor() as cur:
            if done:
                cur.execute(BUMP)
            cur.execute("DELETE FROM histories WHERE refid = ANY(%s)", (list(done),))
            rows = [
                (
                    f.refid,
                    f.versions,
                    f.changed,
                    int(f.redacted),
                    f.hidden_words,
                    f.hidden_names,
                    f.summary,
                )
                for f in facts
                if f.versions > 1
            ]
            if rows:
                cur.executemany(
                    "INSERT INTO histories AS h(refid, versions, changed, redacted,"
                    " hidden_words, hidden_names, summary) VALUES (%s,%s,%s,%s,%s,%s,%s)"
                    " ON CONFLICT(refid) DO UPDATE SET versions = excluded.versions,"
                    " changed = excluded.changed, redacted = excluded.redacted,"
                    " hidden_words = excluded.hidden_words, hidden_names = excluded.hidden_names,"
                    " summary = excluded.summary",
                    rows,
                )
            cur.execute("UPDATE cables SET history_stale = 0 WHERE refid = ANY(%s)", (list(done),))


class PostgresVersionReads:
    """Mixed into :class:`cablegate.store.postgres.PostgresStore`."""

    conn: psycopg.Connection[Any]

    def texts(self, refid: str) -> list[Text]:
        """As SQLite's, in one statement: each text's sources come as a JSON array beside it
        (the cable page reads this for every cable, and each statement is a round trip)."""
        rows = self.conn.execute(
            "SELECT t.text_key, t.redactions, t.words, t.damaged, t.text_key = c.text_key,"
            " coalesce(t.header, c.header), coalesce(t.body, c.body),"
            " (SELECT coalesce(json_agg(json_build_array(s.source, s.name, s.location, s.seen,"
            " s.basis, s.site_count, s.released)), '[]') FROM sightings s WHERE s.text_id = t.id)"
            " FROM texts t JOIN cables c ON c.refid = t.refid WHERE t.refid = %s ORDER BY t.id",
            (refid,),
        ).fetchall()
        return [
            Text(
                key,
                header or "",
                body or "",
                runs,
                words,
                bool(current),
                tuple(sorted((Sighting(*s) for s in sightings), key=Sighting.order)),
                damaged,
            )
            for key, runs, words, damaged, current, header, body, sightings in rows
        ]

    def changes(self, *, page: int = 1, per_page: int = 50) -> ChangeList:
        page, per_page = max(1, page), max(1, min(per_page, 500))
        row = self.conn.execute("SELECT count(*) FROM histories").fetchone()
        total = int(row[0]) if row else 0
        rows = self.conn.execute(
            "SELECT h.refid, c.subject, c.created, c.released, c.origin, c.classification,"
            " h.changed, h.versions, h.redacted, h.hidden_words, h.hidden_names, h.summary"
            " FROM histories h JOIN cables c ON c.refid = h.refid"
            " ORDER BY h.changed DESC, h.refid LIMIT %s OFFSET %s",
            (per_page, (page - 1) * per_page),
        )
        items = tuple(
            CableChange(
                refid=r[0],
                subject=r[1] or "",
                created=r[2],
                released=r[3],
                origin=r[4],
                classification=r[5],
                changed=r[6],
                versions=r[7],
                redacted=bool(r[8]),
                hidden_words=r[9],
                hidden_names=r[10],
                summary=r[11],
            )
            for r in rows
        )
        return ChangeList(items, total, page, per_page)

    def stale_histories(self, limit: int = 500) -> list[str]:
        return [
            r
            for (r,) in self.conn.execute(
                "SELECT refid FROM cables WHERE history_stale = 1 ORDER BY refid LIMIT %s",
                (limit,),
            )
        ]

    def version_stats(self) -> dict[str, int]:
        c = self.conn

        def one(sql: str) -> int:
            row = c.execute(sql).fetchone()
            return int(row[0] or 0) if row else 0

        texts = one("SELECT count(*) FROM texts WHERE damaged = ''")
        return {
            "versions": texts,
            "older_versions": max(0, texts - one("SELECT count(*) FROM cables")),
            "damaged_versions": one("SELECT count(*) FROM texts WHERE damaged != ''"),
            "cables_with_versions": one("SELECT count(*) FROM histories"),
            "redacted_cables": one("SELECT count(*) FROM cables WHERE redacted = 1"),
            "redacted_versions": one("SELECT count(*) FROM texts WHERE redactions > 0"),
            "hidden_words": one("SELECT sum(hidden_words) FROM histories"),
            "sources_seen": one("SELECT count(*) FROM sightings"),
        }
