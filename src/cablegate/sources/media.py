"""``media.csv``: "Appears in these articles" links, ``refid,url[,href]``."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from cablegate.parse.pagetext import media_url
from cablegate.sources.record import Reject


def looks_like(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].strip().lower()
    return first.startswith(b"refid,url")


def read_media(path: str | Path) -> Iterator[tuple[str, str | None] | Reject]:
    """(refid, url) pairs; the ``href`` column, when present, is the link as the page wrote it.

    A value that is no link (the early site turned every word of a free-text note such as
    "Yedioth Ahronot only goes out in print" into a link) comes back as ``(refid, None)``.
    """
    name = Path(path).name
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        reader = csv.reader(f)
        if next(reader, None) is None:
            return
        for row in reader:
            location = f"{name}:{reader.line_num}"
            if len(row) < 2 or not row[0].strip():
                yield Reject(
                    location, f"expected refid,url[,href], found {len(row)} fields", _raw(row)
                )
                continue
            url = media_url(row[2] if len(row) > 2 else None, row[1])
            yield (row[0].strip(), url)


def _raw(row: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow(row)
    return buf.getvalue()
