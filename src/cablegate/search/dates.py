"""Date values of ``created:`` and ``released:``: a year, month or day, or a range of them.

A value names a whole period: ``2007`` is every minute of 2007, so ``created:2007..2008`` ends on
the last minute of 2008. Bounds are minutes since 1970-01-01 UTC, the unit of the index.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from cablegate.errors import QueryError

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B, ..B or A.."


@dataclass(frozen=True, slots=True)
class Span:
    """Minutes ``[start, end)``; ``None`` is open-ended."""

    start: int | None
    end: int | None

    def single_year(self) -> int | None:
        """The calendar year the span lies in, if it lies in one."""
        if self.start is None or self.end is None:
            return None
        first = _to_datetime(self.start).year
        return first if _to_datetime(self.end - 1).year == first else None


def _minute(y: int, m: int = 1, d: int = 1) -> int:
    return int(datetime(y, m, d, tzinfo=UTC).timestamp()) // 60


def _to_datetime(minute: int) -> datetime:
    return datetime.fromtimestamp(minute * 60, tz=UTC)


def _period(text: str, pos: int, query: str) -> Span:
    """``2007`` / ``2007-03`` / ``2007-03-05`` -> its first minute and the first minute after it
    (both bounds set)."""
    m = _DATE.fullmatch(text)
    if not m:
        raise QueryError(f'bad date "{text}": {_FORMS}', pos, query)
    y = int(m.group(1))
    mo = int(m.group(2)) if m.group(2) else None
    d = int(m.group(3)) if m.group(3) else None
    try:
        if mo is None:
            return Span(_minute(y), _minute(y + 1))
        if d is None:
            nxt = (y + 1, 1) if mo == 12 else (y, mo + 1)
            return Span(_minute(y, mo), _minute(*nxt))
        start = _minute(y, mo, d)
    except (ValueError, OverflowError):
        raise QueryError(
            f'bad date "{text}": no such month or day ({_FORMS})', pos, query
        ) from None
    return Span(start, start + 24 * 60)


def parse_span(text: str, pos: int, query: str) -> Span:
    """Read a date value starting at ``pos`` of ``query``; a fault is a :class:`QueryError`."""
    text = text.strip()
    if ".." not in text:
        return _period(text, pos, query)
    left, _, right = text.partition("..")
    if not left and not right:
        raise QueryError(f"a date range needs a start or an end: {_FORMS}", pos, query)
    start = _period(left, pos, query).start if left else None
    end = _period(right, pos + len(left) + 2, query).end if right else None
    if start is not None and end is not None and start >= end:
        raise QueryError(
            f'bad date range "{text}": it ends before it starts (write the earlier date first)',
            pos,
            query,
        )
    return Span(start, end)
