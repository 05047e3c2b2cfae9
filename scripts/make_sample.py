"""Write the bundled sample (src/cablegate/sample/) from ../shared/corpus.

The sample holds the seed cable 07LIMA487, every Embassy Lima cable of the corpus (so the seed
has neighbours), cables cited by and citing each other (so REF links and "cited by" work), cables
with press articles, and a spread over the years, origins and classifications; with their
media and release rows. Deterministic: the same corpus gives the same sample.

    python scripts/make_sample.py [--corpus ../shared/corpus] [--size 400]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "cablegate" / "sample"
csv.field_size_limit(sys.maxsize)
DIALECT = {"escapechar": "\\", "doublequote": False}
_REF_LINE = re.compile(r"\nREF[A-Z()]*:(.{0,400})", re.S)
_REF_ITEM = re.compile(r"\b([A-Z]{3,})\s+0*(\d{2,7})\b")


def _table(path: Path) -> list[list[str]]:
    """Rows of a small csv file with a header line, without the header."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))[1:]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--size", type=int, default=400)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    with open(corpus / "cables.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, **DIALECT))
    with open(corpus / "seed-07LIMA487.csv", newline="", encoding="utf-8") as f:
        seed = list(csv.reader(f, **DIALECT))
    by_id = {r[2]: r for r in rows}
    media = _table(corpus / "media.csv") + _table(corpus / "seed-07LIMA487-media.csv")
    releases = _table(corpus / "releases.csv") + _table(corpus / "seed-07LIMA487-releases.csv")
    with_media = {m[0] for m in media}

    chosen: dict[str, list[str]] = {}

    def take(r: list[str]) -> None:
        if len(chosen) < args.size:
            chosen.setdefault(r[2], r)

    for r in seed:
        take(r)
    for r in rows:
        if r[3] == "Embassy Lima":
            take(r)
    pairs = []
    for r in rows:
        m = _REF_LINE.search(r[7])
        for station, serial in _REF_ITEM.findall(m.group(1)) if m else ():
            cited = r[2][:2] + station + serial
            if cited in by_id and cited != r[2]:
                pairs.append((r, by_id[cited]))
    for citing, cited in pairs[:60]:
        take(citing)
        take(cited)
    for r in rows:
        if r[2] in with_media and len(chosen) < args.size * 3 // 4:
            take(r)
    step = max(1, len(rows) // args.size)
    for r in rows[::step]:
        take(r)

    OUT.mkdir(parents=True, exist_ok=True)
    picked = sorted(chosen.values(), key=lambda r: int(r[0]))
    with open(OUT / "cables.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n", **DIALECT)
        w.writerows(picked)
    ids = {r[2] for r in picked}
    with open(OUT / "media.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["refid", "url", "href"])
        w.writerows(m for m in media if m[0] in ids)
    with open(OUT / "releases.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["refid", "released", "precision"])
        w.writerows(r for r in releases if r[0] in ids)
    print(f"{len(picked)} cables, {len(pairs)} citing pairs seen -> {OUT}")


if __name__ == "__main__":
    main()
