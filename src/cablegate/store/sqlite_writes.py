"""Writing to the SQLite store: batched upserts, media, release events, rejects, index marks.

Each batch is one transaction and one ``executemany`` per table: at full scale the per-row
statements cost as much as parsing did.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from cablegate.sources.record import ReleaseEvent
from cablegate.store.base import Pending, UpsertCounts, Waiting
from cablegate.store.batch import COLUMNS, Batch, Held, in_chunks, now, row_columns, sort_batch
from cablegate.store.codec import CableRow
from cablegate.store.people_rows import people_rows, reason_rows
from cablegate.store.schema import BUMP_GENERATION, NEXT_GENERATION
from cablegate.store.sqlite_versions import SqliteVersionWrites
from cablegate.store.tables import LOAD_BATCH, TABLES

# a new cable's redacted flag goes in with it: an UPDATE of the flags would write its whole
# row (header and body) a second time
_INSERT = (
    f"INSERT INTO cables({COLUMNS}, released, redacted, indexed, changed)"
    f" VALUES ({', '.join('?' * 24)}, 0, {NEXT_GENERATION})"
)
_UPDATE = (
    "UPDATE cables SET "
    + ", ".join(f"{c.strip()} = ?" for c in COLUMNS.split(",")[:-1])
    + f", indexed = 0, changed = {NEXT_GENERATION} WHERE refid = ?"
)
_UPDATE = _UPDATE.replace("release_id = ?", "release_id = coalesce(?, release_id)")
_INSERT_MEDIA = "INSERT OR IGNORE INTO media(refid, url) VALUES (?,?)"
_INSERT_RELEASE = "INSERT OR IGNORE INTO releases(refid, released, precision) VALUES (?,?,?)"
# released is the earliest release event; a change sends the cable back to the indexer
_REFRESH_RELEASED = (
    "UPDATE cables SET released = (SELECT min(released) FROM releases r WHERE r.refid ="
    f" cables.refid), indexed = 0, changed = {NEXT_GENERATION} WHERE refid = ? AND released IS NOT"
    " (SELECT min(released) FROM releases r WHERE r.refid = ?)"
)


class SqliteWrites(SqliteVersionWrites):
    """The write half of :class:`cablegate.store.sqlite.SqliteStore`."""

    conn: sqlite3.Connection

    def upsert_cables(self, rows: Sequence[CableRow]) -> UpsertCounts:
        """One transaction per batch: a killed ingest leaves whole batches or nothing."""
        if not rows:
            return UpsertCounts()
        stamp = now()
        batch = sort_batch(rows, self._existing([r.refid for r in rows]))
        with self.conn:
            cur = self.conn.cursor()
            self._write_rows(cur, batch, stamp)
            current = {r: held.text_key for r, held in batch.existing.items()}
            current.update((r.refid, r.text_key) for r in batch.written)
            versions = self._write_versions(
                cur, batch.written, batch.extras, current, fresh=batch.fresh.keys()
            )
            self._write_children(cur, batch)
            touched = self._add_media(cur, [(r.refid, u) for r in batch.extras for u in r.media])
            touched |= self._add_releases(
                cur,
                [
                    ReleaseEvent(r.refid, r.released, r.released_precision)
                    for r in batch.extras
                    if r.released
                ],
            )
            self._refresh_released(cur, [*batch.changed, *(r.refid for r in batch.extras)])
            if batch.fresh or batch.changed or touched or versions:
                cur.execute(BUMP_GENERATION)
        return batch.counts(touched)

    def _write_rows(self, cur: sqlite3.Cursor, batch: Batch, stamp: str) -> None:
        """New rows, changed rows (the replaced text kept as its version), release events."""
        # events first: a new cable is inserted with its earliest one, stored before or now
        cur.executemany(
            _INSERT_RELEASE,
            [(r.refid, r.released, r.released_precision) for r in batch.written if r.released],
        )
        earliest = self._earliest_releases(list(batch.fresh))
        cur.executemany(
            _INSERT,
            [
                (*row_columns(r, stamp), earliest.get(r.refid), int(r.redactions > 0))
                for _, r in batch.fresh.values()
            ],
        )
        self._keep_replaced(
            cur, [r.refid for _, r in batch.changed.values() if batch.text_changed(r)]
        )
        cur.executemany(_UPDATE, [row_columns(r, stamp) for _, r in batch.changed.values()])

    @staticmethod
    def _write_children(cur: sqlite3.Cursor, batch: Batch) -> None:
        """Tags, REF edges, problems and media of every written row (a changed row's old ones
        deleted first)."""
        gone = [(r,) for r in batch.changed]
        cur.executemany("DELETE FROM tags WHERE refid = ?", gone)
        cur.executemany("DELETE FROM people WHERE refid = ?", gone)
        cur.executemany("DELETE FROM reasons WHERE refid = ?", gone)
        cur.executemany("DELETE FROM refs WHERE citing = ?", gone)
        cur.executemany("DELETE FROM problems WHERE refid = ?", gone)
        written = batch.written
        cur.executemany(
            "INSERT OR IGNORE INTO tags(refid, position, tag, created) VALUES (?,?,?,?)",
            [(r.refid, i, t, r.created) for r in written for i, t in enumerate(r.tags)],
        )
        cur.executemany(
            "INSERT OR IGNORE INTO people VALUES (?,?,?,?,?,?,?)",
            [p for r in written for p in people_rows(r.refid, r.people, r.origin, r.created)],
        )
        cur.executemany(
            "INSERT OR IGNORE INTO reasons VALUES (?,?,?,?,?)",
            [x for r in written for x in reason_rows(r.refid, r.reasons, r.origin, r.created)],
        )
        cur.executemany(
            "INSERT OR IGNORE INTO refs(citing, position, cited) VALUES (?,?,?)",
            [(r.refid, i, c) for r in written for i, c in enumerate(r.references)],
        )
        cur.executemany(
            "INSERT INTO problems(refid, problem) VALUES (?,?)",
            [(r.refid, p) for r in written for p in r.problems],
        )
        # whether a written cable gained a link counts for nothing: insert in bulk
        cur.executemany(_INSERT_MEDIA, [(r.refid, u) for r in written for u in r.media])

    def _existing(self, refids: Sequence[str]) -> dict[str, Held]:
        out: dict[str, Held] = {}
        for part in in_chunks(refids):
            q = ",".join("?" * len(part))
            for refid, th, mh, currency, key in self.conn.execute(
                "SELECT refid, text_hash, meta_hash, currency, text_key FROM cables"
                f" WHERE refid IN ({q})",
                list(part),
            ):
                out[refid] = Held(th, mh, currency, key)
        return out

    def _earliest_releases(self, refids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for part in in_chunks(refids):
            q = ",".join("?" * len(part))
            out.update(
                self.conn.execute(
                    f"SELECT refid, min(released) FROM releases WHERE refid IN ({q}) GROUP BY refid",
                    list(part),
                )
            )
        return out

    @staticmethod
    def _add_media(cur: sqlite3.Cursor, links: list[tuple[str, str]]) -> set[str]:
        """Insert links; the refids that gained one."""
        gained: set[str] = set()
        for refid, url in links:
            cur.execute(_INSERT_MEDIA, (refid, url))
            if cur.rowcount > 0:
                gained.add(refid)
        return gained

    @staticmethod
    def _add_releases(cur: sqlite3.Cursor, events: list[ReleaseEvent]) -> set[str]:
        """Insert release events; the refids that gained one."""
        gained: set[str] = set()
        for e in events:
            cur.execute(
                _INSERT_RELEASE,
                (e.refid, e.released, e.precision),
            )
            if cur.rowcount > 0:
                gained.add(e.refid)
        return gained

    @staticmethod
    def _refresh_released(cur: sqlite3.Cursor, refids: Sequence[str]) -> None:
        """Set ``released`` of these cables from their events, stored before or now."""
        with_events: list[str] = []
        for part in in_chunks(list(dict.fromkeys(refids))):
            q = ",".join("?" * len(part))
            with_events.extend(
                r
                for (r,) in cur.execute(
                    f"SELECT DISTINCT refid FROM releases WHERE refid IN ({q})", list(part)
                )
            )
        cur.executemany(_REFRESH_RELEASED, [(r, r) for r in with_events])

    def add_media(self, links: Iterable[tuple[str, str]]) -> int:
        with self.conn:
            cur = self.conn.cursor()
            before = self.conn.total_changes
            self._add_media(cur, list(links))
            added = self.conn.total_changes - before
            if added:
                cur.execute(BUMP_GENERATION)
            return added

    def add_releases(self, events: Iterable[ReleaseEvent]) -> int:
        events = list(events)
        with self.conn:
            cur = self.conn.cursor()
            before = self.conn.total_changes
            self._add_releases(cur, events)
            added = self.conn.total_changes - before
            self._refresh_released(cur, [e.refid for e in events])
            if added:
                cur.execute(BUMP_GENERATION)
        return added

    def add_rejects(self, rejects: Iterable[tuple[str, str, str]]) -> None:
        stamp = now()
        rows = [(loc, why, raw, stamp) for loc, why, raw in rejects]
        with self.conn:
            self.conn.executemany(
                "INSERT INTO rejects(location, reason, raw, at) VALUES (?,?,?,?)", rows
            )
            if rows:
                self.conn.execute(BUMP_GENERATION)  # the statistics count them

    def load(self, table: str, rows: Iterable[Sequence[Any]]) -> int:
        """Append rows of ``table`` (columns of ``tables.TABLES``), ``LOAD_BATCH`` a transaction."""
        columns = TABLES[table]
        sql = f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        done = 0
        it = iter(rows)
        while batch := list(islice(it, LOAD_BATCH)):
            with self.conn:
                self.conn.executemany(sql, batch)
                self.conn.execute(BUMP_GENERATION)
            done += len(batch)
        return done

    # -- the search index's bookkeeping ----------------------------------------------------

    def unindexed(self, limit: int = 1000, *, after_id: int = 0) -> list[Waiting]:
        rows = self.conn.execute(
            "SELECT id, refid FROM cables WHERE indexed = 0 AND id > ? ORDER BY id LIMIT ?",
            (after_id, limit),
        )
        return [Waiting(int(i), str(r)) for i, r in rows]

    def changed_since(
        self, generation: int, limit: int = 1000, *, after_id: int = 0
    ) -> list[Waiting]:
        rows = self.conn.execute(
            "SELECT id, refid FROM cables WHERE changed > ? AND id > ? ORDER BY id LIMIT ?",
            (generation, after_id, limit),
        )
        return [Waiting(int(i), str(r)) for i, r in rows]

    def waiting_for_index(self, refids: Sequence[str]) -> dict[str, Pending]:
        """refid -> the stored ``released`` and ``redacted`` for those of ``refids`` not yet
        indexed.

        ``+indexed`` keeps SQLite on the refid index: the partial index on ``indexed = 0``
        would scan every row still waiting, which grows through a whole ingest.
        """
        out: dict[str, Pending] = {}
        for part in in_chunks(refids):
            q = ",".join("?" * len(part))
            for refid, released, redacted in self.conn.execute(
                "SELECT refid, released, redacted FROM cables"
                f" WHERE +indexed = 0 AND refid IN ({q})",
                list(part),
            ):
                out[refid] = Pending(released, bool(redacted))
        return out

    def mark_indexed(self, refids: Sequence[str], value: int = 1) -> None:
        """Also a new generation: the index was committed just before, so searches changed."""
        with self.conn:
            self.conn.executemany(
                "UPDATE cables SET indexed = ? WHERE refid = ?", [(value, r) for r in refids]
            )
            if refids:
                self.conn.execute(BUMP_GENERATION)

    def bulk_writes(self, on: bool = True) -> None:
        """Checkpoint the WAL every 256 MB instead of every 4 MB while an ingest writes: each
        checkpoint syncs the file, and at 4 MB they took half the store's time."""
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {65536 if on else 1000}")
        if not on:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def mark_all_unindexed(self) -> None:
        with self.conn:
            self.conn.execute("UPDATE cables SET indexed = 0")
            self.conn.execute(BUMP_GENERATION)
