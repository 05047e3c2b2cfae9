"""Near-duplicate cables (a cable re-sent, the same text sent again from or to another post),
grouped by shingling and MinHash LSH (``datasketch``), built by ``cablegate similar --build``.

Each cable's text is cut into the index's words (``search.schema.words``) and read as the set of
its overlapping runs of ``SHINGLE_WORDS`` words; two cables whose sets have an estimated
Jaccard similarity of ``THRESHOLD`` or more are near-duplicates, and groups are their
transitive closure. datasketch computes the signatures and chooses the LSH bands; the build
streams the store once (``Store.iter_encoded``) and keeps only each cable's signature
(``NUM_PERM`` 32-bit values, 256 bytes) and refid, never its text (see ``group``).
At full scale (a copy of the 251,287-cable benchmark archive, SQLite) the build took 320-365 s
of CPU (6.6-8.5 min of wall time on 2 cores shared with other work) and peaked at 587 MB
resident: ~290 MB of it the process's own, ~295 MB the database's pages (SQLite's 256 MB mmap). The groups are derived data, like
the search index, and are written beside it as one JSON file (``path_for``): no migration on
either backend, and a node that serves the index serves its groups; the ingest is unchanged.
"""

from __future__ import annotations

import json
import os
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from cablegate.errors import CablegateError
from cablegate.parse.text import clean_content
from cablegate.search.schema import words
from cablegate.store.base import Store

FORMAT = 1
SHINGLE_WORDS = 5
NUM_PERM = 64
THRESHOLD = 0.8
# A text of fewer shingles than this (a one-line cable, "PLEASE PASS TO ...") is too short to
# tell a re-sent cable from two cables that happen to say the same line: never grouped.
MIN_SHINGLES = 8
SEED = 1
# (false positives, false negatives): datasketch's even weights choose 5 bands of 11 values for
# 64 at 0.8, which finds a pair of Jaccard 0.8 36% of the time and of 0.9 85%. These choose
# 9 bands of 7: 88% at 0.8, 99.7% at 0.9; the price, candidates of Jaccard 0.5 7% of the time,
# is a comparison of two signatures each (a pair is kept only when they agree enough).
LSH_WEIGHTS = (0.1, 0.9)
SCHEME = "affine32"  # datasketch 2: 32-bit values, a signature is NUM_PERM * 4 bytes


def path_for(index: Path) -> Path:
    """The groups' file beside the search index ``archive.db.index``:
    ``archive.db.near-duplicates.json``."""
    return index.with_name(index.name.removesuffix(".index") + ".near-duplicates.json")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The runs of ``size`` consecutive words of ``text`` (as the index cuts words)."""
    w = words(text)
    return {" ".join(w[i : i + size]).encode() for i in range(len(w) - size + 1)}


def _hash32(data: bytes) -> int:
    # 127 ns a shingle against 485 for datasketch's default (sha1): a MinHash needs an even
    # spread of values, not a cryptographic hash.
    return zlib.crc32(data)


@dataclass(frozen=True, slots=True)
class Text:
    """One cable's text to compare: its refid and its cleaned body."""

    refid: str
    text: str


def texts(store: Store) -> Iterator[Text]:
    """Every cable's refid and cleaned body, streamed from the store (no decoding)."""
    for row in store.iter_encoded():
        refid = json.loads(row.data)["refid"]
        yield Text(str(refid), clean_content(row.body))


