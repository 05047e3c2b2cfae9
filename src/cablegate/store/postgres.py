"""The server store: one PostgreSQL database that many web nodes read while an ingest writes.

The same tables and the same answers as :class:`~cablegate.store.sqlite.SqliteStore` (the
store tests run against both); what differs is how: ``COPY`` for bulk writes
(``postgres_writes``), numbered migrations checked at start (``pg_schema``), autocommit reads
so a reader never holds a transaction open between pages.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import psycopg

from cablegate.errors import CablegateError
from cablegate.posts import all_posts, post_for_slug, slugify
from cablegate.refid import canonical_id, lookup_candidates
from cablegate.store.base import (
    AxisValue,
    CableSummary,
    CitedCount,
    ListPage,
    ReleaseEvent,
    StoredCable,
)
from cablegate.store.codec import EncodedCable, decode
from cablegate.store.counts import ListCounts, Remembered
from cablegate.store.inputs import RowInputs
from cablegate.store.people_reads import PeopleReads
from cablegate.store.people_rows import rows_of_stored
from cablegate.store.pg_schema import MIGRATION_LOCK, MIGRATIONS, READABLE_FROM, SCHEMA_VERSION
from cablegate.store.postgres_refs import CitedKey, PostgresRefs
from cablegate.store.postgres_versions import PostgresVersionReads
from cablegate.store.postgres_writes import PostgresWrites
from cablegate.store.quality import Quality, gather
from cablegate.store.tables import TABLES, select_all
from cablegate.vocabulary import BROWSE_SORTS, CLASSIFICATIONS, keys

_SUMMARY_COLS = "refid, subject, created, released, origin, classification"
# the migrations after which the people and reasons rows of the cables held are written: 5 adds
# the tables, 8 the persons a cable is addressed to
PEOPLE_MIGRATIONS = (5, 8)
_SUMMARY_COLS_C = "c.refid, c.subject, c.created, c.released, c.origin, c.classification"
_SORT_COLUMNS = frozenset(keys(BROWSE_SORTS))
# the same conditions as SQLite's _AXIS_WHERE; "~" sorts after every character of an ISO time
_AXIS_WHERE = {
    "date": "created >= %(v)s AND created < %(v)s || '~'",
    "year": "created >= %(v)s AND created < %(v)s || '~'",
    "released": "released >= %(v)s AND released < %(v)s || '~'",
    "origin": "origin_slug = %(v)s",
    "classification": "class_slug = %(v)s",
    "country": "country = %(v)s",
    "tag": "refid IN (SELECT refid FROM tags WHERE tag = %(v)s)",
}
_AXIS_GROUP = {
    "date": "substr(created, 1, 7)",
    "year": "substr(created, 1, 4)",
    "released": "substr(released, 1, 10)",
    "origin": "origin_slug",
    "classification": "class_slug",
    "country": "country",
}


def _summary(row: Sequence[Any]) -> CableSummary:
    return CableSummary(row[0], row[1] or "", row[2], row[3], row[4], row[5])


def _redacted(url: str) -> str:
    """``url`` without its password, for messages."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    return f"postgresql://{info.get('host', '')}:{info.get('port', 5432)}/{info.get('dbname', '')}"


# A cable with what ``get`` returns beside its row: the count of its whole texts, its media
# links and its release events (as arrays: one statement, one round trip).
_GET = (
    "SELECT refid, header, body, data, release_id, released, source, redacted,"
    " (SELECT count(*) FROM texts t WHERE t.refid = c.refid AND t.damaged = ''),"
    " ARRAY(SELECT url FROM media m WHERE m.refid = c.refid ORDER BY url),"
    " ARRAY(SELECT released FROM releases r WHERE r.refid = c.refid ORDER BY released),"
    " ARRAY(SELECT precision FROM releases r WHERE r.refid = c.refid ORDER BY released)"
    " FROM cables c WHERE refid = %s"
)

# a batch of an export: the rows of some refids with their media links (``cables_of``)
_BATCH = (
    "SELECT refid, header, body, data, release_id, released, source, redacted,"
    " ARRAY(SELECT url FROM media m WHERE m.refid = c.refid ORDER BY url)"
    " FROM cables c WHERE refid = ANY(%s)"
)


