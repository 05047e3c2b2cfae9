"""A chunk's postings: the counting (arrays for the whole chunk) against the plain rule it
replaces, a ``Counter`` a cable of its words and adjacent pairs, the subject's counted twice;
the run file reads back what was written, each row in its term's partition."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.staticsearch.chunk import SUBJECT_WEIGHT
from cablegate.staticsearch.encoding import term_hash
from cablegate.staticsearch.runs import Terms, count_terms, read_rows, read_words, write_run
from cablegate.staticsearch.tokens import pairs

# few distinct words, so that words and pairs repeat within and across cables
segment = st.lists(st.sampled_from(["iran", "nuclear", "a", "ab", "b", "oil", "gas", "2007", "é"]))
cables = st.lists(st.tuples(segment, segment), max_size=12)


def _plain(chunk: list[tuple[list[str], list[str]]]) -> dict[tuple[str, int], int]:
    out: dict[tuple[str, int], int] = {}
    for doc, (body, subject) in enumerate(chunk):
        counts = Counter(body + pairs(body))
        counts.update((subject + pairs(subject)) * SUBJECT_WEIGHT)
        out.update({(term, doc): n for term, n in counts.items()})
    return out


def _count(chunk: list[tuple[list[str], list[str]]]) -> Terms:
    segments = [s for cable in chunk for s in cable]
    weights = np.tile(np.array([1, SUBJECT_WEIGHT], dtype=np.int64), len(chunk))
    return count_terms(segments, weights)


def _spell(words: list[str], left: int, right: int) -> str:
    return words[left] if right < 0 else f"{words[left]} {words[right]}"


@settings(max_examples=300, deadline=None)
@given(cables)
def test_count_terms_is_a_counter_a_cable(chunk: list[tuple[list[str], list[str]]]) -> None:
    terms = _count(chunk)
    assert terms.words == sorted(set(terms.words))
    columns = (terms.left, terms.right, terms.doc, terms.freq)
    rows = list(zip(*(c.tolist() for c in columns), strict=True))
    named = [(_spell(terms.words, a, b), d, f) for a, b, d, f in rows]
    assert [(n, d) for n, d, _ in named] == sorted((n, d) for n, d, _ in named), "spelling order"
    assert {(n, d): f for n, d, f in named} == _plain(chunk)
    assert len(rows) == len(_plain(chunk))


@settings(max_examples=50, deadline=None)
@given(cables, st.sampled_from([1, 3, 64]), st.integers(0, 10**6))
def test_run_file_reads_back(
    tmp_path_factory: pytest.TempPathFactory,
    chunk: list[tuple[list[str], list[str]]],
    partitions: int,
    first: int,
) -> None:
    terms = _count(chunk)
    run = tmp_path_factory.mktemp("run") / "run"
    write_run(run, terms, first, partitions)
    assert read_words(run) == terms.words
    seen = []
    for p in range(partitions):
        rows = read_rows(run, p)
        for a, b, d, f in zip(
            *(c.tolist() for c in (rows.left, rows.right, rows.doc, rows.freq)), strict=True
        ):
            name = _spell(terms.words, a, b)
            assert term_hash(name) % partitions == p
            seen.append((name, d - first, f))
    expected = _plain(chunk)
    assert {(n, d): f for n, d, f in seen} == expected and len(seen) == len(expected)
