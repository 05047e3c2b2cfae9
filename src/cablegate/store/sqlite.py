"""The embedded record store: one SQLite file, the record of truth.

Raw header and body are always kept; the parsed fields are a compressed JSON beside them, and
the columns that lists, browse pages and joins need are copied out of it. WAL mode lets readers
(the web server) keep working while an ingest writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cablegate.model import cable_from_dict
from cablegate.parse.paragraphs import read_paragraphs
from cablegate.parse.text import normalise_text
from cablegate.posts import all_posts, post_for_origin, post_for_slug, slugify
from cablegate.refid import canonical_id, lookup_candidates
from cablegate.store.base import (
    AxisValue,
    CableSummary,
    ListPage,
    PreparedCable,
    ReleaseEvent,
    StoredCable,
    UpsertCounts,
)
from cablegate.store.schema import SCHEMA, SCHEMA_VERSION

_SUMMARY_COLS = "refid, subject, created, released, origin, classification"
_SORT_COLUMNS = {
    "created": "created",
    "released": "released",
    "refid": "refid",
    "origin": "origin",
    "classification": "classification",
    "subject": "subject",
}
_AXIS_WHERE = {
    "date": "substr(created, 1, 7) = ?",
    "year": "substr(created, 1, 4) = ?",
    "released": "substr(released, 1, 10) = ?",
    "origin": "origin_slug = ?",
    "classification": "class_slug = ?",
    "country": "country = ?",
    "tag": "refid IN (SELECT refid FROM tags WHERE tag = ?)",
}
_AXIS_GROUP = {
    "date": "substr(created, 1, 7)",
    "year": "substr(created, 1, 4)",
    "released": "substr(released, 1, 10)",
    "origin": "origin_slug",
    "classification": "class_slug",
    "country": "country",
}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


_DERIVED = ("header", "body", "paragraphs")


def pack(d: dict[str, Any]) -> str:
    """The stored form of the parsed fields: JSON, readable with any SQLite client.

    Raw text and the paragraphs (the text again, cut up) are left out: they would double the
    file and the ingest's work, and the paragraphs are re-read from the body in 0.2 ms.
    """
    return json.dumps(
        {k: v for k, v in d.items() if k not in _DERIVED}, ensure_ascii=False, separators=(",", ":")
    )


def unpack(data: str, header: str, body: str) -> dict[str, Any]:
    """The full ``Cable.to_dict()`` from the stored JSON and the raw text."""
    d: dict[str, Any] = json.loads(data)
    d["header"], d["body"] = header, body
    d["paragraphs"] = [p.to_dict() for p in read_paragraphs(normalise_text(body))]
    return d


def _summary(row: sqlite3.Row | tuple[Any, ...]) -> CableSummary:
    return CableSummary(row[0], row[1] or "", row[2], row[3], row[4], row[5])


class SqliteStore:
    """SQLite implementation of :class:`cablegate.store.base.Store`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: str | Path, *, readonly: bool = False) -> SqliteStore:
        path = Path(path)
        if readonly:
            conn = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=30
            )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA busy_timeout = 30000")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA mmap_size = 268435456")
        conn.execute("PRAGMA temp_store = MEMORY")
        store = cls(conn, path)
        if not readonly:
            store._migrate()
        return store

    def _migrate(self) -> None:
        with self.conn:
            self.conn.executescript(SCHEMA)
            row = self.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                self.conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema', ?)", (str(SCHEMA_VERSION),)
                )

    def close(self) -> None:
        self.conn.close()

    # -- writing -------------------------------------------------------------------------

    def upsert_cables(self, rows: Sequence[PreparedCable]) -> UpsertCounts:
        """One transaction per batch: a killed ingest leaves whole batches or nothing."""
        new = updated = unchanged = 0
        if not rows:
            return UpsertCounts()
        with self.conn:
            cur = self.conn.cursor()
            existing = self._existing([r.refid for r in rows])
            for r in rows:
                old = existing.get(r.refid)
                if old is None:
                    self._insert(cur, r)
                    existing[r.refid] = (r.text_hash, r.meta_hash, r.origin_rank)
                    new += 1
                    continue
                old_text, old_meta, old_rank = old
                if r.origin_rank < old_rank:
                    # a rendered page never replaces the release's own text; keep what it adds
                    added = self._add_media(cur, ((r.refid, u) for u in r.media))
                    if r.released:
                        added += self._add_release(cur, r.refid, r.released, r.released_precision)
                    if added:
                        updated += 1
                    else:
                        unchanged += 1
                    continue
                if old_text == r.text_hash and old_meta == r.meta_hash:
                    added = self._add_media(cur, ((r.refid, u) for u in r.media))
                    unchanged += 1 if not added else 0
                    updated += 1 if added else 0
                    continue
                if old_text != r.text_hash:
                    cur.execute(
                        "INSERT INTO versions(refid, header, body, text_hash, source, replaced_at)"
                        " SELECT refid, header, body, text_hash, source, ? FROM cables"
                        " WHERE refid = ?",
                        (_now(), r.refid),
                    )
                self._update(cur, r)
                existing[r.refid] = (r.text_hash, r.meta_hash, r.origin_rank)
                updated += 1
        return UpsertCounts(new, updated, unchanged)

    def _existing(self, refids: list[str]) -> dict[str, tuple[str, str, int]]:
        out: dict[str, tuple[str, str, int]] = {}
        for i in range(0, len(refids), 500):
            part = refids[i : i + 500]
            q = ",".join("?" * len(part))
            for refid, th, mh, rank in self.conn.execute(
                f"SELECT refid, text_hash, meta_hash, origin_rank FROM cables WHERE refid IN ({q})",
                part,
            ):
                out[refid] = (th, mh, rank)
        return out

    def _columns(self, r: PreparedCable) -> tuple[Any, ...]:
        post = post_for_origin(r.origin)
        return (
            r.canonical_id,
            r.release_id,
            r.created,
            r.classification,
            slugify(r.classification) if r.classification else None,
            r.origin,
            slugify(r.origin) if r.origin else None,
            post.iso2 if post else None,
            post.region if post else None,
            r.subject,
            r.header,
            r.body,
            r.data,
            r.text_hash,
            r.meta_hash,
            r.source,
            r.origin_rank,
            len(r.problems),
            _now(),
        )

    def _insert(self, cur: sqlite3.Cursor, r: PreparedCable) -> None:
        cur.execute(
            "INSERT INTO cables(canonical_id, release_id, created, classification, class_slug,"
            " origin, origin_slug, country, region, subject, header, body, data, text_hash,"
            " meta_hash, source, origin_rank, problem_count, updated_at, refid, indexed)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)",
            (*self._columns(r), r.refid),
        )
        self._write_children(cur, r)

    def _update(self, cur: sqlite3.Cursor, r: PreparedCable) -> None:
        cur.execute(
            "UPDATE cables SET canonical_id=?, release_id=coalesce(?, release_id), created=?,"
            " classification=?, class_slug=?, origin=?, origin_slug=?, country=?, region=?,"
            " subject=?, header=?, body=?, data=?, text_hash=?, meta_hash=?, source=?,"
            " origin_rank=?, problem_count=?, updated_at=?, indexed=0 WHERE refid=?",
            (*self._columns(r), r.refid),
        )
        for table in ("tags", "refs", "problems"):
            key = "citing" if table == "refs" else "refid"
            cur.execute(f"DELETE FROM {table} WHERE {key} = ?", (r.refid,))
        self._write_children(cur, r)

    def _write_children(self, cur: sqlite3.Cursor, r: PreparedCable) -> None:
        cur.executemany(
            "INSERT OR IGNORE INTO tags(refid, position, tag) VALUES (?,?,?)",
            [(r.refid, i, t) for i, t in enumerate(r.tags)],
        )
        cur.executemany(
            "INSERT OR IGNORE INTO refs(citing, position, cited) VALUES (?,?,?)",
            [(r.refid, i, c) for i, c in enumerate(r.references)],
        )
        cur.executemany(
            "INSERT INTO problems(refid, problem) VALUES (?,?)",
            [(r.refid, p) for p in r.problems],
        )
        self._add_media(cur, ((r.refid, u) for u in r.media))
        if r.released:
            self._add_release(cur, r.refid, r.released, r.released_precision)
        self._refresh_released(cur, r.refid)

    def _add_media(self, cur: sqlite3.Cursor, links: Iterable[tuple[str, str]]) -> int:
        before = self.conn.total_changes
        cur.executemany("INSERT OR IGNORE INTO media(refid, url) VALUES (?,?)", list(links))
        return self.conn.total_changes - before

    def _add_release(self, cur: sqlite3.Cursor, refid: str, released: str, precision: str) -> int:
        before = self.conn.total_changes
        cur.execute(
            "INSERT OR IGNORE INTO releases(refid, released, precision) VALUES (?,?,?)",
            (refid, released, precision),
        )
        added = self.conn.total_changes - before
        if added:
            self._refresh_released(cur, refid)
        return added

    def _refresh_released(self, cur: sqlite3.Cursor, refid: str) -> None:
        """A cable's ``released`` is the earliest time the archive published it."""
        cur.execute(
            "UPDATE cables SET released = (SELECT min(released) FROM releases r"
            " WHERE r.refid = cables.refid), indexed = 0 WHERE refid = ? AND coalesce(released, '')"
            " IS NOT coalesce((SELECT min(released) FROM releases r WHERE r.refid = ?), '')",
            (refid, refid),
        )

    def add_media(self, links: Iterable[tuple[str, str]]) -> int:
        with self.conn:
            return self._add_media(self.conn.cursor(), links)

    def add_releases(self, events: Iterable[ReleaseEvent]) -> int:
        added = 0
        with self.conn:
            cur = self.conn.cursor()
            for e in events:
                added += self._add_release(cur, e.refid, e.released, e.precision)
        return added

    def add_rejects(self, rejects: Iterable[tuple[str, str, str]]) -> None:
        with self.conn:
            self.conn.executemany(
                "INSERT INTO rejects(location, reason, raw, at) VALUES (?,?,?,?)",
                [(loc, why, raw, _now()) for loc, why, raw in rejects],
            )

    # -- the search index's bookkeeping --------------------------------------------------------

    def unindexed(self, limit: int = 1000) -> list[str]:
        rows = self.conn.execute("SELECT refid FROM cables WHERE indexed = 0 LIMIT ?", (limit,))
        return [r[0] for r in rows]

    def waiting_for_index(self, refids: Sequence[str]) -> dict[str, str | None]:
        """refid -> stored ``released`` for those of ``refids`` not yet indexed."""
        out: dict[str, str | None] = {}
        for i in range(0, len(refids), 500):
            part = list(refids[i : i + 500])
            q = ",".join("?" * len(part))
            for refid, released in self.conn.execute(
                f"SELECT refid, released FROM cables WHERE indexed = 0 AND refid IN ({q})", part
            ):
                out[refid] = released
        return out

    def mark_indexed(self, refids: Sequence[str], value: int = 1) -> None:
        with self.conn:
            self.conn.executemany(
                "UPDATE cables SET indexed = ? WHERE refid = ?", [(value, r) for r in refids]
            )

    def mark_all_unindexed(self) -> None:
        with self.conn:
            self.conn.execute("UPDATE cables SET indexed = 0")

    # -- reading -------------------------------------------------------------------------

    def get(self, refid: str) -> StoredCable | None:
        published = self.resolve(refid)
        if published is None:
            return None
        row = self.conn.execute(
            "SELECT refid, header, body, data, release_id, released, source,"
            " (SELECT count(*) FROM versions v WHERE v.refid = c.refid)"
            " FROM cables c WHERE refid = ?",
            (published,),
        ).fetchone()
        d = unpack(row[3], row[1], row[2])
        d["released"] = row[5]
        media = tuple(
            u for (u,) in self.conn.execute("SELECT url FROM media WHERE refid = ?", (row[0],))
        )
        releases = tuple(
            ReleaseEvent(row[0], rel, prec)
            for rel, prec in self.conn.execute(
                "SELECT released, precision FROM releases WHERE refid = ? ORDER BY released",
                (row[0],),
            )
        )
        d["media"] = list(dict.fromkeys([*d.get("media", []), *media]))
        return StoredCable(
            cable=cable_from_dict(d),
            release_id=row[4],
            media=tuple(d["media"]),
            releases=releases,
            versions=row[7],
            source=row[6] or "",
        )

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
            f"SELECT {_SUMMARY_COLS} FROM cables WHERE refid IN"
            " (SELECT citing FROM refs WHERE cited = ?) ORDER BY created, refid",
            (cid,),
        )
        return [_summary(r) for r in rows]

    def neighbours(self, refid: str) -> tuple[CableSummary | None, CableSummary | None]:
        row = self.conn.execute(
            "SELECT origin_slug, created FROM cables WHERE refid = ?", (refid,)
        ).fetchone()
        if row is None:
            return None, None
        slug, created = row
        prev = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM cables WHERE origin_slug = ? AND (created < ? OR"
            " (created = ? AND refid < ?)) ORDER BY created DESC, refid DESC LIMIT 1",
            (slug, created, created, refid),
        ).fetchone()
        nxt = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM cables WHERE origin_slug = ? AND (created > ? OR"
            " (created = ? AND refid > ?)) ORDER BY created, refid LIMIT 1",
            (slug, created, created, refid),
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
        column = _SORT_COLUMNS.get(sort, "created")
        direction = "DESC" if order == "desc" else "ASC"
        if axis == "tag" or axis == "country":
            value = value.upper()
        elif axis in ("origin", "classification"):
            value = value.lower()
        page = max(1, page)
        per_page = max(1, min(per_page, 500))
        where = _AXIS_WHERE[axis]
        total = self.conn.execute(
            f"SELECT count(*) FROM cables WHERE {where}", (value,)
        ).fetchone()[0]
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM cables WHERE {where}"
            f" ORDER BY {column} {direction}, refid {direction} LIMIT ? OFFSET ?",
            (value, per_page, (page - 1) * per_page),
        )
        return ListPage(
            tuple(_summary(r) for r in rows),
            total,
            page,
            per_page,
            sort if sort in _SORT_COLUMNS else "created",
            "desc" if direction == "DESC" else "asc",
        )

    def axis_values(self, axis: str) -> list[AxisValue]:
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
            f"SELECT {expr} AS v, count(*), min(origin), min(classification) FROM cables"
            f" WHERE {expr} IS NOT NULL GROUP BY v ORDER BY v"
        )
        values = []
        for v, n, origin, classification in rows:
            label, group = v, ""
            if axis == "origin":
                post = post_for_slug(v)
                label = post.origin if post else origin
                group = f"{post.region}/{post.country}" if post else "Other"
            elif axis == "classification":
                label = classification
            elif axis == "country":
                names = {p.iso2: (p.country, p.region) for p in all_posts()}
                label, group = names.get(v, (v, ""))
            elif axis in ("date", "released"):
                group = v[:4]
            values.append(AxisValue(v, n, label, group))
        return values

    def latest_released(self, limit: int = 20) -> list[CableSummary]:
        rows = self.conn.execute(
            f"SELECT {_SUMMARY_COLS} FROM cables WHERE released IS NOT NULL"
            " ORDER BY released DESC, release_id DESC LIMIT ?",
            (limit,),
        )
        return [_summary(r) for r in rows]

    def summaries(self, refids: Sequence[str]) -> list[CableSummary]:
        found: dict[str, CableSummary] = {}
        ids = list(refids)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            q = ",".join("?" * len(part))
            for r in self.conn.execute(
                f"SELECT {_SUMMARY_COLS} FROM cables WHERE refid IN ({q})", part
            ):
                found[r[0]] = _summary(r)
        return [found[r] for r in ids if r in found]

    def stats(self) -> dict[str, Any]:
        c = self.conn

        def grouped(sql: str) -> dict[str, int]:
            return {str(k): n for k, n in c.execute(sql)}

        return {
            "cables": c.execute("SELECT count(*) FROM cables").fetchone()[0],
            "by_classification": grouped(
                "SELECT classification, count(*) FROM cables GROUP BY 1 ORDER BY 2 DESC"
            ),
            "by_year": grouped(
                "SELECT substr(created,1,4), count(*) FROM cables WHERE created IS NOT NULL"
                " GROUP BY 1 ORDER BY 1"
            ),
            "releases": grouped(
                "SELECT substr(released,1,10), count(*) FROM cables WHERE released IS NOT NULL"
                " GROUP BY 1 ORDER BY 1"
            ),
            "origins": c.execute("SELECT count(DISTINCT origin) FROM cables").fetchone()[0],
            "tags": c.execute("SELECT count(DISTINCT tag) FROM tags").fetchone()[0],
            "references": c.execute("SELECT count(*) FROM refs").fetchone()[0],
            "media_links": c.execute("SELECT count(*) FROM media").fetchone()[0],
            "with_problems": c.execute(
                "SELECT count(*) FROM cables WHERE problem_count > 0"
            ).fetchone()[0],
            "older_versions": c.execute("SELECT count(*) FROM versions").fetchone()[0],
            "rejected": c.execute("SELECT count(*) FROM rejects").fetchone()[0],
            "unindexed": c.execute("SELECT count(*) FROM cables WHERE indexed = 0").fetchone()[0],
        }

    def rejects(self, limit: int = 100) -> list[tuple[str, str]]:
        return [
            (loc, why)
            for loc, why in self.conn.execute(
                "SELECT location, reason FROM rejects ORDER BY id DESC LIMIT ?", (limit,)
            )
        ]

    def iter_cables(self) -> Iterator[StoredCable]:
        refids = [
            r for (r,) in self.conn.execute("SELECT refid FROM cables ORDER BY release_id, refid")
        ]
        for refid in refids:
            stored = self.get(refid)
            if stored is not None:
                yield stored
