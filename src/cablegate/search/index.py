"""The Tantivy index in the directory beside the database: write documents, search them.

One process writes (the ingest); any number read (web workers, CLI), each picking up new
commits on ``reload()`` (or by itself shortly after a commit). The writer is opened on the first
write, so a reader never takes the writer lock.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import tantivy
from tantivy import Occur, Order, Query

from cablegate.errors import CablegateError, QueryError, QueryTooBroad
from cablegate.search import syntax
from cablegate.search.budget import Budget, cheap_to_rerun, check_breadth
from cablegate.search.document import to_document
from cablegate.search.estimate import has_positions, matches_at_most
from cablegate.search.facets import (
    EXTRA,
    EXTRA_UP_TO,
    Histogram,
    aggregation_request,
    facet_values,
    histogram,
    total_of,
)
from cablegate.search.query import Compiled, compile_query, filter_query
from cablegate.search.result import FacetValue, Hit, SearchResult
from cablegate.search.schema import HIT_FIELD, SCHEMA_VERSION, build_schema
from cablegate.search.snippet import snippet
from cablegate.vocabulary import SEARCH_SORTS

VERSION_FILE = "cablegate-search.json"


class Sort(NamedTuple):
    """The fast field a sort orders by (``None``: by relevance), and which way."""

    field: str | None
    order: Order


# "-created" is created_ts descending; relevance is the score
SORTS: dict[str, Sort] = {
    c.key: Sort(None, Order.Desc)
    if c.key == "relevance"
    else Sort(c.key.lstrip("-") + "_ts", Order.Desc if c.key.startswith("-") else Order.Asc)
    for c in SEARCH_SORTS
}
MAX_PER_PAGE = 500
# Writer memory: one indexing thread with a 256 MB arena flushes segments of ~45k cables, so a
# full load (251k cables, committed at the end) ends with 6 segments and never merges: a merge
# reads its segments through mmap, and that shows as ~1.4 GB more resident memory at full
# scale. With 256 MB the writer process peaks at ~530 MB. A second thread halves the segment
# size (merges again) and competes with the parser processes for 2 cores.
HEAP_BYTES = 256_000_000
WRITER_THREADS = 1
# Above this many possible matches the tag facet is counted from each tag's postings (5-7 ms at
# full scale, plus one more run of the query) rather than from the tag column of every match
# (~0.14 µs a match). A query that reads positions costs ~10 ms a run: it needs far more matches
# before another run pays.
TAGS_BY_POSTINGS_ABOVE = 40_000
TAGS_BY_POSTINGS_ABOVE_POSITIONAL = 120_000


def _sort(name: str) -> Sort:
    if name not in SORTS:
        raise QueryError(f'unknown sort "{name}"; the sorts are ' + ", ".join(SORTS))
    return SORTS[name]


def _clean_filters(filters: Mapping[str, Sequence[str]] | None) -> dict[str, list[str]]:
    """Filters as lists of strings, whatever came in (a lone value, numbers from JSON)."""
    return {
        str(k): [str(x) for x in ([v] if isinstance(v, str | int) else v)]
        for k, v in (filters or {}).items()
    }


def _with_filters(query: Query, filters: list[Query]) -> Query:
    """The query, with each filter a must that leaves the scores alone."""
    if not filters:
        return query
    return Query.boolean_query(
        [(Occur.Must, query)] + [(Occur.Must, Query.const_score_query(f, 0.0)) for f in filters]
    )


@dataclass(frozen=True, slots=True)
class _Ask:
    """One page of ranked hits to ask a searcher for."""

    searcher: tantivy.Searcher
    query: Query
    sort: Sort
    offset: int
    size: int
    count: bool

    @property
    def beyond(self) -> bool:
        """Past the last cable: nothing to rank."""
        return self.offset >= self.searcher.num_docs

    def top(self) -> Any:
        # Past the last cable tantivy would size its heap to the offset: ask for the first hit
        # only, for the count.
        return self.searcher.search(
            self.query,
            1 if self.beyond else self.size,
            count=self.count,
            order_by_field=self.sort.field,
            offset=0 if self.beyond else self.offset,
            order=self.sort.order,
        )


class _Run(NamedTuple):
    """What the searcher answered: the ranked page, and the facet counts when asked for."""

    top: Any  # tantivy.SearchResult
    aggregation: Future[dict[str, Any]] | None = None
    tag_counts: list[tuple[str, int]] | None = None


class _Counted(NamedTuple):
    """How many cables match, and the facets and histogram of them (empty when not asked, or
    ``cut`` when they missed their time budget)."""

    total: int
    facets: dict[str, list[FacetValue]]
    histogram: Histogram
    cut: bool = False


def _count(ran: _Run, facet_limit: int, year: int | None, wait: float | None) -> _Counted:
    """The totals of a run: from the aggregation when facets were asked for (it waits for it,
    at most ``wait`` seconds: then the total is the ranked search's and the facets are cut),
    else from the ranked search; a search confined to one ``year`` shows its months."""
    total = int(getattr(ran.top, "count", 0) or 0)  # ``count`` is missing from the stub
    if ran.aggregation is None:
        return _Counted(total, {}, Histogram((), "year"))
    try:
        agg = ran.aggregation.result(timeout=wait)
    except FutureTimeout:
        return _Counted(total, {}, Histogram((), "year"), cut=True)
    facets = facet_values(agg, facet_limit, ran.tag_counts)
    return _Counted(total_of(agg), facets, histogram(facets, year))


def _hits(ask: _Ask, ran: _Run, compiled: Compiled, snippets: bool) -> tuple[Hit, ...]:
    """The page of hits from their stored fields, with a snippet of the body each."""
    hits = []
    for score, address in [] if ask.beyond else ran.top.hits:
        doc = ask.searcher.doc(address)
        text = str(doc.get_first("text") or "") if snippets else ""
        hits.append(
            Hit.from_stored(
                json.loads(bytes(doc.get_first(HIT_FIELD) or b"{}")),
                snippet=snippet(text, compiled.terms) if snippets else "",
                score=float(score) if ask.sort.field is None else None,
            )
        )
        if ran.aggregation is not None and not ran.aggregation.done():
            # Hand the GIL to the facet thread, should it wait to return its result; left
            # alone, Python would make it wait up to its 5 ms switch interval.
            time.sleep(0)
    return tuple(hits)


def _left(started: float, seconds: float) -> float:
    """What is left of ``seconds`` counted from ``started`` (never below zero)."""
    return max(0.0, started + seconds - time.perf_counter())


def _expansions(searcher: tantivy.Searcher) -> Callable[[str, str, int], int]:
    """How many words of ``field`` start with ``prefix``, counted up to ``limit``."""

    def count(field: str, prefix: str, limit: int) -> int:
        try:  # tantivy reserves room for ``limit`` words before it looks
            return len(searcher.terms_with_prefix(field, prefix, None, min(limit, 100_000)))
        except ValueError:  # not a field with a term dictionary: nothing to expand
            return 1

    return count


def _reindex_error(path: Path, found: object) -> CablegateError:
    return CablegateError(
        f"the search index {path} has schema version {found}, this cablegate reads version "
        f"{SCHEMA_VERSION}: run `cablegate reindex` to rebuild it from the database"
    )


def _remove(path: Path) -> None:
    """Delete a search index directory, refusing one that holds anything else."""
    if not path.exists():
        return
    ours = (path / "meta.json").exists() or (path / VERSION_FILE).exists()
    if not path.is_dir() or not (ours or not any(path.iterdir())):
        raise CablegateError(f"{path} is not a search index: not deleting it")
    shutil.rmtree(path)


class SearchIndex:
    """A search index directory. Create or open it with :meth:`open`."""

    def __init__(self, path: Path, index: tantivy.Index, heap_bytes: int, threads: int) -> None:
        self.path = path
        self._index = index
        self._heap = heap_bytes
        self._threads = threads
        self._writer: tantivy.IndexWriter | None = None
        self._threads_pool: ThreadPoolExecutor | None = None

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        heap_bytes: int = HEAP_BYTES,
        threads: int = WRITER_THREADS,
        recreate: bool = False,
    ) -> SearchIndex:
        """Open the index at ``path``, creating it when missing; refuse another schema version.
        ``recreate=True`` (``cablegate reindex``) first deletes an existing index there."""
        path = Path(path)
        schema = build_schema()
        if recreate:
            _remove(path)
        try:
            if (path / "meta.json").exists():
                try:
                    found = json.loads((path / VERSION_FILE).read_text())["schema_version"]
                except (OSError, ValueError, KeyError, TypeError):
                    found = "unknown"
                if found != SCHEMA_VERSION:
                    raise _reindex_error(path, found)
            else:
                path.mkdir(parents=True, exist_ok=True)
                # Version first, index second: a reader never sees an index without its version.
                (path / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION}))
            index = tantivy.Index(schema, str(path), reuse=True)
        except ValueError as exc:  # tantivy: the directory holds an index of another schema
            raise _reindex_error(path, f"unknown ({exc})") from None
        except OSError as exc:
            raise CablegateError(f"cannot open the search index {path}: {exc}") from None
        return cls(path, index, heap_bytes, threads)

    # --- writing ------------------------------------------------------------------------------

    @property
    def writer(self) -> tantivy.IndexWriter:
        if self._writer is None:
            try:
                self._writer = self._index.writer(self._heap, self._threads)
            except ValueError as exc:
                raise CablegateError(
                    f"cannot write the search index {self.path}: {exc} (is another ingest running?)"
                ) from None
        return self._writer

    def add(self, docs: Iterable[Mapping[str, Any]], *, replace: bool = True) -> int:
        """Add ``index_fields`` dicts, each replacing any document of the same refid (pass
        ``replace=False`` when filling a fresh or cleared index). Returns how many."""
        writer = self.writer
        n = 0
        for fields in docs:
            if replace:
                writer.delete_documents_by_term("refid", fields["refid"])
            writer.add_document(to_document(fields))
            n += 1
        return n

    def clear(self) -> None:
        """Delete every document (visible, like every change, after the next ``commit``)."""
        self.writer.delete_all_documents()

    def commit(self) -> None:
        """Make the changes durable and visible to readers (this one at once, others on reload)."""
        self.writer.commit()
        self.reload()

    def close(self) -> None:
        """Wait for background merges and release the writer lock; uncommitted changes are lost."""
        if self._threads_pool is not None:
            self._threads_pool.shutdown()
            self._threads_pool = None
        if self._writer is not None:
            self._writer.rollback()
            self._writer.wait_merging_threads()
            self._writer = None

    # --- reading ------------------------------------------------------------------------------

    def reload(self) -> None:
        """See the latest commit (of any process)."""
        for attempt in range(3):
            try:
                self._index.reload()
                return
            except ValueError:  # a concurrent commit removed a file between two reads: retry
                if attempt == 2:
                    raise
                time.sleep(0.05)

    def count(self) -> int:
        return int(self._index.searcher().num_docs)

    def searcher(self) -> tantivy.Searcher:
        """A searcher of the latest reloaded commit (``search.similar`` asks it directly)."""
        return self._index.searcher()

    def search(
        self,
        query: str,
        *,
        filters: Mapping[str, Sequence[str]] | None = None,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 20,
        facets: bool = True,
        snippets: bool = True,
        facet_limit: int = 50,
        budget: Budget | None = None,
    ) -> SearchResult:
        """Run ``query`` (see docs/search.md) with facet ``filters`` (field -> values, OR-ed
        within a field, AND-ed across fields). A query it cannot read raises QueryError.
        With a ``budget`` (the web's), a query too broad to answer in it raises QueryTooBroad
        and facets that miss theirs are left out (``facets_cut``): see ``search.budget``.

        tantivy lets go of the GIL in ``search`` and ``aggregate``, not in ``terms_with_prefix``:
        the facet aggregation (and, for a big result, the page of hits) runs on the pool while
        this thread counts the tags, so a search can use both cores of a small server.
        """
        started = time.perf_counter()
        order = _sort(sort)
        page, per_page = max(1, int(page)), min(max(1, int(per_page)), MAX_PER_PAGE)
        searcher = self._index.searcher()
        if budget is not None:  # before compiling: a prefix's automaton takes ~0.5 ms to build
            check_breadth(syntax.parse(query), query, _expansions(searcher), budget)
        compiled = compile_query(query)
        clean = _clean_filters(filters)
        filtered = filter_query(clean)
        ask = _Ask(
            searcher,
            _with_filters(compiled.query, filtered.queries),
            order,
            offset=(page - 1) * per_page,
            size=per_page,
            # with facets, the total comes from the aggregation; unless it may be cut
            count=not facets or budget is not None,
        )
        bound = matches_at_most(compiled.node, clean, searcher.doc_freq, searcher.num_docs)
        extra = bound <= EXTRA_UP_TO or any(name in clean for name in EXTRA)
        if budget is None:
            ran = (
                self._run_with_facets(ask, compiled, bound, limit=facet_limit, extra=extra)
                if facets
                else _Run(ask.top())
            )
        else:
            limit = facet_limit if facets else None
            ran = self._run_in_budget(ask, compiled, bound, query, limit, extra, budget, started)
        # (_run_in_budget waits for the ranked page; the facets get what is left of theirs)
        hits = _hits(ask, ran, compiled, snippets)
        wait = None if budget is None else _left(started, budget.facet_s)
        counted = _count(ran, facet_limit, filtered.year or compiled.year, wait)
        if counted.cut:
            self._abandon()
        return SearchResult(
            query=query,
            total=counted.total,
            hits=hits,
            facets=counted.facets,
            page=page,
            per_page=per_page,
            sort=sort,
            took_ms=(time.perf_counter() - started) * 1000,
            histogram=counted.histogram.bars,
            histogram_unit=counted.histogram.unit,
            filters=clean,
            facets_cut=counted.cut,
            facets_left_out=EXTRA if facets and not extra and not counted.cut else (),
        )

    def _run_in_budget(
        self,
        ask: _Ask,
        compiled: Compiled,
        bound: int,
        query: str,
        limit: int | None,
        extra: bool,
        budget: Budget,
        started: float,
    ) -> _Run:
        """As ``_run_with_facets``, with the ranked page on the pool too, waited for until the
        budget's end. Tags are counted by postings only for a query cheap to run again: that
        count reruns the query holding the GIL, which no deadline could cut short. ``limit``:
        values a facet lists, ``None`` for no facets; ``bound``: at most this many matches;
        ``extra``: count the ``EXTRA`` facets."""
        if limit is None:
            return _Run(self._within(self._pool.submit(ask.top), started, budget, query))
        if not cheap_to_rerun(compiled.node):
            request = aggregation_request(limit, tags=True, extra=extra)
            aggregation = self._pool.submit(ask.searcher.aggregate, ask.query, request)
            top = self._within(self._pool.submit(ask.top), started, budget, query)
            return _Run(top, aggregation)
        ran = self._run_with_facets(
            ask, compiled, bound, limit=limit, extra=extra, ranked_on_pool=True
        )
        top = self._within(ran.top, started, budget, query)
        return _Run(top, ran.aggregation, ran.tag_counts)

    def _within(self, job: Future[Any], started: float, budget: Budget, query: str) -> Any:
        """The ranked page, or QueryTooBroad once the budget is spent (the job runs on)."""
        try:
            return job.result(timeout=_left(started, budget.search_s))
        except FutureTimeout:
            self._abandon()
            raise QueryTooBroad(
                f"this search matches too much to rank within {budget.search_ms:,} ms.", query
            ) from None

    def _abandon(self) -> None:
        """Leave the jobs that missed their budget to the pool they run on and give the next
        searches a fresh one, so that none waits behind them."""
        if self._threads_pool is not None:
            self._threads_pool.shutdown(wait=False, cancel_futures=True)
            self._threads_pool = None

    def _run_with_facets(
        self,
        ask: _Ask,
        compiled: Compiled,
        bound: int,
        *,
        limit: int,
        extra: bool,
        ranked_on_pool: bool = False,
    ) -> _Run:
        """Start the facet aggregation on the pool and rank the page of hits meanwhile; the
        tags are counted from their postings, on this thread, when the result may be big.
        ``bound``: at most this many matches (``estimate.matches_at_most``); ``extra``: count
        the ``EXTRA`` facets; ``ranked_on_pool``: the run's ``top`` is the future of the ranked
        page."""
        searcher = ask.searcher
        above = (
            TAGS_BY_POSTINGS_ABOVE_POSITIONAL
            if has_positions(compiled.node)
            else TAGS_BY_POSTINGS_ABOVE
        )
        by_postings = bound > above
        request = aggregation_request(limit, tags=not by_postings, extra=extra)
        aggregation = self._pool.submit(searcher.aggregate, ask.query, request)
        if not by_postings and not ranked_on_pool:
            return _Run(ask.top(), aggregation)
        top_job = self._pool.submit(ask.top)
        tag_counts = searcher.terms_with_prefix("tag", "", ask.query) if by_postings else None
        return _Run(top_job if ranked_on_pool else top_job.result(), aggregation, tag_counts)

    @property
    def _pool(self) -> ThreadPoolExecutor:
        if self._threads_pool is None:
            self._threads_pool = ThreadPoolExecutor(2, thread_name_prefix="cablegate-facets")
        return self._threads_pool
