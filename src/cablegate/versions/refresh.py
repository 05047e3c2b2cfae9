"""Keeping the store's summary of each cable's history in step with its versions.

Each write that adds a version or a source to a cable with more than one version marks it stale
(in the same transaction); ``refresh_histories`` builds the history of every stale cable and
writes what lists need (``/changes``, ``stats``). An ingest calls it at its end, as it catches
the index up: a run killed before leaves the marks, and the next run or upgrade finishes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cablegate.versions.history import build

if TYPE_CHECKING:
    from cablegate.store.base import Store


def refresh_histories(store: Store, *, batch: int = 200) -> int:
    """Sum up the history of every cable marked stale; returns how many."""
    done = 0
    while refids := store.stale_histories(batch):
        facts = [build(r, texts).facts() for r in refids if (texts := store.texts(r))]
        store.put_histories(facts, refids)
        done += len(refids)
    return done
