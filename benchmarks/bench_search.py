"""Search latency (and, with ``--build``, indexing throughput) of a cablegate search index.

    python benchmarks/bench_search.py INDEX_DIR [--runs N] [--json]
    python benchmarks/bench_search.py INDEX_DIR --build cables.csv [--threads 1] [--workers 1]

Each query of ``QUERIES`` runs ``--runs`` times the way the web app runs it (first page of 20,
facets, total count, snippets); the first run of each query counts too, so p95/max include the
cold cost. Targets at full scale (251,287 cables): p50 <= 10 ms, p95 <= 50 ms.

``--build`` fills INDEX_DIR from a ``cables.csv`` as the ingest would: worker processes parse
and run ``index_fields``, this process writes. Until the parser reads tags, subject and
addressees, a few regexes stand in for them (marked ``stand-in`` below) so that facets and
field searches have realistic work to do.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import pickle
import random
import re
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from queries import QUERIES  # noqa: E402  (benchmarks/queries.py, beside this script)

import cablegate  # noqa: E402
from cablegate.model import Recipient  # noqa: E402
from cablegate.search import SearchIndex, index_fields  # noqa: E402
from cablegate.search.index import HEAP_BYTES  # noqa: E402

RELEASES = ROOT.parent / "shared" / "corpus" / "releases.csv"

_TAGS = re.compile(r"^TAGS:?\s*(.+)$", re.M)
_SUBJECT = re.compile(r"^SUBJ(?:ECT)?:\s*(.+)$", re.M)
_FROM = re.compile(r"^FM\s+(.+)$", re.M)
_TO = re.compile(r"^(?:TO|INFO)\s+(.+)$", re.M)


def _stand_in(cable: cablegate.Cable) -> cablegate.Cable:
    """stand-in: fill what the unfinished parser leaves empty, with crude regexes."""
    body, header = cable.body, cable.header
    changes: dict[str, Any] = {}
    if not cable.tags and (m := _TAGS.search(body)):
        changes["tags"] = tuple(t for t in re.split(r"[\s,]+", m.group(1).strip()) if t)
    if not cable.subject and (m := _SUBJECT.search(body)):
        changes["subject"] = m.group(1).strip()
    if not cable.sender and (m := _FROM.search(header)):
        changes["sender"] = m.group(1).strip()
    if not cable.recipients and (found := _TO.findall(header)):
        changes["recipients"] = tuple(Recipient(name=n.strip()) for n in found)
    return replace(cable, **changes) if changes else cable


def _created(date: str) -> str:
    d, t = date.split(" ")
    m, day, y = d.split("/")
    hh, mm = t.split(":")
    return f"{y}-{int(m):02d}-{int(day):02d}T{int(hh):02d}:{mm}"


def _released_table() -> tuple[dict[str, str], list[str]]:
    """Real release times by refid; synthetic cables draw one from the same distribution."""
    if not RELEASES.exists():
        return {}, ["2011-08-30T01:44"]
    with RELEASES.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    table = {r["refid"]: r["released"].replace(" ", "T") for r in rows}
    return table, list(table.values())


def _rows(path: str, limit: int | None) -> Iterator[list[str]]:
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8") as f:
        for n, row in enumerate(csv.reader(f, escapechar="\\", doublequote=False)):
            if limit is not None and n >= limit:
                return
            if len(row) == 8:
                yield row


_RELEASED: tuple[dict[str, str], list[str]] = ({}, [])


def _prepare(row: list[str]) -> dict[str, Any]:
    """Worker: one csv row -> index fields (parse, stand-ins, index_fields)."""
    table, pool = _RELEASED
    released = table.get(row[2]) or random.Random(row[2]).choice(pool)
    cable = cablegate.parse(
        row[6],
        row[7],
        refid=row[2],
        created=_created(row[1]),
        released=released,
        origin=row[3],
        classification=row[4],
    )
    return index_fields(_stand_in(cable), release_id=int(row[0]))


def _init_worker() -> None:
    global _RELEASED
    _RELEASED = _released_table()


def _parsed(source: str, args: argparse.Namespace) -> Iterator[list[dict[str, Any]]]:
    """Batches of index fields: parsed from a csv by worker processes, or read back from a
    ``--docs`` file saved by an earlier ``--save-docs`` run (to time the writer alone)."""
    if source.endswith(".pickle"):
        left = args.limit if args.limit is not None else float("inf")
        with open(source, "rb") as f:
            while left > 0:
                try:
                    batch = pickle.load(f)
                except EOFError:
                    return
                yield batch[: int(min(left, len(batch)))]
                left -= len(batch)
        return
    save = open(args.save_docs, "wb") if args.save_docs else None  # noqa: SIM115
    batch: list[dict[str, Any]] = []
    with multiprocessing.Pool(args.workers, initializer=_init_worker) as pool:
        for fields in pool.imap(_prepare, _rows(source, args.limit), chunksize=64):
            batch.append(fields)
            if len(batch) >= 1000:
                if save:
                    pickle.dump(batch, save, protocol=pickle.HIGHEST_PROTOCOL)
                yield batch
                batch = []
    if save:
        pickle.dump(batch, save, protocol=pickle.HIGHEST_PROTOCOL)
        save.close()
    yield batch


def _cpu_seconds() -> float:
    """CPU time of this process, all threads (tantivy's indexing and merge threads included)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def build(index_dir: str, source: str, args: argparse.Namespace) -> dict[str, Any]:
    idx = SearchIndex.open(
        index_dir, heap_bytes=args.heap * 1_000_000, threads=args.threads, recreate=True
    )
    started = time.perf_counter()
    cpu_started = _cpu_seconds()
    writing = 0.0
    n = 0
    for batch in _parsed(source, args):
        t = time.perf_counter()
        n += idx.add(batch, replace=args.replace)
        writing += time.perf_counter() - t
        if args.commit_every and n % args.commit_every < len(batch):
            t = time.perf_counter()
            idx.commit()
            writing += time.perf_counter() - t
    t = time.perf_counter()
    idx.commit()
    idx.close()  # waits for the merges
    writing += time.perf_counter() - t
    elapsed = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_started
    size = sum(p.stat().st_size for p in Path(index_dir).iterdir() if p.is_file())
    return {
        "cables": n,
        "seconds": round(elapsed, 1),
        "cables_per_s": round(n / elapsed),
        "writer_busy_s": round(writing, 1),
        "writer_cpu_ms_per_cable": round(cpu / max(n, 1) * 1000, 3),
        "writer_threads": args.threads,
        "parse_workers": args.workers,
        "heap_mb": args.heap,
        "index_bytes": size,
        "max_rss_mb_writer": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "max_rss_mb_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
    }


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def measure(index_dir: str, runs: int) -> dict[str, Any]:
    """Wall time of each search, and its CPU time (all threads): on a busy machine the wall time
    also counts the waits for a core, the CPU time does not."""
    idx = SearchIndex.open(index_dir)
    per_query: dict[str, Any] = {}
    walls: list[float] = []
    cpus: list[float] = []
    for q in QUERIES:
        wall, cpu = [], []
        total = 0
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            result = idx.search(q, facets=True, snippets=True)
            wall.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            total = result.total
        walls.extend(wall)
        cpus.extend(cpu)
        per_query[q] = {
            "total": total,
            "first_ms": round(wall[0], 2),
            "p50_ms": round(statistics.median(wall), 2),
            "p95_ms": round(_pct(wall, 95), 2),
            "max_ms": round(max(wall), 2),
            "cpu_p50_ms": round(statistics.median(cpu), 2),
        }
    overall = {
        "p50_ms": round(statistics.median(walls), 2),
        "p95_ms": round(_pct(walls, 95), 2),
        "max_ms": round(max(walls), 2),
        "cpu_p50_ms": round(statistics.median(cpus), 2),
        "cpu_p95_ms": round(_pct(cpus, 95), 2),
    }
    cables = idx.count()
    idx.close()
    return {
        "cables": cables,
        "runs": runs,
        "load_average": round(os.getloadavg()[0], 2),
        "queries": per_query,
        "overall": overall,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("index_dir")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    ap.add_argument(
        "--build", metavar="SOURCE", help="first fill INDEX_DIR from a cables.csv (or a .pickle)"
    )
    ap.add_argument("--save-docs", metavar="PICKLE", help="with --build CSV: keep the parsed docs")
    ap.add_argument("--limit", type=int, help="build from the first N rows only")
    ap.add_argument("--threads", type=int, default=1, help="writer indexing threads")
    ap.add_argument(
        "--heap", type=int, default=HEAP_BYTES // 1_000_000, help="writer memory budget, MB"
    )
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    ap.add_argument("--commit-every", type=int, default=0, help="commit every N cables")
    ap.add_argument("--replace", action="store_true", help="delete-by-refid before each add")
    ap.add_argument("--no-search", action="store_true", help="build only")
    args = ap.parse_args()

    report: dict[str, Any] = {}
    if args.build:
        report["build"] = build(args.index_dir, args.build, args)
    if not args.no_search:
        report["search"] = measure(args.index_dir, args.runs)
    if args.json:
        print(json.dumps(report, indent=2))
        return
    if "build" in report:
        b = report["build"]
        print(
            f"built {b['cables']} cables in {b['seconds']} s: {b['cables_per_s']} cables/s "
            f"(writer busy {b['writer_busy_s']} s, {b['writer_cpu_ms_per_cable']} ms CPU a cable, "
            f"{b['writer_threads']} thread(s), "
            f"{b['parse_workers']} parse worker(s)); index {b['index_bytes'] / 1e6:.0f} MB; "
            f"max RSS writer {b['max_rss_mb_writer']} MB, worker {b['max_rss_mb_worker']} MB"
        )
    if "search" in report:
        s = report["search"]
        print(
            f"{s['cables']} cables, {s['runs']} runs per query, ms "
            f"(1-min load average {s['load_average']} on {os.cpu_count()} cores)"
        )
        cols = ("first_ms", "p50_ms", "p95_ms", "max_ms", "cpu_p50_ms")
        print(f"{'query':22} {'total':>8}" + "".join(f"{c[:-3]:>10}" for c in cols))
        for q, r in s["queries"].items():
            print(f"{q:22} {r['total']:8}" + "".join(f"{r[c]:10.2f}" for c in cols))
        o = s["overall"]
        print(
            f"{'overall':22} {'':8} {'':10}"
            + "".join(f"{o[c]:10.2f}" for c in ("p50_ms", "p95_ms", "max_ms", "cpu_p50_ms"))
            + f"   (cpu p95 {o['cpu_p95_ms']:.2f})"
        )


if __name__ == "__main__":
    main()
