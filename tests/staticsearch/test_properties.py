"""Wild input: any query string is answered (a result or a message), never a thrown error, and
any cable text comes out of a snippet escaped, with our <mark> as its only markup."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.staticsearch.conftest import Node, needs_node

pytestmark = needs_node

# Pieces of the language mixed with anything: quotes, operators, fields, stars, brackets.
pieces = st.sampled_from(
    ['"', "(", ")", "*", "-", "AND", "OR", "NOT", "tag:", "origin:", "created:", "created:..",
     "2007", "peru", "shining", " ", "released:", "classification:", "é", "\u202e", ":", "\\"]
)  # fmt: skip
queries = st.lists(st.one_of(pieces, st.text(max_size=8)), max_size=12).map("".join)


@settings(max_examples=8, deadline=None)
@given(st.lists(queries, min_size=25, max_size=25))
def test_any_query_is_answered(reader: Node, batch: list[str]) -> None:
    answers = reader.ask([{"op": "search", "q": q, "page": 1 + len(q) % 3} for q in batch])
    for q, a in zip(batch, answers, strict=True):
        assert "thrown" not in a, (q, a)
        assert "error" in a or a["total"] >= len(a["hits"]), (q, a)


MARK = re.compile(r"</?mark>")
hostile = (
    st.lists(
        st.one_of(
            st.sampled_from(
                ["<script>", "</mark>", "<mark>", "&amp;", '"', "'", "\u202e", "\u2066"]
            ),
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20),
        ),
        max_size=30,
    )
    .map("".join)
    .map(lambda t: t + " secret plan ")
)


@settings(max_examples=6, deadline=None)
@given(st.lists(hostile, min_size=25, max_size=25))
def test_snippets_escape_cable_text(js_tokenizer: Node, texts: list[str]) -> None:
    answers = js_tokenizer.ask([{"op": "snippet", "text": t, "words": ["plan"]} for t in texts])
    for text, a in zip(texts, answers, strict=True):
        out = a["html"]
        assert "<mark>plan</mark>" in out
        bare = MARK.sub("", out)
        assert "<" not in bare and ">" not in bare and '"' not in bare, (text, out)
        assert "\u202e" not in bare and "\u2066" not in bare
        # what is shown is the text itself, only cut, its blanks flattened, its bidi controls out
        shown = html.unescape(bare).removeprefix("… ").removesuffix(" …")
        plain = re.sub("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
        assert re.sub(r"\s+", "", shown) in re.sub(r"\s+", "", plain)


@settings(max_examples=5, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**12), min_size=40, max_size=40))
def test_counts_are_written_as_the_en_locale_writes_them(
    js_tokenizer: Node, numbers: list[int]
) -> None:
    """The page writes counts with ``grouped`` (no locale data to load, ~30 ms on a cold page):
    the same text as ``toLocaleString("en")`` for every whole number it shows."""
    numbers += [0, 7, 999, 1000, 12345, 251287, 1000000]
    (a,) = js_tokenizer.ask([{"op": "grouped", "numbers": numbers}])
    assert a["text"] == a["locale"]
    assert a["text"][-3:] == ["12,345", "251,287", "1,000,000"]
