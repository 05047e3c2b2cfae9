"""``write_index``: an archive's cables -> the static search index (files any web server serves).

The cables are streamed in chunks to worker processes (reading, cleaning and counting a cable
costs about 1.5 ms of CPU); each chunk leaves its result files and a run file of postings on
disk, and only facet values and lengths come back. The runs are then merged one partition of
the terms at a time by the same workers, so the memory used is a partition's, never the
corpus's (``Summary.phases`` says how long each step took).
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from cablegate.staticsearch import facets as facet_file
from cablegate.staticsearch.bundle import page_script
from cablegate.staticsearch.chunk import ChunkResult, Item, read_chunk
from cablegate.staticsearch.encoding import PROBES, TOP, big_filter, deflate
from cablegate.staticsearch.merge import (
    INLINE,
    Part,
    load_lexicon,
    merge_partition,
    write_lexicon,
)
from cablegate.staticsearch.tokens import prepare, spec_bytes
from cablegate.store.sqlite import SqliteStore

FORMAT = 3  # 3: big terms' files named by their hashes, and the filter of big terms
FOLDERS = ("d", "s", "t", "p", "f")  # results, term shards, big terms, prefixes, facets
STALE = ("facets.z",)  # the index's own files in an older format
BIG = "big.z"  # the filter of big terms (encoding.big_filter)
CHUNK = 2000  # cables a worker task reads: a few MB to ship, a few seconds of work
# written beside the index: its own page and the page's script, every module of the reader in
# one file (``bundle``)
ASSETS = ("index.html", "page.js")
# the reader's modules as files of their own, written by an earlier format: removed on a build
STALE_MODULES = ("search.js", "reader.js", "query.js", "tokenizer.js", "snippet.js", "bitset.js")


@dataclass(frozen=True, slots=True)
class Summary:
    """What a build wrote: counts, sizes and time."""

    docs: int
    terms: int
    files: int
    bytes: int
    seconds: float
    phases: dict[str, float] = field(default_factory=dict)  # seconds: read (map), merge, finish


def _chunks(items: Iterable[Item]) -> Iterator[list[Item]]:
    it = iter(items)
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def _task(args: tuple[list[Item], int, Path, Path, int]) -> ChunkResult:
    items, first, out, run, partitions = args
    return read_chunk(items, first, out, run, partitions)


def _merge_task(args: tuple[list[Path], Path, int, int, np.ndarray, Path, int]) -> Part:
    runs, words, p, partitions, norm, out, inline = args
    lexicon = load_lexicon(words, tuple(runs))
    return merge_partition(runs, lexicon, p, partitions, norm, out, inline)


def _read_all(
    pool: Any,
    items: Iterable[Item],
    out: Path,
    tmp: Path,
    runs: list[Path],
    partitions: int,
    procs: int,
) -> list[ChunkResult]:
    """Every chunk through the pool, at most two a worker in flight: the corpus is streamed,
    never queued whole in memory (``Pool.imap`` would read its input as fast as it can)."""
    pending: deque[Any] = deque()
    results: list[ChunkResult] = []
    first = 0
    for i, chunk in enumerate(_chunks(items)):
        run = tmp / f"run{i:05d}"
        runs.append(run)
        pending.append(pool.apply_async(_task, ((chunk, first, out, run, partitions),)))
        first += len(chunk)
        while len(pending) >= 2 * procs:
            results.append(pending.popleft().get())
    results.extend(p.get() for p in pending)
    return results


def write_index(
    source: SqliteStore | Iterable[Item],
    out_dir: str | Path,
    *,
    workers: int | None = None,
    inline: int = INLINE,
) -> Summary:
    """Write the search index of ``source`` (a store, or cables) into ``out_dir``, replacing an
    index already there (only its own folders: ``out_dir`` may hold other files); the same
    archive always gives byte-identical files. ``inline``: the largest postings kept in their
    shard (a small archive's tests lower it to have big terms)."""
    started = time.perf_counter()
    out = Path(out_dir)
    for folder in FOLDERS:
        shutil.rmtree(out / folder, ignore_errors=True)
    for name in (*STALE, *STALE_MODULES):
        (out / name).unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    items: Iterable[Item] = source.iter_encoded() if isinstance(source, SqliteStore) else source
    # one pool for both steps, its workers fresh interpreters (spawn), not forked from this
    # process: a caller holds much by now (the mirror: every cable's inputs, ~1 GB at full
    # scale), and each forked worker counted it in its resident memory (4.2 GB summed over the
    # processes, 3.4 GB PSS). Spawned workers are this process's children, so their CPU time
    # is counted in its own (a forkserver's workers were not)
    ctx = multiprocessing.get_context("spawn")
    procs = workers or max(1, min(2, multiprocessing.cpu_count()))
    pool_of = ctx.Pool(procs, initializer=prepare)  # prepare: each worker's Unicode tables
    with tempfile.TemporaryDirectory(prefix="staticsearch-") as tmp, pool_of as pool:
        # a merge holds one partition of the postings in memory: a 64th, ~600 MB at full scale
        partitions = 64
        runs: list[Path] = []
        results = _read_all(pool, items, out, Path(tmp), runs, partitions, procs)
        read = time.perf_counter()
        facets = [f for r in results for f in r.facets]
        lengths = np.array([n for r in results for n in r.lengths], dtype=np.float64)
        n_docs = len(facets)
        norm = lengths / max(lengths.mean(), 1.0) if n_docs else lengths
        words = write_lexicon(Path(tmp) / "words", runs)
        tasks = [(runs, words, p, partitions, norm, out, inline) for p in range(partitions)]
        parts = pool.map(_merge_task, tasks, chunksize=1)
        merged = time.perf_counter()
    files = sum(r.files for r in results) + sum(p.files for p in parts)
    size = sum(r.bytes for r in results) + sum(p.bytes for p in parts)
    big = big_filter([h for part in parts for h in part.big])
    written = [
        *_write_prefixes(out, parts),
        *facet_file.write(out, facets),
        _write(out / BIG, deflate(big)),
        _write_meta(out, n_docs, [p.shards for p in parts], len(big) * 8),
        _write(out / facet_file.LABELS, deflate(facet_file.labels(facets))),
        _write(out / "tokenizer.json", spec_bytes()),
        *_copy_assets(out),
    ]
    return Summary(
        docs=n_docs,
        terms=sum(p.terms for p in parts),
        files=files + len(written),
        bytes=size + sum(written),
        seconds=round(time.perf_counter() - started, 3),
        phases={
            "read": round(read - started, 3),
            "merge": round(merged - read, 3),
            "finish": round(time.perf_counter() - merged, 3),
        },
    )


def _write(path: Path, data: bytes) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


def _write_prefixes(out: Path, parts: list[Part]) -> list[int]:
    """``p/<hex of the first two letters>.z``: the words that start so, with their df."""
    merged: dict[str, list[tuple[str, int]]] = {}
    for part in parts:
        for start, found in part.prefixes.items():
            merged.setdefault(start, []).extend(found)
    sizes = []
    for start, found in sorted(merged.items()):
        lines = "\n".join(f"{w}\t{df}" for w, df in sorted(found))
        name = start.encode("utf-8").hex()
        sizes.append(_write(out / "p" / f"{name}.z", deflate(lines.encode("utf-8"))))
    return sizes


def _write_meta(out: Path, n_docs: int, shards: list[int], big_bits: int) -> int:
    meta = {
        "format": FORMAT,
        "docs": n_docs,
        "shards": shards,
        "top": TOP,
        "big": {"bits": big_bits, "probes": PROBES},
    }
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _write(out / "meta.json", text.encode("utf-8"))


def _copy_assets(out: Path) -> list[int]:
    from importlib.resources import files

    page = files(__package__).joinpath("assets", "index.html").read_bytes()
    return [_write(out / "index.html", page), _write(out / "page.js", page_script())]
