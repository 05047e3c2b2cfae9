"""One partition of the terms (``crc32(term) % partitions``): every chunk's run merged, each term's postings encoded, the
partition's shard files written.

A shard is the deflated list of its terms, sorted: ``varint count``, then per term ``varint
length, UTF-8, varint where`` and, when ``where`` is 0, ``varint size, postings`` inline; a term
whose postings exceed ``INLINE`` bytes has them in a file of its own, ``t/<p>/<shard>.<where>``, so a
query for a rare word does not download the common words beside it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cablegate.staticsearch.encoding import TOP, deflate, postings, varint, varints

INLINE = 2048  # bytes: the postings of a term seen in up to ~1,000 cables stay in its shard
# Terms a shard holds: a shard is what a query for one rare word downloads, ~10-20 KB deflated.
SHARD_TERMS = 800
K1, B = 1.2, 0.75  # BM25's term-frequency saturation and length normalisation


@dataclass(frozen=True, slots=True)
class Part:
    """What a partition wrote."""

    terms: int
    shards: int  # this partition's shards: a term's is ``crc32 // partitions % shards``
    files: int
    bytes: int
    prefixes: dict[str, list[tuple[str, int]]]  # 2-letter start -> (word, df), for ``prefix*``


def shard_path(out: Path, p: int, shard: int) -> Path:
    return out / "s" / str(p) / f"{shard}.z"


def _read(run: Path, p: int) -> tuple[list[str], npt.NDArray[np.uint32], np.ndarray, np.ndarray]:
    with run.open("rb") as f:
        offsets = np.fromfile(f, dtype=np.int64, count=3 * (p + 1)).reshape(-1, 3)
        at, n_terms, n_rows = (int(x) for x in offsets[p])
        f.seek(at)
        size = int(np.frombuffer(f.read(8), dtype=np.int64)[0])
        names = f.read(size).decode("utf-8").split("\n") if n_terms else []
        tid = np.frombuffer(f.read(4 * n_rows), dtype=np.uint32)
        doc = np.frombuffer(f.read(4 * n_rows), dtype=np.uint32)
        freq = np.frombuffer(f.read(2 * n_rows), dtype=np.uint16)
    return names, tid, doc, freq


def impacts(freq: npt.NDArray[np.int64], length: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """BM25's term-frequency part, scaled to 1..255 (a byte a posting)."""
    tf = freq.astype(np.float64)
    w = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length))
    return np.clip(np.rint(w / (K1 + 1) * 255), 1, 255).astype(np.int64)


class _Blobs:
    """Every term's postings, from arrays of the whole partition: a term in under ``TOP`` cables
    (nearly all of them) is two slices of bytes encoded once for all, not numpy calls of its
    own (about 20 us a term, minutes over the tens of millions of word pairs)."""

    def __init__(
        self,
        doc: npt.NDArray[np.int64],
        imp: npt.NDArray[np.int64],
        bounds: npt.NDArray[np.int64],
        n_docs: int,
    ) -> None:
        starts = bounds[:-1][np.diff(bounds) > 0]
        gaps = doc - np.concatenate(([0], doc[:-1]))
        gaps[starts] = doc[starts]
        self.gaps = varints(gaps)
        size = np.ones(len(gaps), dtype=np.int64)
        for k in range(1, 5):
            size += gaps >= (1 << (7 * k))
        self.at = np.concatenate(([0], np.cumsum(size))).tolist()
        self.imps = imp.astype(np.uint8).tobytes()
        self.bounds = bounds.tolist()
        self.doc, self.imp, self.n_docs = doc, imp, n_docs

    def df(self, i: int) -> int:
        return int(self.bounds[i + 1] - self.bounds[i])

    def blob(self, i: int) -> bytes:
        lo, hi = self.bounds[i], self.bounds[i + 1]
        if hi - lo > TOP:
            return postings(self.doc[lo:hi], self.imp[lo:hi], self.n_docs)
        head = _HEAD[hi - lo]
        return head + self.gaps[self.at[lo] : self.at[hi]] + self.imps[lo:hi]


_HEAD = [varint(n) * 2 for n in range(TOP + 1)]  # df and top count, equal when df <= TOP


def merge_partition(
    runs: list[Path],
    p: int,
    partitions: int,
    norm: npt.NDArray[np.float64],
    out: Path,
) -> Part:
    """Merge partition ``p`` of every run; ``norm`` is each document's length over the mean."""
    table: dict[str, int] = {}
    tids, docs, freqs = [], [], []
    for run in runs:
        names, tid, doc, freq = _read(run, p)
        remap = np.fromiter((table.setdefault(n, len(table)) for n in names), np.int64, len(names))
        tids.append(remap[tid])
        docs.append(doc)
        freqs.append(freq)
    tid = np.concatenate(tids) if tids else np.zeros(0, np.int64)
    doc = np.concatenate(docs).astype(np.int64) if docs else np.zeros(0, np.int64)
    freq = np.concatenate(freqs).astype(np.int64) if freqs else np.zeros(0, np.int64)
    order = np.argsort(tid, kind="stable")  # runs come in document order: docs stay sorted
    tid, doc, freq = tid[order], doc[order], freq[order]
    imp = impacts(freq, norm[doc])
    bounds = np.searchsorted(tid, np.arange(len(table) + 1))
    names = list(table)
    n_docs = len(norm)
    shards = max(1, -(-len(names) // SHARD_TERMS))
    by_shard: dict[int, list[tuple[str, int]]] = {}
    for i, name in enumerate(names):
        shard = zlib.crc32(name.encode("utf-8")) // partitions % shards
        by_shard.setdefault(shard, []).append((name, i))
    files = size = 0
    prefixes: dict[str, list[tuple[str, int]]] = {}
    blobs = _Blobs(doc, imp, bounds, n_docs)
    for shard, entries in sorted(by_shard.items()):
        body = [varint(len(entries))]
        extra = 0
        for name, i in sorted(entries):
            if " " not in name and len(name) >= 2:
                prefixes.setdefault(name[:2], []).append((name, blobs.df(i)))
            blob = blobs.blob(i)
            key = name.encode("utf-8")
            body.append(varint(len(key)) + key)
            if len(blob) <= INLINE:
                body.append(varint(0) + varint(len(blob)) + blob)
                continue
            extra += 1
            data = deflate(blob)
            path = out / "t" / str(p) / f"{shard}.{extra}.z"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            body.append(varint(extra))
            files, size = files + 1, size + len(data)
        data = deflate(b"".join(body))
        path = shard_path(out, p, shard)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files, size = files + 1, size + len(data)
    return Part(len(names), shards, files, size, prefixes)
