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
    currency: str
    text_key: str


def beats(row: CableRow, held: Held | CableRow) -> bool:
    """Whether ``row`` becomes the cable's current row over ``held`` (see versions.current):
    a greater currency, or an equal one with other content (a later cables.csv row)."""
    if row.currency != held.currency:
        return row.currency > held.currency
    return (row.text_hash, row.meta_hash) != (held.text_hash, held.meta_hash)


@dataclass
class Batch:
    """A batch sorted by what each row does to the store; rows by their place in the batch."""

    existing: dict[str, Held]
    fresh: dict[str, tuple[int, CableRow]] = field(default_factory=dict)
    changed: dict[str, tuple[int, CableRow]] = field(default_factory=dict)
    # rows that do not become current: their text is kept as a version, their media links and
    # release events are added
    extras: list[CableRow] = field(default_factory=list)
    repeats: int = 0

    @property
    def written(self) -> list[CableRow]:
        return [r for _, r in (*self.fresh.values(), *self.changed.values())]

    @property
    def positions(self) -> frozenset[int]:
        return frozenset(i for i, _ in (*self.fresh.values(), *self.changed.values()))

    def text_changed(self, row: CableRow) -> bool:
        return self.existing[row.refid].text_key != row.text_key

    def counts(self, touched: set[str]) -> UpsertCounts:
        """``touched``: the refids of ``extras`` that gained a media link or a release event."""
        extra_ids = {r.refid for r in self.extras} - set(self.fresh) - set(self.changed)
        gained = len(extra_ids & touched)
        return UpsertCounts(
            len(self.fresh),
            len(self.changed) + self.repeats + gained,
            len(extra_ids) - gained,
            frozenset(self.fresh),
            self.positions,
        )


def sort_batch(rows: Sequence[CableRow], existing: dict[str, Held]) -> Batch:
    """Each cable's current row is the one that ranks first (``versions.current``): a page never
    replaces the release's text, a redacted text never an unredacted one, whatever the order;
    every other row still adds its text as a version, its media links and release time."""
    batch = Batch(existing)
    for i, r in enumerate(rows):
        pending = batch.fresh.get(r.refid) or batch.changed.get(r.refid)
        held: Held | CableRow | None = pending[1] if pending else existing.get(r.refid)
        if held is None:
            batch.fresh[r.refid] = (i, r)
        elif beats(r, held):
            if pending is not None:
                batch.repeats += 1  # the same refid twice in one batch
                batch.extras.append(pending[1])
            (batch.fresh if r.refid in batch.fresh else batch.changed)[r.refid] = (i, r)
        else:
            batch.extras.append(r)
    return batch


# the cable columns every store writes from a row, in the order of :func:`row_columns`
COLUMNS = (
    "canonical_id, release_id, created, classification, class_slug, origin, origin_slug,"
    " country, region, subject, header, body, data, text_hash, meta_hash, source, origin_rank,"
    " text_key, currency, problem_count, updated_at, refid"
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
        r.text_key,
        r.currency,
        len(r.problems),
        stamp,
        r.refid,
    )
