"""Versions in the store (both backends): every text kept with its sources, the current one by
rank whatever the order, histories summed up; and the upgrade of a SQLite archive of schema 2."""

from __future__ import annotations

import itertools
import re
import sqlite3
from pathlib import Path

import pytest

from cablegate.archive import open_store
from cablegate.errors import CablegateError
from cablegate.ingest import prepare
from cablegate.sources.record import SourceCable
from cablegate.store.base import Store
from cablegate.store.schema import SCHEMA_VERSION
from cablegate.store.sqlite import SqliteStore
from cablegate.versions.stored import refresh_histories

BODY = (
    "C O N F I D E N T I A L ALGIERS 000045\n\nSIPDIS\n\nTAGS: PGOV AG\n"
    "SUBJECT: SENATE ELECTION\n\n1. (C) {who}, who covered the election, told us that"
    " {who2} was right.\n\nFORD\n"
)
WHOLE = BODY.format(who="Nadia Mellal", who2="Mellal")
REDACTED = BODY.format(who="XXXXXXXXXXXX", who2="XXXXXXXXXXXX")
RETYPED = WHOLE.replace("TAGS: PGOV AG", "TAGS PGOV, AG").replace("SIPDIS\n\n", "")


def _page(body: str, snapshot: str, count: int, refid: str = "07ALGIERS45") -> SourceCable:
    return SourceCable(
        location=f"/v/{snapshot}/cable/2007/01/{refid}.html",
        refid=refid,
        header="",
        body=body,
        created="2007-01-10T16:04",
        released="2010-11-30T16:04",
        classification="CONFIDENTIAL",
        origin="Embassy Algiers",
        kind="html",
        site_count=count,
    )


def _csv(body: str) -> SourceCable:
    return SourceCable(
        location="/r/cables.csv:45",
        refid="07ALGIERS45",
        header="",
        body=body,
        release_id=91000,
        created="2007-01-10T16:04",
        classification="CONFIDENTIAL",
        origin="Embassy Algiers",
    )


def _second(store_url: str, request: pytest.FixtureRequest, name: str) -> str:
    """An empty archive named ``name`` on the backend of ``store_url``."""
    if not store_url.startswith("postgresql"):
        return str(Path(store_url).with_name(f"{name}.db"))
    from tests import pg

    base = "v_" + re.sub(r"\W", "_", request.node.name)[:40].lower()
    url: str = pg.fresh_schema(request.getfixturevalue("pg_server"), f"{base}_{name}")
    return url


PAGES = [
    _page(WHOLE, "2010-12-01_a", 471),
    _page(REDACTED, "2010-12-02_b", 597),
    _page(REDACTED, "2010-12-13_c", 1896),
    _page(RETYPED, "2011-02-13_d", 4039),
]


def _state(store: Store) -> tuple[object, ...]:
    got = store.get("07ALGIERS45")
    assert got is not None
    texts = sorted(
        (t.text_key, t.body, t.current, t.redactions, tuple(s.location for s in t.sightings))
        for t in store.texts("07ALGIERS45")
    )
    histories = [tuple(r) for r in store.dump("histories")]
    return got.cable.body, got.source, got.versions, got.redacted, texts, histories


@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::5])
def test_any_order_gives_one_state(
    store_url: str, request: pytest.FixtureRequest, order: tuple[int, ...]
) -> None:
    """Stored one page at a time in any order: the same texts, sources, current text, history."""
    states = []
    for name, pages in (("dated", PAGES), ("shuffled", [PAGES[i] for i in order])):
        store = open_store(_second(store_url, request, name))
        for p in pages:
            store.upsert_cables([prepare(p)[0]])
        refresh_histories(store)
        states.append(_state(store))
        store.close()
    assert states[0] == states[1]
    body, source, others, redacted, texts, histories = states[0]
    assert "Nadia Mellal" in body and "2010-12-01_a" in source  # fewest redactions, then words
    assert (others, redacted, len(texts)) == (2, True, 3)
    assert histories == [
        ("07ALGIERS45", 3, "2011-02-13", 1, 3, 1, "2 redactions lifted in the 2011-02-13"
         " version: 3 words shown again, 1 name; 3 other edits (1 word removed or added)"),
    ]  # fmt: skip


def test_the_final_release_is_current_and_pages_stay_versions(store: Store) -> None:
    counts = store.upsert_cables([prepare(_page(REDACTED, "2010-12-02_b", 597))[0]])
    assert counts.written == frozenset({0})
    counts = store.upsert_cables(
        [prepare(_csv(WHOLE))[0], prepare(_page(WHOLE, "2010-12-01_a", 471))[0]]
    )
    assert counts.written == frozenset({0})  # the page of the same text stays a source only
    got = store.get("07ALGIERS45")
    assert got is not None and got.source == "csv:/r/cables.csv:45" and got.versions == 1
    texts = {t.body: t for t in store.texts("07ALGIERS45")}
    assert texts[WHOLE].current and not texts[REDACTED].current
    sources = sorted(s.source for t in texts.values() for s in t.sightings)
    assert sources == ["release", "snapshot", "snapshot"]
    assert store.upsert_cables([prepare(_page(WHOLE, "2010-12-01_a", 471))[0]]).unchanged == 1
    refresh_histories(store)
    changes = store.changes()
    assert changes.total == 1 and changes.items[0].versions == 2
    assert changes.items[0].summary.startswith("2 redactions lifted in the 2011-08-30 version")
    assert store.stats()["redacted_cables"] == 1


