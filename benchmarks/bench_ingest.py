"""Full-scale benchmark: ingest time and peak memory, then search latency through the library.

    python benchmarks/bench_ingest.py [--corpus /tmp/cables-full.csv] [--db /tmp/cablegate-bench.db]

Builds the corpus with ../shared/bench/make_corpus.py when it is missing, ingests it into a fresh
archive with ``cablegate ingest`` (a child process, sampled every 0.2 s for the summed RSS of
it and its workers), then runs the 18 queries of issue 2 with facets, count and snippets.
``--baseline`` first times the reference load the ingest target is set against (sqlite-utils +
FTS5 of the same file, no parsing: ``baseline_load.py``) and reports the ratio of the two.
``--pg URL`` then ingests the same file into a fresh PostgreSQL database (the one the URL names,
dropped and created again) and reports its time, memory and size next to SQLite's, and the
ratio of the two ingests (issue 11: PostgreSQL <= 1.5x SQLite). The server's own memory is not
in the peak RSS: it is a service, not a child of the ingest.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import cast

from queries import QUERIES  # benchmarks/queries.py: the scripts run from this folder

ROOT = Path(__file__).resolve().parents[1]


def tree_rss_kb(pid: int) -> int:
    """Summed resident memory of a process and all its descendants."""
    return tree_memory_kb(pid)[0]


def tree_memory_kb(pid: int, *, pss: bool = False) -> tuple[int, int]:
    """Summed resident memory (RSS) of a process and all its descendants, and with ``pss`` their
    proportional set size (PSS: a page shared by n processes, such as the copy-on-write heap of
    forked workers, counted 1/n in each, so the sum is the memory the tree really holds; 0
    without ``pss``, as reading smaps_rollup costs more)."""
    rss = total_pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
            if pss:
                with open(f"/proc/{p}/smaps_rollup") as f:
                    for line in f:
                        if line.startswith("Pss:"):
                            total_pss += int(line.split()[1])
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return rss, total_pss


def run_ingest(
    corpus: Path, db: Path | str, workers: int | None, index: Path | None = None
) -> dict[str, object]:
    if isinstance(db, Path):
        for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            p.unlink(missing_ok=True)
        shutil.rmtree(f"{db}.index", ignore_errors=True)
    cmd = [
        str(ROOT / ".venv" / "bin" / "cablegate"),
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--no-progress",
        "--json",
    ]
    if index is not None:
        shutil.rmtree(index, ignore_errors=True)
        cmd += ["--index", str(index)]
    if workers:
        cmd += ["--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.2)
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the ingest and its workers, reaped
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = json.loads(out) if out.strip().startswith("{") else {"stdout": out[-2000:]}
    cables = int(summary.get("cables", 0)) if isinstance(summary, dict) else 0
    return {
        "exit": proc.returncode,
        "seconds": round(seconds, 1),
        "cables": cables,
        "cables_per_second": round(cables / seconds) if seconds else 0,
        "mb_per_second": round(corpus.stat().st_size / seconds / 1e6, 1),
        "peak_rss_mb_tree": round(peak / 1024),
        # on 2 cores the wall time is about half of this: the one number every change moves
        "cpu_seconds": round(cpu, 1),
        "cpu_ms_per_cable": round(cpu / cables * 1000, 3) if cables else None,
        "stderr_tail": err[-1500:],
    }


def fresh_pg(url: str) -> None:
    """Drop the database ``url`` names and create it again, empty."""
    import psycopg
    from psycopg import sql

    name = psycopg.conninfo.conninfo_to_dict(url).get("dbname")
    if not name or name == "postgres":
        raise SystemExit(f"--pg wants a database of its own to drop and create, not {name!r}")
    admin = psycopg.conninfo.make_conninfo(url, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def pg_bytes(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(row[0]) if row else 0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def run_baseline(corpus: Path) -> dict[str, object]:
    script = Path(__file__).with_name("baseline_load.py")
    out = subprocess.run(
        [sys.executable, str(script), str(corpus)], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, object] = json.loads(out)
    return result


def run_queries(db: Path, runs: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "src"))
    from cablegate.archive import index_path
    from cablegate.search.index import SearchIndex

    index = SearchIndex.open(index_path(db))
    per_query: dict[str, dict[str, float]] = {}
    all_ms: list[float] = []
    for q in QUERIES:
        index.search(q)  # warm-up
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            result = index.search(q, facets=True, snippets=True)
            times.append((time.perf_counter() - t0) * 1000)
        all_ms.extend(times)
        per_query[q] = {
            "total": result.total,
            "p50_ms": round(statistics.median(times), 2),
            "max_ms": round(max(times), 2),
        }
    all_ms.sort()
    return {
        "runs_per_query": runs,
        "p50_ms": round(statistics.median(all_ms), 2),
        "p95_ms": round(all_ms[int(len(all_ms) * 0.95) - 1], 2),
        "max_ms": round(all_ms[-1], 2),
        "queries": per_query,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/tmp/cables-full.csv")
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--db", default="/tmp/cablegate-bench.db")
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--skip-ingest", action="store_true", help="Only the queries.")
    ap.add_argument(
        "--baseline", action="store_true", help="Time the sqlite-utils + FTS5 load first."
    )
    ap.add_argument("--pg", help="Also ingest into this PostgreSQL database (dropped first).")
    args = ap.parse_args()
    corpus, db = Path(args.corpus), Path(args.db)
    if not corpus.exists():
        maker = Path(args.shared) / "bench" / "make_corpus.py"
        print(f"building {corpus} with {maker} ...", file=sys.stderr)
        subprocess.run([sys.executable, str(maker), "--out", str(corpus)], check=True)
    report: dict[str, object] = {
        "corpus": str(corpus),
        "corpus_bytes": corpus.stat().st_size,
        "cores": os.cpu_count(),
    }
    if args.baseline:
        report["baseline"] = base = run_baseline(corpus)
        print(json.dumps(base, indent=2), file=sys.stderr)
    if not args.skip_ingest:
        report["ingest"] = ingest = run_ingest(corpus, db, args.workers)
        print(json.dumps(ingest, indent=2), file=sys.stderr)
        if args.baseline:
            ratio = cast(float, ingest["seconds"]) / cast(float, base["seconds"])
            report["ingest_over_baseline"] = round(ratio, 2)
        sizes = {"sqlite_db_bytes": db.stat().st_size}
        sizes["sqlite_index_bytes"] = folder_bytes(Path(f"{db}.index"))
        report["sizes"] = sizes
    report["search"] = run_queries(db, args.runs)
    if args.pg and not args.skip_ingest:
        fresh_pg(args.pg)
        pg_index = Path(f"{db}.pg.index")
        report["pg_ingest"] = pg = run_ingest(corpus, args.pg, args.workers, pg_index)
        print(json.dumps(pg, indent=2), file=sys.stderr)
        sizes["pg_db_bytes"] = pg_bytes(args.pg)
        sizes["pg_index_bytes"] = folder_bytes(pg_index)
        ratio = cast(float, pg["seconds"]) / cast(float, report["ingest"]["seconds"])  # type: ignore[index]
        report["pg_over_sqlite"] = round(ratio, 2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
