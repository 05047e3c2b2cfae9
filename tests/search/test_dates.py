"""Date values of created:/released: -> minute spans, and their faults."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cablegate.errors import QueryError
from cablegate.search.dates import Span, parse_span


def m(y: int, mo: int = 1, d: int = 1) -> int:
    return int(datetime(y, mo, d, tzinfo=UTC).timestamp()) // 60


SPANS = [
    ("2007", Span(m(2007), m(2008))),
    ("2007-02", Span(m(2007, 2), m(2007, 3))),
    ("2007-12", Span(m(2007, 12), m(2008))),
    ("2007-2-5", Span(m(2007, 2, 5), m(2007, 2, 6))),
    ("2011-08-30", Span(m(2011, 8, 30), m(2011, 8, 31))),
    ("2007-01..2007-06", Span(m(2007), m(2007, 7))),
    ("2007..2008", Span(m(2007), m(2009))),
    ("..2005", Span(None, m(2006))),
    ("2009-03-01..", Span(m(2009, 3), None)),
    ("1966", Span(m(1966), m(1967))),
]


@pytest.mark.parametrize(("text", "span"), SPANS, ids=[t for t, _ in SPANS])
def test_spans(text: str, span: Span) -> None:
    assert parse_span(text, 0, text) == span


FAULTS = [
    ("2007-13", 0, "no such month"),
    ("2007-02-30", 0, "no such month or day"),
    ("07", 0, "bad date"),
    ("yesterday", 0, "bad date"),
    ("2007-01..2007-1x", 9, "bad date"),
    ("2008..2007", 0, "ends before it starts"),
    ("..", 0, "needs a start or an end"),
    ("2007..2008..2009", 6, "bad date"),
]


@pytest.mark.parametrize(("text", "position", "message"), FAULTS, ids=[t for t, *_ in FAULTS])
def test_faults(text: str, position: int, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_span(text, 0, text)
    assert caught.value.position == position
    assert message in caught.value.message


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2007", 2007),
        ("2007-03", 2007),
        ("2007-01..2007-12", 2007),
        ("2007..2008", None),
        ("..2007", None),
    ],
)
def test_single_year(text: str, year: int | None) -> None:
    assert parse_span(text, 0, text).single_year() == year
