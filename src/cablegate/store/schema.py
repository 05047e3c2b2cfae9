"""The SQLite schema: cables with raw text and parsed JSON, and the tables joined to them.

Small columns come before the text columns: SQLite reads a row from its start, so a scan that
needs ``problem_count`` never touches the overflow pages of a long body. The page size stays
SQLite's 4 KB: with 16 KB pages most pages held one 10 KB cable and the full release took
4.3 GB instead of 3.6 GB.
"""

from __future__ import annotations

# 3: every text a version with its sources; 4: cables.changed; 5: people, reasons; 6: people_key
# ordered by (created, refid, position) within a person's surname and post (PEOPLE_KEY);
# 7: the cables_flat view; 8: people rows of the persons a cable is addressed to (role addressed)
SCHEMA_VERSION = 8
# The oldest archive schema a reader (the web) reads as it is: what came after it adds nothing a
# reader uses (7: a view for outside tools; 8: more rows of a table 6 has, which a reader of 6
# shows when they are there), so a server upgraded first keeps serving it
READABLE_FROM = 6

# The archive's content generation: one more for every committed write that can change what a
# page or a feed shows (the web's ETags are made of it, so a new ingest changes them). Run inside
# the write's own transaction, so a reader never sees new rows with the old generation.
BUMP_GENERATION = (
    "INSERT INTO meta(key, value) VALUES ('generation', '1')"
    " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
)
# The generation a write that changes a cable's search document commits with, kept in
# ``cables.changed``: each search index records the generation it caught up to and asks for
# the cables changed since (``Store.changed_since``). Such a write bumps the counter once, after
# its rows (writers take turns on the database lock): this is the value it bumps to. A write
# that does not bump leaves a number the next one reaches: it is found then, never lost.
NEXT_GENERATION = (
    "(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'), 0) + 1)"
)

# One row a cable with its lists joined by " | " (as ``cablegate export --format csv`` writes
# them), for tools that open the file as tables: ``datasette archive.db`` lists it with the
# database's views (``/archive/cables_flat``). A view: no byte more on disk, and an ingest
# writes nothing for it.
FLAT_VIEW = """
CREATE VIEW IF NOT EXISTS cables_flat AS
SELECT c.refid, c.canonical_id, c.release_id, c.created, c.released, c.classification,
    c.origin, c.country, c.region, c.subject,
    (SELECT group_concat(value, ' | ') FROM json_each(c.data, '$.tags')) AS tags,
    (SELECT group_concat(value, ' | ') FROM json_each(c.data, '$.references')) AS "references",
    (SELECT group_concat(value, ' | ') FROM json_each(c.data, '$.classified_by')) AS classified_by,
    (SELECT group_concat(value, ' | ') FROM json_each(c.data, '$.classification_reasons')) AS classification_reasons,
    (SELECT group_concat(value, ' | ') FROM json_each(c.data, '$.signers')) AS signers,
    json_extract(c.data, '$.declassify_on') AS declassify_on,
    c.problem_count, c.redacted, c.source
FROM cables c
"""

SCHEMA = (
    """
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
    text_key TEXT NOT NULL DEFAULT '',       -- the version it is (versions.redaction.text_key)
    currency TEXT NOT NULL DEFAULT '',       -- how it ranks for the current text (versions.current)
    redacted INTEGER NOT NULL DEFAULT 0,     -- 1: some version of the cable holds a redaction
    history_stale INTEGER NOT NULL DEFAULT 0, -- 1: its versions changed since histories was written
    problem_count INTEGER NOT NULL DEFAULT 0,
    indexed INTEGER NOT NULL DEFAULT 0,      -- 0: the ingest's own index has yet to get it
    changed INTEGER NOT NULL DEFAULT 0,      -- generation of its search document's last change
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
CREATE INDEX IF NOT EXISTS cables_changed ON cables(changed);
CREATE INDEX IF NOT EXISTS cables_problems ON cables(problem_count) WHERE problem_count > 0;
CREATE INDEX IF NOT EXISTS cables_history_stale ON cables(history_stale) WHERE history_stale = 1;
CREATE INDEX IF NOT EXISTS cables_redacted ON cables(redacted) WHERE redacted = 1;

CREATE TABLE IF NOT EXISTS tags (
    refid TEXT NOT NULL, position INTEGER NOT NULL, tag TEXT NOT NULL, created TEXT,
    PRIMARY KEY (refid, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tags_tag ON tags(tag, created, refid);

-- the classifiers and signers a cable names (cablegate.people joins them into persons): the
-- surname, post and creation time are the joining rule's key, and people_key serves both the
-- counts of /people and the cables of one person without reading the cables table, a page of
-- a person's cables in its order (created, refid, position) at any depth
CREATE TABLE IF NOT EXISTS people (
    refid TEXT NOT NULL, position INTEGER NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL,
    surname TEXT NOT NULL, post TEXT, created TEXT,
    PRIMARY KEY (refid, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS people_key ON people(surname, post, created, refid, position, name, role);

-- the E.O. 12958 section 1.4 reasons a cable gives for its classification, as the parser wrote
-- them ("1.4(b)"): /classification-reasons counts them by year and post from this table alone
CREATE TABLE IF NOT EXISTS reasons (
    refid TEXT NOT NULL, position INTEGER NOT NULL, reason TEXT NOT NULL, post TEXT,
    created TEXT, PRIMARY KEY (refid, position)
) WITHOUT ROWID;

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

CREATE TABLE IF NOT EXISTS texts (     -- every distinct text of a cable a source carried
    id INTEGER PRIMARY KEY,
    refid TEXT NOT NULL,
    text_key TEXT NOT NULL,
    redactions INTEGER NOT NULL DEFAULT 0,   -- runs of X in the body
    words INTEGER NOT NULL DEFAULT 0,
    damaged TEXT NOT NULL DEFAULT '',        -- why no source carried it whole
    currency TEXT NOT NULL DEFAULT '',       -- of the row whose rendering header/body are
    header TEXT,                             -- NULL for the current text: the cables row holds it
    body TEXT,
    UNIQUE (refid, text_key)
);

CREATE TABLE IF NOT EXISTS sightings (  -- each source that carried a text: the provenance
    text_id INTEGER NOT NULL,
    location TEXT NOT NULL,       -- as cables.source: "html:dir/cable/2007/01/X.html", "csv:f:12"
    source TEXT NOT NULL,         -- snapshot | page | release
    name TEXT NOT NULL,           -- the snapshot or file
    seen TEXT NOT NULL,           -- YYYY-MM-DD, what versions are ordered by
    basis TEXT NOT NULL,          -- what gave that date (versions.dating.BASES)
    site_count INTEGER,
    released TEXT,
    PRIMARY KEY (text_id, location)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS histories (  -- cables with more than one version: what lists need
    refid TEXT PRIMARY KEY,
    versions INTEGER NOT NULL,
    changed TEXT NOT NULL,        -- the day of the newest change of text
    redacted INTEGER NOT NULL,
    hidden_words INTEGER NOT NULL,
    hidden_names INTEGER NOT NULL,
    summary TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS histories_changed ON histories(changed, refid);

CREATE TABLE IF NOT EXISTS problems (refid TEXT NOT NULL, problem TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS problems_refid ON problems(refid);

CREATE TABLE IF NOT EXISTS rejects (    -- records that could not be read, raw text kept
    id INTEGER PRIMARY KEY, location TEXT NOT NULL, reason TEXT NOT NULL, raw TEXT, at TEXT
);
"""
    + FLAT_VIEW
    + ";\n"
)
