"""Latency of a cable's similar cables (the more-like-this search of ``search.similar``) over N
cables drawn at random (seeded) from an archive: wall and this thread's CPU, p50 and p95.

    python benchmarks/similar_speed.py /tmp/similar/full.db 100
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from cablegate.archive import index_path, open_store
from cablegate.search.index import SearchIndex
from cablegate.search.similar import similar_cables


def _quantiles(values: list[float]) -> str:
    ranked = sorted(values)
    p50, p95 = ranked[len(ranked) // 2], ranked[min(len(ranked) - 1, int(len(ranked) * 0.95))]
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {ranked[-1]:.1f} ms"


def main() -> None:
    db, n = sys.argv[1], int(sys.argv[2])
    store = open_store(db, readonly=True)
    searcher = SearchIndex.open(index_path(Path(db))).searcher()
    refids = [j.refid for j in store.cable_inputs()]
    sample = random.Random(1).sample(refids, n)
    for refid in sample[:5]:  # warm: the index's files in the page cache
        similar_cables(searcher, refid)
    wall, cpu = [], []
    for refid in sample:
        started, used = time.perf_counter(), time.thread_time()
        similar_cables(searcher, refid)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - used) * 1000)
    print(f"{n} cables of {len(refids):,}: wall {_quantiles(wall)}; CPU {_quantiles(cpu)}")


if __name__ == "__main__":
    main()
