"""The static mirror of a full-scale archive: build time, peak memory, files and bytes, and a
second run with nothing changed.

    python benchmarks/bench_mirror.py --db /tmp/mirror-full.db --out /tmp/mirror-full-out

A missing ``--db`` is ingested from ``--corpus`` first (``/tmp/cables-full.csv``, with the
shared corpus' media and releases; about 4 minutes). The output folder is emptied before the
first build unless ``--keep``. Peak RSS is the largest sum over the ``cablegate mirror``
process and its workers, sampled every 0.2 s from /proc. Targets on 2 cores: build <= 15 min,
peak RSS <= 4 GB, second run <= 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench_ingest import tree_rss_kb  # benchmarks/, beside this script

HERE = Path(__file__).resolve().parent
CLI = [sys.executable, "-c", "from cablegate.cli import main; main()"]
TARGETS = {"build_s": 15 * 60, "peak_rss_gb": 4.0, "second_run_s": 60}


def run(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``; its wall time, peak tree RSS, and the JSON summary it prints."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_kb(proc.pid) * 1024)
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    done.set()
    thread.join()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed with status {proc.returncode}")
    summary = json.loads(out.strip().splitlines()[-1])
    return {"seconds": round(seconds, 1), "peak_rss_gb": round(peak / 2**30, 2), **summary}


def tree_size(root: Path) -> tuple[int, int]:
    files = size = 0
    for folder, _dirs, names in os.walk(root):
        for name in names:
            files += 1
            size += os.stat(os.path.join(folder, name)).st_size
    return files, size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", type=Path, default=Path("/tmp/mirror-full.db"))
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/cables-full.csv"))
    ap.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared")
    ap.add_argument("--out", type=Path, default=Path("/tmp/mirror-full-out"))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--keep", action="store_true", help="do not empty --out first")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args()

    if not args.db.exists():
        corpus = args.shared / "corpus"
        print(f"ingesting {args.corpus} into {args.db} ...", file=sys.stderr)
        subprocess.run(
            [*CLI, "ingest", str(args.corpus), str(corpus / "media.csv"),
             str(corpus / "releases.csv"), "--db", str(args.db), "--no-progress"],
            check=False,
        )  # fmt: skip
    if args.out.exists() and not args.keep:
        shutil.rmtree(args.out)
    cmd = [*CLI, "mirror", str(args.out), "--db", str(args.db), "--jobs", str(args.jobs)]
    first = run([*cmd, "--progress"])
    files, size = tree_size(args.out)
    second = run(cmd + ["--no-progress"])
    result = {
        "jobs": args.jobs,
        "build": first,
        "files": files,
        "bytes": size,
        "second_run": second,
        "targets": TARGETS,
        "met": {
            "build_s": first["seconds"] <= TARGETS["build_s"],
            "peak_rss_gb": max(first["peak_rss_gb"], second["peak_rss_gb"])
            <= TARGETS["peak_rss_gb"],
            "second_run_s": second["seconds"] <= TARGETS["second_run_s"],
        },
    }
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
