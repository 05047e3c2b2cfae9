"""The PostgreSQL schema as numbered migrations, and the check that an archive matches the code.

The tables mirror SQLite's (``schema.py``) column for column, so ``cablegate copy`` moves rows
unchanged. Text columns use the "C" collation: lists sort byte-wise as in SQLite, whatever the
server's default locale, so both backends page the same cables in the same order.
"""

from __future__ import annotations

# (version, SQL): append a migration, never edit one an archive may already have run
MIGRATIONS: tuple[tuple[int, str], ...] = (
    (
        1,
        """
CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT);
INSERT INTO meta(key, value) VALUES ('generation', '0');

CREATE TABLE cables (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    refid TEXT COLLATE "C" NOT NULL UNIQUE,
    canonical_id TEXT COLLATE "C",
    release_id INTEGER,
    created TEXT COLLATE "C",
    released TEXT COLLATE "C",
    classification TEXT COLLATE "C",
    class_slug TEXT COLLATE "C",
    origin TEXT COLLATE "C",
    origin_slug TEXT COLLATE "C",
    country TEXT COLLATE "C",
    region TEXT COLLATE "C",
    text_hash TEXT NOT NULL,
    meta_hash TEXT NOT NULL,
    origin_rank INTEGER NOT NULL DEFAULT 0,
    problem_count INTEGER NOT NULL DEFAULT 0,
    indexed INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT,
    source TEXT,
    subject TEXT COLLATE "C",
    data TEXT NOT NULL,
    header TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX cables_canonical ON cables(canonical_id);
CREATE INDEX cables_created ON cables(created, refid);
CREATE INDEX cables_released ON cables(released, refid);
CREATE INDEX cables_origin ON cables(origin_slug, created, refid);
CREATE INDEX cables_class ON cables(class_slug, created, refid);
CREATE INDEX cables_country ON cables(country, created, refid);
CREATE INDEX cables_unindexed ON cables(id) WHERE indexed = 0;
CREATE INDEX cables_problems ON cables(problem_count) WHERE problem_count > 0;

CREATE TABLE tags (
    refid TEXT COLLATE "C" NOT NULL, position INTEGER NOT NULL, tag TEXT COLLATE "C" NOT NULL,
    created TEXT COLLATE "C", PRIMARY KEY (refid, position)
);
CREATE INDEX tags_tag ON tags(tag, created, refid);

CREATE TABLE refs (
    citing TEXT COLLATE "C" NOT NULL, position INTEGER NOT NULL, cited TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (citing, position)
);
CREATE INDEX refs_cited ON refs(cited);

CREATE TABLE media (
    refid TEXT COLLATE "C" NOT NULL, url TEXT COLLATE "C" NOT NULL, PRIMARY KEY (refid, url)
);

CREATE TABLE releases (
    refid TEXT COLLATE "C" NOT NULL, released TEXT COLLATE "C" NOT NULL,
    precision TEXT NOT NULL DEFAULT 'minute', PRIMARY KEY (refid, released)
);

CREATE TABLE versions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, refid TEXT COLLATE "C" NOT NULL,
    header TEXT, body TEXT, text_hash TEXT, source TEXT, replaced_at TEXT
);
CREATE INDEX versions_refid ON versions(refid);

CREATE TABLE problems (refid TEXT COLLATE "C" NOT NULL, problem TEXT NOT NULL);
CREATE INDEX problems_refid ON problems(refid);

CREATE TABLE rejects (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, location TEXT NOT NULL,
    reason TEXT NOT NULL, raw TEXT, at TEXT
);
""",
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1][0]
# one number for pg_advisory_xact_lock: two processes opening a new archive migrate it once
MIGRATION_LOCK = 0x0CAB1E6A7E
