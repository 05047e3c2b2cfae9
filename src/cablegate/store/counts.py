"""Aggregates of the store remembered per content generation: list counts, the most cited
cables, a list's months.

A big list's ``count(*)`` is most of its page: ``/tag/PGOV`` (141,216 cables) at full scale took
5.1 of its 8.7 ms in SQLite and 38 of its 54 ms in PostgreSQL. The count changes only with a
committed write, and every such write moves the store's generation in the same transaction; so
a count made after reading generation ``g`` holds at least ``g``'s writes, and is used again only
while the generation is still ``g``. The same holds for any other aggregate (``Remembered``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

SIZE = 4096  # lists remembered: every axis value of the full release is ~3,500

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Remembered(Generic[K, V]):
    """Values by key, each with the generation it was made at (least recently used forgotten
    past ``size``); safe from the threads of one store."""

    def __init__(self, size: int = SIZE) -> None:
        self._size = size
        self._seen: OrderedDict[K, tuple[int, V]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K, generation: int, made: Callable[[], V]) -> V:
        """The value of ``key`` at ``generation`` (read before this call), made by ``made``
        unless one made at the same generation is remembered."""
        with self._lock:
            hit = self._seen.get(key)
            if hit is not None and hit[0] == generation:
                self._seen.move_to_end(key)
                return hit[1]
        value = made()
        with self._lock:
            self._seen[key] = (generation, value)
            self._seen.move_to_end(key)
            while len(self._seen) > self._size:
                self._seen.popitem(last=False)
        return value


class ListCounts(Remembered[tuple[str, str], int]):
    """Counts of lists by ``(axis, value)``."""

    def count(self, key: tuple[str, str], generation: int, counted: Callable[[], int]) -> int:
        """The count of list ``key`` at ``generation`` (read before this call), made by
        ``counted`` unless one made at the same generation is remembered."""
        return self.get(key, generation, counted)
