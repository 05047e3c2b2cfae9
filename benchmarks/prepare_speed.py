"""ingest.prepare per cable over the shared corpus, best of 3."""

import time
from pathlib import Path

from cablegate.ingest import prepare
from cablegate.sources import cables_csv
from cablegate.sources.record import SourceCable

recs = [
    r
    for ch in cables_csv.chunks(
        str(Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cables.csv")
    )
    for r in cables_csv.read_chunk(ch)
    if isinstance(r, SourceCable)
]
best = []
for _ in range(3):
    t = time.perf_counter()
    for r in recs:
        prepare(r)
    best.append((time.perf_counter() - t) / len(recs) * 1000)
print(
    f"{len(recs)} cables, prepare ms/cable best {min(best):.4f} all {[round(b, 4) for b in best]}"
)
