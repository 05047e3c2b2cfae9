"""What a source yields: a cable's raw fields, a media link, a release event, or a reject."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceCable:
    """One cable as a source holds it, before parsing. ``location`` names file and line/member."""

    location: str
    refid: str | None
    header: str
    body: str
    release_id: int | None = None
    created: str | None = None
    released: str | None = None
    released_precision: str = "minute"
    classification: str | None = None
    origin: str | None = None
    csv_references: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    kind: str = "csv"  # csv | html
    # A page's evidence of when it was saved (see ``versions.dating``), and why its text is
    # not whole when it is not (cut off, bytes that were no text): such a text is kept as a
    # damaged version, never the current one while a whole one exists.
    site_count: int | None = None
    site_newest: str | None = None
    captured: str | None = None
    damaged: str = ""
    raw: str = ""  # the page as read, kept for a damaged one


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that could not be read; its raw text is kept in the store."""

    location: str
    reason: str
    raw: str = ""


@dataclass(frozen=True, slots=True)
class ReleaseEvent:
    """One time the archive published (or re-published) a cable."""

    refid: str
    released: str  # YYYY-MM-DDTHH:MM
    precision: str = "minute"  # minute | hour
