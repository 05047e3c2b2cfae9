"""A chunk's term counting (arrays for the whole chunk) against the plain rule it replaces: a
``Counter`` a cable of its words and adjacent pairs, the subject's counted twice."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.staticsearch.chunk import SUBJECT_WEIGHT, count_terms
from cablegate.staticsearch.tokens import pairs

# few distinct words, so that words and pairs repeat within and across cables
segment = st.lists(st.sampled_from(["iran", "nuclear", "a", "ab", "b", "oil", "gas", "2007"]))
cables = st.lists(st.tuples(segment, segment), max_size=12)


def _plain(chunk: list[tuple[list[str], list[str]]]) -> dict[tuple[str, int], int]:
    out: dict[tuple[str, int], int] = {}
    for doc, (body, subject) in enumerate(chunk):
        counts = Counter(body + pairs(body))
        counts.update((subject + pairs(subject)) * SUBJECT_WEIGHT)
        out.update({(term, doc): n for term, n in counts.items()})
    return out


@settings(max_examples=300, deadline=None)
@given(cables)
def test_count_terms_is_a_counter_a_cable(chunk: list[tuple[list[str], list[str]]]) -> None:
    segments = [s for cable in chunk for s in cable]
    weights = np.tile(np.array([1, SUBJECT_WEIGHT], dtype=np.int64), len(chunk))
    terms = count_terms(segments, weights)
    rows = list(zip(terms.term.tolist(), terms.doc.tolist(), terms.freq.tolist(), strict=True))
    assert rows == sorted(rows), "rows ascend by term, then document"
    assert len(set(terms.names)) == len(terms.names)
    assert {(terms.names[t], d): f for t, d, f in rows} == _plain(chunk)
    assert len(rows) == len(_plain(chunk))
