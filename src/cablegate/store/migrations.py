"""Upgrading an archive written by an earlier cablegate, in place, in one transaction.

Schema 2 kept an older text only when a re-ingest replaced it (``versions``), with no date but
the replacement's. Schema 3 keeps every text as a version with its sources. The upgrade turns
each cable's text and each kept older text into a version; a page is dated by its snapshot's
name when its path has one (``2010-12-08_x/cable/...``), else by the day it was stored (basis
``ingested``), the only date schema 2 kept. Re-ingesting the sources dates them properly (a
sighting of the same place is updated). A full-scale archive takes about a minute.
Schema 4 adds ``cables.changed`` (see ``schema.NEXT_GENERATION``). Schema 5 adds ``people``,
and ``reasons``, filled from each cable's parsed JSON (the classifiers, signers and
classification reasons the parser found). Schema 6 orders ``people_key`` by (created, refid,
position) within a surname and post: a page of a person's cables is a range of it.
Schema 7 adds the ``cables_flat`` view (``schema.FLAT_VIEW``): a statement, no row
rewritten. Schema 8 files the persons a cable's address lines name (``people`` rows of role
``addressed``): each cable's people rows are written again, the names read from its stored body
(its parsed JSON of an earlier cablegate has none).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from cablegate.store.people_rows import rows_of_stored
from cablegate.store.schema import BUMP_GENERATION, FLAT_VIEW, SCHEMA
from cablegate.versions.current import currency
from cablegate.versions.dating import Sighting, release_sighting, snapshot_of
from cablegate.versions.redaction import text_facts

# schema 4: a column with the generation of each cable's last change of search document; 0 for
# what an earlier cablegate wrote (an index without its mark trusts ``indexed`` for those once)
_CHANGED = "ALTER TABLE cables ADD COLUMN changed INTEGER NOT NULL DEFAULT 0"
_NEW_COLUMNS = (
    "ALTER TABLE cables ADD COLUMN text_key TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE cables ADD COLUMN currency TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE cables ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE cables ADD COLUMN history_stale INTEGER NOT NULL DEFAULT 0",
    _CHANGED,
)
_TEXT = (
    "INSERT INTO texts(refid, text_key, redactions, words, currency, header, body)"
    " VALUES (?,?,?,?,?,?,?) ON CONFLICT(refid, text_key) DO NOTHING"
)
_SIGHTING = (
    "INSERT OR IGNORE INTO sightings(text_id, location, source, name, seen, basis)"
    " SELECT id, ?, ?, ?, ?, ? FROM texts WHERE refid = ? AND text_key = ?"
)


def _sighting(location: str, stored: str | None) -> Sighting:
    """A source of schema 2, dated as well as what it kept allows."""
    if location.startswith("csv:"):
        return release_sighting(location)
    name, day = snapshot_of(location)
    if day:
        return Sighting("snapshot", name, location, day, "snapshot-name")
    return Sighting("page", name, location, (stored or "")[:10] or "2010-11-28", "ingested")


def _statements(script: str) -> list[str]:
    """The statements of a schema script (``executescript`` would commit first)."""
    lines = (line.split("--", 1)[0] for line in script.splitlines())
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def _from_2(conn: sqlite3.Connection) -> None:
    for statement in (*_NEW_COLUMNS, *_statements(SCHEMA)):
        conn.execute(statement)
    rows = conn.execute(
        "SELECT refid, header, body, text_hash, meta_hash, origin_rank, source, updated_at"
        " FROM cables"
    ).fetchall()
    for refid, header, body, text_hash, meta_hash, rank, source, stored in rows:
        key, runs, words = text_facts(header, body)
        s = _sighting(source or "", stored)
        rank_key = currency(
            final=rank > 0,
            damaged=False,
            redactions=runs,
            words=words,
            text_key=key,
            seen=s.seen,
            site_count=None,
            text_hash=text_hash,
            meta_hash=meta_hash,
        )
        conn.execute(
            "UPDATE cables SET text_key = ?, currency = ?, redacted = ? WHERE refid = ?",
            (key, rank_key, int(runs > 0), refid),
        )
        conn.execute(_TEXT, (refid, key, runs, words, rank_key, None, None))
        conn.execute(_SIGHTING, (s.location, s.source, s.name, s.seen, s.basis, refid, key))
    older = conn.execute("SELECT refid, header, body, source, replaced_at FROM versions")
    for refid, header, body, source, replaced in older.fetchall():
        key, runs, words = text_facts(header or "", body or "")
        s = _sighting(source or "", replaced)
        conn.execute(_TEXT, (refid, key, runs, words, "", header or "", body or ""))
        conn.execute(_SIGHTING, (s.location, s.source, s.name, s.seen, s.basis, refid, key))
    conn.execute(
        "UPDATE cables SET"
        " redacted = EXISTS (SELECT 1 FROM texts t WHERE t.refid = cables.refid"
        " AND t.redactions > 0),"
        " history_stale = (SELECT count(*) FROM texts t WHERE t.refid = cables.refid) > 1,"
        " indexed = 0 WHERE refid IN (SELECT refid FROM versions)"
        " OR refid IN (SELECT refid FROM texts WHERE redactions > 0)"
    )
    conn.execute("DROP TABLE versions")


def _from_3(conn: sqlite3.Connection) -> None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(cables)")}
    if "changed" not in columns:  # an archive of schema 2 got it on the way to 3
        conn.execute(_CHANGED)
    conn.execute("CREATE INDEX IF NOT EXISTS cables_changed ON cables(changed)")


def _from_4(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA):  # IF NOT EXISTS: only the people table is new
        conn.execute(statement)
    conn.execute("DELETE FROM people")
    conn.execute("DELETE FROM reasons")
    rows = conn.execute("SELECT refid, data, origin, created FROM cables")
    for refid, data, origin, created in rows.fetchall():
        found = rows_of_stored(refid, data, origin, created)
        conn.executemany("INSERT INTO people VALUES (?,?,?,?,?,?,?)", found.people)
        conn.executemany("INSERT INTO reasons VALUES (?,?,?,?,?)", found.reasons)


def _from_5(conn: sqlite3.Connection) -> None:
    conn.execute("DROP INDEX IF EXISTS people_key")
    for statement in _statements(SCHEMA):  # IF NOT EXISTS: only people_key is new
        conn.execute(statement)


def _from_6(conn: sqlite3.Connection) -> None:
    conn.execute(FLAT_VIEW)


def _from_7(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM people")
    rows = conn.execute("SELECT refid, data, origin, created, body FROM cables")
    while batch := rows.fetchmany(2000):  # bodies: not the whole release in memory at once
        for refid, data, origin, created, body in batch:
            found = rows_of_stored(refid, data, origin, created, body)
            conn.executemany("INSERT INTO people VALUES (?,?,?,?,?,?,?)", found.people)


# schema version found -> the step that brings it to the next one
STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {
    2: _from_2,
    3: _from_3,
    4: _from_4,
    5: _from_5,
    6: _from_6,
    7: _from_7,
}


def migrate(conn: sqlite3.Connection, found: int, wanted: int) -> None:
    """Bring an archive of schema ``found`` to ``wanted``, all steps in one transaction: a
    failed or killed upgrade leaves the archive as it was."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(found, wanted):
            STEPS[version](conn)
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(wanted),))
        conn.execute(BUMP_GENERATION)
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def can_migrate(found: int, wanted: int) -> bool:
    return found < wanted and all(v in STEPS for v in range(found, wanted))
