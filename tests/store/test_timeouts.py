"""A page's archive queries have a time budget on both backends (``store.timeouts``): a
statement past it is stopped, and the error is known for a timeout (the web answers 503)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from cablegate.archive import open_store
from cablegate.store.timeouts import is_timeout, timeout_types

# ~10 s of work unbudgeted on either backend
SLOW = {
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c"
    " WHERE x < 100000000) SELECT count(*) FROM c",
    "postgresql": "SELECT pg_sleep(10)",
}
# a few ms, and well over the progress handler's step count (it is called ~20 times)
SHORT = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20000) SELECT count(*) FROM c"  # fmt: skip


def _backend(url: str) -> str:
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def test_a_statement_past_its_budget_is_stopped(store_url: str) -> None:
    open_store(store_url).close()  # create the archive
    store = open_store(store_url, readonly=True, budget_ms=100)
    try:
        assert store.stats()["cables"] == 0, "ordinary queries run"
        started = time.monotonic()
        with pytest.raises(timeout_types()) as caught:
            store.conn.execute(SLOW[_backend(store_url)]).fetchall()  # type: ignore[attr-defined]
        assert time.monotonic() - started < 3
        assert is_timeout(caught.value)
        assert store.stats()["cables"] == 0, "the connection serves on"
    finally:
        store.close()


def test_sqlite_counts_the_budget_from_each_statements_start(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    open_store(db).close()
    store = open_store(db, readonly=True, budget_ms=300)
    try:
        store.conn.execute(SHORT).fetchall()  # type: ignore[attr-defined]
        time.sleep(0.4)  # longer than the budget, between statements
        assert store.conn.execute(SHORT).fetchone()[0] == 20000  # type: ignore[attr-defined]
    finally:
        store.close()


def test_other_database_errors_are_not_timeouts() -> None:
    assert not is_timeout(sqlite3.OperationalError("no such table: cables"))
    assert not is_timeout(ValueError("interrupted"))
