"""``releases.csv``: when the archive published each cable, ``refid,released[,precision]``."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from cablegate.sources.media import _raw
from cablegate.sources.record import Reject, ReleaseEvent

_WHEN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?")


def looks_like(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].strip().lower()
    return first.startswith(b"refid,released")


def read_releases(path: str | Path) -> Iterator[ReleaseEvent | Reject]:
    name = Path(path).name
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.reader(f)
        if next(reader, None) is None:
            return
        for row in reader:
            location = f"{name}:{reader.line_num}"
            m = _WHEN.match(row[1].strip()) if len(row) >= 2 else None
            if len(row) < 2 or not row[0].strip() or m is None:
                yield Reject(location, "expected refid,released[,precision] with a date", _raw(row))
                continue
            y, mo, d, h, mi = m.groups()
            precision = row[2].strip() if len(row) > 2 and row[2].strip() else "minute"
            when = f"{y}-{mo}-{d}T{h or '00'}:{mi or '00'}"
            yield ReleaseEvent(row[0].strip(), when, precision if h else "day")
