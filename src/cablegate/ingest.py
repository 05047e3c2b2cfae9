"""Ingest: sources -> parse (in worker processes) -> store (one transaction a batch) -> index.

The SQLite file is the record of truth. A cable row is written with ``indexed = 0`` in the same
transaction as its text; the search index is committed in larger steps and the rows are marked
indexed afterwards, so an ingest killed at any moment and run again ends with every cable once
in both, nothing lost (``sync_index`` picks up whatever was written but not yet indexed).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cablegate.errors import SourceError
from cablegate.model import Cable
from cablegate.parse import parse
from cablegate.parse.paragraphs import Place, paragraph_places, stored_spans
from cablegate.parse.text import normalise_text
from cablegate.search.document import index_fields
from cablegate.search.index import SearchIndex
from cablegate.sources import cables_csv, media, releases, wikileaks_html
from cablegate.sources.record import Reject, SourceCable
from cablegate.store.base import PreparedCable, ReleaseEvent
from cablegate.store.sqlite import SqliteStore, pack

FORMATS = ("csv", "html", "media", "releases")
_HTML_BATCH = 64
# A commit flushes a segment, and so does a full writer arena (~45k cables of the benchmark
# corpus, more of the real release). Committing before the arena fills gives one segment a
# commit: the full release in 7 segments, no merge. At 60k a commit there were 9 (a full arena,
# then the 15k rest at the commit), and searches took a quarter longer.
_INDEX_COMMIT_SECONDS = 90.0
_INDEX_COMMIT_DOCS = 40_000


@dataclass
class IngestSummary:
    """What an ingest did; ``exit_code`` is 0 all in, 1 some rejected, 2 nothing readable."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    with_problems: int = 0
    rejected: int = 0
    media: int = 0
    media_ignored: int = 0  # placeholder words the early site showed as links
    releases: int = 0
    seconds: float = 0.0
    sources: list[str] = field(default_factory=list)
    failed_sources: list[tuple[str, str]] = field(default_factory=list)
    rejects: list[tuple[str, str]] = field(default_factory=list)
    problem_kinds: Counter[str] = field(default_factory=Counter)

    @property
    def cables(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def exit_code(self) -> int:
        read_anything = self.cables or self.media or self.releases
        if not read_anything and (self.rejected or self.failed_sources):
            return 2
        return 1 if self.rejected or self.failed_sources else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "cables": self.cables,
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "with_problems": self.with_problems,
            "rejected": self.rejected,
            "media_links": self.media,
            "media_not_links": self.media_ignored,
            "release_events": self.releases,
            "seconds": round(self.seconds, 2),
            "sources": self.sources,
            "failed_sources": [{"source": s, "reason": r} for s, r in self.failed_sources],
            "rejects": [{"location": loc, "reason": r} for loc, r in self.rejects],
            "problem_kinds": dict(self.problem_kinds.most_common(20)),
        }


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: str  # csv | html
    payload: Any


@dataclass(frozen=True, slots=True)
class _UnitResult:
    prepared: list[PreparedCable]
    docs: list[dict[str, Any]]
    rejects: list[Reject]


def detect_format(path: Path) -> str:
    """Format from content (a directory or an archive holds pages)."""
    if path.is_dir():
        return "html"
    name = path.name.lower()
    if ".tar" in name or name.endswith((".tgz", ".7z")):
        return "html"
    with open(path, "rb") as f:
        head = f.read(4096)
    if cables_csv.looks_like(head):
        return "csv"
    if media.looks_like(head):
        return "media"
    if releases.looks_like(head):
        return "releases"
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype" in lowered or b"<?xml" in lowered:
        return "html"
    if not head.strip():
        raise SourceError(f"{path}: the file is empty")
    raise SourceError(
        f"{path}: cannot tell the format from its content; use --format {'|'.join(FORMATS)}"
    )


