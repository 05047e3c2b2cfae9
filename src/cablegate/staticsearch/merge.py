"""One partition of the terms (``term_hash % partitions``): every chunk's run merged, each
term's postings encoded (``postings``), the partition's shard files written.

A shard is the deflated list of its terms, sorted: ``varint count``, then per term ``varint
length, UTF-8, varint where`` and, when ``where`` is 0, ``varint size, postings`` inline; a term
whose postings exceed ``INLINE`` bytes (``where`` 1) has them in a file of its own, named by the
term's hashes (``encoding.own_file``): a query for a rare word downloads a small shard, and one
for a common word only that word's file, found by the filter of big terms without the shard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from cablegate.staticsearch.encoding import deflate, own_file, own_hash, term_hashes, varint
from cablegate.staticsearch.postings import Blobs
from cablegate.staticsearch.runs import read_rows, read_words, word_crcs
from cablegate.staticsearch.tokens import spec

# A shard is what a query for a rare word downloads: each partition gets as many shards as make
# them ~SHARD_BYTES (postings hardly deflate: 8 %). Postings over INLINE bytes (a term in more
# than ~700 cables) go to a file of their own. At full scale (docs/static-search.md), INLINE
# 2 KB rather than 512 B keeps 172,000 files fewer (the build writes a file in ~0.2 ms) and
# spares a medium word its second request, for shards as small.
INLINE = 2048
SHARD_BYTES = 16_384
K1, B = 1.2, 0.75  # BM25's term-frequency saturation and length normalisation


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word of the index, sorted, with its CRC-32; per run, the numbers here of its words."""

    words: list[str]
    crcs: npt.NDArray[np.uint64]
    remaps: list[npt.NDArray[np.int64]]


def write_lexicon(path: Path, runs: Sequence[Path]) -> Path:
    """Every word of ``runs``, sorted, one a line, at ``path`` (what ``load_lexicon`` reads)."""
    union: set[str] = set()
    for run in runs:
        union.update(read_words(run))
    path.write_text("\n".join(sorted(union)), encoding="utf-8")
    return path


@lru_cache(maxsize=1)  # a merge worker loads it for its first partition, keeps it for the others
def load_lexicon(path: Path, runs: tuple[Path, ...]) -> Lexicon:
    """The lexicon written at ``path`` for ``runs``."""
    text = path.read_text(encoding="utf-8")
    spelled = text.split("\n") if text else []
    number = dict(zip(spelled, range(len(spelled)), strict=True))
    remaps = []
    for run in runs:
        found = read_words(run)
        remaps.append(np.fromiter(map(number.__getitem__, found), np.int64, len(found)))
    return Lexicon(spelled, word_crcs(spelled), remaps)


@dataclass(frozen=True, slots=True)
class Part:
    """What a partition wrote."""

    terms: int
    shards: int  # this partition's shards: a term's is ``hash // partitions % shards``
    files: int
    bytes: int
    prefixes: dict[str, list[tuple[str, int]]]  # 2-letter start -> (word, df), for ``prefix*``
    big: list[tuple[int, int]]  # (term_hash, own_hash) of each term with a file of its own


def shard_path(out: Path, p: int, shard: int) -> Path:
    return out / "s" / str(p) / f"{shard}.z"


def impacts(
    freq: npt.NDArray[np.integer[Any]], length: npt.NDArray[np.float64]
) -> npt.NDArray[np.uint8]:
    """BM25's term-frequency part, scaled to 1..255 (a byte a posting):
    ``rint(tf * (K1 + 1) / (tf + K1 * (1 - B + B * length)) / (K1 + 1) * 255)``, computed in
    place (millions of rows a partition), each step the formula's own, so the same bits."""
    tf = freq.astype(np.float64)
    denom = np.multiply(length, B)
    denom += 1 - B
    denom *= K1
    denom += tf
    tf *= K1 + 1
    tf /= denom
    tf /= K1 + 1
    tf *= 255
    np.rint(tf, out=tf)
    np.clip(tf, 1, 255, out=tf)
    return tf.astype(np.uint8)


