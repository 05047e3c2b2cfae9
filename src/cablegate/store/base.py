"""The one narrow interface every record store implements (SQLite and PostgreSQL).

Views, the CLI and the exporters see only this Protocol and the records below: no SQL above
the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from cablegate.model import Cable
from cablegate.people import Mention
from cablegate.sources.record import ReleaseEvent
from cablegate.store.codec import CableRow, EncodedCable
from cablegate.store.inputs import CableInputs
from cablegate.store.quality import Quality
from cablegate.versions.history import Facts, Text


@dataclass(frozen=True, slots=True)
class CableSummary:
    """One row of a list: enough to show and link a cable."""

    refid: str
    subject: str
    created: str | None
    released: str | None
    origin: str | None
    classification: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "refid": self.refid,
            "subject": self.subject,
            "created": self.created,
            "released": self.released,
            "origin": self.origin,
            "classification": self.classification,
        }


@dataclass(frozen=True, slots=True)
class RefEdge:
    """One REF item: the stored cable ``citing`` (its published refid) names ``cited`` (a
    canonical id, of a cable in the archive or not) as its ``position``-th reference."""

    citing: str
    cited: str
    position: int


@dataclass(frozen=True, slots=True)
class CitedCount:
    """A cable named in the REF lines of ``count`` stored cables; ``cable`` is None when the
    cited cable is not in the archive (``cited`` is its canonical id)."""

    cited: str
    count: int
    cable: CableSummary | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "cited": self.cited,
            "count": self.count,
            "in_archive": self.cable is not None,
            "cable": self.cable.to_dict() if self.cable else None,
        }


@dataclass(frozen=True, slots=True)
class StoredCable:
    """A parsed cable with what the archive knows beside its text."""

    cable: Cable
    release_id: int | None = None  # sequential id in the full release (cables.csv column 1)
    media: tuple[str, ...] = ()
    releases: tuple[ReleaseEvent, ...] = ()
    versions: int = 0  # other versions kept beside the current text (see cablegate.versions)
    source: str = ""  # where the current text came from: "csv:cables.csv:12", "html:..."
    redacted: bool = False  # some version of the cable holds a redaction (runs of X)

    def laid_out(self) -> StoredCable:
        """This cable with the layout and header lines the ingest leaves to display time, for
        a cable read without them (``Store.get`` lays out what it reads)."""
        from cablegate.parse import with_layout

        cable = with_layout(self.cable)
        return self if cable is self.cable else replace(self, cable=cable)

    @property
    def refid(self) -> str:
        return self.cable.refid or ""

    def to_dict(self) -> dict[str, Any]:
        """The ``show --json`` object: ``Cable.to_dict()`` plus stored extras."""
        from cablegate.posts import post_for_origin, slugify

        d = self.cable.to_dict()
        d["media"] = list(self.media)
        d["release_id"] = self.release_id
        d["release_history"] = [
            {"released": r.released, "precision": r.precision} for r in self.releases
        ]
        d["versions"] = self.versions
        d["redacted"] = self.redacted
        d["source"] = self.source
        post = post_for_origin(self.cable.origin)
        d["origin_slug"] = slugify(self.cable.origin) if self.cable.origin else None
        d["country"] = post.country if post else None
        d["iso2"] = post.iso2 if post else None
        d["region"] = post.region if post else None
        return d


@dataclass(frozen=True, slots=True)
class ListPage:
    """A page of a browse list."""

    items: tuple[CableSummary, ...]
    total: int
    page: int
    per_page: int
    sort: str
    order: str

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "sort": self.sort,
            "order": self.order,
            "items": [c.to_dict() for c in self.items],
        }


@dataclass(frozen=True, slots=True)
class AxisValue:
    """One value of a browse axis with its count (``label`` is the human form)."""

    value: str
    count: int
    label: str = ""
    group: str = ""  # e.g. region for origins, kind for tags, year for months


@dataclass(frozen=True, slots=True)
class PersonCable:
    """A cable a person classified or signed, as a person's page lists it."""

    cable: CableSummary
    role: str  # classifier | signer
    name: str  # the name form the cable gives

    def to_dict(self) -> dict[str, Any]:
        return {**self.cable.to_dict(), "role": self.role, "name": self.name}


