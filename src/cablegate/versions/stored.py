"""Histories of the cables a store holds: one read, and keeping the store's summaries in step.

Each write that adds a version or a source to a cable with more than one version marks it stale
(in the same transaction); ``refresh_histories`` builds the history of every stale cable and
writes what lists need (``/changes``, ``stats``). An ingest calls it at its end, as it catches
the index up: a run killed before leaves the marks, and the next run or upgrade finishes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cablegate.versions.history import History, build

if TYPE_CHECKING:
    from cablegate.store.base import Store


def history_of(store: Store, refid: str) -> History | None:
    """The history of the cable a user means by ``refid`` (any spelling), or None."""
    published = store.resolve(refid)
    texts = store.texts(published) if published else []
    return build(published, texts) if published and texts else None


def refresh_histories(store: Store, *, batch: int = 200) -> int:
    """Sum up the history of every cable marked stale; returns how many."""
    done = 0
    while refids := store.stale_histories(batch):
        facts = [build(r, texts).facts() for r in refids if (texts := store.texts(r))]
        store.put_histories(facts, refids)
        done += len(refids)
    return done
