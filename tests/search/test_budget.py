"""The breadth check and the facet cut of ``search.budget`` (the time budget over a real
archive is tested with the web's: tests/web/test_search_budget.py)."""

from __future__ import annotations

import time
from concurrent.futures import Future
from pathlib import Path

import pytest

from cablegate.errors import QueryTooBroad
from cablegate.search import SearchIndex, syntax
from cablegate.search.budget import Budget, cheap_to_rerun, check_breadth, prefixes, words
from cablegate.search.index import _count, _Run

# words of each (field, prefix) in a pretend term dictionary
DICTIONARY = {("text", "sen"): 40, ("subject", "sen"): 3, ("text", "co"): 2285,
              ("subject", "co"): 342, ("tag", "P"): 120, ("origin_slug", "embassy-l"): 4}  # fmt: skip


def expansions(field: str, prefix: str, limit: int) -> int:
    return min(DICTIONARY.get((field, prefix), 0), limit)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sendero", 1),
        ("sendero lima", 2),
        ("sendero OR lima OR coca", 3),
        ("-sendero lima", 2),
        ("sen*", 43),
        ("co*", 2627),
        ("sen* OR co*", 2670),
        ("tag:P*", 120),
        ("origin:embassy-l*", 4),
        ("created:2007..2008", 1),
    ],
)
def test_words(query: str, expected: int) -> None:
    assert words(syntax.parse(query), expansions, 10_000) == expected


def test_counting_stops_past_the_limit() -> None:
    asked: list[int] = []

    def spy(field: str, prefix: str, limit: int) -> int:
        asked.append(limit)
        return expansions(field, prefix, limit)

    assert words(syntax.parse("co* OR co* OR co* OR co*"), spy, 3000) > 3000
    assert len(asked) == 4, "the last two prefixes were never looked up"


@pytest.mark.parametrize(
    ("query", "budget", "refused"),
    [
        ("co*", Budget(max_words=4000), False),
        ("co* OR sen*", Budget(max_words=2650), True),
        ("sen* " * 3, Budget(max_prefixes=3), False),
        ("sen* " * 4, Budget(max_prefixes=3), True),
    ],
)
def test_check_breadth(query: str, budget: Budget, refused: bool) -> None:
    node = syntax.parse(query)
    if not refused:
        check_breadth(node, query, expansions, budget)
        return
    with pytest.raises(QueryTooBroad) as caught:
        check_breadth(node, query, expansions, budget)
    assert caught.value.query == query
    assert "more letters before a *" in str(caught.value)


@pytest.mark.parametrize(
    ("query", "cheap"),
    [("sendero", True), ("iran AND nuclear", True), ("sen*", False), (" OR ".join(["w"] * 17), False)],
)  # fmt: skip
def test_cheap_to_rerun(query: str, cheap: bool) -> None:
    assert cheap_to_rerun(syntax.parse(query)) is cheap


def test_prefixes() -> None:
    assert prefixes(syntax.parse("sen* lima -co* (tag:P* OR x)")) == 3


class _Top:
    count = 1234
    hits: list[object] = []


def test_facets_that_miss_their_budget_are_cut_and_the_total_stays() -> None:
    never: Future[dict[str, object]] = Future()  # an aggregation still running
    counted = _count(_Run(_Top(), never), 10, None, wait=0.01)
    assert counted.cut and counted.total == 1234 and counted.facets == {}


def test_a_ranking_past_its_budget_is_too_broad_and_leaves_the_pool(tmp_path: Path) -> None:
    index = SearchIndex.open(tmp_path / "index")
    pool = index._pool
    never: Future[object] = Future()  # a ranking that does not end in time
    started = time.perf_counter()
    with pytest.raises(QueryTooBroad, match="rank within 50 ms") as caught:
        index._within(never, started, Budget(search_ms=50), "said OR did")
    assert 0.04 < time.perf_counter() - started < 1.0
    assert caught.value.query == "said OR did"
    assert index._pool is not pool, "the next search does not queue behind it"
    index.close()
