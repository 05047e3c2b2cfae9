"""The release's ``cables.csv``: backslash-escaped, every field quoted, LF inside fields.

The file is cut into byte ranges at record starts so that worker processes can read and parse
ranges themselves: the 1.7 GB original is never held in memory and never piped between
processes.
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cablegate.sources.record import Reject, SourceCable

csv.field_size_limit(sys.maxsize)

FIELDS = ("id", "date", "refid", "origin", "classification", "references", "header", "body")
# A record starts at a line beginning `"<digits>","`; a body line of that shape has not been seen
# in the release, and a wrong cut only merges two records, which are then reported, not lost.
_RECORD_START = re.compile(rb'\n"(?=\d+",")')  # a literal prefix: the scan runs at memchr speed
_ESCAPE = re.compile(r"\\(.)", re.S)
_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}) (\d{1,2}):(\d{2})$")
_CHUNK = 4 << 20


@dataclass(frozen=True, slots=True)
class Chunk:
    """A byte range of whole records and the 1-based line number it starts on."""

    path: str
    start: int
    end: int
    line: int


def looks_like(head: bytes) -> bool:
    """Content sniffing for ``--format`` auto: the first record's opening."""
    return re.match(rb'\s*"\d+","\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}","', head) is not None


def _last_record_start(data: bytes, low: int) -> int | None:
    """Offset of the last record start at or after ``low`` (searched backwards from the end)."""
    i = len(data)
    while (i := data.rfind(b'\n"', low, i)) >= 0:
        if _RECORD_START.match(data, i):
            return i + 1
    return None


def chunks(path: str | Path, size: int = _CHUNK) -> Iterator[Chunk]:
    """Byte ranges of whole records, about ``size`` bytes each, read once sequentially."""
    path = str(path)
    with open(path, "rb") as f:
        offset = 0
        line = 1
        carry = b""
        while True:
            block = f.read(size)
            data = carry + block
            if not block:
                if data:
                    yield Chunk(path, offset, offset + len(data), line)
                return
            cut = _last_record_start(data, max(0, len(data) - size // 2))
            if cut is None:
                carry = data
                continue
            yield Chunk(path, offset, offset + cut, line)
            line += data.count(b"\n", 0, cut)
            offset += cut
            carry = data[cut:]


def created_iso(date: str) -> str | None:
    """``2/20/2007 22:45`` -> ``2007-02-20T22:45``."""
    m = _DATE.match(date.strip())
    if not m:
        return None
    mo, d, y, h, mi = m.groups()
    return f"{y}-{int(mo):02d}-{int(d):02d}T{int(h):02d}:{mi}"


def _split_records(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(line offset within data, record bytes) for each record in a chunk."""
    starts = [0, *(m.start() + 1 for m in _RECORD_START.finditer(data))]
    line = 0
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(data)
        rec = data[s:e]
        yield line, rec
        line += rec.count(b"\n")


def read_chunk(chunk: Chunk, name: str | None = None) -> Iterator[SourceCable | Reject]:
    with open(chunk.path, "rb") as f:
        f.seek(chunk.start)
        data = f.read(chunk.end - chunk.start)
    yield from read_bytes(data, name or Path(chunk.path).name, chunk.line)


def read_bytes(data: bytes, name: str, first_line: int = 1) -> Iterator[SourceCable | Reject]:
    """Every record in ``data``; a record that cannot be read becomes a :class:`Reject`."""
    for offset, raw in _split_records(data):
        if not raw.strip():
            continue
        yield read_record(raw, f"{name}:{first_line + offset}")


def read_record(raw: bytes, location: str) -> SourceCable | Reject:
    problems: list[str] = []
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = raw.decode("utf-8", errors="replace")
        problems.append(f"undecodable bytes at byte {exc.start} of the record, replaced by U+FFFD")
    if text.endswith("\n"):
        text = text[:-1]
    fields = _fast_fields(text)
    if fields is not None:
        return _cable(fields, location, problems)
    try:
        rows = list(csv.reader([text], escapechar="\\", doublequote=False, strict=True))
    except csv.Error as exc:
        if "end of data" in str(exc):
            return Reject(location, "the record is cut off: the file ends inside a field", text)
        return Reject(location, f"unreadable csv record: {exc}", text)
    if len(rows) != 1 or len(rows[0]) != len(FIELDS):
        found = len(rows[0]) if rows else 0
        why = f"expected {len(FIELDS)} fields, found {found}"
        if not text.endswith('"'):
            why += " (the record is cut off: no closing quote)"
        return Reject(location, why, text)
    return _cable(rows[0], location, problems, text)


def _unescape(field: str) -> str:
    if "\\" not in field:
        return field
    pieces = field.split("\\")
    if "" not in pieces[1:]:  # no escaped or trailing backslash: drop each one (8x the regex)
        return "".join(pieces)
    return _ESCAPE.sub(r"\1", field)


def _fast_fields(text: str) -> list[str] | None:
    """Split a well-formed record with str.split (several times faster than the csv module);
    None sends anything unusual to the csv module, which then names the fault."""
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        return None
    parts = text[1:-1].split('","')
    if len(parts) != len(FIELDS):
        merged: list[str] = []
        for part in parts:  # a `","` preceded by an odd run of backslashes is escaped text
            if merged and (len(merged[-1]) - len(merged[-1].rstrip("\\"))) % 2 == 1:
                merged[-1] += '","' + part
            else:
                merged.append(part)
        parts = merged
    if len(parts) != len(FIELDS) or any('"' in p and '"' in p.replace('\\"', "") for p in parts):
        return None
    return [_unescape(p) for p in parts]


def _cable(
    fields: list[str], location: str, problems: list[str], text: str = ""
) -> SourceCable | Reject:
    rid, date, refid, origin, classification, refs, header, body = fields
    created = created_iso(date)
    if created is None:
        problems.append(f"date: cannot read {date!r}")
    if not refid.strip():
        return Reject(location, "record has no refid", text or ",".join(fields))
    return SourceCable(
        location=location,
        refid=refid.strip(),
        header=header,
        body=body,
        release_id=int(rid) if rid.isdigit() else None,
        created=created,
        classification=classification.strip() or None,
        origin=origin.strip() or None,
        csv_references=tuple(r for r in refs.split("|") if r),
        problems=tuple(problems),
        kind="csv",
    )
