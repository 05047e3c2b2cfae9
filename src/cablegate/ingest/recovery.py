"""Crash recovery and reindexing: the store is the record of truth, the index catches up with it.

A cable row is written with ``indexed = 0`` in the same transaction as its text, and marked
indexed only after an index commit holds its document. Whatever a killed ingest wrote but did not
index, a release update sent back, or a ``reindex`` cleared, ``sync_index`` indexes.
"""

from __future__ import annotations

from cablegate.search.document import index_fields
from cablegate.search.index import SearchIndex
from cablegate.store.base import Store


def sync_index(
    store: Store, index: SearchIndex, *, replace: bool = True, commit_every: int = 50_000
) -> int:
    """Index every stored cable not yet in the index (after a crash, a release update, reindex).

    Commits are rare on purpose: each one is a new segment, and many segments mean merges.
    ``replace=False`` is for an empty index (``reindex``), where no old document can exist.
    """
    done = 0
    after = 0
    pending: list[str] = []
    while True:
        waiting = store.unindexed(500, after_id=after)
        if not waiting:
            break
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
            store.mark_indexed(pending)
            done += len(pending)
            pending = []
    if pending:
        index.commit()
        store.mark_indexed(pending)
        done += len(pending)
    return done
