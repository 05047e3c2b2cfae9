"""Runs of X, words, what makes two texts one version, and names among hidden words."""

from __future__ import annotations

import csv
import signal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablegate.parse.page import read_page
from cablegate.sources.wikileaks_html import decode_page
from cablegate.versions.redaction import (
    count_runs,
    count_words,
    length_in_words,
    name_key,
    tags_without_commas,
    text_facts,
    text_key,
    tokens,
)
from tests.peer import CORPUS

VERSIONS = CORPUS / "versions"
needs_versions = pytest.mark.skipif(
    not (VERSIONS / "versions.csv").exists(), reason=f"no versions corpus at {VERSIONS}"
)


@needs_versions
def test_runs_counted_as_versions_csv_counts_them() -> None:
    """Every one of the 140 pages has the number of runs of X its row gives."""
    with (VERSIONS / "versions.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 140
    for row in rows:
        page = read_page(decode_page((VERSIONS / row["file"].strip()).read_bytes())[0])
        assert count_runs(page.body) == int(row["redaction_spans"]), row["file"]


@pytest.mark.parametrize(
    ("text", "runs", "words", "length"),
    [
        ("his position. XXXXXXXXXXXX, said", 1, 3, 3),
        ("too,xxxxxxxxxxxx and XXXXXXXXXXXXs", 2, 3, 3),  # not marks alone: words
        ("Exxon and XX and xxx", 1, 4, 4),
        ("", 0, 0, 0),
        ("1.4(b) -- (C)", 0, 2, 3),  # "--" is no word of a passage, but adds to a length
    ],
)
def test_runs_and_words(text: str, runs: int, words: int, length: int) -> None:
    assert count_runs(text) == runs
    assert count_words(text) == words
    assert length_in_words(text) == length


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (
            ("H", "TAGS: PGOV, PREL, IR \nSUBJECT: X \n"),
            ("H", "TAGS: PGOV PREL IR\nSUBJECT: X"),
            True,
        ),
        (("H", "one two\nthree"), ("H", "one  two three\n\n"), True),
        (("H", "one two"), ("H", "one, two"), False),
        (("H", "Ukraine’s"), ("H", "Ukraine's"), False),
        (("H1", "body"), ("H2", "body"), False),
        (("H", "a, b"), ("H", "a b"), False),  # commas count outside the TAGS line
    ],
)
def test_text_key(a: tuple[str, str], b: tuple[str, str], same: bool) -> None:
    assert (text_key(*a) == text_key(*b)) is same


@pytest.mark.parametrize(
    ("passage", "key"),
    [
        ("Nadia Mellal,", "mellal"),
        ("Helilou's", "helilou"),
        ("Antesana,s", "antesana"),
        ("Major General Khalid al-Humaydan", "al-humaydan"),
        ("Dr. Sa’ad", "sa’ad"),
        ("The AUC professor", None),
        ("MULTIGRUP", None),
        ("December 17", None),
        ("in his neighborhood", None),
        ("An American University in Cairo (AUC) political science professor", None),
    ],
)
def test_name_key(passage: str, key: str | None) -> None:
    assert name_key(passage) == key


@given(st.text(max_size=300))
def test_tokens_keep_every_character(text: str) -> None:
    """Joined with their white space, the tokens give the text back (trailing space aside)."""
    assert "".join(t.space + t.text for t in tokens(text)) == text.rstrip()


ragged = st.lists(
    st.sampled_from(
        [
            *("XXXXXXXXXXXX", "xxx", "xXx", "Xx", "(XXXXXXXX),", "XXXs", "Exxon", "x", "X"),
            *("TAGS:", "Tags", "PGOV,", ",", "--", "_", "¶1.", "a", "\n", " ", "\t", "\xa0"),
            *("İ", "ẞ", "\x1c"),
        ]
    ),
    max_size=60,
).map("".join) | st.text(max_size=200)


@given(ragged, ragged)
def test_text_facts_is_the_three_rules_at_once(header: str, body: str) -> None:
    """The ingest's shortcut gives what the plain rules give."""
    words = length_in_words(tags_without_commas(body))
    assert text_facts(header, body) == (text_key(header, body), count_runs(body), words)


@pytest.mark.parametrize("word", ["X" * 80 + "a", "(" + "xX" * 60 + ")s", "XXX," * 50 + "Exxon"])
def test_a_long_run_of_x_glued_to_a_word_is_read_at_once(word: str) -> None:
    """The mark patterns once tried every split of a long run (60 X and a letter: minutes)."""
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the mark pattern backtracked"))
    signal.alarm(5)
    try:
        text = f"a {word} b"
        assert length_in_words(text) == 3
        assert text_facts("", text).words == 3
    finally:
        signal.alarm(0)
