"""Cable pages through the whole app in process (middleware, view, template; no socket): CPU
time a page, best of three passes over N cables, for comparing two versions of the code on
their own archives (``PYTHONPATH=OTHER/src`` runs another checkout's code).

    python benchmarks/cable_request_speed.py /tmp/cablegate-bench.db 1000
"""

from __future__ import annotations

import sqlite3
import sys
import time

from cablegate.mirror.client import SiteClient
from cablegate.web.app import create_app


def main() -> None:
    db, n = sys.argv[1], int(sys.argv[2])
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT refid FROM cables ORDER BY rowid LIMIT ?", (n + 100,))
        refids = [r[0] for r in rows]
    with SiteClient(create_app(db, follow=False)) as client:
        for refid in refids[:50]:  # templates compiled, caches filled
            assert client.get(f"/cable/{refid}").status == 200
        passes = []
        for _ in range(3):
            started = time.process_time()
            for refid in refids[100:]:
                client.get(f"/cable/{refid}")
            passes.append((time.process_time() - started) / len(refids[100:]) * 1000)
    print(f"{min(passes):.3f} ms of CPU a cable page (passes: {[round(p, 3) for p in passes]})")


if __name__ == "__main__":
    main()
