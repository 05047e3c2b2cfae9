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
   CDP ``encodedDataLength`` of every response, with its file class (page, meta, shards, terms,
   facets, results...) and when it finished. Times are the page's own marks (page.js): cold
   *results* is navigation start to the first frame painted after the results are in the page,
   cold *facets* navigation start to the facet counts in the page (they are drawn after the
   results); *search* (and primed, warm) is the search's start to the results in the page.
Targets (issue 9): build a few minutes, peak RSS <= 4 GB; a typical query <= 1 MB and <= 500 ms
cold, <= 100 ms warm.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import multiprocessing
import resource
import statistics
import subprocess
import sys
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
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the build and its workers, waited for
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": peak // 1024,
    }


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


def _serve_forever(root: str, port: Any) -> None:
    handler = functools.partial(_Quiet, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port.value = server.server_address[1]
    server.serve_forever()


def serve(root: Path) -> tuple[multiprocessing.Process, str]:
    """A threaded static file server on loopback, in a process of its own (as a real server
    would be: not sharing this process's interpreter lock with the browser's driver)."""
    port = multiprocessing.Value("i", 0)
    server = multiprocessing.get_context("fork").Process(
        target=_serve_forever, args=(str(root), port), daemon=True
    )
    server.start()
    while not port.value:
        time.sleep(0.01)
    return server, f"http://127.0.0.1:{port.value}/"


def _url(base: str, q: str) -> str:
    from urllib.parse import quote

    return f"{base}?q={quote(q)}"


# where a file's bytes and time go: its path's first part
CLASSES = (
    ("page", ("index.html", ".js")),
    ("meta", ("meta.json", "tokenizer.json", "labels.z")),
    ("facets", ("f/",)),
    ("shards", ("s/",)),
    ("terms", ("t/",)),
    ("prefixes", ("p/",)),
    ("results", ("d/",)),
)


def file_class(path: str) -> str:
    for name, marks in CLASSES:
        if any(path.startswith(m) or (m.startswith(".") and path.endswith(m)) for m in marks):
            return name
    return "other"


class _Meter:
    """Every response of a page, from Chromium's own network events: its file class, bytes
    (``encodedDataLength``) and when it was asked for and finished (ms, CDP's clock)."""

    def __init__(self, context: Any, page: Any, base: str) -> None:
        self.base = base
        self.asked: dict[str, tuple[str, float]] = {}
        self.files: list[dict[str, Any]] = []
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
        cdp.on("Network.requestWillBeSent", self._ask)
        cdp.on("Network.loadingFinished", self._add)

    def _ask(self, event: dict[str, Any]) -> None:
        url = event["request"]["url"].split("?")[0]
        self.asked[event["requestId"]] = (url.removeprefix(self.base), event["timestamp"] * 1000)

    def _add(self, event: dict[str, Any]) -> None:
        path, at = self.asked.get(event["requestId"], ("?", 0.0))
        self.files.append(
            {
                "path": path,
                "class": file_class(path),
                "bytes": int(event.get("encodedDataLength", 0)),
                "asked": at,
                "done": event["timestamp"] * 1000,
            }
        )

    def take(self) -> list[dict[str, Any]]:
        files, self.files = self.files, []
        return files


def _marks(page: Any) -> dict[str, float]:
    """The page's own marks (page.js): ms from the search's or the navigation's start."""
    data = page.evaluate("({...document.body.dataset})")
    keys = ("searchMs", "facetsMs", "resultsAt", "paintedAt", "facetsAt")
    return {k: float(data[k]) for k in keys if k in data}


def _done(page: Any) -> None:
    page.wait_for_function("document.body.dataset.ready && document.body.dataset.paintedAt")


def _rerun(page: Any, q: str) -> tuple[dict[str, float], str]:
    before = page.evaluate("document.body.dataset.ready || ''")
    page.evaluate(
        "q => { history.pushState(null, '', '?q=' + encodeURIComponent(q));"
        " dispatchEvent(new PopStateEvent('popstate')); }",
        q,
    )
    page.wait_for_function("b => (document.body.dataset.ready || '') !== b", arg=before)
    _done(page)
    return _marks(page), page.inner_text("#status")


def queries(page_url: str) -> list[dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    rows: list[dict[str, Any]] = []
    folder = page_url.rsplit("/", 1)[0] + "/"  # the index's files are classed relative to it
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for q in QUERIES:  # cold: a fresh context, nothing cached
            context = browser.new_context()
            page = context.new_page()
            meter = _Meter(context, page, folder)
            page.goto(_url(page_url, q))
            page.wait_for_selector("body[data-ready]", timeout=120_000)
            _done(page)
            time.sleep(0.2)  # let the last network events arrive
            files = meter.take()
            start = min(f["asked"] for f in files)
            for f in files:
                f["asked"], f["done"] = f["asked"] - start, f["done"] - start
            marks = _marks(page)
            row = {
                "query": q,
                "status": page.inner_text("#status"),
                "cold_files": files,
                "cold_bytes": sum(f["bytes"] for f in files),
                "cold_ms": marks["searchMs"],
                "cold_results_ms": marks["paintedAt"],
                "cold_facets_ms": marks["facetsAt"],
            }
            marks, _ = _rerun(page, q)
            row["warm_ms"] = marks["searchMs"]
            time.sleep(0.1)
            row["warm_bytes"] = sum(f["bytes"] for f in meter.take())
            rows.append(row)
            context.close()
        context = browser.new_context()  # primed: one page, the queries one after another
        page = context.new_page()
        meter = _Meter(context, page, folder)
        page.goto(_url(page_url, "zzzz"))
        page.wait_for_selector("body[data-ready]")
        _done(page)
        time.sleep(0.2)
        meter.take()
        for row in rows:
            marks, _ = _rerun(page, row["query"])
            row["primed_ms"], row["primed_facets_ms"] = marks["searchMs"], marks["facetsMs"]
            time.sleep(0.1)
            row["primed_bytes"] = sum(f["bytes"] for f in meter.take())
        context.close()
        browser.close()
    return rows


def by_class(rows: list[dict[str, Any]]) -> list[str]:
    """Per file class, over the cold queries: files, KB and when the class's last file was in
    (ms from the page's request), medians over the queries."""
    lines = [f"{'class':<10} {'files':>6} {'KB':>8} {'KB p95':>8} {'done ms':>8}  (cold, medians)"]
    for name, _ in (*CLASSES, ("other", ())):
        per = [[f for f in r["cold_files"] if f["class"] == name] for r in rows]
        if not any(per):
            continue
        kb = sorted(sum(f["bytes"] for f in fs) / 1024 for fs in per)
        done = [max(f["done"] for f in fs) for fs in per if fs]
        lines.append(
            f"{name:<10} {statistics.median(len(fs) for fs in per):>6.0f}"
            f" {statistics.median(kb):>8.1f} {kb[round(0.95 * (len(kb) - 1))]:>8.1f}"
            f" {statistics.median(done):>8.0f}"
        )
    return lines


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
    ap.add_argument("--json", type=Path, help="write every query's measures (and files) here")
    ap.add_argument(
        "--root",
        type=Path,
        help="serve this folder (a mirror's tree) instead of --out, which is then its search/",
    )
    ap.add_argument(
        "--page",
        default="index.html",
        help="the search page, relative to the served folder (a mirror: search/index.html)",
    )
    args = ap.parse_args()
    if not args.no_build:
        result = build(args.db, args.out, args.workers)
        print(
            f"build: {result['seconds']} s wall, {result['cpu_seconds']} s CPU,"
            f" peak RSS {result['peak_rss_mb']} MB (whole tree)"
        )
    parts = sizes(args.out)
    for name, (files, size) in parts.items():
        print(f"  {name:<16} {files:>9,} files {size:>15,} bytes")
    print(
        f"  {'total':<16} {sum(f for f, _ in parts.values()):>9,} files"
        f" {sum(s for _, s in parts.values()):>15,} bytes"
    )
    server, base = serve(args.root or args.out)
    try:
        rows = queries(base + args.page)
    finally:
        server.terminate()
        server.join()
    print(
        f"{'query':<20} {'cold KB':>8} {'results':>8} {'facets':>8} {'search':>7}"
        f" {'primed KB':>9} {'primed ms':>9} {'warm ms':>8}  result"
    )
    for r in rows:
        print(
            f"{r['query']:<20} {r['cold_bytes'] / 1024:>8.1f} {r['cold_results_ms']:>8.0f}"
            f" {r['cold_facets_ms']:>8.0f} {r['cold_ms']:>7.0f} {r['primed_bytes'] / 1024:>9.1f}"
            f" {r['primed_ms']:>9.0f} {r['warm_ms']:>8.0f}  {r['status']}"
        )
    keys = ("cold_bytes", "cold_results_ms", "cold_facets_ms", "cold_ms", "primed_bytes")
    for key in (*keys, "primed_ms", "primed_facets_ms", "warm_ms"):
        print(f"{key:<16} {_stats([float(r[key]) for r in rows])}")
    print("\n".join(by_class(rows)))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
