"""Exports of a search or a browse list: every cable of it with every field (or ``fields=``),
as JSONL (``/search.jsonl``, ``/tag/PTER.jsonl``) or CSV (``/search.csv?fields=all``,
``/tag/PTER.csv``), streamed batch by batch (``cablegate.export``).

Each export reads on a connection of its own (``Archive.open_store``), without the page time
budget: it runs as long as the list is long, a batch at a time, on Starlette's thread pool, and
the connection is closed when the stream ends or the reader goes away.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from starlette.requests import Request
from starlette.responses import StreamingResponse

from cablegate.export import selection
from cablegate.export.table import csv_chunks, fields_of, jsonl_chunks, records
from cablegate.store.base import Store
from cablegate.web.params import FIELDS_PARAM
from cablegate.web.state import archive

MEDIA_TYPES = {
    "jsonl": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def chosen_fields(request: Request) -> tuple[str, ...]:
    """``?fields=a,b`` (default and ``all``: every field); an unknown one is a 400."""
    return fields_of(FIELDS_PARAM.read(request.query_params))


def stream(
    request: Request,
    refids: Callable[[Store], Iterator[list[str]]],
    fmt: str,
    name: str,
) -> StreamingResponse:
    """The export of the refids ``refids`` walks on a store of the export's own, as ``fmt``
    (jsonl | csv, formula-guarded for spreadsheets), downloaded as ``name``."""
    fields = chosen_fields(request)
    arch = archive(request)
    opener = arch.open_store

    def chunks() -> Iterator[str]:
        store = opener() if opener is not None else arch.store
        try:
            rows = records(selection.cables(store, refids(store)), fields)
            if fmt == "jsonl":
                yield from jsonl_chunks(rows)
            else:
                yield from csv_chunks(rows, fields, guard=True)
        finally:
            if opener is not None:
                store.close()

    headers: dict[str, Any] = {"Content-Disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(chunks(), media_type=MEDIA_TYPES[fmt], headers=headers)
