"""A serving node's index catches up by itself (``web.follow``): another index writes the store,
this one follows without a restart, and leaves the index to whoever holds its lock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from cablegate.archive import open_store
from cablegate.ingest import ingest
from cablegate.search.index import SearchIndex
from cablegate.search.mark import indexer_lock, read_mark
from cablegate.store.base import Store
from cablegate.web.follow import Follower
from tests.slices import records, write_slice


def _wait(done: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "not caught up"
        time.sleep(0.05)


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
        ingest(store, writer, [write_slice(cables[30:80], tmp_path / "2.csv")], workers=1)
        follower.poke()  # as a request that saw the generation move does
        # the mark moves, and the searcher is reloaded to see the catch-up's commit
        _wait(lambda: read_mark(node.path) == store.generation() and node.count() == 80)
    finally:
        follower.stop()
        writer.close()
        node.close()
        store.close()


def _ten_cables(tmp_path: Path) -> tuple[Path, Store]:
    """An archive of ten cables, ingested through an index of its own (not the node's)."""
    db = tmp_path / "a.db"
    store = open_store(db)
    writer = SearchIndex.open(tmp_path / "writer.index")
    ingest(store, writer, [write_slice(records()[:10], tmp_path / "1.csv")], workers=1)
    writer.close()
    return db, store


def test_a_node_leaves_the_index_to_the_holder_of_its_lock(tmp_path: Path) -> None:
    db, store = _ten_cables(tmp_path)
    path = tmp_path / "node.index"
    follower = Follower(path, lambda: open_store(db, readonly=True), lambda: None)
    with indexer_lock(path):  # an ingest or reindex of this index
        assert follower.step(store) == 0
        assert read_mark(path) is None
    assert follower.step(store) == 10
    assert read_mark(path) == store.generation()
    assert follower.step(store) == 0
    store.close()


def test_a_worker_says_it_is_caught_up_only_once_its_searcher_sees_the_mark(
    tmp_path: Path,
) -> None:
    """Two workers of one node share its index: when one catches up, the other, asked before
    its own poll, reloads its searcher before it answers as caught up (it had answered with
    the old searcher, an empty one at start, until its next poll)."""
    db, store = _ten_cables(tmp_path)
    path = tmp_path / "node.index"
    searcher = SearchIndex.open(path)  # the second worker's, opened before the catch-up
    counts: list[int] = []  # what the second worker's searcher found, at each reload

    def reload() -> None:
        searcher.reload()
        counts.append(searcher.count())

    first = Follower(path, lambda: open_store(db, readonly=True), lambda: None)
    second = Follower(path, lambda: open_store(db, readonly=True), reload)
    assert second.behind(store.generation()) == -1 and counts == []
    assert first.step(store) == 10
    assert second.behind(store.generation()) is None
    assert counts == [10]
    assert second.behind(store.generation()) is None and counts == [10]  # read once
    searcher.close()
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
        _wait(lambda: read_mark(path) == store.generation())  # nobody poked: the poll found it
    finally:
        follower.stop()
        writer.close()
        store.close()


def test_a_page_fetched_while_the_index_is_behind_is_not_revalidated_after(
    tmp_path: Path,
) -> None:
    """The tag names the index's mark while it lags the store: the search page fetched before
    the catch-up is sent again after it, not answered 304."""
    from starlette.testclient import TestClient

    from cablegate.web.app import create_app

    db = tmp_path / "a.db"
    cables = records()
    store = open_store(db)
    writer = SearchIndex.open(tmp_path / "writer.index")
    ingest(store, writer, [write_slice(cables[:10], tmp_path / "1.csv")], workers=1)
    node = tmp_path / "node.index"
    url = "/search.json?q=*&per_page=1"

    def caught_up(client: TestClient) -> str:
        deadline = time.monotonic() + 20
        while "i" in (tag := client.get(url).headers["etag"]):
            assert time.monotonic() < deadline, tag
            time.sleep(0.05)
        return tag

    try:
        with TestClient(create_app(db, str(node))) as client:
            first = caught_up(client)
            assert client.get(url).json()["total"] == 10
            with indexer_lock(node):  # the node cannot catch up until this is let go
                ingest(store, writer, [write_slice(cables[10:20], tmp_path / "2.csv")], workers=1)
                behind = client.get(url)
                assert behind.json()["total"] == 10 and "i" in behind.headers["etag"]
                again = client.get(url, headers={"If-None-Match": behind.headers["etag"]})
                assert again.status_code == 304  # nothing moved yet
            after = caught_up(client)
            assert after not in (first, behind.headers["etag"])
            fresh = client.get(url, headers={"If-None-Match": behind.headers["etag"]})
            assert fresh.status_code == 200 and fresh.json()["total"] == 20
    finally:
        writer.close()
        store.close()
