"""Ingest: sources -> parse (in worker processes) -> store (one transaction a batch) -> index.

The store is the record of truth (see ``recovery``): an ingest killed at any moment and run again
ends with every cable once in both the store and the index, nothing lost. The index it writes
is any node's (``--index``): the run first catches it up with what others wrote, and leaves its
mark where the run's own writes end.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from cablegate.errors import SourceError
from cablegate.ingest.formats import CABLE_FORMATS, FORMATS, detect_format, units
from cablegate.ingest.recovery import catch_up, sync_index
from cablegate.ingest.summary import IngestSummary
from cablegate.ingest.worker import UnitResult, bounded_map, default_workers, process_unit
from cablegate.search.document import with_store
from cablegate.search.index import SearchIndex
from cablegate.search.mark import indexer_lock, write_mark
from cablegate.sources import media, releases
from cablegate.sources.record import Reject, ReleaseEvent
from cablegate.store.base import Store, UpsertCounts
from cablegate.versions.stored import refresh_histories

# A commit flushes a segment, and so does a full writer arena (~45k cables of the benchmark
# corpus, more of the real release). Committing before the arena fills gives one segment a
# commit: the full release in 7 segments, no merge. At 60k a commit there were 9 (a full arena,
# then the 15k rest at the commit), and searches took a quarter longer.
_INDEX_COMMIT_SECONDS = 90.0
_INDEX_COMMIT_DOCS = 40_000


class Ingester:
    """Runs sources into one store and index, keeping the summary."""

    def __init__(
        self,
        store: Store,
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
        """Holds the index's writer lock throughout: a web node of this index that would catch
        up meanwhile leaves it to the ingest."""
        with indexer_lock(self.index.path):
            return self._locked(paths, fmt)

    def _locked(self, paths: Iterable[str | Path], fmt: str | None) -> IngestSummary:
        t0 = time.monotonic()
        if self.store.is_empty() and self.index.count() > 0:
            self.index.clear()  # the index of another archive: every cable here will be new
        catch_up(self.store, self.index)  # what other nodes wrote since this index's mark
        self.store.bulk_writes()
        try:
            self._run(paths, fmt)
        finally:
            self.store.bulk_writes(False)
        self._commit_index()
        # Each batch of this run is in the index or still waits (``indexed = 0``) for the sync:
        # once it ran the index holds the archive up to here (one ingest at a time).
        held = self.store.generation()
        sync_index(self.store, self.index)
        write_mark(self.index.path, held)
        self.summary.histories = refresh_histories(self.store)
        catch_up(self.store, self.index)  # a redaction the histories found; the mark at the end
        self.summary.seconds = time.monotonic() - t0
        return self.summary

    def _run(self, paths: Iterable[str | Path], fmt: str | None) -> None:
        """Media links and release events first, whatever the order given: a cable then goes
        into the store and the index with its earliest release, and is indexed once."""
        found = [self._kind(Path(p), fmt) for p in paths]
        for path, kind in sorted(found, key=lambda pk: pk[1] in CABLE_FORMATS):
            if kind is not None:
                self._source(path, kind)

    def _kind(self, path: Path, fmt: str | None) -> tuple[Path, str | None]:
        self.summary.sources.append(str(path))
        try:
            if not path.exists():
                raise SourceError(f"{path}: no such file or directory")
            return path, fmt or detect_format(path)
        except (SourceError, OSError) as exc:
            self.summary.failed_sources.append((str(path), str(exc)))
            return path, None

    def _source(self, path: Path, kind: str) -> None:
        try:
            if kind in CABLE_FORMATS:
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
        for result in bounded_map(process_unit, units(path, kind), self.workers):
            self._reject(result.rejects)
            self._damaged(result.damaged)
            if not result.rows:
                continue
            counts = self.store.upsert_cables(result.rows)
            self.summary.new += counts.new
            self.summary.updated += counts.updated
            self.summary.unchanged += counts.unchanged
            for row in result.rows:
                if row.problems:
                    self.summary.with_problems += 1
                    self.summary.problem_kinds.update(x.split(":", 1)[0] for x in row.problems)
            self._index(result, counts)
            self.progress(len(result.rows))

    def _index(self, result: UnitResult, counts: UpsertCounts) -> None:
        """Add the worker-built documents of the rows that became current and now wait to be
        indexed, with what the store knows beyond their text (the earliest release event,
        whether another version was redacted). A cable waiting whose row here did not become
        current (a redacted page beside the final text) is indexed from the store at the end.

        A cable stored for the first time has no older document to replace: skipping the
        delete spares the index a term lookup in every segment at its next commit.
        """
        fresh = counts.fresh
        refids = [row.refid for row in result.rows]
        waiting = self.store.waiting_for_index(refids)
        docs = [
            with_store(d, waiting[d["refid"]].released, waiting[d["refid"]].redacted)
            for i, d in enumerate(result.docs)
            if i in counts.written and d["refid"] in waiting
        ]
        # Waiting, but no document here describes the row (it stayed as it was, and a flag or
        # a release event sent it back): not to be marked indexed at the next commit, though a
        # document of it may be pending; the catch-up at the end indexes it from the store.
        stale = set(waiting) - {d["refid"] for d in docs}
        if stale:
            self._pending = [r for r in self._pending if r not in stale]
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

    def _damaged(self, damaged: list[Reject]) -> None:
        """Pages whose text is not whole: stored as damaged versions (never the current text
        while a whole one exists), named in the summary, the page kept in the rejects table."""
        if not damaged:
            return
        self.store.add_rejects((d.location, d.reason, d.raw) for d in damaged)
        self.summary.damaged.extend((d.location, d.reason) for d in damaged)

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
        self._commit_index()  # documents indexed before these events are marked done first
        events: list[ReleaseEvent] = []
        rejects: list[Reject] = []
        for item in releases.read_releases(path):
            if isinstance(item, Reject):
                rejects.append(item)
            else:
                events.append(item)
        self.summary.releases += self.store.add_releases(events)
        self._reject(rejects)


def ingest(
    store: Store,
    index: SearchIndex,
    paths: Iterable[str | Path],
    *,
    fmt: str | None = None,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Read every source into the store and the index; never stops at a bad record."""
    return Ingester(store, index, workers=workers, progress=progress).run(paths, fmt)