@dataclass(frozen=True, slots=True)
class PersonList:
    """A page of a person's cables: one row a cable and role (an ambassador who classified and
    signed a cable has it twice), oldest first, as ``ListPage`` pages a browse list."""

    items: tuple[PersonCable, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "cables": [c.to_dict() for c in self.items],
        }


@dataclass(frozen=True, slots=True)
class PersonRow:
    """One name a cable gives, as the mirror's plan reads them all (to key each person)."""

    refid: str
    surname: str
    post: str
    created: str
    name: str


@dataclass(frozen=True, slots=True)
class ReasonCount:
    """How many cables of one year and post give one classification reason."""

    reason: str  # "1.4(b)"
    year: str | None
    post: str | None  # origin slug
    count: int


@dataclass(frozen=True, slots=True)
class UpsertCounts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # refids stored for the first time: the search index cannot hold an older document of theirs
    fresh: frozenset[str] = frozenset()
    # places in the batch of the rows that became their cable's current row (the others were
    # kept as versions only): only their search documents describe what the store holds
    written: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class CableChange:
    """A cable whose text changed, for ``/changes`` and its feed: newest change first."""

    refid: str
    subject: str
    created: str | None
    released: str | None
    origin: str | None
    classification: str | None
    changed: str  # YYYY-MM-DD: the day of the newest change of text
    versions: int
    redacted: bool  # some version holds a redaction
    hidden_words: int  # the most words a version withholds of the current text
    hidden_names: int
    summary: str  # the newest change in one line

    def to_dict(self) -> dict[str, Any]:
        return {
            "refid": self.refid,
            "subject": self.subject,
            "created": self.created,
            "released": self.released,
            "origin": self.origin,
            "classification": self.classification,
            "changed": self.changed,
            "versions": self.versions,
            "redacted": self.redacted,
            "hidden_words": self.hidden_words,
            "hidden_names": self.hidden_names,
            "summary": self.summary,
        }


@dataclass(frozen=True, slots=True)
class ChangeList:
    """A page of :class:`CableChange`, newest change first."""

    items: tuple[CableChange, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True, slots=True)
class Pending:
    """What the store knows of a cable waiting for the index that its parsed text does not."""

    released: str | None  # the earliest release event
    redacted: bool  # redacted in some version


@dataclass(frozen=True, slots=True)
class Waiting:
    """A stored cable the search index does not hold yet (``row_id`` orders the catch-up)."""

    row_id: int
    refid: str


