"""One chunk of consecutive cables, read in a worker process: their result files, their facet
values, and their postings as a run file (``runs``), merged later by ``merge``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cablegate.model import Cable
from cablegate.parse.titlefy import display_subject
from cablegate.search.document import index_fields
from cablegate.staticsearch.encoding import RESULT_LEVEL, deflate
from cablegate.staticsearch.runs import count_terms, write_run
from cablegate.staticsearch.tokens import words
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
            "title": display_subject(fields["subject"]),
            "created": fields["created"],
            "origin": fields["origin"],
            "classification": fields["classification"],
            "text": fields["text"],
        }
        text = json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()
        data = deflate(text, RESULT_LEVEL)
        path = doc_path(out, doc)
        if path.parent not in folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            folders.add(path.parent)
        with open(path, "wb") as f:
            f.write(data)
        files, size = files + 1, size + len(data)
    weights = np.tile(np.array([1, SUBJECT_WEIGHT], dtype=np.int64), len(items))
    terms = count_terms(segments, weights)
    write_run(run, terms, first, partitions)
    return ChunkResult(first, tuple(facets), tuple(lengths), files, size)
