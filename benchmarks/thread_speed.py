"""CPU time of a cable's thread page (the walk, the layout, the HTML with its SVG and the JSON
twin), over the first N cables of an archive in the mirror's order: what writing
``/cable/X/thread`` into the static mirror would add a cable (``mirror_speed`` times the rest).

    python benchmarks/thread_speed.py /tmp/threads/corpus.db 1000
"""

from __future__ import annotations

import sys
import time

from cablegate.archive import open_store
from cablegate.mirror.plan import cable_jobs
from cablegate.web import render
from cablegate.web.views.thread import thread_page


def run(store: object, refids: list[str]) -> int:
    size = 0
    for refid in refids:
        page = thread_page(store, refid)  # type: ignore[arg-type]
        size += len(render.markup("thread.html", page, "x.json")) + len(
            render.dumps(page.to_dict())
        )
    return size


def main() -> None:
    db, n = sys.argv[1], int(sys.argv[2])
    store = open_store(db, readonly=True)
    refids = [j.refid for j in cable_jobs(store.cable_inputs())[:n]]
    run(store, refids)  # warm: templates compiled, pages in the cache
    started = time.process_time()
    size = run(store, refids)
    cpu = time.process_time() - started
    print(
        f"{len(refids)} cables: {cpu / len(refids) * 1000:.2f} ms of CPU a thread page"
        f" (HTML and JSON, {size / len(refids) / 1024:.1f} KB a cable)"
    )


if __name__ == "__main__":
    main()
