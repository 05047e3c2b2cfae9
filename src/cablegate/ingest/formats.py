"""What a source file holds, told from its content, and how it is cut into units of work.

A unit is read and parsed in whichever process runs it: a 4 MB slice of ``cables.csv`` or a batch
of cable pages, so that the parent only streams bytes and the workers do the reading.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cablegate.errors import SourceError
from cablegate.parse.page import TRUNCATED, read_page
from cablegate.sources import cables_csv, media, releases, wikileaks_html
from cablegate.sources.record import Reject, SourceCable

FORMATS = ("csv", "html", "media", "releases")
CABLE_FORMATS = ("csv", "html")
_HTML_BATCH = 64


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str  # csv | html
    payload: Any  # a cables.csv chunk, or a list of (location, page bytes)


def detect_format(path: Path) -> str:
    """Format from content (a directory or an archive holds pages)."""
    if path.is_dir():
        return "html"
    name = path.name.lower()
    if ".tar" in name or name.endswith((".tgz", ".7z")):
        return "html"
    with open(path, "rb") as f:
        head = f.read(4096)
    if cables_csv.looks_like(head):
        return "csv"
    if media.looks_like(head):
        return "media"
    if releases.looks_like(head):
        return "releases"
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype" in lowered or b"<?xml" in lowered:
        return "html"
    if not head.strip():
        raise SourceError(f"{path}: the file is empty")
    raise SourceError(
        f"{path}: cannot tell the format from its content; use --format {'|'.join(FORMATS)}"
    )


def units(path: Path, fmt: str) -> Iterator[Unit]:
    """The units of work of a cable source (``fmt`` is csv or html)."""
    if fmt == "csv":
        for chunk in cables_csv.chunks(path):
            yield Unit("csv", chunk)
        return
    batch: list[tuple[str, bytes]] = []
    for item in wikileaks_html.iter_pages(path):
        batch.append(item)
        if len(batch) >= _HTML_BATCH:
            yield Unit("html", batch)
            batch = []
    if batch:
        yield Unit("html", batch)


def unit_records(unit: Unit) -> Iterator[SourceCable | Reject]:
    """The source records of one unit of work."""
    if unit.kind == "csv":
        yield from cables_csv.read_chunk(unit.payload)
    else:
        for loc, data in unit.payload:
            yield _page_record(loc, data)


def _page_record(location: str, data: bytes) -> SourceCable | Reject:
    text, problems = wikileaks_html.decode_page(data)
    page = read_page(text)
    if not page.refid:
        reason = "; ".join(page.problems) or "not a WikiLeaks cable page"
        return Reject(location, reason, text)
    why = damage(problems, page.problems, page.header + page.body)
    return SourceCable(
        location=location,
        refid=page.refid,
        header=page.header,
        body=page.body,
        created=page.created,
        released=page.released,
        released_precision=page.released_precision,
        classification=page.classification,
        origin=page.origin,
        media=tuple(page.media),
        problems=(*problems, *page.problems),
        kind="html",
        site_count=page.site_count,
        site_newest=page.site_newest,
        captured=page.captured,
        damaged=why,
        raw=text if why else "",
    )


def damage(decoding: list[str], page: tuple[str, ...], text: str) -> str:
    """Why a page's cable ``text`` is not whole, or ``""``: cut off, or holding bytes that could
    not be read as text (decoded with replacement characters)."""
    reasons = [p for p in page if p == TRUNCATED]
    if "\ufffd" in text:
        reasons.extend(p for p in decoding if "(read as utf-8)" in p)
    return "; ".join(reasons)
