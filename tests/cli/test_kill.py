"""An ingest killed with SIGKILL and run again ends with every cable once; readers never stop."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cablegate.search.index import MAX_PER_PAGE, SearchIndex
from tests.conftest import CORPUS, needs_corpus
from tests.peer import corpus_cables

CABLES = 5731  # in the shared corpus's cables.csv


def _count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM cables").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _indexed_refids(idx: SearchIndex) -> set[str]:
    """The refids of every document, read a page of 500 at a time."""
    refids: set[str] = set()
    for page in range(1, -(-idx.count() // MAX_PER_PAGE) + 1):
        result = idx.search("*", page=page, per_page=MAX_PER_PAGE, facets=False, snippets=False)
        refids.update(h.refid for h in result.hits)
    return refids


def _ingest(db: Path, *, quiet: bool = False) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cablegate.cli",
            "ingest",
            str(CORPUS / "cables.csv"),
            "--db",
            str(db),
            "--no-progress",
            "--workers",
            "2",
        ],
        stdout=subprocess.DEVNULL if quiet else subprocess.PIPE,
        stderr=subprocess.DEVNULL if quiet else subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


@needs_corpus
@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun(tmp_path: Path) -> None:
    from cablegate.archive import index_path
    from cablegate.store.sqlite import SqliteStore

    db = tmp_path / "k.db"
    proc = _ingest(db, quiet=True)
    deadline = time.monotonic() + 120
    seen = 0
    reads = 0
    while time.monotonic() < deadline and proc.poll() is None:
        seen = _count(db)
        if seen and index_path(db).exists():
            # a reader works while the writer writes
            store = SqliteStore.open(db, readonly=True)
            assert seen <= store.stats()["cables"] <= CABLES  # the ingest only adds
            store.close()
            idx = SearchIndex.open(index_path(db))
            assert idx.search("embassy", facets=False).total <= CABLES
            idx.close()
            reads += 1
        if seen > 1000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert reads > 0
    store = SqliteStore.open(db)  # the killed archive opens, with what was committed
    try:
        assert seen <= store.stats()["cables"] < CABLES
    finally:
        store.close()

    again = subprocess.run(
        [sys.executable, "-m", "cablegate.cli", "stats", "--db", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "cables" in again.stdout
    rerun = _ingest(db)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    store = SqliteStore.open(db)
    idx = SearchIndex.open(index_path(db))
    try:
        stats = store.stats()
        assert stats["cables"] == CABLES and stats["unindexed"] == 0
        stored = {row[0] for row in store.conn.execute("SELECT refid FROM cables")}
        assert stored == set(corpus_cables())
        # every cable exactly once in the index: as many documents as cables, and each found
        assert idx.count() == CABLES
        assert _indexed_refids(idx) == stored
    finally:
        idx.close()
        store.close()
