"""What a running app holds: the open store and search index, reached from any request."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.requests import Request

from cablegate.store.base import Store

if TYPE_CHECKING:
    from cablegate.search import SearchIndex

T = TypeVar("T")

# Whole-archive aggregates (stats, axis counts) scan every row: at full scale a GROUP BY over
# 251,287 cables costs tens of milliseconds, so the front and index pages reuse them briefly.
AGGREGATE_TTL = 60.0


@dataclass
class Archive:
    store: Store
    search: SearchIndex
    db_path: Path
    _cache: dict[str, tuple[float, Any]] = field(default_factory=dict)

    def cached(self, key: str, compute: Callable[[], T], ttl: float = AGGREGATE_TTL) -> T:
        now = time.monotonic()
        hit = self._cache.get(key)
        if hit is not None and now - hit[0] < ttl:
            value: T = hit[1]
            return value
        value = compute()
        self._cache[key] = (now, value)
        return value


def archive(request: Request) -> Archive:
    arch: Archive = request.app.state.archive
    return arch
