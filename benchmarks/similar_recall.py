"""Recall at five of the similar cables (``search.similar``) on an archive: for every REF pair
inside it (the citing cable asked, the cited expected) and every ordered pair of members of a
near-duplicate group of at most six (``cablegate similar --build`` first), whether the expected
cable is among the five most similar; and the CPU of each look-up.

    cablegate ingest ../shared/corpus/cables.csv --db /tmp/corpus.db
    cablegate similar --build --db /tmp/corpus.db
    python benchmarks/similar_recall.py /tmp/corpus.db [--misses]
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from pathlib import Path

from cablegate.archive import index_path
from cablegate.nearduplicates import path_for
from cablegate.search.index import SearchIndex
from cablegate.search.similar import similar_cables


def main() -> None:
    db = Path(sys.argv[1])
    show_misses = "--misses" in sys.argv[2:]
    conn = sqlite3.connect(db)
    held = {r[0] for r in conn.execute("SELECT refid FROM cables")}
    refs = sorted(
        {(a, b) for a, b in conn.execute("SELECT citing, cited FROM refs") if b in held and a != b}
    )
    index = SearchIndex.open(index_path(db))
    groups = json.loads(path_for(index.path).read_text())["groups"]
    dups = sorted({(a, b) for g in groups if len(g) <= 6 for a in g for b in g if a != b})
    searcher = index.searcher()
    found: dict[str, list[str]] = {}
    cpu: list[float] = []

    def top(refid: str) -> list[str]:
        if refid not in found:
            used = time.thread_time()
            found[refid] = [h.refid for h in similar_cables(searcher, refid, limit=5) or ()]
            cpu.append((time.thread_time() - used) * 1000)
        return found[refid]

    for name, pairs in (("REF pairs", refs), ("near-duplicate pairs", dups)):
        hits = sum(1 for a, b in pairs if b in top(a))
        print(f"{name}: {hits}/{len(pairs)} = {hits / max(1, len(pairs)):.3f} in the top five")
        for a, b in pairs if show_misses else ():
            if b not in top(a):
                print(f"  {a} -> {b} missed: {' '.join(top(a))}")
    cpu.sort()
    p50, p95 = cpu[len(cpu) // 2], cpu[int(len(cpu) * 0.95)]
    print(f"CPU a look-up: p50 {p50:.2f} ms, p95 {p95:.2f} ms ({len(cpu)} cables)")


if __name__ == "__main__":
    main()
