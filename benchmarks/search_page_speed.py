"""Search pages (HTML, with facets) through the whole ASGI app in-process: no sockets, no client.

    python benchmarks/search_page_speed.py DB [--pages 180]    CPU ms a page (process time)

Instructions a page, comparable while the machine is busy (callgrind counts instructions, not
time): run it under callgrind with no pages and with N, and divide the difference by N:

    valgrind --tool=callgrind --callgrind-out-file=/dev/null python \
        benchmarks/search_page_speed.py DB --pages 0    (then --pages 90)

The pages are the 18 benchmark queries (``queries.py``) in turn, each warmed once first. A
missing DB is ingested from ``../shared/corpus`` (cables, media, releases).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from queries import QUERIES  # benchmarks/queries.py: the scripts run from this folder

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


async def get(app: Any, path: str) -> tuple[int, int]:
    """One GET through the app as uvicorn would call it: the status and the body's size."""
    where, _, query = path.partition("?")
    scope = {
        "type": "http",
        "method": "GET",
        "path": where,
        "raw_path": where.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"localhost")],
        "scheme": "http",
        "server": ("localhost", 80),
        "client": ("127.0.0.1", 1),
        "root_path": "",
        "http_version": "1.1",
        "app": app,
    }
    out: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        out.append(message)

    await app(scope, receive, send)
    return out[0]["status"], sum(len(m.get("body", b"")) for m in out[1:])


async def run(db: Path, pages: int) -> None:
    from cablegate.web.app import create_app

    # No budget or queue bound cuts a page short: under callgrind a page runs ~50 times slower
    # than the defaults assume (the variables are ignored by versions without them).
    for name in ("SEARCH_MS", "FACET_MS", "QUEUE_MS", "QUERY_MS"):
        os.environ.setdefault(f"CABLEGATE_{name}", "3600000")

    app = create_app(db)
    async with app.router.lifespan_context(app):
        paths = [f"/search?q={quote(q)}" for q in QUERIES]
        for path in paths:
            await get(app, path)
        started = time.process_time()
        sizes = []
        for i in range(pages):
            status, size = await get(app, paths[i % len(paths)])
            assert status == 200, (paths[i % len(paths)], status)
            sizes.append(size)
        took = time.process_time() - started
    if pages:
        print(
            f"{pages} search pages: {took / pages * 1000:.3f} ms CPU a page, "
            f"{sum(sizes) / pages / 1024:.1f} KB a page"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--pages", type=int, default=180)
    args = parser.parse_args()
    if not args.db.exists():
        sources = [str(CORPUS / n) for n in ("cables.csv", "media.csv", "releases.csv")]
        cmd = [sys.executable, "-m", "cablegate.cli", "ingest", *sources, "--db", str(args.db)]
        subprocess.run(cmd, check=True, capture_output=True)
    asyncio.run(run(args.db, args.pages))


if __name__ == "__main__":
    main()
