"""The embedded record store: one SQLite file, the record of truth.

Raw header and body are always kept; the parsed fields are a compressed JSON beside them, and
the columns that lists, browse pages and joins need are copied out of it. WAL mode lets readers
(the web server) keep working while an ingest writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from cablegate.errors import CablegateError
from cablegate.posts import slugify
from cablegate.refid import canonical_id, lookup_candidates
from cablegate.store.base import (
    AxisValue,
    CableSummary,
    CitedCount,
    ReleaseEvent,
    StoredCable,
)
from cablegate.store.codec import EncodedCable, decode
from cablegate.store.counts import ListCounts, Remembered
from cablegate.store.inputs import RowInputs
from cablegate.store.migrations import can_migrate, migrate
from cablegate.store.people_reads import PeopleReads
from cablegate.store.quality import Quality, gather
from cablegate.store.schema import READABLE_FROM, SCHEMA, SCHEMA_VERSION
from cablegate.store.sqlite_lists import SUMMARY_COLS, SqliteLists, summary
from cablegate.store.sqlite_refs import CitedKey, SqliteRefs
from cablegate.store.sqlite_versions import SqliteVersionReads
from cablegate.store.sqlite_writes import SqliteWrites
from cablegate.store.tables import TABLES, select_all
from cablegate.store.timeouts import bound_sqlite
from cablegate.vocabulary import CLASSIFICATIONS


class SqliteStore(
    SqliteWrites, RowInputs, PeopleReads, SqliteLists, SqliteRefs, SqliteVersionReads
):
    """SQLite implementation of :class:`cablegate.store.base.Store`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self.list_counts = ListCounts()
        self.month_counts: Remembered[tuple[str, str], tuple[AxisValue, ...]] = Remembered()
        self.cited_counts: Remembered[CitedKey, tuple[CitedCount, ...]] = Remembered(256)

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        readonly: bool = False,
        mmap: bool = True,
        budget_ms: int | None = None,
    ) -> SqliteStore:
        """Open (and on first use create) the archive database; ``readonly`` for servers.

        An ingest opens with ``mmap=False``: the mapped pages of a file it only appends to
        would count against its memory. ``budget_ms``: interrupt a statement that runs longer
        (the web's queries, ``store.timeouts``).
        """
        path = Path(path)
        try:
            if readonly:
                conn = sqlite3.connect(
                    f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=30
                )
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute(f"PRAGMA mmap_size = {268435456 if mmap else 0}")
            conn.execute("PRAGMA temp_store = MEMORY")
        except sqlite3.Error as exc:
            raise CablegateError(f"cannot open the archive {path}: {exc}") from None
        store = cls(conn, path)
        store._check_schema(create=not readonly)
        if budget_ms is not None:
            bound_sqlite(conn, budget_ms)
        return store

    def _check_schema(self, *, create: bool) -> None:
        try:
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.OperationalError:
            row = None
        except sqlite3.DatabaseError as exc:
            raise CablegateError(f"{self.path} is not a cablegate archive: {exc}") from None
        if row is not None and row[0] != str(SCHEMA_VERSION):
            found = int(row[0]) if row[0].isdigit() else 0
            if not can_migrate(found, SCHEMA_VERSION):
                raise CablegateError(
                    f"{self.path} was written by another version of cablegate (archive schema "
                    f"{row[0]}, this one reads {SCHEMA_VERSION}): ingest the sources into a new file"
                )
            if not create and found >= READABLE_FROM:
                return  # what it lacks is for outside tools (the cables_flat view)
            if not create:
                raise CablegateError(
                    f"{self.path} was written by an earlier cablegate (archive schema {row[0]}):"
                    f" run `cablegate reindex --db {self.path}` once to upgrade it"
                )
            migrate(self.conn, found, SCHEMA_VERSION)
            from cablegate.versions.stored import refresh_histories

            refresh_histories(self)
            return
        if row is None and create:
            with self.conn:
                self.conn.executescript(SCHEMA)
                self.conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )
        elif row is None:
            raise CablegateError(f"{self.path} is not a cablegate archive (no schema)")

    def close(self) -> None:
        self.conn.close()

    # -- reading -------------------------------------------------------------------------

    def get(self, refid: str, *, paragraphs: bool = True) -> StoredCable | None:
        """The cable published as ``refid``, else by canonical or malformed-id twin, laid out
        for display; ``paragraphs=False`` skips the paragraphs and the layout (indexing needs
        neither)."""
        published = self.resolve(refid)
        if published is None:
            return None
        row = self.conn.execute(
            "SELECT refid, header, body, data, release_id, released, source, redacted,"
            " (SELECT count(*) FROM texts t WHERE t.refid = c.refid AND t.damaged = '')"
            " FROM cables c WHERE refid = ?",
            (published,),
        ).fetchone()
        refid, header, body, data, release_id, released, source, redacted, texts = row
        linked = tuple(
            u for (u,) in self.conn.execute("SELECT url FROM media WHERE refid = ?", (refid,))
        )
        releases = tuple(
            ReleaseEvent(refid, rel, prec)
            for rel, prec in self.conn.execute(
                "SELECT released, precision FROM releases WHERE refid = ? ORDER BY released",
                (refid,),
            )
        )
        # ``released`` is the earliest release event, which may predate this text's source
        cable = decode(
            data, header, body, paragraphs=paragraphs, released=released, linked_media=linked
        )
        media = cable.media
        others = max(0, texts - 1)
        return StoredCable(cable, release_id, media, releases, others, source or "", bool(redacted))

    def resolve(self, refid: str) -> str | None:
        wanted = refid.strip().upper()
        if not wanted:
            return None
        row = self.conn.execute("SELECT refid FROM cables WHERE refid = ?", (wanted,)).fetchone()
        if row:
            return str(row[0])
        for candidate in lookup_candidates(wanted):
            row = self.conn.execute(
                "SELECT refid FROM cables WHERE refid = ?", (candidate,)
            ).fetchone()
            if row:
                return str(row[0])
        row = self.conn.execute(
            "SELECT refid FROM cables WHERE canonical_id = ? ORDER BY release_id LIMIT 1",
            (canonical_id(wanted),),
        ).fetchone()
        return str(row[0]) if row else None

    def resolve_many(self, canonical_ids: Iterable[str]) -> dict[str, str]:
        ids = list(dict.fromkeys(canonical_ids))
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            q = ",".join("?" * len(part))
            for cid, refid in self.conn.execute(
                f"SELECT canonical_id, refid FROM cables WHERE canonical_id IN ({q})", part
            ):
                out.setdefault(cid, refid)
        return out

    def cited_by(self, refid: str) -> list[CableSummary]:
        cid = canonical_id(refid)
        rows = self.conn.execute(
            f"SELECT {SUMMARY_COLS} FROM cables WHERE refid IN"
            " (SELECT citing FROM refs WHERE cited = ?) ORDER BY created, refid",
            (cid,),
        )
        return [summary(r) for r in rows]

    def neighbours(self, refid: str) -> tuple[CableSummary | None, CableSummary | None]:
        row = self.conn.execute(
            "SELECT origin_slug, created FROM cables WHERE refid = ?", (refid,)
        ).fetchone()
        if row is None:
            return None, None
        slug, created = row
        # row values walk the (origin_slug, created, refid) index one step each way
        prev = self.conn.execute(
            f"SELECT {SUMMARY_COLS} FROM cables WHERE origin_slug = ? AND (created, refid)"
            " < (?, ?) ORDER BY created DESC, refid DESC LIMIT 1",
            (slug, created, refid),
        ).fetchone()
        nxt = self.conn.execute(
            f"SELECT {SUMMARY_COLS} FROM cables WHERE origin_slug = ? AND (created, refid)"
            " > (?, ?) ORDER BY created, refid LIMIT 1",
            (slug, created, refid),
        ).fetchone()
        return (summary(prev) if prev else None, summary(nxt) if nxt else None)

    def latest_released(self, limit: int = 20) -> list[CableSummary]:
        rows = self.conn.execute(
            f"SELECT {SUMMARY_COLS} FROM cables WHERE released IS NOT NULL"
            " ORDER BY released DESC, release_id DESC LIMIT ?",
            (limit,),
        )
        return [summary(r) for r in rows]

    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT 1 FROM cables LIMIT 1").fetchone() is None

    def stats(self) -> dict[str, Any]:
        """Every figure comes from an index, so this stays fast at full scale."""
        c = self.conn

        def one(sql: str) -> int:
            return int(c.execute(sql).fetchone()[0])

        names = {slugify(k): k for k in CLASSIFICATIONS}
        by_class = {
            names.get(slug) or self._name_of("classification", "class_slug", slug): n
            for slug, n in c.execute(
                "SELECT class_slug, count(*) FROM cables WHERE class_slug IS NOT NULL"
                " GROUP BY class_slug ORDER BY 2 DESC, 1"
            )
        }
        return {
            "cables": one("SELECT count(*) FROM cables"),
            "by_classification": by_class,
            "by_year": {v.value: v.count for v in self.axis_values("year")},
            "releases": {v.value: v.count for v in self.axis_values("released")},
            "origins": one("SELECT count(DISTINCT origin_slug) FROM cables"),
            "tags": one("SELECT count(DISTINCT tag) FROM tags"),
            "references": one("SELECT count(*) FROM refs"),
            "media_links": one("SELECT count(*) FROM media"),
            "with_problems": one("SELECT count(*) FROM cables WHERE problem_count > 0"),
            **self.version_stats(),
            "rejected": one("SELECT count(*) FROM rejects"),
            "unindexed": one("SELECT count(*) FROM cables WHERE indexed = 0"),
        }

    def rejects(self, limit: int = 100) -> list[tuple[str, str]]:
        return [
            (loc, why)
            for loc, why in self.conn.execute(
                "SELECT location, reason FROM rejects ORDER BY id DESC LIMIT ?", (limit,)
            )
        ]

    def dump(self, table: str) -> Iterator[tuple[Any, ...]]:
        """Every row of ``table`` (``tables.TABLES``' columns), streamed from a connection of
        its own (the caller may write to this store while it reads)."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        try:
            yield from conn.execute(select_all(table))
        finally:
            conn.close()

    def table_counts(self) -> dict[str, int]:
        return {
            t: int(self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES
        }

    def refids_after(self, after: str = "", limit: int = 1000) -> list[str]:
        rows = self.conn.execute(
            "SELECT refid FROM cables WHERE refid > ? ORDER BY refid LIMIT ?", (after, limit)
        )
        return [str(r[0]) for r in rows]

    def cables_of(self, refids: Sequence[str]) -> list[StoredCable]:
        found: dict[str, StoredCable] = {}
        for i in range(0, len(refids), 500):
            part = list(refids[i : i + 500])
            marks = ",".join("?" * len(part))
            media: dict[str, list[str]] = {}
            for refid, url in self.conn.execute(
                f"SELECT refid, url FROM media WHERE refid IN ({marks}) ORDER BY refid, url", part
            ):
                media.setdefault(refid, []).append(url)
            for (
                refid,
                header,
                body,
                data,
                release_id,
                released,
                source,
                redacted,
            ) in self.conn.execute(
                "SELECT refid, header, body, data, release_id, released, source, redacted"
                f" FROM cables WHERE refid IN ({marks})",
                part,
            ):
                cable = decode(
                    data,
                    header,
                    body,
                    layout=False,
                    released=released,
                    linked_media=tuple(media.get(refid, ())),
                )
                found[refid] = StoredCable(
                    cable, release_id, cable.media, source=source or "", redacted=bool(redacted)
                )
        return [found[r] for r in refids if r in found]

    def quality(self) -> Quality:
        return gather(lambda sql, args: self.conn.execute(sql, args).fetchall(), "sqlite")

    def iter_encoded(self) -> Iterator[EncodedCable]:
        """Every cable as stored, in refid order, in one streamed query: for bulk readers (the
        static search index) that decode in worker processes (``get`` costs several look-ups
        a cable)."""
        rows = self.conn.execute(
            "SELECT data, header, body, released, release_id FROM cables ORDER BY refid"
        )
        for data, header, body, released, release_id in rows:
            yield EncodedCable(data, header, body, released, release_id)
