"""The tables an archive is made of, as ``Store.dump`` streams them and ``Store.load`` takes
them: one list both backends share, so ``cablegate copy`` moves every row of every table.

Row ids are left out but for ``texts`` (``sightings`` name them; each other store numbers its own rows; ``load`` keeps the order ``dump``
gave). ``meta`` is not copied: its rows are the store's own bookkeeping.
"""

from __future__ import annotations

TABLES: dict[str, tuple[str, ...]] = {
    "cables": (
        "refid",
        "canonical_id",
        "release_id",
        "created",
        "released",
        "classification",
        "class_slug",
        "origin",
        "origin_slug",
        "country",
        "region",
        "text_hash",
        "meta_hash",
        "origin_rank",
        "text_key",
        "currency",
        "redacted",
        "history_stale",
        "problem_count",
        "indexed",
        "updated_at",
        "source",
        "subject",
        "data",
        "header",
        "body",
    ),
    "tags": ("refid", "position", "tag", "created"),
    "people": ("refid", "position", "role", "name", "surname", "post", "created"),
    "reasons": ("refid", "position", "reason", "post", "created"),
    "refs": ("citing", "position", "cited"),
    "media": ("refid", "url"),
    "releases": ("refid", "released", "precision"),
    # texts keep their ids: sightings name them
    "texts": (
        "id",
        "refid",
        "text_key",
        "redactions",
        "words",
        "damaged",
        "currency",
        "header",
        "body",
    ),
    "sightings": (
        "text_id",
        "location",
        "source",
        "name",
        "seen",
        "basis",
        "site_count",
        "released",
    ),
    "histories": (
        "refid",
        "versions",
        "changed",
        "redacted",
        "hidden_words",
        "hidden_names",
        "summary",
    ),
    "problems": ("refid", "problem"),
    "rejects": ("location", "reason", "raw", "at"),
}

# the order ``dump`` reads each table in: row order where rows have ids, else the key
DUMP_ORDER: dict[str, str] = {
    "cables": "id",
    "tags": "refid, position",
    "people": "refid, position",
    "reasons": "refid, position",
    "refs": "citing, position",
    "media": "refid, url",
    "releases": "refid, released",
    "texts": "id",
    "sightings": "text_id, location",
    "histories": "refid",
    "problems": "refid, problem",
    "rejects": "id",
}

# rows a ``load`` writes in one transaction
LOAD_BATCH = 2000


def select_all(table: str) -> str:
    """The one query both backends dump ``table`` with (portable SQL, no parameters)."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; known: {', '.join(TABLES)}")
    return f"SELECT {', '.join(TABLES[table])} FROM {table} ORDER BY {DUMP_ORDER[table]}"
