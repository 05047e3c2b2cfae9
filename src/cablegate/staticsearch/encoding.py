"""The index's byte encodings: varints, a term's postings, deflate, a term's hash.

Every file is deflated (zlib) as a whole: ``python -m http.server`` and most static hosts send
files as they are, and the browser inflates them with its own ``DecompressionStream``. A term's
postings hold its best documents (impact-ordered hits need no more) and, when it has more, its
whole match set, as delta varints or as a bitset, whichever is smaller.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

TOP = 200  # best documents kept with their impact per term: ten pages of twenty
SET_DELTAS, SET_BITS = 0, 1
LEVEL = 6  # zlib level: 9 saves under 1 % of bytes for twice the time
# The result files (a cable's text, 251,287 of them) at level 4: 1.5 % more bytes than at 6 for
# two thirds of the time (0.175 ms a cable instead of 0.26, measured on 2,000 cables).
RESULT_LEVEL = 4


# A pair's hash from its words' CRC-32s (the browser's reader.js computes the same), so that the
# map routes a pair to its partition without spelling it: ``imul(crc(a), PAIR_MIX) ^ crc(b)``.
PAIR_MIX = 0x9E3779B1


def term_hash(term: str, separator: str = " ") -> int:
    """Where a term lives: partition ``hash % partitions``, then shard ``hash // partitions``
    modulo the partition's shards. A word's is its CRC-32; a pair's mixes its words'."""
    left, _, right = term.partition(separator)
    crc = zlib.crc32(left.encode("utf-8"))
    if not right:
        return crc
    return ((crc * PAIR_MIX) & 0xFFFFFFFF) ^ zlib.crc32(right.encode("utf-8"))


def own_hash(term: str) -> int:
    """A term's second hash: with ``term_hash``, 64 bits that name a big term's own file and
    place it in the filter of big terms (``big_filter``)."""
    return zlib.crc32(b"\x01" + term.encode("utf-8"))


def own_file(term: str, term_hash: int) -> str:
    """The file of a big term's postings, from the term alone (the browser fetches it without
    its shard): ``t/<partition>/<hash><own hash>.z``, the partition's number added by the
    caller."""
    return f"{term_hash:08x}{own_hash(term):08x}.z"


# The filter of big terms: a Bloom filter (BITS_PER_TERM bits a term, PROBES bits set), ~1 % of
# the terms it was not made from say yes. The browser asks it before a term's shard: a big
# term's own file is fetched at once, instead of after the shard that says it has one.
BITS_PER_TERM = 10
PROBES = 7


def probes(h1: int, h2: int, bits: int) -> list[int]:
    """The filter's bits of a term of hashes ``h1`` (``term_hash``) and ``h2`` (``own_hash``)."""
    return [(h1 + i * h2) % bits for i in range(PROBES)]


def big_filter(hashes: Sequence[tuple[int, int]]) -> bytes:
    """The filter of the big terms of ``hashes`` ((term_hash, own_hash) each), as bytes: bit
    ``b`` is ``byte[b >> 3] >> (b & 7) & 1``."""
    bits = max(64, -(-len(hashes) * BITS_PER_TERM // 8) * 8)
    out = np.zeros(bits, dtype=np.uint8)
    for h1, h2 in hashes:
        out[probes(h1, h2, bits)] = 1
    return np.packbits(out, bitorder="little").tobytes()


def term_hashes(
    crcs: npt.NDArray[np.uint64], left: npt.NDArray[np.int64], right: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """``term_hash`` of many terms at once: ``crcs`` of the words, a term is ``(left, right)``
    numbers into them, ``right`` -1 for a word."""
    mixed = ((crcs[left] * np.uint64(PAIR_MIX)) & np.uint64(0xFFFFFFFF)) ^ crcs[right]
    return np.where(right < 0, crcs[left], mixed).astype(np.int64)


def deflate(data: bytes, level: int = LEVEL) -> bytes:
    """Deterministic: the same bytes always compress to the same bytes."""
    return zlib.compress(data, level)


def varint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def varint_sizes(values: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    """Bytes of each value's varint."""
    v = np.asarray(values, dtype=np.uint64)
    size = np.ones(len(v), dtype=np.int64)
    for k in range(1, 10):
        longer = v >= np.uint64(1 << (7 * k))
        if not longer.any():
            break
        size += longer
    return size


def varints(values: npt.NDArray[Any] | Sequence[int]) -> bytes:
    """Unsigned LEB128 of every value, vectorised for long arrays: every value's bytes laid out
    as a row of a matrix as wide as the longest, then the rows' used bytes read in order."""
    if len(values) < 32:
        return b"".join(varint(int(v)) for v in values)
    v = np.asarray(values, dtype=np.uint64)
    size = varint_sizes(v)
    width = int(size.max())
    rows = np.empty((len(v), width), dtype=np.uint8)
    for k in range(width):
        low = ((v >> np.uint64(7 * k)) & np.uint64(0x7F)).astype(np.uint8)
        rows[:, k] = low | ((size > k + 1).astype(np.uint8) << 7)
    return rows[np.arange(width) < size[:, None]].tobytes()


def deltas(docs: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Sorted ids -> gaps (the first is the id itself)."""
    return np.diff(docs, prepend=0)


def postings(docs: npt.NDArray[np.int64], impacts: npt.NDArray[np.int64], n_docs: int) -> bytes:
    """One term: ``df, n_top, top gaps, top impacts[, set kind, set]``; docs ascending."""
    df = len(docs)
    if df <= TOP:
        top = np.arange(df)
    else:  # the TOP highest impacts, ties to the lower doc id; then back into doc order
        order = np.lexsort((docs, -impacts))[:TOP]
        top = np.sort(order)
    head = varint(df) + varint(len(top)) + varints(deltas(docs[top]))
    head += impacts[top].astype(np.uint8).tobytes()
    if df <= TOP:
        return head
    gaps = varints(deltas(docs))
    if len(gaps) <= (n_docs + 7) // 8:
        return head + varint(SET_DELTAS) + gaps
    bits = np.zeros(n_docs, dtype=np.uint8)
    bits[docs] = 1
    return head + varint(SET_BITS) + np.packbits(bits, bitorder="little").tobytes()
