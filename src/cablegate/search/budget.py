"""A search's time budget, and the breadth check that refuses a query before it runs.

Tantivy cannot stop a query once it runs, so a budget works in two steps. Before running, the
words a query stands for are counted from the term dictionary: each prefix expands to every
word it starts (``co*`` is 2,285 words of the text in the 5,731 cables of the shared corpus),
and an ``OR`` of 130 two-letter prefixes, under the 1,000 characters a query may have, took
1.1 s there, and would take about 40 times that on the whole archive. A query over
``max_words`` is refused at once with a hint. Then ``SearchIndex.search`` waits for the ranked
page at most ``search_ms`` and for the facet counts at most ``facet_ms`` (facets are cut first:
the hits come without them); whatever still runs is left to finish on a pool of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cablegate.errors import QueryTooBroad
from cablegate.search.query import FILTER_FIELD, TEXT_FIELD, keyword_value
from cablegate.search.schema import DEFAULT_FIELDS, spellings
from cablegate.search.syntax import And, Node, Not, Or, Term

# Words one query may stand for. "sen*" is ~200 words at full scale, "co*" some 20,000: a
# union of that many postings lists is seconds of work there.
MAX_WORDS = 4000
# Prefixes one query may have: each is an automaton to build (0.5-1.6 ms a field, holding the
# GIL: 210 ms for the 105 prefixes of tests/web/test_search_budget.py) even when it expands to
# nothing.
MAX_PREFIXES = 20
RERUN_WORDS = 16
Expansions = Callable[[str, str, int], int]  # (field, prefix, limit) -> words, at most limit


@dataclass(frozen=True, slots=True)
class Budget:
    """Milliseconds a search may take (``facet_ms`` of it for the facet counts), and how many
    words its prefixes and alternatives may expand to."""

    search_ms: int = 1000
    facet_ms: int = 300
    max_words: int = MAX_WORDS
    max_prefixes: int = MAX_PREFIXES

    @property
    def search_s(self) -> float:
        return self.search_ms / 1000

    @property
    def facet_s(self) -> float:
        return min(self.facet_ms, self.search_ms) / 1000


def _prefix_fields(t: Term) -> list[tuple[str, str]]:
    """(index field, prefix) pairs a prefix term expands in."""
    if t.field is None or t.field in TEXT_FIELD:
        fields = list(DEFAULT_FIELDS) if t.field is None else [TEXT_FIELD[t.field]]
        return [(f, tokens[-1]) for tokens in spellings(t.text) if tokens for f in fields]
    if t.field == "origin":
        return [("origin_slug", keyword_value("origin_slug", t.text))]
    field = FILTER_FIELD.get(t.field, t.field)
    return [(field, keyword_value(field, t.text))]


def words(node: Node, expansions: Expansions, limit: int) -> int:
    """How many words ``node`` stands for (each prefix counted as the words it expands to),
    counted until ``limit`` is passed."""
    total = 0

    def walk(n: Node) -> None:
        nonlocal total
        if total > limit:
            return
        if isinstance(n, Term):
            if n.prefix and n.field not in ("created", "released"):
                for field, prefix in _prefix_fields(n):
                    total += expansions(field, prefix, limit - total + 1)
            else:
                total += 1
        elif isinstance(n, And | Or):
            for child in n.children:
                walk(child)
        elif isinstance(n, Not):
            walk(n.child)

    walk(node)
    return total


def prefixes(node: Node) -> int:
    """How many prefix terms ``node`` has."""
    if isinstance(node, Term):
        return int(node.prefix)
    if isinstance(node, And | Or):
        return sum(prefixes(c) for c in node.children)
    if isinstance(node, Not):
        return prefixes(node.child)
    return 0


def check_breadth(node: Node, query: str, expansions: Expansions, budget: Budget) -> None:
    """Raise QueryTooBroad when ``node`` has more prefixes, or stands for more words, than the
    budget allows."""
    if prefixes(node) > budget.max_prefixes:
        raise QueryTooBroad(
            f"this search has more than {budget.max_prefixes} prefixes*, too many to search"
            " in time.",
            query,
        )
    found = words(node, expansions, budget.max_words)
    if found > budget.max_words:
        raise QueryTooBroad(
            f"this search stands for more than {budget.max_words:,} different words"
            " (its prefixes* and alternatives together), too many to search in time.",
            query,
        )


def cheap_to_rerun(node: Node) -> bool:
    """Whether a second run of the query is short enough to hold the GIL for: no prefix, at
    most ``RERUN_WORDS`` words (the tag facet may be counted by a rerun, see ``index``)."""
    return words(node, _no_prefixes, RERUN_WORDS) <= RERUN_WORDS


def _no_prefixes(field: str, prefix: str, limit: int) -> int:
    return limit  # any prefix is past the limit