class Store(Protocol):
    """Record of truth for cables; every method is one library call for a view or command."""

    def upsert_cables(self, rows: Sequence[CableRow]) -> UpsertCounts:
        """Insert or update by refid in one transaction; a changed text keeps the old version."""
        ...

    def add_media(self, links: Iterable[tuple[str, str]]) -> int:
        """(refid, url) pairs; duplicates ignored. Returns how many were new."""
        ...

    def add_releases(self, events: Iterable[ReleaseEvent]) -> int:
        """Release events; sets a cable's ``released`` to its earliest. Returns how many were new."""
        ...

    def add_rejects(self, rejects: Iterable[tuple[str, str, str]]) -> None:
        """(location, reason, raw text) of records that could not be read: kept, never lost."""
        ...

    def get(self, refid: str, *, paragraphs: bool = True) -> StoredCable | None:
        """The cable published as ``refid``, else by canonical or malformed-id twin, laid out
        for display; ``paragraphs=False`` leaves out the paragraph texts and the layout
        (indexing needs neither)."""
        ...

    def resolve(self, refid: str) -> str | None:
        """The published refid a user means by ``refid`` (any spelling), or None."""
        ...

    def resolve_many(self, canonical_ids: Iterable[str]) -> dict[str, str]:
        """canonical id -> published refid, for those in the archive."""
        ...

    def cited_by(self, refid: str) -> list[CableSummary]:
        """Cables whose REF names this one, oldest first."""
        ...

    def neighbours(self, refid: str) -> tuple[CableSummary | None, CableSummary | None]:
        """Previous and next cable from the same origin by creation time."""
        ...

    def ref_edges(self, refids: Sequence[str]) -> list[RefEdge]:
        """Every REF item of the cables ``refids`` (published ids) and every REF item naming
        one of them, by citing cable and position: one step of a thread's walk."""
        ...

    def summaries(self, refids: Sequence[str]) -> dict[str, CableSummary]:
        """refid -> its list row, for those of ``refids`` in the archive."""
        ...

    def most_cited(
        self, *, year: str | None = None, origin: str | None = None, limit: int = 100
    ) -> list[CitedCount]:
        """The cables named in the most REF lines, most first (ties by canonical id); with
        ``year`` (YYYY) or ``origin`` (a slug), only cables of the archive created in that
        year or sent from that post. Made once per content generation."""
        ...

    def months(self, axis: str, value: str) -> list[AxisValue]:
        """The cables of one list (as ``browse`` takes it) by month of creation (YYYY-MM),
        in month order; months without cables left out. Made once per content generation."""
        ...

    def browse(
        self,
        axis: str,
        value: str,
        *,
        sort: str = "created",
        order: str = "asc",
        page: int = 1,
        per_page: int = 50,
    ) -> ListPage:
        """Cables on one value of an axis: date=YYYY-MM, released=YYYY-MM-DD, origin=slug,
        tag=TAG, classification=slug, country=iso2, year=YYYY."""
        ...

    def browse_pages(self, axis: str, value: str, *, per_page: int = 50) -> Iterator[ListPage]:
        """Every page of one list in the default order (created, then refid, ascending), each
        as ``browse(axis, value, page=n)`` gives it, for a reader of all of them (the static
        mirror): the list is counted once and walked once in order, each page starting after
        the last row of the one before (SQLite: one cursor; PostgreSQL: a server-side one), so
        a deep page costs what the first one does. Nothing for an empty list."""
        ...

    def axis_values(self, axis: str) -> list[AxisValue]:
        """Every value of an axis with its count, for the index pages."""
        ...

    def latest_released(self, limit: int = 20) -> list[CableSummary]: ...

    # -- people (see cablegate.people) ------------------------------------------------------

    def person_mentions(self) -> list[Mention]:
        """Every classifier and signer name form at each post in each month, with its number
        of cables: what ``people.join`` makes persons of (remembered per generation)."""
        ...

    def person_cables(
        self,
        surname: str,
        post: str,
        first: str,
        last: str,
        names: Sequence[str],
        *,
        page: int = 1,
        per_page: int = 50,
    ) -> PersonList:
        """Page ``page`` of the cables naming one of ``names`` (of surname key ``surname``) at
        ``post``, created in the months ``first`` to ``last`` (YYYY-MM), oldest first."""
        ...

    def person_pages(
        self,
        surname: str,
        post: str,
        first: str,
        last: str,
        names: Sequence[str],
        *,
        per_page: int = 50,
    ) -> Iterator[PersonList]:
        """Every page of ``person_cables`` from one walk of the index (the mirror's)."""
        ...

    def person_rows(self) -> Iterator[PersonRow]:
        """Every name of every cable with a post and a creation time."""
        ...

    def reason_counts(self) -> list[ReasonCount]:
        """Cables giving each classification reason, by creation year and post."""
        ...

    def classified_cables(self) -> dict[tuple[str | None, str | None], int]:
        """(year, post) -> how many cables give any classification reason."""
        ...

    # -- versions (see cablegate.versions) ---------------------------------------------------

    def texts(self, refid: str) -> list[Text]:
        """Every text kept of the cable published as ``refid`` (the current one flagged), each
        with the sources that carried it; ``[]`` for no such cable."""
        ...

    def changes(self, *, page: int = 1, per_page: int = 50) -> ChangeList:
        """Cables with more than one version, newest change of text first (``/changes`` and
        its feed)."""
        ...

    def stale_histories(self, limit: int = 500) -> list[str]:
        """Cables whose versions changed since ``put_histories`` last summed them up."""
        ...

    def put_histories(self, facts: Iterable[Facts], done: Sequence[str] = ()) -> None:
        """Keep what ``versions.stored`` found of the cables ``done``."""
        ...

    def generation(self) -> int:
        """The archive's content generation: every committed write that can change a page or a
        search result (an ingest batch, media, release events, an index commit) adds one.
        HTTP ETags are made of it."""
        ...

    def is_empty(self) -> bool:
        """No cable stored yet."""
        ...

    def stats(self) -> dict[str, Any]:
        """``{"cables": N, "by_classification": {...}, "by_year": {...}, "releases": {...}, ...}``"""
        ...

    def iter_encoded(self) -> Iterator[EncodedCable]:
        """Every cable as stored, streamed, for bulk readers that decode in worker processes."""
        ...

    def refids_after(self, after: str = "", limit: int = 1000) -> list[str]:
        """Published refids in byte order after ``after``: the whole archive walked in stable
        batches, each one short statement (an export of every cable)."""
        ...

    def cables_of(self, refids: Sequence[str]) -> list[StoredCable]:
        """The cables published as ``refids`` (those stored), in the order given, for a batch
        of an export: paragraphs and linked media in, no layout, no release events, no count of
        versions (each a look-up a cable that an export does not show)."""
        ...

    def quality(self) -> Quality:
        """The data-quality report (``store.quality``): problems by field and year, malformed
        ids, cables without subject or tags, the last rejects."""
        ...

    def cable_inputs(self) -> list[CableInputs]:
        """What every cable's pages are made from, in one pass (the static mirror's keys)."""
        ...

    # -- what an ingest needs: write batching and the index's bookkeeping ----------------------

    def bulk_writes(self, on: bool = True) -> None:
        """Tune the store for a long run of batched writes (``on``), or back for readers."""
        ...

    def unindexed(self, limit: int = 1000, *, after_id: int = 0) -> list[Waiting]:
        """Cables waiting for the index, in row order after ``after_id``."""
        ...

    def changed_since(
        self, generation: int, limit: int = 1000, *, after_id: int = 0
    ) -> list[Waiting]:
        """Cables whose search document changed in a write committed after ``generation``
        (every cable for -1), in row order after ``after_id``: what an index that caught up to
        ``generation`` lacks, whichever node wrote it (``ingest.recovery.catch_up``)."""
        ...

    def waiting_for_index(self, refids: Sequence[str]) -> dict[str, Pending]:
        """refid -> what the index needs from the store, for those of ``refids`` not yet
        indexed."""
        ...

    def mark_indexed(self, refids: Sequence[str], value: int = 1) -> None:
        """Record that the index holds (1) or must get again (0) these cables."""
        ...

    def mark_all_unindexed(self) -> None:
        """Send every cable back to the indexer (``reindex``)."""
        ...

    # -- whole tables, for ``cablegate copy`` (``tables.TABLES`` names them) ---------------

    def dump(self, table: str) -> Iterator[tuple[Any, ...]]:
        """Every row of ``table``, streamed in a stable order, in ``TABLES[table]``'s columns."""
        ...

    def load(self, table: str, rows: Iterable[Sequence[Any]]) -> int:
        """Append ``rows`` (as ``dump`` gives them) in batches; returns how many."""
        ...

    def table_counts(self) -> dict[str, int]:
        """Rows in each table of ``TABLES``."""
        ...

    def close(self) -> None: ...
