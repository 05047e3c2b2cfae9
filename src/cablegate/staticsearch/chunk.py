"""One chunk of consecutive cables, read in a worker process: their result files, their facet
values, and their postings as a run file partitioned by term (merged later by ``merge``).

A run file holds a header (offset, terms, rows per partition) then, per partition, the chunk's
distinct terms (one UTF-8 line each) and three arrays (term number, document, weighted term frequency); the documents ascend, so merging the
chunks in order keeps every term's documents sorted without a sort.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cablegate.model import Cable
from cablegate.search.document import index_fields
from cablegate.staticsearch.encoding import deflate
from cablegate.staticsearch.tokens import spec, words
from cablegate.store.base import StoredCable
from cablegate.store.codec import EncodedCable

SUBJECT_WEIGHT = 2  # a word of the subject line counts as two in the body, as in the live index
Item = Cable | StoredCable | EncodedCable


@dataclass(frozen=True, slots=True)
class Facets:
    """What the facet counts need of one cable."""

    origin: str
    origin_slug: str
    country: str
    region: str
    year: str
    classification: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ChunkResult:
    first: int  # id of the chunk's first document
    facets: tuple[Facets, ...]
    lengths: tuple[int, ...]  # weighted words per document (the impact's length norm)
    files: int
    bytes: int


def doc_path(out: Path, doc: int) -> Path:
    """Where a result's row and text live: a thousand files a folder."""
    return out / "d" / str(doc // 1000) / f"{doc}.z"


def _cable(item: Item) -> Cable:
    if isinstance(item, EncodedCable):
        return item.cable()
    return item.cable if isinstance(item, StoredCable) else item


def read_chunk(
    items: Sequence[Item], first: int, out: Path, run: Path, partitions: int
) -> ChunkResult:
    """Write the chunk's result files and its run file; return its facets and lengths."""
    segments: list[list[str]] = []  # per cable its body's words, then its subject's
    facets, lengths = [], []
    files = size = 0
    folders: set[Path] = set()
    for offset, item in enumerate(items):
        doc = first + offset
        fields = index_fields(_cable(item))
        body, subject = words(fields["text"]), words(fields["subject"])
        segments += (body, subject)
        lengths.append(len(body) + SUBJECT_WEIGHT * len(subject))
        facets.append(
            Facets(
                fields["origin"] or "",
                fields["origin_slug"] or "",
                fields["country"] or "",
                fields["region"] or "",
                fields["year"] or "",
                fields["classification_slug"] or "",
                tuple(fields["tags"]),
            )
        )
        row = {
            "refid": fields["refid"],
            "subject": fields["subject"],
            "created": fields["created"],
            "origin": fields["origin"],
            "classification": fields["classification"],
            "text": fields["text"],
        }
        data = deflate(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode())
        path = doc_path(out, doc)
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        with open(path, "wb") as f:
            f.write(data)
        files, size = files + 1, size + len(data)
    weights = np.tile(np.array([1, SUBJECT_WEIGHT], dtype=np.int64), len(items))
    _write_run(run, count_terms(segments, weights), partitions, first)
    return ChunkResult(first, tuple(facets), tuple(lengths), files, size)


@dataclass(frozen=True, slots=True)
class Terms:
    """A chunk's postings: row ``i`` says term ``names[term[i]]`` is in document ``doc[i]``
    (counted from the chunk's first) with weighted frequency ``freq[i]``; rows ascend by term,
    then document."""

    names: list[str]
    term: npt.NDArray[np.int64]
    doc: npt.NDArray[np.int64]
    freq: npt.NDArray[np.int64]


def count_terms(segments: Sequence[list[str]], weights: npt.NDArray[np.int64]) -> Terms:
    """Every word and adjacent pair of each segment, counted per document with the segment's
    weight; segment ``s`` belongs to document ``s // 2`` (a cable's body, then its subject).

    Done with arrays for the whole chunk rather than a ``Counter`` a cable: a word becomes a
    number once, a pair is two numbers in one int64, and a single sort of ``(term, document)``
    keys counts them (the strings of pairs are made only for the chunk's distinct pairs).
    """
    flat = list(chain.from_iterable(segments))
    # a word's number is where it first occurs: one dict pass, numbers with gaps below len(flat)
    first_seen: dict[str, int] = {}
    ids = np.fromiter(map(first_seen.setdefault, flat, range(len(flat))), np.int64, len(flat))
    n_words = len(flat)
    seg = np.repeat(np.arange(len(segments)), np.fromiter(map(len, segments), np.int64))
    adjacent = seg[1:] == seg[:-1]  # no pair across a segment's end
    keys = np.concatenate((ids, (ids[:-1][adjacent] + 1) * n_words + ids[1:][adjacent]))
    seg = np.concatenate((seg, seg[:-1][adjacent]))
    n_docs = (len(segments) + 1) // 2
    if (n_words + 1) * n_words * max(n_docs, 1) >= 2**63:
        raise ValueError("chunk too large for one int64 key a (term, document): split it")
    combined = np.repeat(keys * n_docs + seg // 2, weights[seg])  # weight w: counted w times
    combined.sort()
    edge = np.flatnonzero(np.diff(combined)) + 1
    starts = np.concatenate(([0], edge)) if len(combined) else edge
    freq = np.diff(np.append(starts, len(combined)))
    key, doc = np.divmod(combined[starts], n_docs)
    new_term = np.concatenate(([True], key[1:] != key[:-1])) if len(key) else key.astype(bool)
    distinct = key[new_term]
    sep = spec()["pair_separator"]
    is_pair = distinct >= n_words
    left, right = np.divmod(distinct[is_pair], n_words)
    names = [flat[i] for i in distinct[~is_pair].tolist()]
    names += map(
        sep.join,
        zip(
            map(flat.__getitem__, (left - 1).tolist()),
            map(flat.__getitem__, right.tolist()),
            strict=True,
        ),
    )
    return Terms(names, np.cumsum(new_term) - 1, doc, freq)


def _write_run(run: Path, terms: Terms, partitions: int, first: int) -> None:
    """Rows by partition, each partition's rows still by term then document."""
    names = terms.names
    part = np.fromiter(map(zlib.crc32, map(str.encode, names)), np.int64, len(names)) % partitions
    order = np.argsort(part, kind="stable")
    local = np.empty(len(names), dtype=np.int64)  # a term's number within its partition
    counts = np.bincount(part, minlength=partitions)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    local[order] = np.arange(len(names)) - np.repeat(starts, counts)
    row_part = part[terms.term]
    rows = np.argsort(row_part, kind="stable")
    row_counts = np.bincount(row_part, minlength=partitions)
    tid = local[terms.term[rows]].astype(np.uint32)
    doc = (terms.doc[rows] + first).astype(np.uint32)
    freq = np.minimum(terms.freq[rows], 65535).astype(np.uint16)
    by_part = [names[i] for i in order.tolist()]
    with run.open("wb") as f:
        header = np.zeros((partitions, 3), dtype=np.int64)
        f.write(header.tobytes())  # patched below: (offset, terms, rows) per partition
        t_at = r_at = 0
        for p in range(partitions):
            blob = "\n".join(by_part[t_at : t_at + counts[p]]).encode("utf-8")
            header[p] = (f.tell(), counts[p], row_counts[p])
            sel = slice(r_at, r_at + row_counts[p])
            f.write(np.int64(len(blob)).tobytes() + blob)
            f.write(tid[sel].tobytes())
            f.write(doc[sel].tobytes())
            f.write(freq[sel].tobytes())
            t_at += counts[p]
            r_at += row_counts[p]
        f.seek(0)
        f.write(header.tobytes())
