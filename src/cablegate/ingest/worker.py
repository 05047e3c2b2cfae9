"""The parallel half of an ingest: worker processes read and parse units of work into rows.

Workers are spawned (not forked: the parent holds an open index writer) and only a few units are
in flight at a time, so memory stays flat whatever the size of the source.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from cablegate.ingest.formats import Unit, unit_records
from cablegate.model import Cable
from cablegate.parse import parse
from cablegate.parse.paragraphs import Place, paragraph_places, stored_spans
from cablegate.parse.text import normalise_text
from cablegate.search.document import index_fields
from cablegate.sources.record import Reject, SourceCable
from cablegate.store.codec import CableRow, Provenance, encode
from cablegate.versions.dating import page_sighting, release_sighting


@dataclass(frozen=True, slots=True)
class UnitResult:
    """What a worker sends back: rows for the store, documents for the index, rejects."""

    rows: list[CableRow]
    docs: list[dict[str, Any]]
    rejects: list[Reject]
    damaged: list[Reject]  # pages whose text was stored though not whole, with the page


def parse_record(
    src: SourceCable,
    *,
    paragraphs: bool = True,
    places: list[Place] | None = None,
    layout: bool = True,
) -> Cable:
    """The parsed cable of one source record (``places``: its paragraphs' places, if known)."""
    return parse(
        src.header,
        src.body,
        refid=src.refid,
        created=src.created,
        released=src.released,
        classification=src.classification,
        origin=src.origin,
        media=src.media,
        problems=src.problems,
        paragraphs=paragraphs,
        places=places,
        layout=layout,
    )


def provenance(src: SourceCable) -> Provenance:
    source = f"{src.kind}:{src.location}"
    if src.kind == "csv":
        sighting = release_sighting(source)
    else:
        sighting = page_sighting(
            source,
            released=src.released,
            site_count=src.site_count,
            site_newest=src.site_newest,
            captured=src.captured,
        )
    return Provenance(
        source=source,
        release_id=src.release_id,
        released_precision=src.released_precision,
        origin_rank=1 if src.kind == "csv" else 0,
        listed_references=src.csv_references,
        sighting=sighting,
        damaged=src.damaged,
    )


def prepare(src: SourceCable) -> tuple[CableRow, dict[str, Any]]:
    """The store's row and the index's document of one source record."""
    places = paragraph_places(normalise_text(src.body))
    # the row keeps where the paragraphs are, not their text nor the layout built from them
    cable = parse_record(src, paragraphs=False, places=places, layout=False)
    row = encode(cable, provenance(src), stored_spans(places))
    return row, index_fields(cable, release_id=src.release_id, redacted=row.redactions > 0)


def process_unit(unit: Unit) -> UnitResult:
    """Read and parse one unit of work; top-level so worker processes can run it."""
    result = UnitResult([], [], [], [])
    for rec in unit_records(unit):
        if isinstance(rec, Reject):
            result.rejects.append(rec)
            continue
        if rec.damaged:
            reason = f"damaged page, kept as a damaged version: {rec.damaged}"
            result.damaged.append(Reject(rec.location, reason, rec.raw))
        try:
            row, doc = prepare(rec)
        except Exception as exc:  # a bug must not lose the record: keep it raw, say where
            reason = f"internal error {type(exc).__name__}: {exc}"
            result.rejects.append(Reject(rec.location, reason, rec.header + "\n" + rec.body))
            continue
        result.rows.append(row)
        result.docs.append(doc)
    return result


def bounded_map(
    fn: Callable[[Unit], UnitResult], units: Iterator[Unit], workers: int
) -> Iterator[UnitResult]:
    """Ordered parallel map that keeps only a few units in flight (memory stays flat)."""
    if workers <= 1:
        for u in units:
            yield fn(u)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        inflight: deque[Future[UnitResult]] = deque()
        for u in units:
            inflight.append(pool.submit(fn, u))
            if len(inflight) >= workers * 2:
                yield inflight.popleft().result()
        while inflight:
            yield inflight.popleft().result()


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
