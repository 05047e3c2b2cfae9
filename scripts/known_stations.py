"""Regenerate src/cablegate/data/stations_known.txt, the station table ``refid.known_stations``
reads: the station of every id of the release (a malformed id counts as its correct one) plus
every code of posts.csv. Run by hand when one of those tables changes; tests/test_refid.py
checks that the committed file is what this writes.

    python scripts/known_stations.py
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from cablegate import data
from cablegate.refid import malformed_ids, split_refid

OUT = Path(data.__file__).parent / "stations_known.txt"  # a checkout: this writes the package
HEADER = """\
# Stations of the Cablegate release: one canonical station code a line, sorted.
# Generated, do not edit by hand: the station of every id in cablemap/cable2month.csv.gz (the
# 251,287 release ids; a malformed id of malformed_ids.csv counts as its correct id) plus every
# code of posts.csv. Regenerate with
#   python scripts/known_stations.py
# tests/test_refid.py checks that this file matches that output.
"""


def release_ids() -> Iterator[str]:
    """All 251,287 ids of the release, in release order (reads the 830 KB gzip: seconds, not ms)."""
    for line in data.text("cablemap/cable2month.csv.gz").splitlines():
        rid = line.split(",", 1)[0].strip()
        if rid:
            yield rid


def post_codes() -> list[str]:
    """Station codes of posts.csv."""
    return [row["code"] for row in data.records("posts.csv")]


def build_known_stations(release_ids: Iterable[str], post_codes: Iterable[str]) -> list[str]:
    """The station of every release id (malformed ones read as their correct id) and every post."""
    stations = set(post_codes)
    table = malformed_ids()
    for rid in release_ids:
        correct, _kind = table.get(rid, (rid, ""))
        parts = split_refid(correct)
        if parts:
            _year, station, _serial = parts
            stations.add(station)
    return sorted(stations)


def main() -> None:
    stations = build_known_stations(release_ids(), post_codes())
    OUT.write_text(HEADER + "".join(f"{s}\n" for s in stations), encoding="utf-8")
    print(f"{len(stations)} stations written to {OUT}")


if __name__ == "__main__":
    main()
