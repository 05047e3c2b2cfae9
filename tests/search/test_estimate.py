"""The match-count bound that picks how tags are counted: never below the true count."""

from __future__ import annotations

import pytest

from cablegate.search import SearchIndex
from cablegate.search.estimate import has_positions, matches_at_most
from cablegate.search.syntax import parse


@pytest.mark.parametrize(
    "query",
    [
        "said",
        "said minister",
        "said OR coca",
        '"human rights"',
        "tag:PGOV",
        "subject:zanzibar",
        "country:PE",
        "said -coca",
        "nucl*",
        "created:2007",
        "origin:lima",
        "*",
    ],
)
def test_bound_is_never_below_the_count(index: SearchIndex, query: str) -> None:
    searcher = index._index.searcher()
    bound = matches_at_most(parse(query), {}, searcher.doc_freq, index.count())
    assert index.search(query, facets=False).total <= bound <= index.count()
    filtered = matches_at_most(
        parse(query), {"origin": ["embassy-quito"]}, searcher.doc_freq, index.count()
    )
    assert (
        index.search(query, filters={"origin": ["embassy-quito"]}, facets=False).total <= filtered
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("said", False),
        ("iran AND nuclear", False),
        ('"human rights"', True),
        ("nucl*", True),
        ("al-qaida", True),
        ('-(a OR "b c")', True),
        ("tag:PGOV", False),
        ("created:2007-01..2007-06", False),
    ],
)
def test_has_positions(query: str, expected: bool) -> None:
    assert has_positions(parse(query)) is expected