def _hash(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


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


def prepare(src: SourceCable) -> tuple[PreparedCable, dict[str, Any]]:
    """Parse one source record into what the store and the index take (runs in a worker)."""
    places = paragraph_places(normalise_text(src.body))
    # the store keeps where the paragraphs are, not their text nor the layout built from them
    cable = parse_record(src, paragraphs=False, places=places, layout=False)
    d = cable.to_dict()
    d["paragraph_spans"] = stored_spans(places)
    d["release_references"] = list(src.csv_references)
    from cablegate.refid import canonical_id

    refs = list(cable.references)
    for r in src.csv_references:
        c = canonical_id(r)
        if c not in refs and c != cable.canonical_id:
            refs.append(c)
    prepared = PreparedCable(
        refid=src.refid or "",
        canonical_id=cable.canonical_id,
        release_id=src.release_id,
        created=src.created,
        released=src.released,
        released_precision=src.released_precision,
        classification=src.classification,
        origin=src.origin,
        subject=cable.subject,
        header=src.header,
        body=src.body,
        data=pack(d),
        text_hash=_hash(src.header, src.body),
        meta_hash=_hash(
            src.release_id, src.created, src.classification, src.origin, src.csv_references
        ),
        source=f"{src.kind}:{src.location}",
        tags=cable.tags,
        references=tuple(refs),
        problems=cable.problems,
        media=src.media,
        origin_rank=1 if src.kind == "csv" else 0,
    )
    return prepared, index_fields(cable, release_id=src.release_id)


def _page_record(location: str, data: bytes) -> SourceCable | Reject:
    from cablegate.parse.page import read_page

    text, problems = wikileaks_html.decode_page(data)
    page = read_page(text)
    if not page.refid:
        reason = "; ".join(page.problems) or "not a WikiLeaks cable page"
        return Reject(location, reason, text)
    return SourceCable(
        location=location,
        refid=page.refid,
        header=page.header,
        body=page.body,
        created=page.created,
        released=page.released,
        released_precision=getattr(page, "released_precision", "minute"),
        classification=page.classification,
        origin=page.origin,
        media=tuple(page.media),
        problems=(*problems, *page.problems),
        kind="html",
    )


def unit_records(unit: _Unit) -> Iterator[SourceCable | Reject]:
    """The source records of one unit of work, read in whichever process runs it."""
    if unit.kind == "csv":
        yield from cables_csv.read_chunk(unit.payload)
    else:
        for loc, data in unit.payload:
            yield _page_record(loc, data)


def process_unit(unit: _Unit) -> _UnitResult:
    """Read and parse one unit of work; top-level so worker processes can run it."""
    prepared: list[PreparedCable] = []
    docs: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    for rec in unit_records(unit):
        if isinstance(rec, Reject):
            rejects.append(rec)
            continue
        try:
            p, doc = prepare(rec)
        except Exception as exc:  # a bug must not lose the record: keep it raw, say where
            rejects.append(
                Reject(
                    rec.location,
                    f"internal error {type(exc).__name__}: {exc}",
                    rec.header + "\n" + rec.body,
                )
            )
            continue
        prepared.append(p)
        docs.append(doc)
    return _UnitResult(prepared, docs, rejects)


def _units(path: Path, fmt: str) -> Iterator[_Unit]:
    if fmt == "csv":
        for chunk in cables_csv.chunks(path):
            yield _Unit("csv", chunk)
        return
    batch: list[tuple[str, bytes]] = []
    for item in wikileaks_html.iter_pages(path):
        batch.append(item)
        if len(batch) >= _HTML_BATCH:
            yield _Unit("html", batch)
            batch = []
    if batch:
        yield _Unit("html", batch)


def _bounded_map(
    fn: Callable[[_Unit], _UnitResult], units: Iterator[_Unit], workers: int
) -> Iterator[_UnitResult]:
    """Ordered parallel map that keeps only a few units in flight (memory stays flat)."""
    if workers <= 1:
        for u in units:
            yield fn(u)
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        inflight: deque[Future[_UnitResult]] = deque()
        for u in units:
            inflight.append(pool.submit(fn, u))
            if len(inflight) >= workers * 2:
                yield inflight.popleft().result()
        while inflight:
            yield inflight.popleft().result()


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


class Ingester:
    """Runs sources into one store and index, keeping the summary."""

    def __init__(
        self,
        store: SqliteStore,
        index: SearchIndex,
        *,
        workers: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> None:
        self.store = store
        self.index = index
        self.workers = default_workers() if workers is None else workers
        self.progress = progress or (lambda n: None)
        self.summary = IngestSummary()
        self._pending: list[str] = []
        self._last_commit = time.monotonic()

    def run(self, paths: Iterable[str | Path], fmt: str | None = None) -> IngestSummary:
        t0 = time.monotonic()
        if self.store.is_empty() and self.index.count() > 0:
            self.index.clear()  # the index of another archive: every cable here will be new
        self.store.bulk_writes()
        try:
            self._run(paths, fmt)
        finally:
            self.store.bulk_writes(False)
        self._commit_index()
        sync_index(self.store, self.index)
        self.summary.seconds = time.monotonic() - t0
        return self.summary

    def _run(self, paths: Iterable[str | Path], fmt: str | None) -> None:
        for p in paths:
            path = Path(p)
            self.summary.sources.append(str(path))
            try:
                if not path.exists():
                    raise SourceError(f"{path}: no such file or directory")
                kind = fmt or detect_format(path)
                if kind in ("csv", "html"):
                    self._cables(path, kind)
                elif kind == "media":
                    self._media(path)
                elif kind == "releases":
                    self._releases(path)
                else:
                    raise SourceError(f"unknown format {kind!r}; known: {', '.join(FORMATS)}")
            except (SourceError, OSError) as exc:
                self.summary.failed_sources.append((str(path), str(exc)))

    def _cables(self, path: Path, kind: str) -> None:
        for result in _bounded_map(process_unit, _units(path, kind), self.workers):
            self._reject(result.rejects)
            if not result.prepared:
                continue
            counts = self.store.upsert_cables(result.prepared)
            self.summary.new += counts.new
            self.summary.updated += counts.updated
            self.summary.unchanged += counts.unchanged
            for p in result.prepared:
                if p.problems:
                    self.summary.with_problems += 1
                    self.summary.problem_kinds.update(x.split(":", 1)[0] for x in p.problems)
            self._index(result, counts.fresh)
            self.progress(len(result.prepared))

    def _index(self, result: _UnitResult, fresh: frozenset[str]) -> None:
        """Add the worker-built documents whose row is now waiting to be indexed.

        A cable stored for the first time has no older document to replace: skipping the
        delete spares the index a term lookup in every segment at its next commit.
        """
        refids = [p.refid for p in result.prepared]
        waiting = self.store.waiting_for_index(refids)
        docs = [d for d in result.docs if waiting.get(d["refid"], _MISSING) == d.get("released")]
        if docs:
            self.index.add([d for d in docs if d["refid"] in fresh], replace=False)
            self.index.add([d for d in docs if d["refid"] not in fresh])
            self._pending.extend(d["refid"] for d in docs)
        if (
            time.monotonic() - self._last_commit > _INDEX_COMMIT_SECONDS
            or len(self._pending) >= _INDEX_COMMIT_DOCS
        ):
            self._commit_index()

    def _commit_index(self) -> None:
        if self._pending:
            self.index.commit()
            self.store.mark_indexed(self._pending)
            self._pending = []
        self._last_commit = time.monotonic()

    def _reject(self, rejects: list[Reject]) -> None:
        if not rejects:
            return
        self.store.add_rejects((r.location, r.reason, r.raw) for r in rejects)
        self.summary.rejected += len(rejects)
        room = 200 - len(self.summary.rejects)
        self.summary.rejects.extend((r.location, r.reason) for r in rejects[: max(room, 0)])

    def _media(self, path: Path) -> None:
        links: list[tuple[str, str]] = []
        rejects: list[Reject] = []
        for item in media.read_media(path):
            if isinstance(item, Reject):
                rejects.append(item)
            elif item[1] is None:
                self.summary.media_ignored += 1
            else:
                links.append((item[0], item[1]))
        self.summary.media += self.store.add_media(links)
        self._reject(rejects)

    def _releases(self, path: Path) -> None:
        events: list[ReleaseEvent] = []
        rejects: list[Reject] = []
        for item in releases.read_releases(path):
            if isinstance(item, Reject):
                rejects.append(item)
            else:
                events.append(item)
        self.summary.releases += self.store.add_releases(events)
        self._reject(rejects)


_MISSING = object()


def sync_index(
    store: SqliteStore, index: SearchIndex, *, replace: bool = True, commit_every: int = 50_000
) -> int:
    """Index every stored cable not yet in the index (after a crash, a release update, reindex).

    Commits are rare on purpose: each one is a new segment, and many segments mean merges.
    ``replace=False`` is for an empty index (``reindex``), where no old document can exist.
    """
    done = 0
    after = 0
    pending: list[str] = []
    while True:
        rows = store.unindexed(500, after_id=after)
        if not rows:
            break
        after = rows[-1][0]
        docs = []
        for _, refid in rows:
            stored = store.get(refid, paragraphs=False)
            if stored is not None:
                docs.append(index_fields(stored.cable, release_id=stored.release_id))
        index.add(docs, replace=replace)
        pending.extend(refid for _, refid in rows)
        if len(pending) >= commit_every:
            index.commit()
            store.mark_indexed(pending)
            done += len(pending)
            pending = []
    if pending:
        index.commit()
        store.mark_indexed(pending)
        done += len(pending)
    return done


def ingest(
    store: SqliteStore,
    index: SearchIndex,
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Read every source into the store and the index; never stops at a bad record."""
    return Ingester(store, index, workers=workers, progress=progress).run(paths, fmt)
