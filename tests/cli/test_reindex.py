"""``cablegate reindex`` rebuilds an index from either backend, reading the store only: a new
node's index, or one already there, ends with every cable once and its mark at the store's
generation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from cablegate.archive import open_store
from cablegate.search.index import MAX_PER_PAGE, SearchIndex
from cablegate.search.mark import read_mark
from tests.slices import records, write_slice


def _refids(path: Path) -> list[str]:
    index = SearchIndex.open(path)
    try:
        got = index.search("*", per_page=MAX_PER_PAGE, facets=False, snippets=False)
        return sorted(h.refid for h in got.hits)
    finally:
        index.close()


def test_reindex_rebuilds_from_either_backend(
    cli: Callable[..., Result], store_url: str, tmp_path: Path
) -> None:
    db = store_url
    source = write_slice(records()[:40], tmp_path / "part.csv")
    first = tmp_path / "first.index"
    cli("ingest", str(source), "--db", db, "--index", str(first), "--no-progress", ok=True)
    store = open_store(db, readonly=True)
    stored = sorted(row[0] for row in store.dump("cables"))
    generation = store.generation()
    store.close()
    before = json.loads(cli("stats", "--db", db, "--index", str(first), "--json", ok=True).output)

    other = tmp_path / "other.index"  # a new node's
    assert "40 cables indexed" in cli("reindex", "--db", db, "--index", str(other), ok=True).output
    assert _refids(other) == stored and len(stored) == 40
    assert read_mark(other) == generation
    assert "40 cables indexed" in cli("reindex", "--db", db, "--index", str(first), ok=True).output
    assert _refids(first) == stored  # rebuilt, not added to
    after = json.loads(cli("stats", "--db", db, "--index", str(first), "--json", ok=True).output)
    assert after == before  # the store was only read: the generation and every count as they were
