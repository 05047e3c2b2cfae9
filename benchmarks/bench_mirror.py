"""The static mirror of a full-scale archive: build time, peak memory, files and bytes, and a
second run with nothing changed.

    python benchmarks/bench_mirror.py --db /tmp/mirror-full.db --out /tmp/mirror-full-out

A missing ``--db`` is ingested from ``--corpus`` first (``/tmp/cables-full.csv``, with the
shared corpus' media and releases; about 4 minutes). The output folder is emptied before the
first build unless ``--keep`` (moved aside, removed after both runs; removed first when the
disk has no room for a second tree: 28 GB at full scale). Peak RSS is the largest
sum over the ``cablegate mirror`` process and its workers, sampled every 0.5 s from /proc, and
peak PSS the same for proportional sizes, sampled every 5 s (forked workers share their
parent's pages: RSS counts them in each, PSS once), with both per phase; CPU time is user +
system of the process and its workers. Targets on 2 cores: build <= 15 min,
peak RSS <= 4 GB, second run <= 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from bench_ingest import tree_memory_kb  # benchmarks/, beside this script

HERE = Path(__file__).resolve().parent
CLI = [sys.executable, "-c", "from cablegate.cli import main; main()"]
TARGETS = {"build_s": 15 * 60, "peak_rss_gb": 4.0, "second_run_s": 60}


def run(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``; its wall time, CPU time (user + system, its worker processes included),
    the load average before and after, peak tree RSS, and the JSON summary it prints."""
    load_before = os.getloadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    samples: list[tuple[float, int, int]] = []  # seconds since the start, RSS and PSS in KB
    done = threading.Event()

    def sample() -> None:
        # PSS read every 5 s only: smaps_rollup walks a process's page tables, and read every
        # 0.5 s over the build's three processes it took 10% of a core (90 s in 14 min)
        n, pss = 0, 0
        while not done.is_set():
            rss, fresh = tree_memory_kb(proc.pid, pss=n % 10 == 0)
            pss = fresh or pss
            samples.append((time.perf_counter() - started, rss, pss))
            n += 1
            time.sleep(0.5)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    out, _ = proc.communicate()
    done.set()
    thread.join()
    seconds = time.perf_counter() - started
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed with status {proc.returncode}")
    summary = json.loads(out.strip().splitlines()[-1])
    peak = max((r for _, r, _ in samples), default=0) * 1024
    peak_pss = max((p for _, _, p in samples), default=0) * 1024
    return {
        "seconds": round(seconds, 1),
        "cpu_user_s": round(cpu.ru_utime - cpu_before.ru_utime, 1),
        "cpu_system_s": round(cpu.ru_stime - cpu_before.ru_stime, 1),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "peak_rss_gb": round(peak / 2**30, 2),
        "peak_pss_gb": round(peak_pss / 2**30, 2),
        "peak_by_phase_gb": _by_phase(samples, summary.get("phases", {})),
        **summary,
    }


def _by_phase(
    samples: list[tuple[float, int, int]], phases: dict[str, float]
) -> dict[str, list[float]]:
    """Peak [RSS, PSS] in GB during each phase of the build (the phases' seconds in order; the
    steps within a phase, "search map" or "render fixed", are left out)."""
    out: dict[str, list[float]] = {}
    start = 0.0
    for name, seconds in phases.items():
        if " " in name:
            continue
        inside = [(r, p) for t, r, p in samples if start <= t < start + seconds]
        if inside:
            out[name] = [round(max(r for r, _ in inside) / 2**20, 2),
                         round(max(p for _, p in inside) / 2**20, 2)]  # fmt: skip
        start += seconds
    return out


def create_probe(folder: Path, count: int = 2000) -> float:
    """Microseconds of CPU to create a small file in ``folder`` (left there: deleting them
    would slow the next creations). On ext4 without a journal, creating files within minutes
    of deleting many (a mirror removed, a test run cleaned up) is 10 to 50 times slower: the
    inode allocator steps over every inode freed in the last minutes. A mirror creates 1.1
    million files, so this figure tells a slow run's cause."""
    folder.mkdir(parents=True, exist_ok=True)
    started = time.process_time()
    for i in range(count):
        (folder / str(i)).write_bytes(b"x" * 512)
    return round((time.process_time() - started) / count * 1e6, 1)


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
    old = None
    if args.out.exists() and not args.keep:
        # out of the way now, deleted after the runs: a million files deleted just before the
        # build would slow its every file creation (see create_probe); unless the disk cannot
        # hold two trees (28 GB each at full scale: a build that fills it fails half-way)
        _files, old_bytes = tree_size(args.out)
        if shutil.disk_usage(args.out).free < old_bytes * 1.25:
            print(
                f"removing {args.out} first ({old_bytes / 1e9:.1f} GB): no room for a second tree;"
                " file creation may be slower for minutes (see create_us_before)",
                file=sys.stderr,
            )
            shutil.rmtree(args.out)
        else:
            old = args.out.with_name(f"{args.out.name}.old-{os.getpid()}")
            args.out.rename(old)
    probe_folder = args.out.with_name(f".{args.out.name}.probe-{os.getpid()}")
    probe = create_probe(probe_folder)
    cmd = [*CLI, "mirror", str(args.out), "--db", str(args.db), "--jobs", str(args.jobs)]
    first = run([*cmd, "--progress"])
    files, size = tree_size(args.out)
    second = run(cmd + ["--no-progress"])
    for folder in (old, probe_folder):
        if folder is not None:
            shutil.rmtree(folder)
    result = {
        "jobs": args.jobs,
        "create_us_before": probe,
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
