"""Slices of a ``cables.csv``: whole records cut at their starts, for ingests of a part."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SAMPLE

_RECORD_START = re.compile(rb'\n"(?=\d+",")')  # as sources.cables_csv cuts the file


def records(path: Path = SAMPLE / "cables.csv") -> list[bytes]:
    """Each record of the file, its bytes as they are there."""
    data = path.read_bytes()
    starts = [0, *(m.start() + 1 for m in _RECORD_START.finditer(data))]
    return [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]


def write_slice(parts: list[bytes], to: Path) -> Path:
    """A cables.csv of these records (each ends in a newline)."""
    to.write_bytes(b"".join(p if p.endswith(b"\n") else p + b"\n" for p in parts))
    return to