def merge_partition(
    runs: Sequence[Path],
    lex: Lexicon,
    p: int,
    partitions: int,
    norm: npt.NDArray[np.float64],
    out: Path,
    inline: int = INLINE,
) -> Part:
    """Merge partition ``p`` of every run; ``norm`` is each document's length over the mean;
    postings over ``inline`` bytes go to a file of their own."""
    stride = len(lex.words) + 1  # a term's key: left * stride + right + 1, in spelling order
    keys, docs, freqs = [], [], []
    for run, remap in zip(runs, lex.remaps, strict=True):
        rows = read_rows(run, p)
        right = np.where(rows.right >= 0, remap[rows.right], -1)
        keys.append(remap[rows.left] * stride + right + 1)
        docs.append(rows.doc)
        freqs.append(rows.freq)
    key = np.concatenate(keys) if keys else np.zeros(0, np.int64)
    # each run is sorted by key and the runs come in document order: a stable sort (timsort,
    # which merges the runs it finds) leaves every term's documents ascending
    order = np.argsort(key, kind="stable")
    key = key[order]
    doc = np.concatenate(docs)[order].astype(np.int64) if docs else key
    freq = np.concatenate(freqs)[order] if freqs else key
    del order, keys, docs, freqs
    starts = np.flatnonzero(np.diff(key, prepend=-1))
    left, right = np.divmod(key[starts], stride)
    right -= 1
    sep = spec()["pair_separator"]
    words = lex.words
    names = [
        words[a] if b < 0 else words[a] + sep + words[b]
        for a, b in zip(left.tolist(), right.tolist(), strict=True)
    ]
    blobs = Blobs(doc, impacts(freq, norm[doc]), np.append(starts, len(key)), len(norm))
    hashes = term_hashes(lex.crcs, left, right)
    return _write_shards(out, p, partitions, names, right < 0, hashes, blobs, inline)


def _write_shards(
    out: Path,
    p: int,
    partitions: int,
    names: list[str],
    is_word: npt.NDArray[np.bool_],
    hashes: npt.NDArray[np.int64],
    blobs: Blobs,
    limit: int,
) -> Part:
    sizes = blobs.sizes()
    spelled = np.fromiter(map(len, map(str.encode, names)), np.int64, len(names))
    inline = sizes <= limit
    shards = max(1, -(-int((spelled + 3 + sizes * inline).sum()) // SHARD_BYTES))
    shard_of = (hashes // partitions) % shards
    by_shard = np.argsort(shard_of, kind="stable")  # within a shard, terms stay in name order
    bounds = np.searchsorted(shard_of[by_shard], np.arange(shards + 1)).tolist()
    files = size = 0
    prefixes: dict[str, list[tuple[str, int]]] = {}
    big: list[tuple[int, int]] = []
    df = blobs.df.tolist()
    word = is_word.tolist()
    term_hash = hashes.tolist()
    own = out / "t" / str(p)
    for shard in range(shards):
        terms = by_shard[bounds[shard] : bounds[shard + 1]].tolist()
        body = [varint(len(terms))]
        for i in terms:
            name = names[i]
            if word[i] and len(name) >= 2:
                prefixes.setdefault(name[:2], []).append((name, df[i]))
            key = name.encode("utf-8")
            body.append(varint(len(key)) + key)
            blob = blobs.blob(i)
            if len(blob) <= limit:
                body.append(varint(0) + varint(len(blob)) + blob)
                continue
            data = deflate(blob)
            if not big:
                own.mkdir(parents=True, exist_ok=True)
            path = own / own_file(name, term_hash[i])
            if path.exists():  # two terms of one 64-bit name: never met, never silently mixed
                raise ValueError(f"two big terms of the index are named {path.name}")
            path.write_bytes(data)
            big.append((term_hash[i], own_hash(name)))
            body.append(varint(1))
            files, size = files + 1, size + len(data)
        data = deflate(b"".join(body))
        path = shard_path(out, p, shard)
        if shard == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files, size = files + 1, size + len(data)
    return Part(len(names), shards, files, size, prefixes, big)
