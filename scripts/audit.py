"""``make audit``: Lighthouse on four pages of the bundled sample, served by ``cablegate serve``.

Lighthouse is the npm package pinned in ``scripts/audit/`` (package.json and its lock file),
installed with ``npm ci`` into ``.audit/`` (git-ignored) the first time and whenever the lock file
changes (package.json pins the two packages Lighthouse's trace engine asks for as ``latest``,
at the versions the lock holds: without that ``npm ci`` refuses the lock as soon as a newer one is
published). It drives Debian's Chromium (``$CHROME_PATH``, default ``/usr/bin/chromium``) headless,
with its default settings (a mobile device, simulated slow 4G and a 4x slower CPU). Each page is
audited ``--runs`` times (Lighthouse's own advice against its run-to-run variance, which on a
shared machine is mostly the performance score) and the median score of each category is kept.
Exit status 1 when a category of a page is under ``--min`` (98), naming it; the reports are
kept in ``.audit/reports/`` (JSON, and HTML for the last run of each page).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PINNED = ROOT / "scripts" / "audit"  # package.json + package-lock.json
WORK = ROOT / ".audit"
SAMPLE = ROOT / "src" / "cablegate" / "sample"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The front page, a cable, a search with facets (it matches cables of several tags, origins and
# years), a browse list.
PAGES = ("/", "/cable/07LIMA487", "/search?q=shining+path", "/tag/PTER")
# Chromium as root in a container, with no network but loopback: without the background
# networking flags it keeps trying to reach Google's hosts (and logs errors Lighthouse counts).
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


@dataclass(frozen=True, slots=True)
class Run:
    page: str
    scores: dict[str, int]  # category -> 0..100
    failed: tuple[str, ...]  # audits that lost points: "id (score)"


def lighthouse() -> Path:
    """The pinned Lighthouse in .audit/, installed with ``npm ci`` when missing or stale."""
    binary = WORK / "node_modules" / ".bin" / "lighthouse"
    lock = (PINNED / "package-lock.json").read_bytes()
    stamp = WORK / "node_modules" / ".cablegate-lock"
    if binary.exists() and stamp.exists() and stamp.read_bytes() == lock:
        return binary
    if shutil.which("npm") is None:
        sys.exit("audit: npm not found: install Node.js 18+ and npm (Debian: apt-get install npm)")
    WORK.mkdir(exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(PINNED / name, WORK / name)
    print(f"audit: npm ci in {WORK} (Lighthouse, pinned in scripts/audit/package-lock.json)")
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=WORK, check=True
    )
    stamp.write_bytes(lock)
    return binary


def sample_archive(cablegate: str) -> Path:
    """The bundled sample ingested into .audit/sample.db (again when the sample changed)."""
    db = WORK / "sample.db"
    sources = [SAMPLE / n for n in ("cables.csv", "media.csv", "releases.csv")]
    newest = max(p.stat().st_mtime for p in sources)
    if db.exists() and db.stat().st_mtime >= newest:
        return db
    for stale in WORK.glob("sample.db*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    cmd = [cablegate, "ingest", *map(str, sources), "--db", str(db), "--no-progress"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(cablegate: str, db: Path, port: int) -> subprocess.Popen[bytes]:
    """``cablegate serve`` on a loopback port, once it answers."""
    cmd = [cablegate, "serve", "--db", str(db), "--port", str(port), "--workers", "1"]
    cmd += ["--no-access-log", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    for _ in range(300):
        if proc.poll() is not None:
            sys.exit(f"audit: cablegate serve exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/style.css", timeout=1):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    sys.exit("audit: cablegate serve did not answer in 30 s")


def audit(binary: Path, url: str, out: Path, chrome: str) -> Run:
    cmd = [str(binary), url, "--quiet", "--output=json", "--output=html"]
    cmd += [f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}"]
    cmd += ["--only-categories=" + ",".join(CATEGORIES)]
    env = {**os.environ, "CHROME_PATH": chrome}
    subprocess.run(cmd, check=True, env=env)
    report = json.loads(out.with_suffix(".report.json").read_text(encoding="utf-8"))
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failed = tuple(
        f"{a['id']} ({a['score']:.2f})"
        for a in report["audits"].values()
        if a.get("score") is not None
        and a["score"] < 1
        and a.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    return Run(url, scores, failed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cablegate", default=shutil.which("cablegate") or "cablegate")
    ap.add_argument("--db", type=Path, help="an archive to serve (default: the sample)")
    ap.add_argument("--runs", type=int, default=5, help="runs a page; the median is kept")
    ap.add_argument("--min", type=int, default=98, help="the lowest score a category may have")
    ap.add_argument("--page", action="append", help="an address to audit (default: four)")
    args = ap.parse_args(argv)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).exists():
        sys.exit(f"audit: no Chromium at {chrome}: apt-get install chromium, or set CHROME_PATH")
    binary = lighthouse()
    db = args.db or sample_archive(args.cablegate)
    reports = WORK / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = serve(args.cablegate, db, port)
    medians: dict[str, dict[str, int]] = {}
    try:
        for page in args.page or PAGES:
            name = "".join(ch if ch.isalnum() else "_" for ch in page).strip("_") or "front"
            runs = []
            for n in range(1, args.runs + 1):
                run = audit(binary, f"http://127.0.0.1:{port}{page}", reports / name, chrome)
                runs.append(run)
                shown = " ".join(f"{c} {run.scores[c]}" for c in CATEGORIES)
                print(f"{page} run {n}: {shown}; lost points: {', '.join(run.failed) or 'none'}")
            medians[page] = {
                c: int(statistics.median(r.scores[c] for r in runs)) for c in CATEGORIES
            }
    finally:
        server.terminate()
        server.wait(10)
    width = max(len(p) for p in medians)
    print(f"\nLighthouse {version(binary)}, median of {args.runs} run(s) a page:")
    print(f"{'page':<{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES))
    for page, scores in medians.items():
        print(f"{page:<{width}}  " + "  ".join(f"{scores[c]:>14}" for c in CATEGORIES))
    low = [f"{p} {c} {s}" for p, sc in medians.items() for c, s in sc.items() if s < args.min]
    if low:
        print(f"audit: under {args.min}: " + "; ".join(low), file=sys.stderr)
        return 1
    print(f"audit: every category of every page >= {args.min}")
    return 0


def version(binary: Path) -> str:
    return subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
