"""The current text: the final release's, else the most complete page, whatever the order."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from cablegate.versions.current import FINAL, currency


def _page(**kw: object) -> str:
    base: dict[str, object] = {
        "final": False,
        "damaged": False,
        "redactions": 0,
        "words": 100,
        "text_key": "k",
        "text_hash": "h",
        "seen": "2010-12-01",
        "site_count": 500,
        "meta_hash": "m",
    }
    base.update(kw)
    return currency(**base)  # type: ignore[arg-type]


def test_ranking() -> None:
    ranked = [
        _page(damaged=True, redactions=0, words=9999),  # a damaged page, however complete
        _page(redactions=3, words=5000),  # redacted
        _page(redactions=1, words=90),  # fewer redactions beat more words
        _page(redactions=0, words=50),  # an excerpt
        _page(redactions=0, words=100, text_key="a"),  # whole; between equals, a fixed order
        _page(redactions=0, words=100, text_key="b", seen="2010-12-01"),
        _page(redactions=0, words=100, text_key="b", seen="2010-12-09"),  # same text, later
        FINAL,  # the final release beats every page
    ]
    assert sorted(ranked) == ranked


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 20_000), st.sampled_from("abc"))))
def test_the_winner_does_not_depend_on_the_order(rows: list[tuple[int, int, str]]) -> None:
    keys = [_page(redactions=r, words=w, text_key=k) for r, w, k in rows]
    winners = set()
    for order in itertools.islice(itertools.permutations(keys), 6):
        best = None
        for k in order:  # as the store applies rows: replace when greater
            if best is None or k > best:
                best = k
        winners.add(best)
    assert len(winners) <= 1
