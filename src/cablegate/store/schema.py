"""The SQLite schema: cables with raw text and parsed JSON, and the tables joined to them.

Small columns come before the text columns: SQLite reads a row from its start, so a scan that
needs ``problem_count`` never touches the overflow pages of a long body. The page size stays
SQLite's 4 KB: with 16 KB pages most pages held one 10 KB cable and the full release took
4.3 GB instead of 3.6 GB.
"""

from __future__ import annotations

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);

CREATE TABLE IF NOT EXISTS cables (
    id INTEGER PRIMARY KEY,
    refid TEXT NOT NULL UNIQUE,       -- as published, malformed ones included
    canonical_id TEXT,
    release_id INTEGER,               -- sequential id in the full release
    created TEXT,                     -- YYYY-MM-DDTHH:MM, UTC
    released TEXT,                    -- earliest release event
    classification TEXT,
    class_slug TEXT,
    origin TEXT,
    origin_slug TEXT,
    country TEXT,                     -- ISO 3166 alpha-2 of the post's host country
    region TEXT,
    text_hash TEXT NOT NULL,
    meta_hash TEXT NOT NULL,
    origin_rank INTEGER NOT NULL DEFAULT 0,  -- 1: the release's cables.csv, 0: a rendered page
    problem_count INTEGER NOT NULL DEFAULT 0,
    indexed INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT,
    source TEXT,
    subject TEXT,
    data TEXT NOT NULL,               -- JSON of Cable.to_dict() without text and paragraphs
    header TEXT NOT NULL,             -- raw, always kept
    body TEXT NOT NULL                -- raw, always kept
);
CREATE INDEX IF NOT EXISTS cables_canonical ON cables(canonical_id);
CREATE INDEX IF NOT EXISTS cables_created ON cables(created, refid);
CREATE INDEX IF NOT EXISTS cables_released ON cables(released, refid);
CREATE INDEX IF NOT EXISTS cables_origin ON cables(origin_slug, created, refid);
CREATE INDEX IF NOT EXISTS cables_class ON cables(class_slug, created, refid);
CREATE INDEX IF NOT EXISTS cables_country ON cables(country, created, refid);
CREATE INDEX IF NOT EXISTS cables_unindexed ON cables(indexed) WHERE indexed = 0;
CREATE INDEX IF NOT EXISTS cables_problems ON cables(problem_count) WHERE problem_count > 0;

CREATE TABLE IF NOT EXISTS tags (
    refid TEXT NOT NULL, position INTEGER NOT NULL, tag TEXT NOT NULL, created TEXT,
    PRIMARY KEY (refid, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag, created, refid);

CREATE TABLE IF NOT EXISTS refs (       -- the REF edge table: citing cable -> canonical id cited
    citing TEXT NOT NULL, position INTEGER NOT NULL, cited TEXT NOT NULL,
    PRIMARY KEY (citing, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS refs_cited ON refs(cited);

CREATE TABLE IF NOT EXISTS media (
    refid TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (refid, url)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS releases (
    refid TEXT NOT NULL, released TEXT NOT NULL, precision TEXT NOT NULL DEFAULT 'minute',
    PRIMARY KEY (refid, released)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS versions (   -- older texts replaced by a changed re-ingest
    id INTEGER PRIMARY KEY, refid TEXT NOT NULL, header TEXT, body TEXT, text_hash TEXT,
    source TEXT, replaced_at TEXT
);
CREATE INDEX IF NOT EXISTS versions_refid ON versions(refid);

CREATE TABLE IF NOT EXISTS problems (refid TEXT NOT NULL, problem TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS problems_refid ON problems(refid);

CREATE TABLE IF NOT EXISTS rejects (    -- records that could not be read, raw text kept
    id INTEGER PRIMARY KEY, location TEXT NOT NULL, reason TEXT NOT NULL, raw TEXT, at TEXT
);
"""
