"""The static mirror's search: build the index of an archive, then run the 18 benchmark queries
in headless Chromium against the files served on loopback.

    python benchmarks/bench_static_search.py --db /tmp/msearch-full.db --out /tmp/msearch-static
    python benchmarks/bench_static_search.py --out /tmp/msearch-static --no-build   # queries only

1. Build: ``write_index`` in a child process; wall time, and peak RSS of the whole process tree
   (the build and its workers, sampled from /proc every 0.2 s).
2. Files and bytes of the index (result files ``d/``, term shards ``s/``, big terms ``t/``...).
3. Queries: a threaded static file server on 127.0.0.1 (no gzip, like ``python -m http.server``)
   and Debian's /usr/bin/chromium. *cold*: a new browser context (empty cache) opens
   ``index.html?q=...``; *primed*: one page runs the 18 queries one after another (meta and facet
   columns already loaded, terms not); *warm*: the same query again in the same page. Bytes are
   CDP ``encodedDataLength`` of every response; ms is the page's own measure (query start to
   results drawn) and, for cold, navigation start to results drawn.
Targets (issue 9): build a few minutes, peak RSS <= 4 GB; a typical query <= 1 MB and <= 500 ms
cold, <= 100 ms warm.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import tree_rss_kb  # benchmarks/, beside this script
from queries import QUERIES  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def build(db: Path, out: Path, workers: int) -> dict[str, Any]:
    code = (
        "import sys; from cablegate.store.sqlite import SqliteStore; "
        "from cablegate.staticsearch import write_index; "
        "print(write_index(SqliteStore.open(sys.argv[1], readonly=True), sys.argv[2], "
        "workers=int(sys.argv[3])))"
    )
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(db), str(out), str(workers)])
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss_kb(proc.pid))
        time.sleep(0.2)
    if proc.returncode:
        raise SystemExit(f"build failed: exit {proc.returncode}")
    return {"seconds": round(time.perf_counter() - started, 1), "peak_rss_mb": peak // 1024}


def sizes(out: Path) -> dict[str, tuple[int, int]]:
    """Files and bytes per top-level part of the index."""
    parts: dict[str, list[int]] = {}
    for f in out.rglob("*"):
        if f.is_file():
            key = f.relative_to(out).parts[0] + ("/" if len(f.relative_to(out).parts) > 1 else "")
            parts.setdefault(key, []).append(f.stat().st_size)
    return {k: (len(v), sum(v)) for k, v in sorted(parts.items())}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _url(base: str, q: str) -> str:
    from urllib.parse import quote

    return f"{base}index.html?q={quote(q)}"


class _Meter:
    """Bytes of every response of a page, from Chromium's own network events."""

    def __init__(self, context: Any, page: Any) -> None:
        self.bytes = 0
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.on("Network.loadingFinished", self._add)

    def _add(self, event: dict[str, Any]) -> None:
        self.bytes += int(event.get("encodedDataLength", 0))

    def take(self) -> int:
        n, self.bytes = self.bytes, 0
        return n


def _rerun(page: Any, q: str) -> tuple[float, str]:
    before = page.evaluate("document.body.dataset.ready || ''")
    page.evaluate(
        "q => { history.pushState(null, '', '?q=' + encodeURIComponent(q));"
        " dispatchEvent(new PopStateEvent('popstate')); }",
        q,
    )
    page.wait_for_function("b => (document.body.dataset.ready || '') !== b", arg=before)
    return float(page.evaluate("document.body.dataset.searchMs")), page.inner_text("#status")


def queries(base: str) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows: list[dict[str, Any]] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for q in QUERIES:  # cold: a fresh context, nothing cached
            context = browser.new_context()
            page = context.new_page()
            meter = _Meter(context, page)
            started = time.perf_counter()
            page.goto(_url(base, q))
            page.wait_for_selector("body[data-ready]", timeout=120_000)
            load_ms = (time.perf_counter() - started) * 1000
            time.sleep(0.2)  # let the last network events arrive
            row = {
                "query": q,
                "status": page.inner_text("#status"),
                "cold_bytes": meter.take(),
                "cold_ms": float(page.evaluate("document.body.dataset.searchMs")),
                "cold_load_ms": round(load_ms),
            }
            row["warm_ms"], _ = _rerun(page, q)
            time.sleep(0.1)
            row["warm_bytes"] = meter.take()
            rows.append(row)
            context.close()
        context = browser.new_context()  # primed: one page, the queries one after another
        page = context.new_page()
        meter = _Meter(context, page)
        page.goto(base + "index.html?q=zzzz")
        page.wait_for_selector("body[data-ready]")
        time.sleep(0.2)
        meter.take()
        for row in rows:
            row["primed_ms"], _ = _rerun(page, row["query"])
            time.sleep(0.1)
            row["primed_bytes"] = meter.take()
        context.close()
        browser.close()
    return rows


def _stats(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):,.0f}  p95 {p95:,.0f}  max {ordered[-1]:,.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--db", type=Path, default=Path("/tmp/msearch-full.db"))
    ap.add_argument("--out", type=Path, default=Path("/tmp/msearch-static"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-build", action="store_true", help="measure the queries of --out only")
    args = ap.parse_args()
    if not args.no_build:
        result = build(args.db, args.out, args.workers)
        print(f"build: {result['seconds']} s, peak RSS {result['peak_rss_mb']} MB (whole tree)")
    parts = sizes(args.out)
    for name, (files, size) in parts.items():
        print(f"  {name:<16} {files:>9,} files {size:>15,} bytes")
    print(
        f"  {'total':<16} {sum(f for f, _ in parts.values()):>9,} files"
        f" {sum(s for _, s in parts.values()):>15,} bytes"
    )
    server, base = serve(args.out)
    try:
        rows = queries(base)
    finally:
        server.shutdown()
    print(
        f"{'query':<20} {'cold KB':>8} {'cold ms':>8} {'load ms':>8} {'primed KB':>9}"
        f" {'primed ms':>9} {'warm KB':>8} {'warm ms':>8}  result"
    )
    for r in rows:
        print(
            f"{r['query']:<20} {r['cold_bytes'] / 1024:>8.1f} {r['cold_ms']:>8.0f}"
            f" {r['cold_load_ms']:>8} {r['primed_bytes'] / 1024:>9.1f} {r['primed_ms']:>9.0f}"
            f" {r['warm_bytes'] / 1024:>8.1f} {r['warm_ms']:>8.0f}  {r['status']}"
        )
    for key in ("cold_bytes", "cold_ms", "cold_load_ms", "primed_bytes", "primed_ms", "warm_ms"):
        print(f"{key:<14} {_stats([float(r[key]) for r in rows])}")


if __name__ == "__main__":
    main()
