"""Snippets: the terms the query marks, found with one regular expression."""

from __future__ import annotations

from cablegate.search.snippet import Highlight, snippet


def test_plain_pairs_and_highlights_mark_alike() -> None:
    text = "The prime minister said no."
    marked = "The <mark>prime minister</mark> said no."
    assert snippet(text, [(("prime", "minister"), False)]) == marked
    assert snippet(text, [Highlight(("prime", "minister"), False)]) == marked


def test_the_longest_term_wins() -> None:
    """A phrase is tried before its own first word, whatever the order of the terms."""
    terms = [Highlight(("human",), False), Highlight(("human", "rights"), False)]
    for order in (terms, terms[::-1]):
        assert snippet("On human rights.", order) == "On <mark>human rights</mark>."


def test_a_prefix_marks_the_whole_word() -> None:
    assert snippet("Nuclear talks.", [Highlight(("nucl",), True)]) == "<mark>Nuclear</mark> talks."