class PostgresStore(PostgresWrites, RowInputs, PeopleReads, PostgresRefs, PostgresVersionReads):
    """PostgreSQL implementation of :class:`cablegate.store.base.Store`."""

    MARK = "%s"

    def __init__(self, conn: psycopg.Connection[Any], url: str) -> None:
        self.conn = conn
        self.url = url
        self.list_counts = ListCounts()
        self.month_counts: Remembered[tuple[str, str], tuple[AxisValue, ...]] = Remembered()
        self.cited_counts: Remembered[CitedKey, tuple[CitedCount, ...]] = Remembered(256)

    @classmethod
    def open(
        cls, url: str, *, readonly: bool = False, budget_ms: int | None = None
    ) -> PostgresStore:
        """Connect to the archive at ``url``; a writer creates or migrates its schema, a
        reader (``readonly``, the web) only checks it. ``budget_ms``: the server cancels a
        statement that runs longer (``statement_timeout``; the web's queries)."""
        try:
            conn = psycopg.connect(url, autocommit=True, application_name="cablegate")
        except psycopg.Error as exc:
            raise CablegateError(f"cannot open the archive {_redacted(url)}: {exc}") from None
        if readonly:
            conn.execute("SET default_transaction_read_only = on")
        if budget_ms is not None:
            conn.execute(f"SET statement_timeout = {int(budget_ms)}")
        store = cls(conn, url)
        try:
            store._migrate(create=not readonly)
        except BaseException:
            conn.close()
            raise
        return store

    def schema_version(self) -> int | None:
        """The archive's schema version, None for a database cablegate never wrote."""
        has = self.conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
        if not has or not has[0]:
            return None
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def _migrate(self, *, create: bool) -> None:
        where = _redacted(self.url)
        found = self.schema_version()
        if found is not None and found > SCHEMA_VERSION:
            raise CablegateError(
                f"{where} was written by a newer cablegate (archive schema {found}, this one"
                f" reads up to {SCHEMA_VERSION}): upgrade cablegate"
            )
        if found == SCHEMA_VERSION or (not create and (found or 0) >= READABLE_FROM):
            return  # a reader needs nothing the later migrations add (the cables_flat view)
        if not create:
            raise CablegateError(
                f"{where} is not a cablegate archive yet"
                if found is None
                else f"{where} has archive schema {found}, this cablegate needs "
                f"{SCHEMA_VERSION}: run any writing command (e.g. `cablegate ingest`) to migrate"
            )
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version"
                " (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
            )
            row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
            done = row[0] if row and row[0] is not None else 0
            if done == 1 and self.conn.execute("SELECT 1 FROM cables LIMIT 1").fetchone():
                # migration 2 cannot key the texts of schema 1 (the keys are computed in Python)
                raise CablegateError(
                    f"{where} holds an archive of schema 1 (before version histories): copy"
                    " or ingest the sources into a new database"
                )
            fill = False
            for version, sql in MIGRATIONS:
                if version > done:
                    self.conn.execute(sql.encode())  # several statements: no parameters
                    self.conn.execute("INSERT INTO schema_version(version) VALUES (%s)", (version,))
                    fill = fill or (version in PEOPLE_MIGRATIONS and done > 0)
            if fill:
                self._fill_people()

    def _fill_people(self) -> None:
        """The ``people`` and ``reasons`` rows of the cables an older archive holds (the
        surname key is computed in Python, as at ingest)."""
        cur = self.conn.cursor(name="people_fill")
        cur.execute("SELECT refid, data, origin, created, body FROM cables ORDER BY id")
        while batch := cur.fetchmany(2000):
            found = [rows_of_stored(*row) for row in batch]
            with self.conn.cursor().copy("COPY people FROM STDIN") as copy:
                for f in found:
                    for r in f.people:
                        copy.write_row(r)
            with self.conn.cursor().copy("COPY reasons FROM STDIN") as copy:
                for f in found:
                    for reason in f.reasons:
                        copy.write_row(reason)
        cur.close()

    def close(self) -> None:
        self.conn.close()

    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    # -- reading -------------------------------------------------------------------------

    def get(self, refid: str, *, paragraphs: bool = True) -> StoredCable | None:
        """One statement for a cable asked for by its published id (a page's common case: each
        statement is a round trip and a quarter of a millisecond of psycopg), two otherwise."""
        # resolve() would look for the id as given first, when it is upper case and trimmed
        row = (
            self.conn.execute(_GET, (refid,)).fetchone() if refid == refid.strip().upper() else None
        )
        if row is None:
            published = self.resolve(refid)
            if published is None:
                return None
            row = self.conn.execute(_GET, (published,)).fetchone()
            if row is None:  # deleted between the two statements
                return None
        refid, header, body, data, release_id, released, source, redacted, texts = row[:9]
        linked, release_days, precisions = row[9:]
        releases = tuple(
            ReleaseEvent(refid, rel, prec)
            for rel, prec in zip(release_days, precisions, strict=True)
        )
        cable = decode(
            data, header, body, paragraphs=paragraphs, released=released, linked_media=tuple(linked)
        )
        others = max(0, int(texts) - 1)
        return StoredCable(
            cable, release_id, cable.media, releases, others, source or "", bool(redacted)
        )

    def _first(self, sql: str, params: Sequence[Any]) -> str | None:
        row = self.conn.execute(sql, params).fetchone()
        return str(row[0]) if row else None

    def resolve(self, refid: str) -> str | None:
        wanted = refid.strip().upper()
        if not wanted:
            return None
        for candidate in (wanted, *lookup_candidates(wanted)):
            found = self._first("SELECT refid FROM cables WHERE refid = %s", (candidate,))
            if found:
                return found
        return self._first(
            "SELECT refid FROM cables WHERE canonical_id = %s ORDER BY release_id LIMIT 1",
            (canonical_id(wanted),),
        )

    def resolve_many(self, canonical_ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        rows = self.conn.execute(
            "SELECT canonical_id, refid FROM cables WHERE canonical_id = ANY(%s) ORDER BY id",
            (list(dict.fromkeys(canonical_ids)),),
        )
        for cid, refid in rows:
            out.setdefault(cid, refid)
        return out

    def cited_by(self, refid: str) -> list[CableSummary]:
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM cables WHERE refid IN"
            " (SELECT citing FROM refs WHERE cited = %s) ORDER BY created, refid",
            (canonical_id(refid),),
        )
        return [_summary(r) for r in rows]

    def neighbours(self, refid: str) -> tuple[CableSummary | None, CableSummary | None]:
        row = self.conn.execute(
            "SELECT origin_slug, created FROM cables WHERE refid = %s", (refid,)
        ).fetchone()
        if row is None:
            return None, None
        params = {"slug": row[0], "created": row[1], "refid": refid}
        prev = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM cables WHERE origin_slug = %(slug)s AND (created, refid)"
            " < (%(created)s, %(refid)s) ORDER BY created DESC, refid DESC LIMIT 1",
            params,
        ).fetchone()
        nxt = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM cables WHERE origin_slug = %(slug)s AND (created, refid)"
            " > (%(created)s, %(refid)s) ORDER BY created, refid LIMIT 1",
            params,
        ).fetchone()
        return (_summary(prev) if prev else None, _summary(nxt) if nxt else None)

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
        if axis not in _AXIS_WHERE:
            raise ValueError(f"unknown axis {axis!r}; known: {', '.join(_AXIS_WHERE)}")
        column = sort if sort in _SORT_COLUMNS else "created"
        direction = "DESC" if order == "desc" else "ASC"
        if axis in ("tag", "country"):
            value = value.upper()
        elif axis in ("origin", "classification"):
            value = value.lower()
        page = max(1, page)
        per_page = max(1, min(per_page, 500))
        params = {"v": value, "n": per_page, "skip": (page - 1) * per_page}
        where = _AXIS_WHERE[axis]
        count_sql = (
            "SELECT count(*) FROM tags WHERE tag = %(v)s"
            if axis == "tag"
            else f"SELECT count(*) FROM cables WHERE {where}"
        )

        def counted() -> int:
            row = self.conn.execute(count_sql, params).fetchone()
            return int(row[0]) if row else 0

        total = self.list_counts.count((axis, value), self.generation(), counted)
        if axis == "tag" and column in ("created", "refid"):
            # SQLite walks the tags index here; the order (and so every page) is the same
            nulls = "NULLS LAST" if direction == "DESC" else "NULLS FIRST"  # as SQLite sorts
            by = f"t.{column} {direction} {nulls}" + (
                f", t.refid {direction}" if column != "refid" else ""
            )
            rows = self.conn.execute(
                f"SELECT {_SUMMARY_COLS_C} FROM tags t JOIN cables c ON c.refid = t.refid"
                f" WHERE t.tag = %(v)s ORDER BY {by} LIMIT %(n)s OFFSET %(skip)s",
                params,
            )
        else:
            # NULLS FIRST/LAST: SQLite puts NULL before every value, so PostgreSQL must too
            nulls = "NULLS LAST" if direction == "DESC" else "NULLS FIRST"
            rows = self.conn.execute(
                f"SELECT {_SUMMARY_COLS} FROM cables WHERE {where}"
                f" ORDER BY {column} {direction} {nulls}, refid {direction}"
                " LIMIT %(n)s OFFSET %(skip)s",
                params,
            )
        return ListPage(
            tuple(_summary(r) for r in rows),
            total,
            page,
            per_page,
            column,
            "desc" if direction == "DESC" else "asc",
        )

    def browse_pages(self, axis: str, value: str, *, per_page: int = 50) -> Iterator[ListPage]:
        """Every page of one list in the default order, as ``browse(page=n)`` gives each: one
        count and one ordered query, read a page at a time (the client holds the list's
        summaries, at most ~30 MB for the longest list of the release)."""
        first = self.browse(axis, value, per_page=per_page)
        if first.total == 0:
            return
        if axis in ("tag", "country"):
            value = value.upper()
        elif axis in ("origin", "classification"):
            value = value.lower()
        if axis == "tag":
            sql = (
                f"SELECT {_SUMMARY_COLS_C} FROM tags t JOIN cables c ON c.refid = t.refid"
                " WHERE t.tag = %(v)s ORDER BY t.created ASC NULLS FIRST, t.refid ASC"
            )
        else:
            sql = (
                f"SELECT {_SUMMARY_COLS} FROM cables WHERE {_AXIS_WHERE[axis]}"
                " ORDER BY created ASC NULLS FIRST, refid ASC"
            )
        cur = self.conn.execute(sql, {"v": value})
        page = 0
        while batch := cur.fetchmany(first.per_page):
            page += 1
            yield ListPage(
                tuple(_summary(r) for r in batch),
                first.total,
                page,
                first.per_page,
                "created",
                "asc",
            )

    def axis_values(self, axis: str) -> list[AxisValue]:
        if axis == "tag":
            from cablegate.tagbook import tag_info

            out = []
            for tag, n in self.conn.execute(
                "SELECT tag, count(*) FROM tags GROUP BY tag ORDER BY tag"
            ):
                info = tag_info(tag)
                out.append(AxisValue(tag, int(n), info.meaning or "", info.kind))
            return out
        if axis not in _AXIS_GROUP:
            raise ValueError(f"unknown axis {axis!r}")
        expr = _AXIS_GROUP[axis]
        rows = self.conn.execute(
            f"SELECT {expr} AS v, count(*) FROM cables WHERE {expr} IS NOT NULL"
            " GROUP BY v ORDER BY v"
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
            values.append(AxisValue(v, int(n), label, group))
        return values

    def _name_of(self, column: str, slug_column: str, slug: str) -> str:
        found = self._first(
            f"SELECT {column} FROM cables WHERE {slug_column} = %s ORDER BY id LIMIT 1", (slug,)
        )
        return found or slug

    def latest_released(self, limit: int = 20) -> list[CableSummary]:
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM cables WHERE released IS NOT NULL"
            " ORDER BY released DESC, release_id DESC NULLS LAST LIMIT %s",
            (limit,),
        )
        return [_summary(r) for r in rows]

    def is_empty(self) -> bool:
        return self.conn.execute("SELECT 1 FROM cables LIMIT 1").fetchone() is None

    def _one(self, sql: str) -> int:
        row = self.conn.execute(sql).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def stats(self) -> dict[str, Any]:
        names = {slugify(k): k for k in CLASSIFICATIONS}
        by_class = {
            names.get(slug) or self._name_of("classification", "class_slug", slug): int(n)
            for slug, n in self.conn.execute(
                "SELECT class_slug, count(*) FROM cables WHERE class_slug IS NOT NULL"
                " GROUP BY class_slug ORDER BY 2 DESC, 1"
            )
        }
        return {
            "cables": self._one("SELECT count(*) FROM cables"),
            "by_classification": by_class,
            "by_year": {v.value: v.count for v in self.axis_values("year")},
            "releases": {v.value: v.count for v in self.axis_values("released")},
            "origins": self._one("SELECT count(DISTINCT origin_slug) FROM cables"),
            "tags": self._one("SELECT count(DISTINCT tag) FROM tags"),
            "references": self._one("SELECT count(*) FROM refs"),
            "media_links": self._one("SELECT count(*) FROM media"),
            "with_problems": self._one("SELECT count(*) FROM cables WHERE problem_count > 0"),
            **self.version_stats(),
            "rejected": self._one("SELECT count(*) FROM rejects"),
            "unindexed": self._one("SELECT count(*) FROM cables WHERE indexed = 0"),
        }

    def rejects(self, limit: int = 100) -> list[tuple[str, str]]:
        rows = self.conn.execute(
            "SELECT location, reason FROM rejects ORDER BY id DESC LIMIT %s", (limit,)
        )
        return [(loc, why) for loc, why in rows]

    def refids_after(self, after: str = "", limit: int = 1000) -> list[str]:
        rows = self.conn.execute(
            "SELECT refid FROM cables WHERE refid > %s ORDER BY refid LIMIT %s", (after, limit)
        )
        return [str(r[0]) for r in rows]

    def cables_of(self, refids: Sequence[str]) -> list[StoredCable]:
        found: dict[str, StoredCable] = {}
        for i in range(0, len(refids), 500):
            part = list(refids[i : i + 500])
            for (
                refid,
                header,
                body,
                data,
                release_id,
                released,
                source,
                redacted,
                linked,
            ) in self.conn.execute(_BATCH, (part,)):
                cable = decode(
                    data,
                    header,
                    body,
                    layout=False,
                    released=released,
                    linked_media=tuple(linked),
                )
                found[refid] = StoredCable(
                    cable, release_id, cable.media, source=source or "", redacted=bool(redacted)
                )
        return [found[r] for r in refids if r in found]

    def quality(self) -> Quality:
        return gather(lambda sql, args: self.conn.execute(sql, args).fetchall(), "postgresql")

    def iter_encoded(self) -> Iterator[EncodedCable]:
        """Every cable in refid order, streamed row by row (``stream`` reads as the server
        sends: the corpus is never in memory at once)."""
        cur = self.conn.cursor()
        query = "SELECT data, header, body, released, release_id FROM cables ORDER BY refid"
        for data, header, body, released, release_id in cur.stream(query):
            yield EncodedCable(data, header, body, released, release_id)

    # -- whole tables, for ``cablegate copy`` ----------------------------------------------

    def dump(self, table: str) -> Iterator[tuple[Any, ...]]:
        """Every row of ``table`` (``tables.TABLES``' columns), streamed."""
        # a cursor of its own: the caller may write elsewhere while this one streams
        with psycopg.connect(self.url, autocommit=True) as conn:
            yield from conn.cursor().stream(select_all(table))

    def table_counts(self) -> dict[str, int]:
        return {t: self._one(f"SELECT count(*) FROM {t}") for t in TABLES}
