"""Each index of an archive catches up by itself (``catch_up``), on both backends: two indexes
over one store, an ingest writing through one, the other indexing exactly what changed."""

from __future__ import annotations

from pathlib import Path

from cablegate.ingest import catch_up, ingest
from cablegate.search.index import MAX_PER_PAGE, SearchIndex
from cablegate.search.mark import indexer_lock, read_mark
from cablegate.sources.record import ReleaseEvent
from cablegate.store.base import Store
from tests.slices import records, write_slice


def _refids(index: SearchIndex) -> list[str]:
    """Every document's refid, duplicates kept (a cable indexed twice shows twice)."""
    out: list[str] = []
    for page in range(1, -(-index.count() // MAX_PER_PAGE) + 1):
        got = index.search("*", page=page, per_page=MAX_PER_PAGE, facets=False, snippets=False)
        out.extend(h.refid for h in got.hits)
    return sorted(out)


def _stored(store: Store) -> list[str]:
    return sorted(row[0] for row in store.dump("cables"))


def test_a_second_index_catches_up_with_what_an_ingest_wrote_through_the_first(
    store: Store, tmp_path: Path
) -> None:
    cables = records()
    first = write_slice(cables[:150], tmp_path / "first.csv")
    second = write_slice(cables[100:250], tmp_path / "second.csv")  # 50 again, 100 new
    writer = SearchIndex.open(tmp_path / "writer.index")
    node = SearchIndex.open(tmp_path / "node.index")
    try:
        ingest(store, writer, [first], workers=1)
        assert read_mark(writer.path) == store.generation()  # the ingest leaves its index marked
        assert catch_up(store, node) == 150  # a new index: everything
        assert _refids(node) == _stored(store) == _refids(writer)
        assert read_mark(node.path) == store.generation()
        assert catch_up(store, node) == 0

        ingest(store, writer, [second], workers=1)
        assert catch_up(store, node) == 100  # only the new ones: the 50 again are unchanged
        assert len(_stored(store)) == 250
        assert _refids(node) == _stored(store) == _refids(writer)

        refid = _stored(store)[0]
        store.add_releases([ReleaseEvent(refid, "2010-11-28T00:00")])
        assert catch_up(store, node) == 1  # a new release date is searched: indexed again
        assert node.search("released:2010-11-28", facets=False).total == 1
        assert _refids(node) == _stored(store)
    finally:
        writer.close()
        node.close()


def test_an_index_with_a_mark_ahead_of_the_store_starts_again(store: Store, tmp_path: Path) -> None:
    """A mark from another archive recreated under the same name: nothing of it is kept."""
    node = SearchIndex.open(tmp_path / "node.index")
    ingest(store, node, [write_slice(records()[:20], tmp_path / "a.csv")], workers=1)
    try:
        (node.path / "cablegate-mark.json").write_text('{"generation": 1000000}')
        assert catch_up(store, node) == 20
        assert _refids(node) == _stored(store)
        assert read_mark(node.path) == store.generation()
    finally:
        node.close()


def test_the_writer_lock_is_one_holder_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "node.index"
    with indexer_lock(path) as held:
        assert held
        with indexer_lock(path, wait=False) as other:
            assert not other  # another holder (another process, or thread) waits its turn
    with indexer_lock(path, wait=False) as again:
        assert again
