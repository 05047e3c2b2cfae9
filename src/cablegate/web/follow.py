"""A node's search index catching up with the store by itself, while the node serves.

Each web worker runs one daemon thread: every ``POLL_SECONDS``, or at once when a request saw
the store's generation move (``Archive.generation``), it compares the index's mark with the
store's generation; when they differ and no one else holds the index's writer lock (the ingest,
``reindex``, another worker of this node), it indexes what changed (``ingest.catch_up``) on a
connection of its own, then reloads this worker's searcher. Requests never wait for it: pages
read the store and are current at once; searches see the new cables after the commit. The
other workers of the node see the mark move and reload too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from cablegate.search.index import SearchIndex
from cablegate.search.mark import indexer_lock, read_mark
from cablegate.store.base import Store

# A poll is one read of the generation (a primary-key row); a request that sees it move wakes
# the thread at once, so this bounds only an idle node's lag.
POLL_SECONDS = 1.0
# The writer's arena: a catch-up is a few batches of an ingest, not a full load (HEAP_BYTES)
HEAP_BYTES = 50_000_000
log = logging.getLogger("cablegate.web")


class Follower:
    """Keeps the index at ``path`` caught up with the store ``open_store`` opens."""

    def __init__(
        self, path: Path, open_store: Callable[[], Store], reload: Callable[[], None]
    ) -> None:
        self.path = path
        self._open_store = open_store
        self._reload = reload
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen = read_mark(path)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="cablegate-follow", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """The store moved: look now rather than at the next poll."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(30)

    def behind(self, generation: int) -> int | None:
        """The index's mark while it is behind ``generation`` (-1 for none yet), else None.
        Reads the mark file only when the last one this worker loaded is behind; a mark that
        moved (another worker of the node caught up) is loaded before the answer, so that a
        worker never says it is caught up while its searcher is not."""
        if self._seen is not None and self._seen >= generation:
            return None
        mark = self._look()
        if mark is not None and mark >= generation:
            return None
        return -1 if mark is None else mark

    def _look(self) -> int | None:
        """The index's mark, this worker's searcher reloaded first when it moved: the commit
        it names came before it, and ``_seen`` moves only once the searcher sees that commit."""
        mark = read_mark(self.path)
        if mark != self._seen:
            self._reload()
            self._seen = mark
        return mark

    def _loop(self) -> None:
        store: Store | None = None
        try:
            while not self._stopping.is_set():
                self._wake.wait(POLL_SECONDS)
                self._wake.clear()
                if self._stopping.is_set():
                    break
                try:
                    store = store or self._open_store()
                    self.step(store)
                except Exception:  # the next poll retries, on a new connection
                    log.exception("catching up the search index %s", self.path)
                    if store is not None:
                        store.close()
                    store = None
        finally:
            if store is not None:
                store.close()

    def step(self, store: Store) -> int:
        """Catch up once if the index is behind and this process gets the lock; how many
        cables it indexed."""
        done = 0
        if read_mark(self.path) != store.generation():
            with indexer_lock(self.path, wait=False) as mine:
                if mine:
                    # here, not at the top: a worker that never catches up never loads ingest/
                    from cablegate.ingest.recovery import catch_up

                    index = SearchIndex.open(self.path, heap_bytes=HEAP_BYTES)
                    try:
                        done = catch_up(store, index)
                    finally:
                        index.close()
        self._look()  # this thread or another process of the node may have moved it
        return done
