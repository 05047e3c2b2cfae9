"""Cable page render in-process (store.get + build_page + template, no HTTP), 2,000 cables.

python benchmarks/page_speed.py DB   (ingests ../shared/corpus/cables.csv into DB if missing)
"""

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

db = Path(sys.argv[1])
if not db.exists():
    subprocess.run(
        [
            sys.executable,
            "-m",
            "cablegate.cli",
            "ingest",
            str(Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cables.csv"),
            "--db",
            str(db),
        ],
        check=True,
        capture_output=True,
    )
from cablegate.store.sqlite import SqliteStore  # noqa: E402  (after the archive exists)
from cablegate.web.render import ENV  # noqa: E402
from cablegate.web.views.cable import build_page  # noqa: E402

store = SqliteStore.open(db, readonly=True)
refids = [
    r for (r,) in sqlite3.connect(db).execute("SELECT refid FROM cables ORDER BY refid LIMIT 2000")
]
tpl = ENV.get_template("cable.html")
stored = [store.get(r) for r in refids]


def page_only():
    for s in stored:
        tpl.render(page=build_page(store, s, "", neighbours=False), alternate=None)


def full():
    for r in refids:
        tpl.render(page=build_page(store, store.get(r), "", neighbours=False), alternate=None)


for name, fn in (("build_page+template", page_only), ("get+build_page+template", full)):
    fn()
    best = []
    for _ in range(3):
        t = time.process_time()
        fn()
        best.append((time.process_time() - t) / len(refids) * 1000)
    print(
        f"{name}: {len(refids)} pages, ms/page best {min(best):.3f} all {[round(b, 3) for b in best]}"
    )
