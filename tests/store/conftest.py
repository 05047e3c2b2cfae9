"""Every store test runs on both backends (the ``store_url`` parameter), so they cannot drift."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cablegate.archive import open_store
from cablegate.store.base import Store

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty archive's ``--db`` value on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    yield s
    s.close()
