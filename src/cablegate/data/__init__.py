"""The data files beside this module, each read once per process.

Read through ``importlib.resources``, so they load from an installed wheel as from a checkout.
Three shapes: plain lines (word lists, ``key,value`` maps: blank lines and ``#`` comment lines
dropped), CSV tables with a header row (``records``), and headerless CSV rows (``rows``: comment
lines and, where asked, the header dropped). A ``.gz`` file is read decompressed.
"""

from __future__ import annotations

import csv
import gzip
from functools import cache
from importlib import resources


def text(name: str) -> str:
    """The whole file as text (not cached: the big gzipped list is read once where it is used)."""
    raw = resources.files(__name__).joinpath(name).read_bytes()
    return (gzip.decompress(raw) if name.endswith(".gz") else raw).decode("utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """Stripped lines, without blank and ``#`` comment lines."""
    return tuple(s for line in text(name).splitlines() if (s := line.strip()) and s[0] != "#")


@cache
def records(name: str) -> tuple[dict[str, str], ...]:
    """A CSV table with a header row, as one dict a row."""
    return tuple(csv.DictReader(text(name).splitlines()))


@cache
def rows(name: str, *, header: bool = True) -> tuple[tuple[str, ...], ...]:
    """A CSV file's rows, without comment lines and (when it has one) the header row."""
    found = (line for line in text(name).splitlines() if line.strip() and line[0] != "#")
    table = tuple(tuple(row) for row in csv.reader(found))
    return table[1:] if header else table
