"""What a running app holds: the open store and search index, and the whole-archive aggregates
(stats, axis counts) that the front and index pages show.

Aggregates scan every row: at full scale (251,287 cables) ``stats()`` and ``axis_values()``
take up to seconds. Each is computed when a page first needs it, then kept; once older than
``AGGREGATE_TTL``, or computed at an older content generation than the archive's now (and at
least ``AGGREGATE_MIN_AGE`` old: an ingest commits a batch every second or so), it is recomputed
in a background thread on a connection of its own while pages show the last value: after the
first visitor nobody waits for a GROUP BY, the event loop never shares its connection with the
thread, and an idle server (or a benchmark of cable pages) does no aggregate work at all. Each
value keeps the generation it was computed at: the ETag of a page made of it (``caching``).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from starlette.requests import Request

from cablegate.archive import Location
from cablegate.nearduplicates import built_stamp, path_for
from cablegate.people import directory
from cablegate.reasons import reason_table
from cablegate.store.base import Store
from cablegate.vocabulary import AXES_SHOWN

if TYPE_CHECKING:
    from cablegate.search import SearchIndex
    from cablegate.web.follow import Follower

T = TypeVar("T")
AGGREGATE_TTL = 300.0
AGGREGATE_MIN_AGE = 10.0
SEED = "07LIMA487"  # the cable the original viewer page showed; offered when it is here
log = logging.getLogger("cablegate.web")

Compute = Callable[[Store], Any]
# Aggregates that scan every cable row (the quality report reads each row's subject: no index
# holds it), which may outlast a page's query budget (``--query-ms``) at full scale
UNBOUNDED = frozenset({"quality"})


def aggregates() -> dict[str, Compute]:
    """Every aggregate a page reads, by cache key."""
    out: dict[str, Compute] = {
        "stats": lambda s: s.stats(),
        "latest": lambda s: s.latest_released(15),
        "seed": lambda s: s.resolve(SEED),
        # every person joined from their name forms (``people.join``: ~0.1 s for the shared
        # corpus's 4,861 mention counts; the store's GROUP BY is most of it at full scale)
        "people": lambda s: directory(s.person_mentions()),
        "reasons": lambda s: reason_table(s.reason_counts(), s.classified_cables()),
        "quality": lambda s: s.quality(),
    }
    for axis in AXES_SHOWN:
        out[f"axis:{axis}"] = _axis_values(axis)
    return out


def _axis_values(axis: str) -> Compute:
    return lambda store: store.axis_values(axis)


class Cached(NamedTuple):
    """An aggregate's value, when (monotonic seconds) and at which generation it was computed."""

    at: float
    value: Any
    generation: int


@dataclass
class Archive:
    store: Store
    search: SearchIndex
    db_path: Location  # where the store is: a file or a URL
    open_store: Callable[[], Store] | None = None  # a second connection, for the refresh thread
    follower: Follower | None = None  # keeps the search index caught up (``follow``)
    _cache: dict[str, Cached] = field(default_factory=dict)
    _refreshing: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _generation: int = -1

    def generation(self) -> int:
        """The archive's content generation now; when it moved, the search index is reloaded
        first, so that no search answers with an older commit under the newer tag."""
        now = self.store.generation()
        if now != self._generation:
            self.search.reload()
            self._generation = now
            if self.follower is not None:
                self.follower.poke()  # index what changed now, not at its next poll
        return now

    def version(self) -> str:
        """What the ETag of a page read now is made of: the generation, and while this node's
        search index is behind it (from a commit to the catch-up), the index's mark too, so a
        search page fetched meanwhile is not revalidated once the search finds more; and when
        the near-duplicates were grouped (cable pages show them: a new build changes them)."""
        now = self.generation()
        mark = self.follower.behind(now) if self.follower is not None else None
        tag = str(now) if mark is None else f"{now}i{mark}"
        grouped = built_stamp(path_for(self.search.path))
        return tag if grouped is None else f"{tag}g{grouped}"

    def aggregate(self, key: str) -> Any:
        """The value of aggregate ``key``: cached, refreshed in the background when stale,
        computed here only the very first time (before the warm-up got to it)."""
        return self._cached(key).value

    def aggregate_generation(self, key: str) -> int:
        """The generation the value of ``key`` that pages show now was computed at."""
        return self._cached(key).generation

    def _cached(self, key: str) -> Cached:
        hit = self._cache.get(key)
        if hit is None:
            generation = self.store.generation()  # read first: the value is at least this new
            hit = Cached(time.monotonic(), self._first(key), generation)
            self._cache[key] = hit
            return hit
        age = time.monotonic() - hit.at
        moved = self._generation >= 0 and hit.generation != self._generation
        outdated = moved and age > AGGREGATE_MIN_AGE
        if age > AGGREGATE_TTL or outdated:
            self.refresh([key])
        return hit

    def _first(self, key: str) -> Any:
        """The first value of ``key``: on the page's connection, or for a report that reads
        every row (``UNBOUNDED``) on one of its own without the page's query budget, as the
        background refreshes read."""
        if key not in UNBOUNDED or self.open_store is None:
            return aggregates()[key](self.store)
        store = self.open_store()
        try:
            return aggregates()[key](store)
        finally:
            store.close()

    def refresh(self, keys: list[str]) -> None:
        """Recompute ``keys`` in a daemon thread on its own connection (no-op without one)."""
        if self.open_store is None:
            return
        with self._lock:
            keys = [k for k in keys if k not in self._refreshing]
            self._refreshing.update(keys)
        if keys:
            threading.Thread(target=self._compute, args=(keys,), daemon=True).start()

    def _compute(self, keys: list[str]) -> None:
        assert self.open_store is not None
        try:
            store = self.open_store()
            try:
                for key in keys:
                    generation = store.generation()
                    value = aggregates()[key](store)
                    self._cache[key] = Cached(time.monotonic(), value, generation)
            finally:
                store.close()
        except Exception:  # a failed refresh keeps the old values; the next request retries
            log.exception("refreshing %s", keys)
        finally:
            with self._lock:
                self._refreshing.difference_update(keys)


def archive(request: Request) -> Archive:
    arch: Archive = request.app.state.archive
    return arch
