"""Where a text came from and when: the provenance of one version, and the date it is ordered by.

A cable's versions are ordered by the date of the source that carried them, never by when they
were ingested, so that snapshots ingested in any order give the same history. Three kinds of
source:

* ``snapshot``: a page saved from the site on a known day. The day is the latest of what is known
  of the snapshot: a date in its name (the folder or archive above ``cable/YYYY/MM/``, e.g.
  ``2010-12-08_anarchivist_9ce40ee8/`` or ``pages-2011-04-25.tar.xz``), the capture stamp a
  mirroring tool wrote in the page, the newest release day the page's own menu lists, and the
  page's Released value. The latest wins because a page cannot have been saved before a day it
  shows: 23 pages of ``corpus/versions`` sit in a folder named 2010-12-13 yet list the release of
  2010-12-22. Two snapshots of one day are ordered by the site's "released so far" count.
* ``page``: a page of which nothing but its Released value dates the text.
* ``release``: the final ``cables.csv`` of the whole release, dated :data:`FINAL_RELEASE`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# The first release day (the site opened on 2010-11-28 with 220 cables).
FIRST_RELEASE = "2010-11-28"
# The final release: the day every page of the final site gives as Released (2011-08-30 01:44).
FINAL_RELEASE = "2011-08-30"

# What dated a source, most trusted first (a tie goes to the first), with its label.
BASES: dict[str, str] = {
    "snapshot-name": "the date in the snapshot's name",
    "capture-stamp": "the capture stamp in the page",
    "site-newest-release": "the newest release day the page lists",
    "page-released": "the page's Released value",
    "final-release": "the final release (cables.csv)",
    "ingested": "the day it was ingested (an archive from before version histories)",
    "undated": "nothing: placed at the first release day",
}
SOURCES: dict[str, str] = {
    "snapshot": "site snapshot",
    "page": "site page",
    "release": "final release",
}

_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)")
# `.../SNAPSHOT/cable/2007/01/07ALGIERS45.html` or `ARCHIVE.tar.xz:[SNAPSHOT/]cable/2007/...`
_CABLE_DIR_RE = re.compile(r"(?:^|[/:])cable/\d{4}/\d\d/[^/]+$")


@dataclass(frozen=True, slots=True)
class Sighting:
    """One source that carried a text: what it was, where, and the date it is ordered by."""

    source: str  # snapshot | page | release
    name: str  # the snapshot (folder or archive) or file
    location: str  # file and line, or page path (inside an archive: ``archive:member``)
    seen: str  # YYYY-MM-DD
    basis: str  # a key of BASES: what gave ``seen``
    site_count: int | None = None  # the site's "released so far" count on the page
    released: str | None = None  # the page's Released value

    def order(self) -> tuple[str, int, int, str]:
        """Sort key: by date; on one day snapshots and pages by the site's count, the final
        release after them; the location last, so that any order of ingest gives one order."""
        final = 1 if self.source == "release" else 0
        return (self.seen, final, self.site_count or 0, self.location)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "source_label": SOURCES.get(self.source, self.source),
            "name": self.name,
            "location": self.location,
            "seen": self.seen,
            "basis": self.basis,
            "basis_label": BASES.get(self.basis, self.basis),
            "site_count": self.site_count,
            "released": self.released,
        }


def first_date(text: str) -> str | None:
    """The first plausible ``YYYY-MM-DD`` in ``text``."""
    m = _DATE_RE.search(text)
    return "-".join(m.groups()) if m else None


def snapshot_of(location: str) -> tuple[str, str | None]:
    """The snapshot a page's ``location`` belongs to, and the date its name gives.

    The snapshot is the folder above ``cable/YYYY/MM/``, or the archive the page was read from
    (the nearer of the two that holds a date); a lone page is named by its file and dated by
    nothing but its content.
    """
    path = location.removeprefix("html:").replace("\\", "/")
    m = _CABLE_DIR_RE.search(path)
    if m is None:
        return path.rsplit("/", 1)[-1], None
    archive, _, folder = path[: m.start()].rpartition(":")
    parts = [p.rsplit("/", 1)[-1] for p in (archive, folder)]
    parts = [p for p in parts if p]
    for part in reversed(parts):
        if day := first_date(part):
            return part, day
    return (parts[-1] if parts else path.rsplit("/", 1)[-1]), None


def page_sighting(
    location: str,
    *,
    released: str | None,
    site_count: int | None = None,
    site_newest: str | None = None,
    captured: str | None = None,
) -> Sighting:
    """The provenance of a cable page read at ``location`` (see the module's rules)."""
    name, named = snapshot_of(location)
    evidence = [
        ("snapshot-name", named),
        ("capture-stamp", captured),
        ("site-newest-release", site_newest),
        ("page-released", released[:10] if released else None),
    ]
    known = [(day, -i, basis) for i, (basis, day) in enumerate(evidence) if day]
    if not known:
        # nothing dates it (a page of the first site, saved under a name without a date): the
        # first release day, so that it comes before every dated version
        return Sighting("page", name, location, FIRST_RELEASE, "undated", site_count, released)
    day, _, basis = max(known)
    source = "page" if basis == "page-released" else "snapshot"
    return Sighting(source, name, location, day, basis, site_count, released)


def release_sighting(location: str) -> Sighting:
    """The provenance of a row of the final ``cables.csv``."""
    path = location.removeprefix("csv:")
    name = path.rsplit(":", 1)[0].replace("\\", "/").rsplit("/", 1)[-1]
    return Sighting("release", name, location, FINAL_RELEASE, "final-release")
