"""What only the PostgreSQL store has: its schema's version checked at start, URLs."""

from __future__ import annotations

import psycopg
import pytest

from cablegate.archive import index_path, open_store, parse_location
from cablegate.errors import CablegateError
from cablegate.store.pg_schema import MIGRATIONS, SCHEMA_VERSION

pytestmark = pytest.mark.postgres


def test_a_reader_refuses_a_database_that_holds_no_archive(pg_url: str) -> None:
    with pytest.raises(CablegateError, match="not a cablegate archive"):
        open_store(pg_url, readonly=True)


def test_the_first_writer_creates_the_schema_once(pg_url: str) -> None:
    open_store(pg_url).close()
    open_store(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        rows = conn.execute("SELECT version FROM schema_version").fetchall()
    assert rows == [(v,) for v, _ in MIGRATIONS]  # each once
    open_store(pg_url, readonly=True).close()


def test_an_archive_newer_than_the_code_is_refused(pg_url: str) -> None:
    open_store(pg_url).close()
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_version(version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    for readonly in (True, False):
        with pytest.raises(CablegateError, match="newer cablegate"):
            open_store(pg_url, readonly=readonly)


def test_a_reader_cannot_write(pg_url: str) -> None:
    open_store(pg_url).close()
    reader = open_store(pg_url, readonly=True)
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            reader.add_rejects([("x", "y", "z")])
    finally:
        reader.close()


def test_a_password_never_shows_and_each_url_has_its_own_index() -> None:
    a = parse_location("postgresql://ed:s3cret@db.example:5432/cables")
    b = parse_location("postgresql://ed:s3cret@db.example:5432/other")
    assert "s3cret" not in str(a)
    assert index_path(a) != index_path(b) and index_path(a).name.startswith("pg-")
    with pytest.raises(CablegateError, match="cannot open the archive") as err:
        open_store("postgresql://ed:s3cret@127.0.0.1:1/none")
    assert "s3cret" not in str(err.value)