class _Groups:
    """Union-find over cable numbers."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, a: int) -> int:
        root = a
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(a, a) != root:  # path compression
            self.parent[a], a = root, self.parent[a]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for a in list(self.parent):
            out.setdefault(self.find(a), []).append(a)
        return {r: sorted({r, *m}) for r, m in out.items()}


def group(
    items: Iterable[Text],
    *,
    threshold: float = THRESHOLD,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[list[str]], int]:
    """Near-duplicate groups of ``items`` (each a sorted list of two or more refids, the
    groups sorted by their first refid), and how many texts were read.

    One pass computes each text's MinHash signature (datasketch) into one array; then LSH
    banding, with datasketch's bands for ``threshold``, is a sort of each band's values:
    cables with equal values in a band are candidates, kept when their signatures agree on at
    least ``threshold`` of their values. datasketch's ``MinHashLSH`` keeps a dict entry a band
    a cable: 2.5 KB a cable, some 630 MB at full scale; these arrays take NUM_PERM * 4 bytes a
    cable (64 MB) and one band's sort at a time.
    """
    from datasketch import MinHash, MinHashLSH

    # the permutations drawn once (a MinHash draws its own at every construction otherwise)
    permutations = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    signatures = bytearray()  # NUM_PERM uint32 a cable, in reading order
    refids: list[str] = []
    short = bytearray()  # 1: too short to group
    for n, item in enumerate(items):
        refids.append(item.refid)
        found = shingles(item.text)
        m = MinHash(num_perm=NUM_PERM, hashfunc=_hash32, permutations=permutations, scheme=SCHEME)
        if len(found) >= MIN_SHINGLES:
            m.update_batch(list(found))
        signatures += m.hashvalues.astype(np.uint32).tobytes()
        short.append(len(found) < MIN_SHINGLES)
        if progress is not None and n % 1000 == 999:
            progress(n + 1)
    # a view, not a copy (64 MB at full scale): the buffer grows no more
    sigs = np.frombuffer(signatures, np.uint32).reshape(len(refids), NUM_PERM)
    bands = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
    groups = _Groups()
    usable = np.frombuffer(bytes(short), np.uint8) == 0
    _join_bands(sigs, usable, (bands.b, bands.r), threshold, groups)
    ordered = [[refids[i] for i in members] for members in groups.members().values()]
    return sorted(sorted(g) for g in ordered), len(refids)


def _join_bands(
    sigs: np.ndarray[Any, Any],
    usable: np.ndarray[Any, Any],
    bands: tuple[int, int],
    threshold: float,
    groups: _Groups,
) -> None:
    """Join the cables (numbers) that are equal on all values of one band (``bands``: how
    many, of how many values) and whose whole signatures agree on ``threshold`` of them.
    Within a run of equal band values, the first cable is compared with all the others at
    once, those it matches are joined to it, and the rest is a run of its own: vectorised,
    and linear in the run for a group of copies (a pair missed this way, two cables alike
    but both unlike the run's first, is found by another band)."""
    b, r = bands
    rng = np.random.default_rng(SEED)
    numbers = np.flatnonzero(usable)
    for band in range(b):
        values = sigs[numbers, band * r : (band + 1) * r].astype(np.uint64)
        mix = rng.integers(1, 2**63, size=r, dtype=np.uint64) | np.uint64(1)
        key = (values * mix).sum(axis=1)  # wraps: a hash of the band; a collision is checked
        order = np.argsort(key, kind="stable")
        ranked = key[order]
        starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
        sizes = np.diff(np.r_[starts, len(ranked)])
        for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
            run = numbers[order[start : start + size]]
            while len(run) > 1:
                agree = (sigs[run[1:]] == sigs[run[0]]).mean(axis=1) >= threshold
                for other in run[1:][agree]:
                    groups.union(int(run[0]), int(other))
                run = run[1:][~agree]


def build(store: Store, index: Path, progress: Callable[[int], None] | None = None) -> Built:
    """Group the near-duplicates of the whole archive and write them beside the index."""
    started = time.perf_counter()
    found, read = group(texts(store), progress=progress)
    built = Built(
        path=path_for(index),
        groups=len(found),
        cables=sum(len(g) for g in found),
        read=read,
        seconds=time.perf_counter() - started,
    )
    data = {
        "format": FORMAT,
        "built_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M"),
        "cables_read": read,
        "shingle_words": SHINGLE_WORDS,
        "num_perm": NUM_PERM,
        "threshold": THRESHOLD,
        "groups": found,
    }
    built.path.parent.mkdir(parents=True, exist_ok=True)
    part = built.path.with_name(built.path.name + ".part")
    part.write_text(json.dumps(data, separators=(",", ":")))
    os.replace(part, built.path)  # readers see the old file or the new one, never half
    return built


@dataclass(frozen=True, slots=True)
class Built:
    """What a build wrote: where, how many groups of how many cables, from how many read."""

    path: Path
    groups: int
    cables: int
    read: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "groups": self.groups,
            "cables_grouped": self.cables,
            "cables_read": self.read,
            "seconds": round(self.seconds, 1),
        }


@dataclass(frozen=True, slots=True)
class NearDuplicates:
    """The built groups: each cable's fellow near-duplicates, and when they were built."""

    built_at: str
    cables_read: int
    fellows: dict[str, tuple[str, ...]]  # refid -> its whole group

    def of(self, refid: str) -> tuple[str, ...]:
        """The other cables of ``refid``'s group (empty when it has none)."""
        return tuple(r for r in self.fellows.get(refid, ()) if r != refid)


def built_stamp(path: Path) -> int | None:
    """When the groups at ``path`` were written (a number that changes with each build),
    ``None`` when not built: part of the web pages' ETag."""
    try:
        return path.stat().st_mtime_ns // 1_000_000
    except OSError:
        return None


def load(path: Path) -> NearDuplicates | None:
    """The groups written at ``path``, ``None`` when not built yet; read again only when the
    file changed (a new build)."""
    stamp = built_stamp(path)
    return None if stamp is None else _read(path, stamp)


@lru_cache(maxsize=2)
def _read(path: Path, stamp: int) -> NearDuplicates:
    try:
        data = json.loads(path.read_text())
        fellows = {}
        for members in map(tuple, data["groups"]):
            for r in members:  # one tuple a group, shared by its cables
                fellows[r] = members
        return NearDuplicates(str(data["built_at"]), int(data["cables_read"]), fellows)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise CablegateError(
            f"cannot read the near-duplicate groups {path} ({exc}): run `cablegate similar"
            " --build` again"
        ) from None
