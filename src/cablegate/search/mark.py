"""What a search index holds of its store, and who may write it: the per-index record that lets
every node keep its own index over one shared store.

The mark is the store generation the index caught up to (``cablegate-mark.json`` in the index
folder, written after the index commit that holds it): whatever the store changed after it is
what this index lacks (``Store.changed_since``). It lives with the index, so N nodes over one
PostgreSQL each keep their own, and a rebuilt (deleted) index has none.

The lock is a file beside the index folder (``<index>.lock``, outside it: ``reindex`` deletes
the folder while holding it): one writer at a time per index among the ingest, ``reindex``,
``copy`` and every worker process of the nodes that serve it.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARK_FILE = "cablegate-mark.json"


def read_mark(index: Path) -> int | None:
    """The generation the index at ``index`` caught up to; None for one never marked (new, or
    written by a cablegate before marks)."""
    try:
        return int(json.loads((index / MARK_FILE).read_text())["generation"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_mark(index: Path, generation: int) -> None:
    """Record ``generation`` (after the index commit that holds it); atomic, so a reader or a
    kill never sees half a file."""
    tmp = index / f"{MARK_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps({"generation": generation}))
    os.replace(tmp, index / MARK_FILE)


def lock_path(index: Path) -> Path:
    return index.with_name(index.name + ".lock")


@contextmanager
def indexer_lock(index: Path, *, wait: bool = True) -> Iterator[bool]:
    """Hold the index's writer lock for the block; yields False (and holds nothing) when
    ``wait`` is False and another process has it. Released by the kernel if the holder dies."""
    path = lock_path(index)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing the descriptor releases the lock
