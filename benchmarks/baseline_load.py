"""The reference load that issue 2's ingest target is measured against, on the same file.

    python benchmarks/baseline_load.py /tmp/cables-full.csv [--db /tmp/baseline.db] [--fts body]

The naive load: sqlite-utils inserts the eight columns of every row of ``cables.csv`` as they
are (no parsing), then builds its FTS5 full-text index. The target is "as fast as this on the
same machine", and this machine's speed drifts by tens of percent between hours: ``make bench``
runs both, one after the other, and reports the ratio. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import time
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

COLUMNS = ("id", "date", "refid", "origin", "classification", "references", "header", "body")


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The release's dialect: every field quoted, backslash escapes (see ../shared/corpus)."""
    csv.field_size_limit(1 << 30)
    with path.open(newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f, quotechar='"', escapechar="\\", doublequote=False):
            yield dict(zip(COLUMNS, row, strict=False))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--db", type=Path, default=Path("/tmp/cablegate-baseline.db"))
    ap.add_argument("--fts", default="body", help="comma-separated columns to full-text index")
    args = ap.parse_args()
    fts = args.fts.split(",")
    for p in (args.db, Path(f"{args.db}-wal"), Path(f"{args.db}-shm")):
        p.unlink(missing_ok=True)
    t0 = time.perf_counter()
    db = sqlite_utils.Database(args.db)
    db["cables"].insert_all(rows(args.corpus), pk="id", batch_size=1000)
    t1 = time.perf_counter()
    db["cables"].enable_fts(fts)
    t2 = time.perf_counter()
    use = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "rows": db["cables"].count,
                "fts_columns": fts,
                "insert_seconds": round(t1 - t0, 1),
                "fts_seconds": round(t2 - t1, 1),
                "seconds": round(t2 - t0, 1),
                "cpu_seconds": round(use.ru_utime + use.ru_stime, 1),
                "peak_rss_mb": round(use.ru_maxrss / 1024),
                "db_bytes": args.db.stat().st_size,
            }
        )
    )
    db.close()
    args.db.unlink()


if __name__ == "__main__":
    main()
