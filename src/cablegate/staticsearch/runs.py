"""A chunk's postings: counted (``count_terms``), written as a run file, read back one partition
at a time by the merge.

A run file: a header (number of partitions, the byte length of the words, then per partition
its offset and rows), the chunk's distinct words (sorted, one UTF-8 line each), then per
partition four arrays: left word (uint32), right word + 1 (uint32, 0 for a word alone),
document (uint32) and weighted frequency (uint16). A partition's rows ascend by term (in the
words' order, so by spelling), then document: merging the runs of chunks in document order
is merging sorted runs.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cablegate.staticsearch.encoding import term_hashes


@dataclass(frozen=True, slots=True)
class Terms:
    """A chunk's postings. Row ``i``: the term ``(left[i], right[i])`` is in document ``doc[i]``
    (counted from the chunk's first) with weighted frequency ``freq[i]``. A term is a word,
    ``(w, -1)``, or a pair of adjacent words ``(a, b)``, numbers into ``words`` (sorted), so
    rows ascending by term, then document, are in the order of the terms' spelling."""

    words: list[str]
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    doc: npt.NDArray[np.int64]
    freq: npt.NDArray[np.int64]


def count_terms(segments: Sequence[list[str]], weights: npt.NDArray[np.int64]) -> Terms:
    """Every word and adjacent pair of each segment, counted per document with the segment's
    weight; segment ``s`` belongs to document ``s // 2`` (a cable's body, then its subject).

    Done with arrays for the whole chunk rather than a ``Counter`` a cable: a word becomes a
    number once, a term is one int64, and a single sort of ``(term, document)`` keys counts them.
    """
    flat = list(chain.from_iterable(segments))
    # one dict pass numbers each word by where it first occurs; then by its rank in spelling
    first_seen: dict[str, int] = {}
    ids = np.fromiter(map(first_seen.setdefault, flat, range(len(flat))), np.int64, len(flat))
    spelled = sorted(first_seen)
    rank = np.zeros(len(flat), dtype=np.int64)
    rank[np.fromiter(map(first_seen.__getitem__, spelled), np.int64, len(spelled))] = np.arange(
        len(spelled)
    )
    ids = rank[ids]
    stride = len(spelled) + 1  # term key: left * stride + right + 1, a word's right being -1
    seg = np.repeat(np.arange(len(segments)), np.fromiter(map(len, segments), np.int64))
    adjacent = seg[1:] == seg[:-1]  # no pair across a segment's end
    keys = np.concatenate((ids * stride, ids[:-1][adjacent] * stride + ids[1:][adjacent] + 1))
    seg = np.concatenate((seg, seg[:-1][adjacent]))
    n_docs = max((len(segments) + 1) // 2, 1)
    if stride * stride * n_docs >= 2**63:
        raise ValueError("chunk too large for one int64 key a (term, document): split it")
    combined = np.repeat(keys * n_docs + seg // 2, weights[seg])  # weight w: counted w times
    combined.sort()
    starts = np.flatnonzero(np.diff(combined, prepend=-1))
    freq = np.diff(np.append(starts, len(combined)))
    key, doc = np.divmod(combined[starts], n_docs)
    left, right = np.divmod(key, stride)
    return Terms(spelled, left, right - 1, doc, freq)


@dataclass(frozen=True, slots=True)
class Rows:
    """One partition of one run, as read back: terms as numbers into the run's words."""

    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]  # -1: a word alone
    doc: npt.NDArray[np.uint32]  # narrow: a partition of the whole archive is millions of rows
    freq: npt.NDArray[np.uint16]


def word_crcs(words: Sequence[str]) -> npt.NDArray[np.uint64]:
    return np.fromiter(map(zlib.crc32, map(str.encode, words)), np.uint64, len(words))


def write_run(run: Path, terms: Terms, first: int, partitions: int) -> None:
    """The run file of a chunk whose first document is ``first``."""
    hashes = term_hashes(word_crcs(terms.words), terms.left, terms.right)
    part = (hashes % partitions).astype(np.uint8 if partitions <= 256 else np.int64)
    order = np.argsort(part, kind="stable")  # a radix sort: rows by partition, still by term
    counts = np.bincount(part, minlength=partitions)
    columns: list[npt.NDArray[Any]] = [
        terms.left[order].astype(np.uint32),
        (terms.right[order] + 1).astype(np.uint32),
        (terms.doc[order] + first).astype(np.uint32),
        np.minimum(terms.freq[order], 65535).astype(np.uint16),
    ]
    blob = "\n".join(terms.words).encode("utf-8")
    header = np.zeros(2 + 2 * partitions, dtype=np.int64)
    header[:2] = (partitions, len(blob))
    at = header.nbytes + len(blob)
    ends = np.cumsum(counts)
    with run.open("wb") as f:
        f.write(header.tobytes())  # patched below
        f.write(blob)
        for p in range(partitions):
            lo, hi = int(ends[p] - counts[p]), int(ends[p])
            header[2 + 2 * p : 4 + 2 * p] = (at, hi - lo)
            for column in columns:
                data = column[lo:hi].tobytes()
                f.write(data)
                at += len(data)
        f.seek(0)
        f.write(header.tobytes())


def read_words(run: Path) -> list[str]:
    """The run's words, sorted."""
    with run.open("rb") as f:
        partitions, size = np.frombuffer(f.read(16), dtype=np.int64).tolist()
        f.seek(16 + 16 * partitions)
        text = f.read(size).decode("utf-8")
    return text.split("\n") if text else []


def read_rows(run: Path, p: int) -> Rows:
    """Partition ``p`` of the run."""
    with run.open("rb") as f:
        f.seek(16 + 16 * p)
        at, n = np.frombuffer(f.read(16), dtype=np.int64).tolist()
        f.seek(at)
        data = f.read(14 * n)
    left = np.frombuffer(data, np.uint32, n, 0).astype(np.int64)
    right = np.frombuffer(data, np.uint32, n, 4 * n).astype(np.int64) - 1
    doc = np.frombuffer(data, np.uint32, n, 8 * n)
    freq = np.frombuffer(data, np.uint16, n, 12 * n)
    return Rows(left, right, doc, freq)
