"""What exports and the data-quality report read from a store, on both backends
(``conftest.store``): the refid walk, batches of cables, the report, the ``cables_flat`` view."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cablegate.archive import open_store
from cablegate.refid import malformed_ids
from cablegate.store.base import Store
from cablegate.store.schema import SCHEMA_VERSION
from cablegate.store.sqlite import SqliteStore
from tests.store.test_store import _put, _src

NO_SUBJECT = "S E C R E T LIMA 000201\n\nTAGS: PGOV PE\n\n1. (S) A cable with no subject line.\n"
NO_TAGS = "S E C R E T LIMA 000202\n\nSUBJECT: NO TAGS HERE\n\n1. (S) A cable with no tags.\n"
# an id the release published malformed, with the one it should have had
MALFORMED = next(m for m, (_, kind) in sorted(malformed_ids().items()) if m[-3:].isdigit())


def test_refids_after_walks_every_cable_in_byte_order(store: Store) -> None:
    ids = ["07LIMA101", "06LIMA102", "08LIMA103", "07LIMA104", "07LIMA105"]
    _put(store, *(_src(r) for r in ids))
    walked: list[str] = []
    after = ""
    while batch := store.refids_after(after, 2):
        assert len(batch) <= 2
        walked += batch
        after = batch[-1]
    assert walked == sorted(ids)


def test_cables_of_keeps_the_order_given_and_skips_the_unknown(store: Store) -> None:
    _put(store, _src("07LIMA101"), _src("07LIMA102", media=("http://example.org/a",)))
    store.add_media([("07LIMA102", "http://example.org/b")])
    got = store.cables_of(["07LIMA102", "07LIMA999", "07LIMA101"])
    assert [s.refid for s in got] == ["07LIMA102", "07LIMA101"]
    full = store.get("07LIMA102")
    assert full is not None
    assert (
        got[0].cable.media == full.cable.media == ("http://example.org/a", "http://example.org/b")
    )
    # the paragraphs are in, the display layout is not
    assert [p.text for p in got[0].cable.paragraphs] == [p.text for p in full.cable.paragraphs]
    assert len(got[0].cable.paragraphs) == 2 and got[0].cable.layout is None
    assert got[0].release_id == full.release_id and got[0].source == full.source


def test_the_quality_report(store: Store) -> None:
    _put(
        store,
        _src("07LIMA101"),
        _src("07LIMA201", body=NO_SUBJECT),
        _src("05LIMA202", body=NO_TAGS, created="2005-03-01T10:00"),
        _src(MALFORMED, created="2006-01-01T10:00"),
    )
    store.add_rejects([("csv:bad.csv:3", "the record is cut off", "raw text")])
    q = store.quality()
    assert q.cables == 4
    assert q.without_subject.cables == 1 and q.without_subject.sample == ("07LIMA201",)
    assert q.without_tags.cables == 1 and q.without_tags.sample == ("05LIMA202",)
    subject = {f.field: f for f in q.by_field}["subject"]
    assert subject.cables == 1 and subject.problems >= 1
    periods = {p.period: p for p in q.by_period}
    assert periods["2007"].cables == 2 and periods["2007"].count("subject") == 1
    assert periods["2005"].count("subject") == 0
    assert q.with_problems == sum(p.with_problems for p in q.by_period)
    correct, kind = malformed_ids()[MALFORMED]
    assert [(m.refid, m.correct, m.kind) for m in q.malformed] == [(MALFORMED, correct, kind)]
    assert q.rejected == 1 and q.latest_rejects[0].location == "csv:bad.csv:3"
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    assert q.rejects_by_day == ((today, 1),)
    data = q.to_dict()
    assert data["without_tags"] == {"cables": 1, "sample": ["05LIMA202"]}
    assert data["problems_by_field"][0]["field"] == "subject"


def test_an_empty_archive_has_an_empty_report(store: Store) -> None:
    q = store.quality()
    assert (q.cables, q.with_problems, q.by_field, q.malformed, q.rejected) == (0, 0, (), (), 0)


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        ("refid", "07LIMA101"),
        ("created", "2007-02-20T22:45"),
        ("origin", "Embassy Lima"),
        ("classification", "SECRET"),
        ("subject", "SUBJECT OF 07LIMA101"),
        ("tags", "PGOV | PTER | PE"),
        ("classification_reasons", "1.4(c) | 1.4(d)"),
        ("declassify_on", "2017-02-14"),
        ("signers", "STRUBLE"),
        ("problem_count", 0),
    ],
)
def test_cables_flat_is_one_row_a_cable_with_lists_joined(
    store: Store, column: str, expected: object
) -> None:
    _put(store, _src("07LIMA101", tags="PGOV PTER PE"), _src("07LIMA102"))
    conn = store.conn  # type: ignore[attr-defined]
    rows = conn.execute(f'SELECT "{column}" FROM cables_flat ORDER BY refid').fetchall()
    assert len(rows) == 2
    assert rows[0][0] == expected


def test_a_reader_reads_an_archive_of_schema_6_as_it_is(tmp_path: Path) -> None:
    """Schema 7 adds only the view: a server upgraded before its archive serves it unchanged,
    the next writer adds the view."""
    db = tmp_path / "old.db"
    SqliteStore.open(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("DROP VIEW cables_flat")
        conn.execute("UPDATE meta SET value = '6' WHERE key = 'schema'")
    reader = SqliteStore.open(db, readonly=True)
    assert reader.is_empty()
    reader.close()
    SqliteStore.open(db).close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone() == (
            str(SCHEMA_VERSION),
        )
        assert conn.execute("SELECT count(*) FROM cables_flat").fetchone() == (0,)


@pytest.mark.postgres
def test_a_postgres_reader_reads_migration_6_as_it_is(pg_url: str) -> None:
    import psycopg

    open_store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP VIEW cables_flat")
        conn.execute("DELETE FROM schema_version WHERE version >= 7")
    open_store(pg_url, readonly=True).close()
    open_store(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM cables_flat").fetchone() == (0,)
