"""Crash recovery, reindexing and catching up: the store is the record of truth, each index
catches up with it.

A cable row is written with ``indexed = 0`` in the same transaction as its text, and marked
indexed only after an index commit holds its document: the ingest's own bookkeeping, for the
index it writes. Whatever a killed ingest wrote but did not index, a release update sent back,
or a ``reindex`` cleared, ``sync_index`` indexes.

Each index also keeps its mark (``search.mark``): the store generation it caught up to. Any index
of the archive, on any node, catches up by itself with ``catch_up``: it asks the store what
changed after its mark (``Store.changed_since``), whoever wrote it, and moves its mark.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cablegate.search.document import index_fields
from cablegate.search.index import SearchIndex
from cablegate.search.mark import read_mark, write_mark
from cablegate.store.base import Store, Waiting

_PAGE = 500


def sync_index(
    store: Store, index: SearchIndex, *, replace: bool = True, commit_every: int = 50_000
) -> int:
    """Index every stored cable not yet in the index (after a crash, a release update, reindex).

    Commits are rare on purpose: each one is a new segment, and many segments mean merges.
    ``replace=False`` is for an empty index (``reindex``), where no old document can exist.
    """
    return _index_pages(
        store,
        index,
        _unindexed(store),
        replace=replace,
        commit_every=commit_every,
        committed=store.mark_indexed,
    )


def catch_up(store: Store, index: SearchIndex, *, commit_every: int = 50_000) -> int:
    """Index what the store changed after the index's mark, then move the mark; returns how
    many cables were indexed. Only reads the store (a web node's connection is read-only); the
    caller holds ``search.mark.indexer_lock``.

    An index with no mark and no documents is new: every cable goes in, nothing to replace.
    One with documents but no mark was written before marks, when the ``indexed`` column was
    the record of the one index there was: trusted once. A mark ahead of the store belongs to
    another archive (recreated under the same name): the index starts again.
    """
    mark = read_mark(index.path)
    now = store.generation()  # first: every write up to ``now`` is committed, found below
    if mark == now:
        return 0
    fresh = mark is None and index.count() == 0
    if mark is not None and mark > now:
        index.clear()
        index.commit()
        fresh = True
    if mark is None and not fresh:
        pages = _unindexed(store)
    else:
        pages = _changed(store, -1 if fresh or mark is None else mark)
    done = _index_pages(store, index, pages, replace=not fresh, commit_every=commit_every)
    write_mark(index.path, now)
    return done


def _unindexed(store: Store) -> Callable[[int], list[Waiting]]:
    return lambda after: store.unindexed(_PAGE, after_id=after)


def _changed(store: Store, since: int) -> Callable[[int], list[Waiting]]:
    return lambda after: store.changed_since(since, _PAGE, after_id=after)


def _index_pages(
    store: Store,
    index: SearchIndex,
    pages: Callable[[int], list[Waiting]],
    *,
    replace: bool,
    commit_every: int,
    committed: Callable[[Sequence[str]], None] = lambda refids: None,
) -> int:
    """Index the cables ``pages(after_id)`` names, page by page, from what the store holds;
    ``committed`` hears of each committed run of them."""
    done = 0
    after = 0
    pending: list[str] = []
    while waiting := pages(after):
        after = waiting[-1].row_id
        docs = []
        for w in waiting:
            stored = store.get(w.refid, paragraphs=False)
            if stored is not None:
                docs.append(
                    index_fields(
                        stored.cable, release_id=stored.release_id, redacted=stored.redacted
                    )
                )
        index.add(docs, replace=replace)
        pending.extend(w.refid for w in waiting)
        if len(pending) >= commit_every:
            index.commit()
            committed(pending)
            done += len(pending)
            pending = []
    if pending:
        index.commit()
        committed(pending)
        done += len(pending)
    return done
