"""The SQLite schema: cables with raw text and parsed JSON, and the tables joined to them."""

from __future__ import annotations

SCHEMA_VERSION = 1

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
    subject TEXT,
    header TEXT NOT NULL,             -- raw, always kept
    body TEXT NOT NULL,               -- raw, always kept
    data TEXT NOT NULL,               -- JSON of Cable.to_dict() without text and paragraphs
    text_hash TEXT NOT NULL,
    meta_hash TEXT NOT NULL,
    source TEXT,
    origin_rank INTEGER NOT NULL DEFAULT 0,
    problem_count INTEGER NOT NULL DEFAULT 0,
    indexed INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT
);
CREATE INDEX IF NOT EXISTS cables_canonical ON cables(canonical_id);
CREATE INDEX IF NOT EXISTS cables_created ON cables(created);
CREATE INDEX IF NOT EXISTS cables_released ON cables(released);
CREATE INDEX IF NOT EXISTS cables_origin ON cables(origin_slug, created);
CREATE INDEX IF NOT EXISTS cables_class ON cables(class_slug, created);
CREATE INDEX IF NOT EXISTS cables_country ON cables(country, created);
CREATE INDEX IF NOT EXISTS cables_unindexed ON cables(indexed) WHERE indexed = 0;

CREATE TABLE IF NOT EXISTS tags (
    refid TEXT NOT NULL, position INTEGER NOT NULL, tag TEXT NOT NULL,
    PRIMARY KEY (refid, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag);

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
