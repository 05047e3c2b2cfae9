"""Every term's postings encoded at once (``postings.Blobs``) against the plain rule it replaces
(``encoding.postings``, one term at a time): the same bytes, the sizes it predicts."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.staticsearch.encoding import TOP, postings
from cablegate.staticsearch.merge import K1, B, impacts
from cablegate.staticsearch.postings import Blobs

# document frequencies around the edges: one document, TOP, TOP + 1, a set dense enough for a bitset
dfs = st.lists(st.sampled_from([1, 2, 3, TOP - 1, TOP, TOP + 1, 450, 1500, 2900]), max_size=6)


@settings(max_examples=60, deadline=None)
@given(dfs, st.integers(0, 2**32 - 1), st.sampled_from([3000, 40_000]))
def test_blobs_are_the_plain_postings(df: list[int], seed: int, n_docs: int) -> None:
    rng = np.random.default_rng(seed)
    docs = [np.sort(rng.choice(n_docs, d, replace=False)).astype(np.int64) for d in df]
    # few distinct impacts, so that ties (broken by the lower document) are common
    imps = [rng.choice([1, 7, 200, 255], d).astype(np.int64) for d in df]
    bounds = np.concatenate(([0], np.cumsum(df))).astype(np.int64)
    flat_docs = np.concatenate(docs or [np.zeros(0, np.int64)])
    flat_imps = np.concatenate(imps or [np.zeros(0, np.int64)])
    blobs = Blobs(flat_docs, flat_imps, bounds, n_docs)
    plain = [postings(d, i, n_docs) for d, i in zip(docs, imps, strict=True)]
    assert [blobs.blob(t) for t in range(len(df))] == plain
    assert blobs.sizes().tolist() == [len(b) for b in plain]
    assert blobs.df.tolist() == df


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_impacts_are_the_formula(seed: int) -> None:
    """Computed in place, step by step: the same bytes as BM25's formula written out."""
    rng = np.random.default_rng(seed)
    freq = rng.integers(1, 2000, 5000)
    length = rng.random(5000) * rng.choice([0.1, 1, 30])
    tf = freq.astype(np.float64)
    plain = np.rint(tf * (K1 + 1) / (tf + K1 * (1 - B + B * length)) / (K1 + 1) * 255)
    assert impacts(freq, length).tolist() == np.clip(plain, 1, 255).astype(np.int64).tolist()
