"""One chunk of consecutive cables, read in a worker process: their result files, their facet
values, and their postings as a run file partitioned by term (merged later by ``merge``).

A run file holds a header (offset, terms, rows per partition) then, per partition, the chunk's
distinct terms (one UTF-8 line each) and three arrays (term number, document, weighted term frequency); the documents ascend, so merging the
chunks in order keeps every term's documents sorted without a sort.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count, repeat
from pathlib import Path

import numpy as np

from cablegate.model import Cable
from cablegate.parse.titlefy import display_subject
from cablegate.search.document import index_fields
from cablegate.staticsearch.encoding import deflate
from cablegate.staticsearch.tokens import pairs, words
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
    vocab: dict[str, int] = {}
    fresh = count()  # ids for new terms: unique, with gaps (``map`` keeps the loop in C)
    term_ids: list[int] = []
    docs: list[int] = []
    freqs: list[int] = []
    facets, lengths = [], []
    files = size = 0
    for offset, item in enumerate(items):
        doc = first + offset
        fields = index_fields(_cable(item))
        body, subject = words(fields["text"]), words(fields["subject"])
        counts = Counter(body)
        counts.update(pairs(body))
        counts.update((subject + pairs(subject)) * SUBJECT_WEIGHT)
        term_ids.extend(map(vocab.setdefault, counts, fresh))
        docs.extend(repeat(doc, len(counts)))
        freqs.extend(counts.values())
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
            "title": display_subject(fields["subject"]),
            "created": fields["created"],
            "origin": fields["origin"],
            "classification": fields["classification"],
            "text": fields["text"],
        }
        data = deflate(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode())
        path = doc_path(out, doc)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        files, size = files + 1, size + len(data)
    _write_run(run, vocab, term_ids, docs, freqs, partitions)
    return ChunkResult(first, tuple(facets), tuple(lengths), files, size)


def _write_run(
    run: Path,
    vocab: dict[str, int],
    term_ids: list[int],
    docs: list[int],
    freqs: list[int],
    partitions: int,
) -> None:
    terms = list(vocab)
    crcs = list(map(zlib.crc32, map(str.encode, terms)))
    part = np.asarray(crcs, dtype=np.int64) % partitions
    dense = np.zeros(max(vocab.values(), default=-1) + 1, dtype=np.int64)
    dense[np.fromiter(vocab.values(), np.int64, len(vocab))] = np.arange(len(terms))
    tid = dense[np.asarray(term_ids, dtype=np.int64)]
    doc = np.asarray(docs, dtype=np.uint32)
    freq = np.minimum(np.asarray(freqs, dtype=np.int64), 65535).astype(np.uint16)
    # renumber terms within their partition, in first-seen order
    order = np.argsort(part, kind="stable")
    local = np.empty(len(terms), dtype=np.int64)
    counts = np.bincount(part, minlength=partitions)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    local[order] = np.arange(len(terms)) - np.repeat(starts, counts)
    row_part = part[tid]
    rows = np.argsort(row_part, kind="stable")
    row_counts = np.bincount(row_part, minlength=partitions)
    by_part = np.array(terms, dtype=object)[order].tolist()
    with run.open("wb") as f:
        header = np.zeros((partitions, 3), dtype=np.int64)
        f.write(header.tobytes())  # patched below: (offset, terms, rows) per partition
        t_at = r_at = 0
        for p in range(partitions):
            names = "\n".join(by_part[t_at : t_at + counts[p]])
            blob = names.encode("utf-8")
            header[p] = (f.tell(), counts[p], row_counts[p])
            sel = rows[r_at : r_at + row_counts[p]]
            f.write(np.int64(len(blob)).tobytes() + blob)
            f.write(local[tid[sel]].astype(np.uint32).tobytes())
            f.write(doc[sel].tobytes())
            f.write(freq[sel].tobytes())
            t_at += counts[p]
            r_at += row_counts[p]
        f.seek(0)
        f.write(header.tobytes())