def test_a_redacted_version_marks_the_cable_for_the_index(store: Store) -> None:
    store.upsert_cables([prepare(_csv(WHOLE))[0]])
    store.mark_indexed(["07ALGIERS45"])
    assert store.waiting_for_index(["07ALGIERS45"]) == {}
    store.upsert_cables([prepare(_page(REDACTED, "2010-12-02_b", 597))[0]])
    pending = store.waiting_for_index(["07ALGIERS45"])["07ALGIERS45"]
    assert pending.redacted  # indexed again: now "redacted in some version"


@pytest.mark.parametrize(
    ("bodies", "redacted", "stale"),
    [
        ((REDACTED,), True, False),  # a new cable's flags go in with its row
        ((WHOLE,), False, False),
        ((WHOLE, REDACTED), True, True),  # a new cable with a second text in its batch
        ((REDACTED, WHOLE), True, True),
    ],
)
def test_a_new_cable_has_its_flags_in_one_batch(
    store: Store, bodies: tuple[str, ...], redacted: bool, stale: bool
) -> None:
    rows = [prepare(_page(b, f"2010-12-0{i + 1}_a", 300 + i))[0] for i, b in enumerate(bodies)]
    store.upsert_cables(rows)
    assert store.waiting_for_index(["07ALGIERS45"])["07ALGIERS45"].redacted is redacted
    assert store.stats()["redacted_cables"] == int(redacted)
    assert ("07ALGIERS45" in store.stale_histories()) is stale


def _as_schema_2(db: Path) -> None:
    """Turn an archive back into what cablegate wrote before version histories."""
    conn = sqlite3.connect(db)
    conn.executescript(
        """
        DROP VIEW cables_flat;
        DROP INDEX cables_history_stale; DROP INDEX cables_redacted; DROP INDEX cables_changed;
        ALTER TABLE cables DROP COLUMN changed; ALTER TABLE cables DROP COLUMN text_key; ALTER TABLE cables DROP COLUMN currency;
        ALTER TABLE cables DROP COLUMN redacted; ALTER TABLE cables DROP COLUMN history_stale;
        DROP TABLE texts; DROP TABLE sightings; DROP TABLE histories;
        DROP TABLE people; DROP TABLE reasons;
        CREATE TABLE versions (id INTEGER PRIMARY KEY, refid TEXT NOT NULL, header TEXT,
            body TEXT, text_hash TEXT, source TEXT, replaced_at TEXT);
        CREATE INDEX versions_refid ON versions(refid);
        UPDATE meta SET value = '2' WHERE key = 'schema';
        """
    )
    conn.execute(
        "INSERT INTO versions(refid, header, body, text_hash, source, replaced_at)"
        " VALUES ('07ALGIERS45', '', ?, 'x', 'html:/v/2010-12-02_b/cable/2007/01/07ALGIERS45.html',"
        " '2026-01-05T10:00:00')",
        (REDACTED,),
    )
    conn.commit()
    conn.close()


def test_an_archive_of_schema_2_is_upgraded_in_place(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    store = SqliteStore.open(db)
    store.upsert_cables([prepare(_csv(WHOLE))[0]])
    store.close()
    _as_schema_2(db)
    with pytest.raises(CablegateError, match="cablegate reindex"):
        SqliteStore.open(db, readonly=True)  # a server does not write: it says what to run
    store = SqliteStore.open(db)
    got = store.get("07ALGIERS45")
    assert got is not None and got.versions == 1 and got.redacted
    texts = {t.current: t for t in store.texts("07ALGIERS45")}
    assert [s.basis for s in texts[True].sightings] == ["final-release"]
    assert [(s.seen, s.basis) for s in texts[False].sightings] == [("2010-12-02", "snapshot-name")]
    assert store.changes().items[0].hidden_words == 3
    found = store.conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
    assert found == (str(SCHEMA_VERSION),)
    store.close()
    SqliteStore.open(db, readonly=True).close()


def test_an_archive_of_schema_3_gains_the_generation_of_each_change(tmp_path: Path) -> None:
    """Rows an earlier cablegate wrote have changed 0; later writes number theirs."""
    db = tmp_path / "old.db"
    store = SqliteStore.open(db)
    store.upsert_cables([prepare(_csv(WHOLE))[0]])
    store.close()
    conn = sqlite3.connect(db)
    conn.executescript(
        "DROP INDEX cables_changed; ALTER TABLE cables DROP COLUMN changed;"
        " UPDATE meta SET value = '3' WHERE key = 'schema';"
    )
    conn.close()
    store = SqliteStore.open(db)
    assert [w.refid for w in store.changed_since(-1)] == ["07ALGIERS45"]
    assert store.changed_since(0) == []
    at = store.generation()
    store.upsert_cables([prepare(_csv(RETYPED))[0]])
    assert [w.refid for w in store.changed_since(at)] == ["07ALGIERS45"]
    store.close()
