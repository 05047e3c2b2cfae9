"""Whole-archive aggregates: computed once, refreshed in the background, never blocking a page."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cablegate.search import SearchIndex
from cablegate.store.sqlite import SqliteStore
from cablegate.web import state
from cablegate.web.state import Archive, aggregates


def _archive(db: Path) -> Archive:
    from cablegate.archive import index_path

    return Archive(
        SqliteStore.open(db, readonly=True),
        SearchIndex.open(index_path(db)),
        db,
        open_store=lambda: SqliteStore.open(db, readonly=True),
    )


def _wait(arch: Archive) -> None:
    for _ in range(500):
        if not arch._refreshing:
            return
        time.sleep(0.01)
    raise AssertionError("refresh thread did not finish")


def test_refresh_fills_every_aggregate(web_db: Path) -> None:
    arch = _archive(web_db)
    arch.refresh(list(aggregates()))
    _wait(arch)
    assert set(arch._cache) == set(aggregates())
    assert arch.aggregate("stats")["cables"] > 0
    arch.store.close()


def test_stale_value_is_served_while_refreshing(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    arch = _archive(web_db)
    first = arch.aggregate("axis:origin")
    stamp = arch._cache["axis:origin"][0]
    monkeypatch.setattr(state, "AGGREGATE_TTL", 0.0)
    assert arch.aggregate("axis:origin") is first  # stale, returned at once
    _wait(arch)
    assert arch._cache["axis:origin"][0] > stamp  # refreshed behind the page
    assert arch._cache["axis:origin"][1] == first
    arch.store.close()
