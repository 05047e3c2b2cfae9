"""Writing to the PostgreSQL store: each batch is ``COPY``'d into temporary staging tables, then
moved into the archive with one set-based statement a table, in one transaction.

A round trip per row (``executemany``) costs a network hop per row on a server; ``COPY`` sends a
batch as one stream. The rules of what a batch does are ``store.batch``'s, shared with SQLite.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import psycopg

from cablegate.sources.record import ReleaseEvent
from cablegate.store.base import Pending, UpsertCounts, Waiting
from cablegate.store.batch import COLUMNS, Batch, Held, now, row_columns, sort_batch
from cablegate.store.codec import CableRow
from cablegate.store.people_rows import people_rows, reason_rows
from cablegate.store.postgres_versions import BUMP as _BUMP
from cablegate.store.postgres_versions import LOCK as _LOCK
from cablegate.store.postgres_versions import NEXT as _NEXT
from cablegate.store.postgres_versions import PostgresVersionWrites
from cablegate.store.tables import LOAD_BATCH, TABLES

_NAMES = [c.strip() for c in COLUMNS.split(",")]
_INTS = {"release_id", "origin_rank", "problem_count", "position", "indexed", "redacted"}
_STAGE_CABLES = ", ".join(f"{c} {'INTEGER' if c in _INTS else 'TEXT'}" for c in _NAMES)
_SET_CHANGED = ", ".join(
    f"{c} = coalesce(s.{c}, c.{c})" if c == "release_id" else f"{c} = s.{c}"
    for c in _NAMES
    if c != "refid"
)
_REFRESH_RELEASED = (
    "UPDATE cables c SET released = m.first, indexed = 0,"
    f" changed = {_NEXT} FROM (SELECT refid, min(released)"
    " AS first FROM releases WHERE refid = ANY(%s) GROUP BY refid) m"
    " WHERE c.refid = m.refid AND c.released IS DISTINCT FROM m.first"
)


def _stage(
    cur: psycopg.Cursor[Any], name: str, columns: str, rows: Iterable[Sequence[Any]]
) -> None:
    """A temporary table ``name`` holding ``rows``, dropped when the transaction ends."""
    cur.execute(f"CREATE TEMP TABLE {name} ({columns}) ON COMMIT DROP")
    with cur.copy(f"COPY {name} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


class PostgresWrites(PostgresVersionWrites):
    """The write half of :class:`cablegate.store.postgres.PostgresStore`."""

    conn: psycopg.Connection[Any]

    def upsert_cables(self, rows: Sequence[CableRow]) -> UpsertCounts:
        """One transaction per batch: a killed ingest leaves whole batches or nothing."""
        if not rows:
            return UpsertCounts()
        stamp = now()
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute(_LOCK)
            batch = sort_batch(rows, self._existing(cur, [r.refid for r in rows]))
            self._write_rows(cur, batch, stamp)
            current = {r: held.text_key for r, held in batch.existing.items()}
            current.update((r.refid, r.text_key) for r in batch.written)
            versions = self._write_versions(cur, batch.written, batch.extras, current)
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
            cur.execute(
                _REFRESH_RELEASED,
                ([*batch.changed, *(r.refid for r in batch.extras)],),
            )
            if batch.fresh or batch.changed or touched or versions:
                cur.execute(_BUMP)
        return batch.counts(touched)

    @staticmethod
    def _existing(cur: psycopg.Cursor[Any], refids: list[str]) -> dict[str, Held]:
        # FOR UPDATE: two writers naming the same cable take turns instead of both inserting it
        cur.execute(
            "SELECT refid, text_hash, meta_hash, currency, text_key FROM cables"
            " WHERE refid = ANY(%s) FOR UPDATE",
            (refids,),
        )
        return {refid: Held(th, mh, currency, key) for refid, th, mh, currency, key in cur}

    @staticmethod
    def _write_rows(cur: psycopg.Cursor[Any], batch: Batch, stamp: str) -> None:
        """New rows, changed rows (the replaced text kept as a version), release events."""
        # events first: a new cable is inserted with its earliest one, stored before or now
        _stage(
            cur,
            "stage_releases",
            "refid TEXT, released TEXT, precision TEXT",
            [(r.refid, r.released, r.released_precision) for r in batch.written if r.released],
        )
        cur.execute(
            "INSERT INTO releases(refid, released, precision) SELECT * FROM stage_releases"
            " ON CONFLICT DO NOTHING"
        )
        _stage(
            cur,
            "stage_fresh",
            _STAGE_CABLES,
            [row_columns(r, stamp) for _, r in batch.fresh.values()],
        )
        cur.execute(
            f"INSERT INTO cables({COLUMNS}, released, indexed, changed) SELECT {COLUMNS},"
            " (SELECT min(released) FROM releases r WHERE r.refid = s.refid), 0,"
            f" {_NEXT} FROM stage_fresh s"
        )
        PostgresWrites._keep_replaced(
            cur, [r.refid for _, r in batch.changed.values() if batch.text_changed(r)]
        )
        _stage(
            cur,
            "stage_changed",
            _STAGE_CABLES,
            [row_columns(r, stamp) for _, r in batch.changed.values()],
        )
        cur.execute(
            f"UPDATE cables c SET {_SET_CHANGED}, indexed = 0, changed = {_NEXT}"
            " FROM stage_changed s"
            " WHERE c.refid = s.refid"
        )

    @staticmethod
    def _write_children(cur: psycopg.Cursor[Any], batch: Batch) -> None:
        """Tags, REF edges, problems and media of every written row (a changed row's old ones
        deleted first)."""
        gone = list(batch.changed)
        cur.execute("DELETE FROM tags WHERE refid = ANY(%s)", (gone,))
        cur.execute("DELETE FROM people WHERE refid = ANY(%s)", (gone,))
        cur.execute("DELETE FROM reasons WHERE refid = ANY(%s)", (gone,))
        cur.execute("DELETE FROM refs WHERE citing = ANY(%s)", (gone,))
        cur.execute("DELETE FROM problems WHERE refid = ANY(%s)", (gone,))
        written = batch.written
        children: dict[str, tuple[str, list[tuple[Any, ...]]]] = {
            "tags": (
                "refid TEXT, position INTEGER, tag TEXT, created TEXT",
                [(r.refid, i, t, r.created) for r in written for i, t in enumerate(r.tags)],
            ),
            "people": (
                "refid TEXT, position INTEGER, role TEXT, name TEXT, surname TEXT, post TEXT,"
                " created TEXT",
                [p for r in written for p in people_rows(r.refid, r.people, r.origin, r.created)],
            ),
            "reasons": (
                "refid TEXT, position INTEGER, reason TEXT, post TEXT, created TEXT",
                [x for r in written for x in reason_rows(r.refid, r.reasons, r.origin, r.created)],
            ),
            "refs": (
                "citing TEXT, position INTEGER, cited TEXT",
                [(r.refid, i, c) for r in written for i, c in enumerate(r.references)],
            ),
            "media": ("refid TEXT, url TEXT", [(r.refid, u) for r in written for u in r.media]),
        }
        for table, (columns, rows) in children.items():
            _stage(cur, f"stage_{table}", columns, rows)
            cur.execute(f"INSERT INTO {table} SELECT * FROM stage_{table} ON CONFLICT DO NOTHING")
        with cur.copy("COPY problems(refid, problem) FROM STDIN") as copy:
            for r in written:
                for p in r.problems:
                    copy.write_row((r.refid, p))

    @staticmethod
    def _add_media(cur: psycopg.Cursor[Any], links: list[tuple[str, str]]) -> set[str]:
        """Insert links; the refids that gained one."""
        if not links:
            return set()
        _stage(cur, "stage_links", "refid TEXT, url TEXT", links)
        cur.execute(
            "INSERT INTO media SELECT DISTINCT refid, url FROM stage_links"
            " ON CONFLICT DO NOTHING RETURNING refid"
        )
        gained = {r for (r,) in cur}
        cur.execute("DROP TABLE stage_links")
        return gained

    @staticmethod
    def _add_releases(cur: psycopg.Cursor[Any], events: list[ReleaseEvent]) -> set[str]:
        """Insert release events; the refids that gained one (the first of a duplicate wins, as
        SQLite's INSERT OR IGNORE keeps it)."""
        if not events:
            return set()
        _stage(
            cur,
            "stage_events",
            "n INTEGER, refid TEXT, released TEXT, precision TEXT",
            [(n, e.refid, e.released, e.precision) for n, e in enumerate(events)],
        )
        cur.execute(
            "INSERT INTO releases(refid, released, precision) SELECT DISTINCT ON (refid, released)"
            " refid, released, precision FROM stage_events ORDER BY refid, released, n"
            " ON CONFLICT DO NOTHING RETURNING refid"
        )
        gained = {r for (r,) in cur}
        cur.execute("DROP TABLE stage_events")
        return gained

    def add_media(self, links: Iterable[tuple[str, str]]) -> int:
        links = list(links)
        with self.conn.transaction(), self.conn.cursor() as cur:
            if not links:
                return 0
            cur.execute(_LOCK)
            _stage(cur, "stage_add_media", "refid TEXT, url TEXT", links)
            cur.execute(
                "INSERT INTO media SELECT DISTINCT refid, url FROM stage_add_media"
                " ON CONFLICT DO NOTHING"
            )
            added = cur.rowcount
            if added:
                cur.execute(_BUMP)
        return added

    def add_releases(self, events: Iterable[ReleaseEvent]) -> int:
        events = list(events)
        if not events:
            return 0
        with self.conn.transaction(), self.conn.cursor() as cur:
            cur.execute(_LOCK)
            before = self._count(cur, "releases")
            self._add_releases(cur, events)
            added = self._count(cur, "releases") - before
            cur.execute(_REFRESH_RELEASED, (list({e.refid for e in events}),))
            if added:
                cur.execute(_BUMP)
        return added

    @staticmethod
    def _count(cur: psycopg.Cursor[Any], table: str) -> int:
        cur.execute(f"SELECT count(*) FROM {table}")
        row = cur.fetchone()
        return int(row[0]) if row else 0

    def add_rejects(self, rejects: Iterable[tuple[str, str, str]]) -> None:
        stamp = now()
        rows = [(loc, why, raw, stamp) for loc, why, raw in rejects]
        if not rows:
            return
        with self.conn.transaction(), self.conn.cursor() as cur:
            with cur.copy("COPY rejects(location, reason, raw, at) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cur.execute(_BUMP)  # the statistics count them

    def load(self, table: str, rows: Iterable[Sequence[Any]]) -> int:
        """Append rows of ``table`` (columns of ``tables.TABLES``), ``LOAD_BATCH`` a transaction."""
        columns = ", ".join(TABLES[table])
        done = 0
        batch: list[Sequence[Any]] = []

        def flush() -> None:
            with self.conn.transaction(), self.conn.cursor() as cur:
                with cur.copy(f"COPY {table}({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
                cur.execute(_BUMP)
                if table == "texts":  # ids came with the rows: new texts number after them
                    cur.execute(
                        "SELECT setval(pg_get_serial_sequence('texts', 'id'),"
                        " coalesce((SELECT max(id) FROM texts), 0) + 1, false)"
                    )

        for row in rows:
            batch.append(row)
            if len(batch) >= LOAD_BATCH:
                flush()
                done += len(batch)
                batch = []
        if batch:
            flush()
            done += len(batch)
        return done

    # -- the search index's bookkeeping ----------------------------------------------------

    def unindexed(self, limit: int = 1000, *, after_id: int = 0) -> list[Waiting]:
        rows = self.conn.execute(
            "SELECT id, refid FROM cables WHERE indexed = 0 AND id > %s ORDER BY id LIMIT %s",
            (after_id, limit),
        )
        return [Waiting(int(i), str(r)) for i, r in rows]

    def changed_since(
        self, generation: int, limit: int = 1000, *, after_id: int = 0
    ) -> list[Waiting]:
        rows = self.conn.execute(
            "SELECT id, refid FROM cables WHERE changed > %s AND id > %s ORDER BY id LIMIT %s",
            (generation, after_id, limit),
        )
        return [Waiting(int(i), str(r)) for i, r in rows]

    def waiting_for_index(self, refids: Sequence[str]) -> dict[str, Pending]:
        rows = self.conn.execute(
            "SELECT refid, released, redacted FROM cables WHERE refid = ANY(%s) AND indexed = 0",
            (list(refids),),
        )
        return {refid: Pending(released, bool(redacted)) for refid, released, redacted in rows}

    def mark_indexed(self, refids: Sequence[str], value: int = 1) -> None:
        """Also a new generation: the index was committed just before, so searches changed."""
        if not refids:
            return
        with self.conn.transaction():
            self.conn.execute(_LOCK)
            self.conn.execute(
                "UPDATE cables SET indexed = %s WHERE refid = ANY(%s)", (value, list(refids))
            )
            self.conn.execute(_BUMP)

    def bulk_writes(self, on: bool = True) -> None:
        """At the end of a bulk write, ``ANALYZE``: the planner learns the tables' new sizes
        (after a copy of the full release it still guessed 4,000 cables of tag PGOV for
        141,216 and sorted them all). The server checkpoints its own WAL, and ``COPY`` already
        streams each batch (SQLite's store widens its WAL checkpoints here)."""
        if not on:
            with self.conn.transaction():
                self.conn.execute("ANALYZE")

    def mark_all_unindexed(self) -> None:
        with self.conn.transaction():
            self.conn.execute(_LOCK)
            self.conn.execute("UPDATE cables SET indexed = 0")
            self.conn.execute(_BUMP)
