"""The ``people`` and ``reasons`` tables on both backends: written at ingest, replaced with a
changed text, read as mention counts, a person's cables and reason counts; and filled by the
migration of an archive written before them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import psycopg
import pytest

from cablegate.archive import open_store
from cablegate.ingest import prepare
from cablegate.people import join
from cablegate.store.base import Store
from cablegate.store.sqlite import SqliteStore
from tests.store.test_store import _src


def _body(refid: str, classifier: str, signer: str, reasons: str = "1.4(b) and (d)") -> str:
    return (
        f"C O N F I D E N T I A L LIMA 000{refid[-3:]}\n\nSIPDIS\n\nE.O. 12958: DECL: 02/14/2017\n"
        f"TAGS: PGOV PE\nSUBJECT: SUBJECT OF {refid}\n\n"
        f"Classified By: Ambassador {classifier} for reasons {reasons}.\n\n"
        f"1. (C) First paragraph.\n\n{signer}\n"
    )


CABLES = [
    _src("07LIMA101", body=_body("07LIMA101", "J. Curtis Struble", "STRUBLE"), created="2007-02-20T22:45"),
    _src("07LIMA102", body=_body("07LIMA102", "Curtis Struble", "STRUBLE"), created="2007-03-01T10:00"),
    _src("07LIMA103", body=_body("07LIMA103", "James Nealon", "STRUBLE", "1.4(d)"), created="2007-03-05T10:00"),
    _src("05PARIS104", body=_body("05PARIS104", "Craig Stapleton", "STAPLETON"),
         created="2005-07-01T10:00", origin="Embassy Paris"),
]  # fmt: skip


def _mentions(store: Store) -> set[tuple[str, str, str, str, str, int]]:
    return {(m.surname, m.name, m.post, m.month, m.role, m.count) for m in store.person_mentions()}


def test_mentions_are_written_at_ingest(store: Store) -> None:
    store.upsert_cables([prepare(s)[0] for s in CABLES])
    assert _mentions(store) == {
        ("STRUBLE", "J. Curtis Struble", "embassy-lima", "2007-02", "classifier", 1),
        ("STRUBLE", "STRUBLE", "embassy-lima", "2007-02", "signer", 1),
        ("STRUBLE", "Curtis Struble", "embassy-lima", "2007-03", "classifier", 1),
        ("STRUBLE", "STRUBLE", "embassy-lima", "2007-03", "signer", 2),
        ("NEALON", "James Nealon", "embassy-lima", "2007-03", "classifier", 1),
        ("STAPLETON", "Craig Stapleton", "embassy-paris", "2005-07", "classifier", 1),
        ("STAPLETON", "STAPLETON", "embassy-paris", "2005-07", "signer", 1),
    }
    people = {p.slug: p for p in join(store.person_mentions())}
    struble = people["struble-embassy-lima-2007"]
    cables = store.person_cables(
        struble.surname,
        struble.post,
        struble.first,
        struble.last,
        [v.name for v in struble.variants],
    )
    assert [(c.cable.refid, c.role, c.name) for c in cables.items] == STRUBLE_ROWS
    assert (cables.total, cables.pages) == (5, 1)
    nowhere = store.person_cables("STRUBLE", "embassy-paris", "2000-01", "2010-12", ["STRUBLE"])
    assert nowhere.items == () and nowhere.total == 0
    assert store.person_cables("STRUBLE", "embassy-lima", "2007-03", "2007-03", []).total == 0


STRUBLE_ROWS = [
    ("07LIMA101", "classifier", "J. Curtis Struble"),
    ("07LIMA101", "signer", "STRUBLE"),
    ("07LIMA102", "classifier", "Curtis Struble"),
    ("07LIMA102", "signer", "STRUBLE"),
    ("07LIMA103", "signer", "STRUBLE"),
]
_STRUBLE = ("STRUBLE", "embassy-lima", "2007-02", "2007-03")
_FORMS = ["Curtis Struble", "J. Curtis Struble", "STRUBLE"]


@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 50])
def test_a_persons_cables_page_by_page_and_in_one_walk(store: Store, per_page: int) -> None:
    """Every page by ``person_cables`` and every page of ``person_pages`` are the same rows in
    the same order; a page past the last is empty."""
    store.upsert_cables([prepare(s)[0] for s in CABLES])
    pages = -(-5 // per_page)
    asked = [
        store.person_cables(*_STRUBLE, _FORMS, page=n, per_page=per_page)
        for n in range(1, pages + 1)
    ]
    walked = list(store.person_pages(*_STRUBLE, _FORMS, per_page=per_page))
    assert asked == walked
    assert [(c.cable.refid, c.role, c.name) for p in walked for c in p.items] == STRUBLE_ROWS
    assert {(p.total, p.pages, p.per_page) for p in walked} == {(5, pages, per_page)}
    assert [p.page for p in walked] == list(range(1, pages + 1))
    assert store.person_cables(*_STRUBLE, _FORMS, page=pages + 1, per_page=per_page).items == ()
    # only the months asked: March alone
    march = store.person_cables("STRUBLE", "embassy-lima", "2007-03", "2007-03", _FORMS)
    assert [c.cable.refid for c in march.items] == ["07LIMA102", "07LIMA102", "07LIMA103"]


def test_every_person_row_is_read(store: Store) -> None:
    store.upsert_cables([prepare(s)[0] for s in CABLES])
    rows = {(r.refid, r.surname, r.post, r.created[:7], r.name) for r in store.person_rows()}
    assert len(rows) == 8  # a classifier and a signer a cable
    assert ("07LIMA103", "STRUBLE", "embassy-lima", "2007-03", "STRUBLE") in rows
    assert ("05PARIS104", "STAPLETON", "embassy-paris", "2005-07", "Craig Stapleton") in rows


def test_reasons_are_counted_by_year_and_post(store: Store) -> None:
    store.upsert_cables([prepare(s)[0] for s in CABLES])
    counts = {(r.reason, r.year, r.post): r.count for r in store.reason_counts()}
    assert counts == {
        ("1.4(b)", "2007", "embassy-lima"): 2,
        ("1.4(d)", "2007", "embassy-lima"): 3,
        ("1.4(b)", "2005", "embassy-paris"): 1,
        ("1.4(d)", "2005", "embassy-paris"): 1,
    }
    assert store.classified_cables() == {("2007", "embassy-lima"): 3, ("2005", "embassy-paris"): 1}


def test_a_changed_text_replaces_its_rows(store: Store) -> None:
    store.upsert_cables([prepare(CABLES[0])[0]])
    changed = _src(
        "07LIMA101", body=_body("07LIMA101", "P. Michael McKinley", "MCKINLEY", "1.4(c)")
    )
    store.upsert_cables([prepare(changed)[0]])
    assert {(m.name, m.role) for m in store.person_mentions()} == {
        ("P. Michael McKinley", "classifier"),
        ("MCKINLEY", "signer"),
    }
    assert [r.reason for r in store.reason_counts()] == ["1.4(c)"]
    assert store.table_counts()["people"] == 2 and store.table_counts()["reasons"] == 1


def test_an_archive_of_schema_4_gains_its_people(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    store = SqliteStore.open(db)
    store.upsert_cables([prepare(s)[0] for s in CABLES])
    before = _mentions(store)
    store.close()
    conn = sqlite3.connect(db)
    conn.executescript(
        "DROP TABLE people; DROP TABLE reasons; UPDATE meta SET value = '4' WHERE key = 'schema';"
    )
    conn.close()
    store = SqliteStore.open(db)
    assert _mentions(store) == before and len(store.reason_counts()) == 4
    store.close()


def test_an_archive_of_schema_5_gains_the_ordered_people_key(tmp_path: Path) -> None:
    db = tmp_path / "five.db"
    store = SqliteStore.open(db)
    store.upsert_cables([prepare(s)[0] for s in CABLES])
    store.close()
    conn = sqlite3.connect(db)
    conn.executescript(
        "DROP INDEX people_key;"
        " CREATE INDEX people_key ON people(surname, post, created, name, role);"
        " UPDATE meta SET value = '5' WHERE key = 'schema';"
    )
    conn.close()
    store = SqliteStore.open(db)
    columns = [r[2] for r in store.conn.execute("PRAGMA index_info(people_key)")]
    assert columns == ["surname", "post", "created", "refid", "position", "name", "role"]
    rows = store.person_cables(*_STRUBLE, _FORMS, page=2, per_page=2).items
    assert [(c.cable.refid, c.role) for c in rows] == [
        ("07LIMA102", "classifier"),
        ("07LIMA102", "signer"),
    ]
    store.close()


@pytest.mark.postgres
def test_a_postgresql_archive_of_migration_4_gains_its_people(pg_url: str) -> None:
    store = open_store(pg_url)
    store.upsert_cables([prepare(s)[0] for s in CABLES])
    before = _mentions(store)
    store.close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "DROP VIEW cables_flat; DROP TABLE people; DROP TABLE reasons;"
            " DELETE FROM schema_version WHERE version >= 5"
        )
    store = open_store(pg_url)
    assert _mentions(store) == before and len(store.reason_counts()) == 4
    store.close()


# a cable addressed by name: at the Department (a bureau, the NSC) and at a post (London)
ADDRESSED = _src(
    "07LIMA104",
    body=_body("07LIMA104", "James Nealon", "STRUBLE").replace(
        "SIPDIS\n", "SIPDIS\n\nWHA FOR A/S SHANNON\nNSC FOR TOM SHANNON\nLONDON FOR TSOU\n"
    ),
    created="2007-03-09T10:00",
)
ADDRESSED_MENTIONS = {
    ("SHANNON", "SHANNON", "secretary-of-state", "2007-03", "addressed", 1),
    ("SHANNON", "Tom Shannon", "secretary-of-state", "2007-03", "addressed", 1),
    ("TSOU", "TSOU", "embassy-london", "2007-03", "addressed", 1),
}


def _addressed(store: Store) -> set[tuple[str, str, str, str, str, int]]:
    return {m for m in _mentions(store) if m[4] == "addressed"}


def test_the_persons_a_cable_is_addressed_to_are_filed_where_it_was_addressed(
    store: Store,
) -> None:
    store.upsert_cables([prepare(ADDRESSED)[0]])
    assert _addressed(store) == ADDRESSED_MENTIONS
    shannon = [p for p in join(store.person_mentions()) if p.surname == "SHANNON"]
    assert len(shannon) == 1 and shannon[0].count("addressed") == 2


def test_an_archive_of_schema_7_gains_the_addressed(tmp_path: Path) -> None:
    db = tmp_path / "seven.db"
    store = SqliteStore.open(db)
    store.upsert_cables([prepare(s)[0] for s in (*CABLES, ADDRESSED)])
    before = _mentions(store)
    store.close()
    conn = sqlite3.connect(db)
    conn.executescript(  # as an earlier cablegate left it: no such rows, no such JSON key
        "DELETE FROM people WHERE role = 'addressed';"
        " UPDATE cables SET data = json_remove(data, '$.recipient_names');"
        " UPDATE meta SET value = '7' WHERE key = 'schema';"
    )
    conn.close()
    store = SqliteStore.open(db)
    assert _mentions(store) == before and _addressed(store) == ADDRESSED_MENTIONS
    store.close()


@pytest.mark.postgres
def test_a_postgresql_archive_of_migration_7_gains_the_addressed(pg_url: str) -> None:
    store = open_store(pg_url)
    store.upsert_cables([prepare(s)[0] for s in (*CABLES, ADDRESSED)])
    before = _mentions(store)
    store.close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(
            "DELETE FROM people WHERE role = 'addressed';"
            " UPDATE cables SET data = (data::jsonb - 'recipient_names')::text;"
            " DELETE FROM schema_version WHERE version >= 8"
        )
    store = open_store(pg_url)
    assert _mentions(store) == before and _addressed(store) == ADDRESSED_MENTIONS
    store.close()
