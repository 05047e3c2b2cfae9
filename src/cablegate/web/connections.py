"""One store connection for each thread that serves requests (each lane of a worker).

Two lanes on one SQLite connection deadlock under load: a statement running in one lane holds
the connection's mutex and, at its time budget's progress handler, waits for Python's GIL,
while the other lane holds the GIL and waits for the mutex (seen as a worker that answers
nothing after a search load). A connection a thread keeps for itself shares no mutex.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from cablegate.store.base import Store


class ThreadStores:
    """A :class:`Store` to its callers: each attribute is the calling thread's own store's,
    opened by ``open_store`` the first time that thread asks; the thread that made this one
    uses ``first``."""

    def __init__(self, first: Store, open_store: Callable[[], Store]) -> None:
        self._open = open_store
        self._local = threading.local()
        self._local.store = first
        self._all = [first]
        self._lock = threading.Lock()

    def current(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = self._open()
            with self._lock:
                self._all.append(store)
        return store

    def __getattr__(self, name: str) -> Any:
        return getattr(self.current(), name)

    def close(self) -> None:
        """Close every thread's connection (at the app's shutdown)."""
        with self._lock:
            stores, self._all = self._all, []
        for store in stores:
            store.close()
