"""The web archive over HTTP: search latency through ``/search.json`` and cable pages per second.

    python benchmarks/bench_web.py --db /tmp/cablegate-bench.db [--workers 2] [--runs 20]
    python benchmarks/bench_web.py --url http://127.0.0.1:8000     # a server already running

Without ``--url`` it starts ``cablegate serve --workers N`` on a free loopback port and stops it
at the end. A missing ``--db`` is built first (the full-scale corpus from
``../shared/bench/make_corpus.py``, then ``cablegate ingest``; ``make bench`` leaves one at the
default path) unless ``--no-build``.

1. Search: the spine issue's 18 queries, each ``--runs`` times one after another over one
   keep-alive connection, as the page asks them (first page of 20 with facets, count, snippets).
   Every run counts, the first (cold) one included. Targets: p50 <= 30 ms, p95 <= 100 ms.
2. Cable pages: ``--requests`` GETs of ``/cable/{refid}`` over ``--concurrency`` keep-alive
   connections (16), refids spread over the archive. Target: >= 1,000 pages/s on 2 cores.
   ``--gzip`` runs them again as a browser asks (``Accept-Encoding: gzip``).
3. Load (issue 11): ``wrk -t2 -c50`` and ``-c200`` for ``--load-seconds`` (30) on a cable page,
   ``/search?q=nuclear`` (with its facets) and ``/tag/PGOV``: pages/s, p50/p99/max, timeouts,
   503s and other non-2xx. Targets on 2 cores: search pages >= 800/s, cable pages >= 2,000/s,
   no timeout, p99 <= 300 ms at 50 connections.

Parts 1-3 run against a server with ``--page-cache-mb 0``, so every answer is made anew (what
the search engine and the templates cost); part 3 runs again against the server's defaults,
where each worker sends an address it has answered again from memory.

The client is a minimal HTTP/1.1 reader on asyncio streams: on a 2-core machine the load
generator shares the cores with the server, and a heavy client would measure itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from queries import QUERIES  # benchmarks/queries.py: the scripts run from this folder

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
_LENGTH = re.compile(rb"(?i)\r\ncontent-length:\s*(\d+)")
_CHUNKED = re.compile(rb"(?i)\r\ntransfer-encoding:\s*chunked")


class Connection:
    """One keep-alive HTTP/1.1 connection: GET a path, read the whole answer."""

    def __init__(self, host: str, port: int, headers: str = "") -> None:
        self.host, self.port = host, port
        self.headers = headers  # extra request header lines, each ending in \r\n
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        request = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n{self.headers}\r\n"
        self.writer.write(request.encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        if m := _LENGTH.search(head):
            body = await self.reader.readexactly(int(m.group(1)))
        elif _CHUNKED.search(head):
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(p[:-2] for p in parts)
        else:
            body = b""
        return status, body

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            await self.writer.wait_closed()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def bench_search(host: str, port: int, runs: int) -> dict[str, Any]:
    conn = Connection(host, port)
    per_query: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for _ in range(runs):
        for q in QUERIES:
            started = time.perf_counter()
            status, body = await conn.get(f"/search.json?q={quote(q)}")
            elapsed = (time.perf_counter() - started) * 1000
            if status != 200:
                raise SystemExit(f"/search.json?q={q} answered {status}: {body[:200]!r}")
            per_query.setdefault(q, []).append(elapsed)
            if q not in totals:
                data = json.loads(body)
                assert data["facets"] and "snippet" in (
                    data["hits"][0] if data["hits"] else {"snippet": ""}
                )
                totals[q] = data["total"]
    await conn.close()
    every = [t for ts in per_query.values() for t in ts]
    return {
        "requests": len(every),
        "p50_ms": round(statistics.median(every), 2),
        "p95_ms": round(pct(every, 95), 2),
        "max_ms": round(max(every), 2),
        "queries": {
            q: {
                "total": totals[q],
                "p50_ms": round(statistics.median(ts), 2),
                "max_ms": round(max(ts), 2),
                "first_ms": round(ts[0], 2),
            }
            for q, ts in per_query.items()
        },
    }


async def sample_refids(host: str, port: int, limit: int) -> list[str]:
    """Cables spread over the archive, found through the browse JSON (no database access)."""
    conn = Connection(host, port)
    status, body = await conn.get("/dates.json")
    months = [v["value"] for v in json.loads(body)["values"] if v["count"] > 0]
    rng = random.Random(7)
    rng.shuffle(months)
    refids: list[str] = []
    for month in months:
        status, body = await conn.get(f"/date/{month}.json?per_page=200")
        refids += [i["refid"] for i in json.loads(body)["items"]]
        if len(refids) >= limit:
            break
    await conn.close()
    rng.shuffle(refids)
    return refids[:limit]


async def bench_pages(
    host: str, port: int, refids: list[str], requests: int, concurrency: int, headers: str = ""
) -> dict[str, Any]:
    paths = [f"/cable/{quote(r, safe='')}" for r in refids]
    counter = iter(range(requests))
    latencies: list[float] = []
    sizes: list[int] = []
    errors = 0

    async def worker() -> None:
        nonlocal errors
        conn = Connection(host, port, headers)
        for i in counter:
            started = time.perf_counter()
            status, body = await conn.get(paths[i % len(paths)])
            latencies.append((time.perf_counter() - started) * 1000)
            sizes.append(len(body))
            if status != 200:
                errors += 1
        await conn.close()

    # warm-up: every worker's templates, caches and connections
    warm = iter(range(min(requests, 200)))
    conns = [Connection(host, port, headers) for _ in range(concurrency)]

    async def warm_worker(c: Connection) -> None:
        for i in warm:
            await c.get(paths[i % len(paths)])
        await c.close()

    await asyncio.gather(*(warm_worker(c) for c in conns))
    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return {
        "requests": requests,
        "concurrency": concurrency,
        "distinct_cables": len(set(paths)),
        "seconds": round(elapsed, 2),
        "pages_per_s": round(requests / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p95_ms": round(pct(latencies, 95), 2),
        "median_kb": round(statistics.median(sizes) / 1024, 1),
        "max_kb": round(max(sizes) / 1024, 1),
        "errors": errors,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db: Path, workers: int, page_cache_mb: int | None = None) -> Iterator[str]:
    """``cablegate serve`` as a child process, stopped by its own pid when done
    (``page_cache_mb``: its ``--page-cache-mb``, else the default)."""
    port = _free_port()
    cmd = [
        sys.executable,
        "-c",
        "from cablegate.cli import main; main()",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
        *(["--page-cache-mb", str(page_cache_mb)] if page_cache_mb is not None else []),
    ]
    proc = subprocess.Popen(cmd)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit("cablegate serve exited") from None
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def build(db: Path) -> None:
    corpus = Path("/tmp/cables-full.csv")
    if not corpus.exists():
        subprocess.run(
            [sys.executable, str(SHARED / "bench" / "make_corpus.py"), "--out", str(corpus)],
            check=True,
        )
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from cablegate.cli import main; main()",
            "ingest",
            str(corpus),
            "--db",
            str(db),
            "--no-progress",
        ],
        check=False,
    )


async def run(url: str, args: argparse.Namespace) -> dict[str, Any]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only")
    result: dict[str, Any] = {"url": url}
    result["search"] = await bench_search(host, port, args.runs)
    refids = await sample_refids(host, port, args.cables)
    result["refid"] = refids[0]
    result["cable_pages"] = await bench_pages(host, port, refids, args.requests, args.concurrency)
    if args.gzip:  # as a browser asks: the same pages compressed
        result["cable_pages_gzip"] = await bench_pages(
            host, port, refids, args.requests, args.concurrency, "Accept-Encoding: gzip\r\n"
        )
    result["cable_pages_wrk"] = bench_pages_wrk(url, refids, args.concurrency)
    return result


def bench_pages_wrk(url: str, refids: list[str], concurrency: int, seconds: int = 15) -> Any:
    """The same pages through ``wrk`` (Debian's C load generator) when it is installed: the
    Python client above takes a good part of the two cores it shares with the server."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    paths = ",".join(json.dumps(f"/cable/{quote(r, safe='')}") for r in refids)
    script = (
        f"local paths = {{{paths}}}\nlocal n = 0\n"
        "request = function()\n  n = n + 1\n"
        "  return wrk.format('GET', paths[(n % #paths) + 1])\nend\n"
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as f:
        f.write(script)
        f.flush()
        out = subprocess.run(
            [wrk, "-t1", f"-c{concurrency}", f"-d{seconds}s", "-s", f.name, url],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=False,
        ).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "pages_per_s": float(m.group(1)) if m else None,
        "seconds": seconds,
        "concurrency": concurrency,
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


# wrk counts 503s with every other non-2xx: a Lua tally tells the deliberate ones apart
_TALLY = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) refused = 0; other = 0 end
function response(status, headers, body)
  if status == 503 then refused = refused + 1 elseif status >= 300 then other = other + 1 end
end
function done(summary, latency, requests)
  local a, b = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("refused"); b = b + t:get("other") end
  io.write(string.format("TALLY %d %d\\n", a, b))
end
"""


def load_pages(refid: str) -> dict[str, str]:
    """The three pages issue 11 loads: a cable, a search with facets, a tag page."""
    return {
        "cable": f"/cable/{quote(refid, safe='')}",
        "search": "/search?q=nuclear",
        "tag": "/tag/PGOV",
    }


def bench_load(url: str, pages: dict[str, str], seconds: int, conns: tuple[int, ...]) -> Any:
    """``wrk -t2 -cN -dS --timeout 2s --latency`` on each page at each connection count:
    pages/s, p50/p99/max, timeouts, 503s (deliberate) and other non-2xx answers."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    out: dict[str, Any] = {}
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as f:
        f.write(_TALLY)
        f.flush()
        for name, path in pages.items():
            for c in conns:
                text = subprocess.run(
                    [wrk, "-t2", f"-c{c}", f"-d{seconds}s", "--timeout", "2s", "--latency",
                     "-s", f.name, url + path],
                    capture_output=True, text=True, timeout=seconds + 60, check=False,
                ).stdout  # fmt: skip
                out[f"{name} c{c}"] = {"path": path, **_wrk_numbers(text)}
    return out


def _ms(value: str, unit: str) -> float:
    return round(float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 2)


def _wrk_numbers(text: str) -> dict[str, Any]:
    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    done = re.search(r"(\d+) requests in ([\d.]+)(s|m)", text)
    lat = re.search(r"Latency\s+([\d.]+)(us|ms|s)\s+[\d.]+\w+\s+([\d.]+)(us|ms|s)", text)
    p50 = re.search(r"\s50%\s+([\d.]+)(us|ms|s)", text)
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)", text)
    timeouts = re.search(r"timeout (\d+)", text)
    tally = re.search(r"TALLY (\d+) (\d+)", text)
    ok_per_s = None
    if done and tally:
        seconds = float(done.group(2)) * (60 if done.group(3) == "m" else 1)
        ok = int(done.group(1)) - int(tally.group(1)) - int(tally.group(2))
        ok_per_s = round(ok / seconds, 1)
    return {
        "answers_per_s": float(rate.group(1)) if rate else None,  # the 503s included
        "pages_per_s": ok_per_s,  # 2xx only
        "p50_ms": _ms(*p50.groups()) if p50 else None,
        "p99_ms": _ms(*p99.groups()) if p99 else None,
        "max_ms": _ms(lat.group(3), lat.group(4)) if lat else None,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
        "answered_503": int(tally.group(1)) if tally else None,
        "other_non_2xx": int(tally.group(2)) if tally else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--db", type=Path, default=Path(os.environ.get("CABLEGATE_DB", "/tmp/cablegate-bench.db"))
    )
    parser.add_argument("--url", help="benchmark a server already running (loopback)")
    parser.add_argument(
        "--no-build", action="store_true", help="fail instead of building a missing --db"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--cables", type=int, default=5_000, help="distinct cables to request")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--gzip", action="store_true", help="also ask for the pages with Accept-Encoding: gzip"
    )
    parser.add_argument(
        "--load-seconds",
        type=int,
        default=30,
        help="wrk -c50 and -c200 this long on a cable, a search and a tag page (0: skip)",
    )
    args = parser.parse_args()

    conns = (50, 200)
    if args.url:
        result = asyncio.run(run(args.url, args))
        if args.load_seconds:
            pages = load_pages(result["refid"])
            result["load"] = bench_load(args.url, pages, args.load_seconds, conns)
    else:
        if not args.db.exists():
            if args.no_build:
                raise SystemExit(f"no archive at {args.db} (run make bench, or drop --no-build)")
            print(f"building the full-scale archive {args.db} ...", file=sys.stderr)
            build(args.db)
        # every answer made anew (no page cache): what the engine and the templates cost, as
        # measured before the cache, and what a reader of an address nobody asked for lately gets
        with serve(args.db, args.workers, page_cache_mb=0) as url:
            result = asyncio.run(run(url, args))
            pages = load_pages(result["refid"])
            if args.load_seconds:
                result["load_made_anew"] = bench_load(url, pages, args.load_seconds, conns)
        if args.load_seconds:  # the server as it runs by default: the same address again
            with serve(args.db, args.workers) as url:
                result["load_page_cache"] = bench_load(url, pages, args.load_seconds, conns)
        result["workers"] = args.workers
        result["db"] = str(args.db)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    s, c = result["search"], result["cable_pages"]
    print(
        f"search /search.json: {s['requests']} requests, p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms, "
        f"max {s['max_ms']} ms (targets: p50 <= 30, p95 <= 100)"
    )
    for q, v in s["queries"].items():
        print(
            f"  {q:<20} {v['total']:>8,} hits  p50 {v['p50_ms']:>7} ms  first {v['first_ms']:>7} ms"
        )
    print(
        f"cable pages: {c['pages_per_s']:,} pages/s at {c['concurrency']} connections "
        f"({c['requests']:,} requests, {c['distinct_cables']:,} cables, p50 {c['p50_ms']} ms, "
        f"p95 {c['p95_ms']} ms, median page {c['median_kb']} KB, errors {c['errors']}) "
        f"(target >= 1,000/s)"
    )
    w = result.get("cable_pages_wrk")
    if not w:
        print("cable pages with wrk: not measured (wrk is not installed)")
    else:
        print(
            f"cable pages (wrk -t1 -c{w['concurrency']}, {w['seconds']} s, same cables): "
            f"{w['pages_per_s']:,} pages/s, non-2xx {w['non_2xx']}"
        )
    for part in ("load", "load_made_anew", "load_page_cache"):
        for name, v in (result.get(part) or {}).items():
            print(
                f"{part} {name:<12} {v['path']:<28} {v['pages_per_s']:>9} pages/s  p50"
                f" {v['p50_ms']} ms  p99 {v['p99_ms']} ms  max {v['max_ms']} ms  timeouts"
                f" {v['timeouts']}  503 {v['answered_503']}  other non-2xx {v['other_non_2xx']}"
            )


if __name__ == "__main__":
    main()
