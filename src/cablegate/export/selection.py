"""Which cables an export holds, as batches of refids in a stable order, never all at once.

Three kinds: every cable (refid order, walked in the store), a browse list (its own order:
created, then refid, walked as the static mirror walks it), and a search (the query language and
facet filters of ``/search``; refid order). A search ranks by score or by a date, ties in the
order of the index's segments, which a commit can change: so the matching refids are gathered
first (only the ids: some 15 MB for every cable of the release) and sorted, and the same query
over the same archive always exports the same rows in the same order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from cablegate.errors import CablegateError
from cablegate.export.table import FORMATS, fields_of, parquet_missing, records, write
from cablegate.search import SearchIndex
from cablegate.search.budget import Budget
from cablegate.search.result import SearchResult
from cablegate.store.base import Store, StoredCable

BATCH = 500  # cables read and written at a time; 500 is also the most a search page holds


def everything(store: Store, batch: int = BATCH) -> Iterator[list[str]]:
    """Every refid, in byte order."""
    after = ""
    while True:
        refids = store.refids_after(after, batch)
        if not refids:
            return
        yield refids
        after = refids[-1]


def browse_list(store: Store, axis: str, value: str) -> Iterator[list[str]]:
    """The refids of a browse list (``/tag/PTER``), in its default order."""
    for page in store.browse_pages(axis, value, per_page=BATCH):
        yield [c.refid for c in page.items]


def search(
    index: SearchIndex,
    query: str,
    filters: Mapping[str, Sequence[str]] | None = None,
    *,
    budget: Budget | None = None,
) -> Iterator[list[str]]:
    """The refids matching ``query`` and ``filters`` (an empty query with filters: every cable
    that passes them), in byte order. The first page is asked for now: a query the index cannot
    read (or, with a ``budget``, one too broad) raises here, before anything is written."""
    engine_query = query.strip() or "*"
    clean = {k: list(v) for k, v in (filters or {}).items()}

    def page(n: int, budget: Budget | None = None) -> SearchResult:
        return index.search(
            engine_query,
            filters=clean,
            sort="created",
            page=n,
            per_page=BATCH,
            facets=False,
            snippets=False,
            budget=budget,
        )

    first = page(1, budget)

    def gathered() -> Iterator[list[str]]:
        found = {h.refid for h in first.hits}
        n, result = 1, first
        while n * BATCH < result.total and result.hits:
            n += 1
            result = page(n)
            found.update(h.refid for h in result.hits)
        ordered = sorted(found)
        for i in range(0, len(ordered), BATCH):
            yield ordered[i : i + BATCH]

    return gathered()


def select(
    store: Store,
    index: SearchIndex | None,
    query: str = "",
    filters: Mapping[str, Sequence[str]] | None = None,
) -> Iterator[list[str]]:
    """The refids of an export: of a search when there is a query or a filter, else every
    cable's (without reading the index)."""
    if not query.strip() and not filters:
        return everything(store)
    if index is None:
        raise ValueError("a search export needs the search index")
    return search(index, query, filters)


def cables(store: Store, refids: Iterator[list[str]]) -> Iterator[list[StoredCable]]:
    """The stored cables of each batch of refids."""
    for batch in refids:
        yield store.cables_of(batch)


def export(
    store: Store,
    index: SearchIndex | None,
    fmt: str,
    out: TextIO | Path,
    *,
    query: str = "",
    filters: Mapping[str, Sequence[str]] | None = None,
    fields: str | Sequence[str] | None = None,
) -> int:
    """Write the cables of ``query`` and ``filters`` (none: every cable) with ``fields`` (none:
    all) as ``fmt`` (jsonl | csv | parquet) to ``out``; returns how many. Raises QueryError for
    a query the index cannot read, CablegateError for an unknown field or a missing pyarrow,
    before writing anything."""
    chosen = fields_of(fields)
    if fmt not in FORMATS:
        raise CablegateError(f"unknown format {fmt!r}; the formats are " + ", ".join(FORMATS))
    if fmt == "parquet" and (missing := parquet_missing()):
        raise CablegateError(missing)
    refids = select(store, index, query, filters)
    return write(records(cables(store, refids), chosen), chosen, fmt, out)
