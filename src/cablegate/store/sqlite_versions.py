"""Every version of a cable in SQLite: the texts, the sources that carried them, the histories.

``texts`` holds one row per distinct text of a cable (``versions.redaction.text_key``); the
current text's header and body stay in its ``cables`` row only (NULL here), so an archive of one
version a cable, the common case, stores each text once. ``sightings`` holds each source that
carried a text, ``histories`` what lists need of the cables with more than one version (written
by ``versions.stored`` from the texts, marked stale by every write that adds to them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from cablegate.store.base import CableChange, ChangeList
from cablegate.store.codec import CableRow
from cablegate.store.schema import BUMP_GENERATION, NEXT_GENERATION
from cablegate.versions.dating import Sighting
from cablegate.versions.history import Facts, Text

# A text that becomes current: its header and body live in the cables row.
_CURRENT_TEXT = (
    "INSERT INTO texts(refid, text_key, redactions, words, damaged, currency)"
    " VALUES (?,?,?,?,?,?) ON CONFLICT(refid, text_key) DO UPDATE SET header = NULL,"
    " body = NULL, currency = max(currency, excluded.currency),"
    " damaged = CASE WHEN excluded.damaged = '' THEN '' ELSE damaged END"
)
# A text that does not: kept whole here; of two renderings of it (white space), the one that
# ranks first, so that the kept bytes do not depend on the ingest order.
_OTHER_TEXT = (
    "INSERT INTO texts(refid, text_key, redactions, words, damaged, currency, header, body)"
    " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(refid, text_key) DO UPDATE SET"
    " header = CASE WHEN header IS NOT NULL AND excluded.currency > currency"
    " THEN excluded.header ELSE header END,"
    " body = CASE WHEN header IS NOT NULL AND excluded.currency > currency"
    " THEN excluded.body ELSE body END,"
    " currency = CASE WHEN header IS NOT NULL THEN max(currency, excluded.currency)"
    " ELSE currency END,"
    " damaged = CASE WHEN excluded.damaged = '' THEN '' ELSE damaged END"
    # only when something changes: the count of changed rows says whether to bump the generation
    " WHERE (header IS NOT NULL AND excluded.currency > currency)"
    " OR (excluded.damaged = '' AND damaged != '')"
)
_SIGHTING = (
    "INSERT INTO sightings(text_id, location, source, name, seen, basis, site_count, released)"
    " SELECT id, ?, ?, ?, ?, ?, ?, ? FROM texts WHERE refid = ? AND text_key = ?"
    " ON CONFLICT(text_id, location) DO UPDATE SET source = excluded.source,"
    " name = excluded.name, seen = excluded.seen, basis = excluded.basis,"
    " site_count = excluded.site_count, released = excluded.released"
    " WHERE source IS NOT excluded.source OR name IS NOT excluded.name"
    " OR seen IS NOT excluded.seen OR basis IS NOT excluded.basis"
    " OR site_count IS NOT excluded.site_count OR released IS NOT excluded.released"
)
# the replaced current text goes back to its texts row whole, before the cables row changes
_KEEP_REPLACED = (
    "UPDATE texts SET (header, body) = (SELECT header, body FROM cables WHERE refid = ?1)"
    " WHERE refid = ?1 AND text_key = (SELECT text_key FROM cables WHERE refid = ?1)"
)
_FLAGS = (
    "UPDATE cables SET"
    " redacted = EXISTS (SELECT 1 FROM texts t WHERE t.refid = ?1 AND t.redactions > 0),"
    " history_stale = (SELECT count(*) FROM texts t WHERE t.refid = ?1) > 1,"
    " indexed = CASE WHEN redacted IS NOT"
    " EXISTS (SELECT 1 FROM texts t WHERE t.refid = ?1 AND t.redactions > 0)"
    " THEN 0 ELSE indexed END,"
    " changed = CASE WHEN redacted IS NOT"
    " EXISTS (SELECT 1 FROM texts t WHERE t.refid = ?1 AND t.redactions > 0)"
    f" THEN {NEXT_GENERATION} ELSE changed END WHERE refid = ?1"
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


class SqliteVersionWrites:
    """Mixed into :class:`cablegate.store.sqlite_writes.SqliteWrites`."""

    conn: sqlite3.Connection

    @staticmethod
    def _keep_replaced(cur: sqlite3.Cursor, refids: Sequence[str]) -> None:
        cur.executemany(_KEEP_REPLACED, [(r,) for r in refids])

    @staticmethod
    def _write_versions(
        cur: sqlite3.Cursor,
        written: Sequence[CableRow],
        others: Sequence[CableRow],
        current: dict[str, str],
        fresh: Collection[str] = (),
    ) -> bool:
        """Every row's text as a version and its source as a sighting; the flags of the cables
        that gained a text. ``current``: refid -> the current text's key after the batch (a
        row of the current text, the common case of a re-ingest, only adds its source).
        ``fresh``: the cables the batch inserted, with their flags: those with no other text
        in the batch keep them. Returns whether a text or a source was added or changed (the
        generation moves)."""
        sources = [s for r in (*written, *others) if (s := _sighting(r)) is not None]
        others = [r for r in others if r.text_key != current.get(r.refid)]
        cur.executemany(
            _CURRENT_TEXT,
            [(r.refid, r.text_key, r.redactions, r.words, r.damaged, r.currency) for r in written],
        )
        cur.executemany(
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
        changed = cur.rowcount > 0
        cur.executemany(_SIGHTING, sources)
        changed = changed or cur.rowcount > 0
        settled = set(fresh).difference(r.refid for r in others)
        refids = dict.fromkeys(r.refid for r in (*written, *others) if r.refid not in settled)
        cur.executemany(_FLAGS, [(r,) for r in refids])
        return changed

    def put_histories(self, facts: Iterable[Facts], done: Sequence[str] = ()) -> None:
        """Write what ``versions.stored`` found; ``done``: the refids it looked at (their
        stale mark goes, and a cable left with one version leaves the histories). A new
        generation: ``/changes`` and the history sections show it."""
        facts = list(facts)
        with self.conn:
            if done:
                self.conn.execute(BUMP_GENERATION)
            self.conn.executemany("DELETE FROM histories WHERE refid = ?", [(r,) for r in done])
            self.conn.executemany(
                "INSERT OR REPLACE INTO histories(refid, versions, changed, redacted,"
                " hidden_words, hidden_names, summary) VALUES (?,?,?,?,?,?,?)",
                [
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
                ],
            )
            self.conn.executemany(
                "UPDATE cables SET history_stale = 0 WHERE refid = ?", [(r,) for r in done]
            )


class SqliteVersionReads:
    """Mixed into :class:`cablegate.store.sqlite.SqliteStore`."""

    conn: sqlite3.Connection

    def texts(self, refid: str) -> list[Text]:
        """Every text kept of the cable published as ``refid``, with the sources of each (two
        queries: the cable page reads this for every cable)."""
        rows = self.conn.execute(
            "SELECT t.id, t.text_key, t.redactions, t.words, t.damaged, t.text_key = c.text_key,"
            " coalesce(t.header, c.header), coalesce(t.body, c.body)"
            " FROM texts t JOIN cables c ON c.refid = t.refid WHERE t.refid = ? ORDER BY t.id",
            (refid,),
        ).fetchall()
        seen: dict[int, list[Sighting]] = {}
        q = ",".join("?" * len(rows))
        for text_id, *fields in self.conn.execute(
            "SELECT text_id, source, name, location, seen, basis, site_count, released"
            f" FROM sightings WHERE text_id IN ({q})",
            [r[0] for r in rows],
        ):
            seen.setdefault(text_id, []).append(Sighting(*fields))
        return [
            Text(
                key,
                header or "",
                body or "",
                runs,
                words,
                bool(current),
                tuple(sorted(seen.get(text_id, ()), key=Sighting.order)),
                damaged,
            )
            for text_id, key, runs, words, damaged, current, header, body in rows
        ]

    def changes(self, *, page: int = 1, per_page: int = 50) -> ChangeList:
        """Cables with more than one version, newest change of text first."""
        page, per_page = max(1, page), max(1, min(per_page, 500))
        total = self.conn.execute("SELECT count(*) FROM histories").fetchone()[0]
        rows = self.conn.execute(
            "SELECT h.refid, c.subject, c.created, c.released, c.origin, c.classification,"
            " h.changed,"
            " h.versions, h.redacted, h.hidden_words, h.hidden_names, h.summary"
            " FROM histories h JOIN cables c ON c.refid = h.refid"
            " ORDER BY h.changed DESC, h.refid LIMIT ? OFFSET ?",
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
        """Cables whose versions changed since their history was summed up."""
        return [
            r
            for (r,) in self.conn.execute(
                "SELECT refid FROM cables WHERE history_stale = 1 ORDER BY refid LIMIT ?",
                (limit,),
            )
        ]

    def version_stats(self) -> dict[str, int]:
        """The figures ``stats`` adds about versions."""
        c = self.conn

        def one(sql: str) -> int:
            return int(c.execute(sql).fetchone()[0] or 0)

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
