"""Every term's postings in a partition, encoded from arrays of the whole partition.

A term's bytes are those of ``encoding.postings`` (its plain rule, which the tests hold this to):
``df, n_top, n_top gaps, n_top impact bytes`` and, past ``TOP`` documents, its match set as
gaps or as a bitset. Here the gaps of all terms are one varint buffer and the best ``TOP`` of
all big terms one sort, so a term costs a few slices of bytes, not numpy calls of its own
(tens of microseconds a term: minutes over the millions of word pairs).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from cablegate.staticsearch.encoding import SET_BITS, SET_DELTAS, TOP, varint, varint_sizes, varints


def _gaps(doc: npt.NDArray[np.int64], starts: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Gaps between consecutive documents, a term's first being its document itself."""
    gaps = np.diff(doc, prepend=0)
    gaps[starts] = doc[starts]
    return gaps


class Blobs:
    """The postings of terms whose rows ``bounds[i]:bounds[i + 1]`` of ``doc`` (ascending) and
    ``imp`` (impact bytes) are term ``i``'s."""

    def __init__(
        self,
        doc: npt.NDArray[np.int64],
        imp: npt.NDArray[np.integer[Any]],
        bounds: npt.NDArray[np.int64],
        n_docs: int,
    ) -> None:
        self.df = np.diff(bounds)
        starts = bounds[:-1][self.df > 0]
        gaps = _gaps(doc, starts)
        self.gaps = varints(gaps)
        at = np.concatenate(([0], np.cumsum(varint_sizes(gaps))))
        self.at = at[bounds].tolist()  # where each term's gaps start in ``gaps`` (a list: fast)
        self.imps = imp.astype(np.uint8).tobytes()
        self.bounds = bounds.tolist()
        self.doc, self.n_docs = doc, n_docs
        big = np.flatnonzero(self.df > TOP)
        self.big = {int(t): k for k, t in enumerate(big)}
        top = _best(imp, np.flatnonzero(np.repeat(self.df > TOP, self.df)), self.df[big])
        top_gaps = _gaps(doc[top], np.arange(0, len(top), TOP))
        self.top_gaps = varints(top_gaps)
        self.top_at = np.concatenate(([0], np.cumsum(varint_sizes(top_gaps)))).tolist()
        self.top_imps = imp[top].astype(np.uint8).tobytes()

    def sizes(self) -> npt.NDArray[np.int64]:
        """Every term's postings in bytes (a big term's set counted as its gaps or its bitset)."""
        gap_bytes = np.diff(np.asarray(self.at))
        head = 2 * varint_sizes(np.minimum(self.df, TOP))
        small = head + gap_bytes + self.df
        big = self.df > TOP
        top_bytes = np.zeros(len(self.df), dtype=np.int64)
        if big.any():
            top_at = np.asarray(self.top_at)
            top_bytes[big] = top_at[TOP::TOP] - top_at[:-TOP:TOP]
        set_bytes = 1 + np.minimum(gap_bytes, (self.n_docs + 7) // 8)
        large = varint_sizes(self.df) + varint_sizes(np.full_like(self.df, TOP)) + top_bytes
        return np.where(big, large + TOP + set_bytes, small)

    def blob(self, i: int) -> bytes:
        lo, hi = self.bounds[i], self.bounds[i + 1]
        at_lo, at_hi = self.at[i], self.at[i + 1]
        k = self.big.get(i)
        if k is None:
            return _HEAD[hi - lo] + self.gaps[at_lo:at_hi] + self.imps[lo:hi]
        top = (
            varint(hi - lo)
            + varint(TOP)
            + self.top_gaps[self.top_at[k * TOP] : self.top_at[(k + 1) * TOP]]
        )
        top += self.top_imps[k * TOP : (k + 1) * TOP]
        if at_hi - at_lo <= (self.n_docs + 7) // 8:
            return top + varint(SET_DELTAS) + self.gaps[at_lo:at_hi]
        bits = np.zeros(self.n_docs, dtype=np.uint8)
        bits[self.doc[lo:hi]] = 1
        return top + varint(SET_BITS) + np.packbits(bits, bitorder="little").tobytes()


def _best(
    imp: npt.NDArray[np.integer[Any]], rows: npt.NDArray[np.int64], df: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The ``TOP`` rows of highest impact of each big term (ties: the lower document, which is
    the earlier row), in row order; ``rows`` are the big terms' rows, ``df`` their counts.

    Without a sort: an impact is a byte, so a histogram per term finds the impact at which its
    count from the top reaches ``TOP``; all rows above it are in, and as many of the rows at it
    as are still wanted, first come first.
    """
    if not len(df):
        return rows
    term = np.repeat(np.arange(len(df)), df)
    v = imp[rows]
    hist = np.bincount(term * 256 + v, minlength=len(df) * 256).reshape(len(df), 256)
    at_least = np.cumsum(hist[:, ::-1], axis=1)[:, ::-1]  # rows of impact >= v, per term
    cut = 255 - np.argmax(at_least[:, ::-1] >= TOP, axis=1)  # the highest v reaching TOP
    above = at_least[np.arange(len(df)), cut] - hist[np.arange(len(df)), cut]
    at_cut = v == cut[term]
    # rank of a row among its term's rows at the cut, in row order
    seen = np.cumsum(at_cut)
    before = np.concatenate(([0], seen[np.cumsum(df)[:-1] - 1]))
    keep = (v > cut[term]) | (at_cut & (seen - before[term] <= TOP - above[term]))
    return rows[keep]


_HEAD = [varint(n) * 2 for n in range(TOP + 1)]  # df and top count, equal when df <= TOP
