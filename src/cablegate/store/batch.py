"""What a batch of rows does to a store, the same for every backend: which rows are new, which
changed (their old text kept as a version), which only bring media or release events.

Both stores sort a batch with :func:`sort_batch` and write the columns of :func:`row_columns`,
so they cannot disagree on what an upsert means.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cablegate.posts import post_for_origin, slugify
from cablegate.store.base import UpsertCounts
from cablegate.store.codec import CableRow


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def in_chunks(items: Sequence[str], size: int = 500) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


@dataclass(frozen=True, slots=True)
class Held:
    """What the store holds of a cable a batch names again."""

    text_hash: str
    meta_hash: str
    origin_rank: int


@dataclass
class Batch:
    """A batch sorted by what each row does to the store."""

    existing: dict[str, Held]
    fresh: dict[str, CableRow] = field(default_factory=dict)
    changed: dict[str, CableRow] = field(default_factory=dict)
    extras: list[CableRow] = field(default_factory=list)  # text unchanged: media/releases only
    repeats: int = 0

    @property
    def written(self) -> list[CableRow]:
        return [*self.fresh.values(), *self.changed.values()]

    def text_changed(self, row: CableRow) -> bool:
        return self.existing[row.refid].text_hash != row.text_hash

    def counts(self, touched: set[str]) -> UpsertCounts:
        """``touched``: the refids of ``extras`` that gained a media link or a release event."""
        extra_ids = {r.refid for r in self.extras}
        gained = len(extra_ids & touched)
        return UpsertCounts(
            len(self.fresh),
            len(self.changed) + self.repeats + gained,
            len(extra_ids) - gained,
            frozenset(self.fresh),
        )


def sort_batch(rows: Sequence[CableRow], existing: dict[str, Held]) -> Batch:
    """A cable from ``cables.csv`` (rank 1) replaces a page's rendering of it (rank 0), never
    the reverse; a page still adds its media links and release time."""
    batch = Batch(existing)
    for r in rows:
        old = existing.get(r.refid)
        if r.refid in batch.fresh or r.refid in batch.changed:
            batch.repeats += 1  # the same refid twice in one batch: the later one wins
            (batch.fresh if r.refid in batch.fresh else batch.changed)[r.refid] = r
        elif old is None:
            batch.fresh[r.refid] = r
        elif r.origin_rank < old.origin_rank or (old.text_hash, old.meta_hash) == (
            r.text_hash,
            r.meta_hash,
        ):
            batch.extras.append(r)
        else:
            batch.changed[r.refid] = r
    return batch


# the cable columns every store writes from a row, in the order of :func:`row_columns`
COLUMNS = (
    "canonical_id, release_id, created, classification, class_slug, origin, origin_slug,"
    " country, region, subject, header, body, data, text_hash, meta_hash, source, origin_rank,"
    " problem_count, updated_at, refid"
)


def row_columns(r: CableRow, stamp: str) -> tuple[Any, ...]:
    """The values of :data:`COLUMNS` for ``r``, written at ``stamp``."""
    post = post_for_origin(r.origin)
    return (
        r.canonical_id,
        r.release_id,
        r.created,
        r.classification,
        slugify(r.classification) if r.classification else None,
        r.origin,
        slugify(r.origin) if r.origin else None,
        post.iso2 if post else None,
        post.region if post else None,
        r.subject,
        r.header,
        r.body,
        r.data,
        r.text_hash,
        r.meta_hash,
        r.source,
        r.origin_rank,
        len(r.problems),
        stamp,
        r.refid,
    )
