"""Did a change alter any page? Render every cable page (HTML and JSON) before and after, compare.

    python benchmarks/render_pages.py write OUT [--shared ../shared]
    python benchmarks/render_pages.py compare BEFORE AFTER

``write`` ingests the bundled sample and ``../shared/corpus`` (with media and releases) into two
fresh archives, then fetches ``/cable/{refid}`` and ``/cable/{refid}.json`` of every cable
through the app in-process and keeps each page under OUT. ``compare`` lists the pages that differ
with the first differing line of each, grouped by what changed. It goes through HTTP only, so
the same script measures any two commits.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sqlite3
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from starlette.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "cablegate" / "sample"
# the digest of the static files sits in every page's links: it is not the page's meaning
_STATIC = re.compile(rb"\?v=[0-9a-f]{10}")


def _ingest(db: Path, sources: list[Path]) -> None:
    cmd = [sys.executable, "-m", "cablegate.cli", "ingest", *map(str, sources), "--db", str(db)]
    subprocess.run(cmd, check=False, capture_output=True)


def _render(db: Path, out: Path) -> int:
    from cablegate.web.app import create_app

    refids = [r for (r,) in sqlite3.connect(db).execute("SELECT refid FROM cables ORDER BY refid")]
    out.mkdir(parents=True, exist_ok=True)
    with TestClient(create_app(db)) as client:
        for refid in refids:
            for suffix in ("", ".json"):
                r = client.get(f"/cable/{refid}{suffix}", follow_redirects=False)
                body = _STATIC.sub(b"?v=STATIC", r.content)
                (out / f"{refid}{suffix or '.html'}").write_bytes(
                    f"{r.status_code}\n".encode() + body
                )
    return len(refids)


def write(out: Path, shared: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sets = {
            "sample": [SAMPLE / "cables.csv", SAMPLE / "media.csv", SAMPLE / "releases.csv"],
            "corpus": [shared / "corpus" / n for n in ("cables.csv", "media.csv", "releases.csv")],
        }
        for name, sources in sets.items():
            db = Path(tmp) / f"{name}.db"
            _ingest(db, sources)
            print(f"{name}: {_render(db, out / name)} cables rendered")


def _first_change(a: bytes, b: bytes) -> str:
    left = a.decode("utf-8", "replace").splitlines()
    right = b.decode("utf-8", "replace").splitlines()
    for line in difflib.unified_diff(left, right, lineterm="", n=0):
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++")):
            return line[:300]
    return "(whitespace only)"


def compare(before: Path, after: Path) -> int:
    differ: list[tuple[str, str]] = []
    missing = 0
    for page in sorted(before.rglob("*")):
        if page.is_dir():
            continue
        other = after / page.relative_to(before)
        if not other.exists():
            missing += 1
            continue
        a, b = page.read_bytes(), other.read_bytes()
        if a != b:
            differ.append((str(page.relative_to(before)), _first_change(a, b)))
    kinds = Counter(path.rsplit(".", 1)[-1] for path, _ in differ)
    print(f"{len(differ)} pages differ ({dict(kinds)}), {missing} missing after")
    for path, change in differ[:200]:
        print(f"{path}: {change}")
    return 1 if differ or missing else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    w = sub.add_parser("write")
    w.add_argument("out", type=Path)
    w.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args()
    if args.cmd == "write":
        write(args.out, args.shared)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
