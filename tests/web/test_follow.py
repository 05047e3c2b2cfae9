"""A serving node's index catches up by itself (``web.follow``): another index writes the store,
this one follows without a restart, and leaves the index to whoever holds its lock."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from cablegate.archive import open_store
from cablegate.ingest import ingest
from cablegate.search.index import SearchIndex
from cablegate.search.mark import indexer_lock, read_mark
from cablegate.web.follow import Follower
from tests.slices import records, write_slice


def test_a_node_follows_an_ingest_through_another_index(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    cables = records()
    store = open_store(db)
    writer = SearchIndex.open(tmp_path / "writer.index")
    ingest(store, writer, [write_slice(cables[:30], tmp_path / "1.csv")], workers=1)
    node = SearchIndex.open(tmp_path / "node.index")  # what a web worker searches
    reloaded = threading.Event()

    def reload() -> None:
        node.reload()
        reloaded.set()

    follower = Follower(node.path, lambda: open_store(db, readonly=True), reload)
    follower.start()
    try:
        follower.poke()
        assert reloaded.wait(20)
        assert node.count() == 30
        reloaded.clear()
        ingest(store, writer, [write_slice(cables[30:80], tmp_path / "2.csv")], workers=1)
        follower.poke()  # as a request that saw the generation move does
        assert reloaded.wait(20)
        assert node.count() == 80
        assert read_mark(node.path) == store.generation()
    finally:
        follower.stop()
        writer.close()
        node.close()
        store.close()


def test_a_node_leaves_the_index_to_the_holder_of_its_lock(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    store = open_store(db)
    writer = SearchIndex.open(tmp_path / "writer.index")
    ingest(store, writer, [write_slice(records()[:10], tmp_path / "1.csv")], workers=1)
    writer.close()
    path = tmp_path / "node.index"
    follower = Follower(path, lambda: open_store(db, readonly=True), lambda: None)
    with indexer_lock(path):  # an ingest or reindex of this index
        assert follower.step(store) == 0
        assert read_mark(path) is None
    assert follower.step(store) == 10
    assert read_mark(path) == store.generation()
    assert follower.step(store) == 0
    store.close()


def test_an_idle_node_catches_up_at_its_next_poll(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    store = open_store(db)
    writer = SearchIndex.open(tmp_path / "writer.index")
    path = tmp_path / "node.index"
    follower = Follower(path, lambda: open_store(db, readonly=True), lambda: None)
    follower.start()
    try:
        ingest(store, writer, [write_slice(records()[:10], tmp_path / "1.csv")], workers=1)
        deadline = time.monotonic() + 20
        while read_mark(path) != store.generation() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert read_mark(path) == store.generation()  # nobody poked: the poll found it
    finally:
        follower.stop()
        writer.close()
        store.close()
