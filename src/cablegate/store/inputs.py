"""What each cable page is made from, read for every cable at once (for the static mirror).

The mirror keys each page by these inputs, so a second run renders only the pages whose inputs
changed; reading them in a few whole-table scans costs seconds where a ``get`` per cable costs
minutes at full scale.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class CableInputs:
    """One cable's row facts: the columns its pages and browse lists show, and digests of the
    rest (text, parsed fields, media, release events)."""

    refid: str
    canonical_id: str
    created: str | None
    released: str | None
    origin_slug: str | None
    class_slug: str | None
    country: str | None
    updated_at: str | None
    digest: str  # text and parsed-field hashes, released, media and release events
    tags: tuple[str, ...]
    cites: tuple[str, ...]  # canonical ids of the cables it cites (the REF edges)
    # what a list of cables shows of it (the neighbours on a cable page's JSON twin)
    subject: str | None = None
    origin: str | None = None
    classification: str | None = None
    # a digest of every text kept of it with the sources that carried them, and how many
    # versions its history shows (its history and diff pages)
    versions: str = ""
    version_count: int = 0


class RowInputs:
    """Mixed into both stores: its queries take no parameters and read the same in SQLite and
    PostgreSQL (whose text columns sort byte-wise, as SQLite's do)."""

    conn: Any  # sqlite3.Connection or psycopg.Connection: both iterate ``execute``

    def cable_inputs(self) -> list[CableInputs]:
        """Every cable's :class:`CableInputs`, ordered by origin, creation time and refid (the
        order of the previous/next links)."""
        extra: defaultdict[str, list[str]] = defaultdict(list)
        for refid, url in self.conn.execute("SELECT refid, url FROM media ORDER BY refid, url"):
            extra[refid].append(f"m:{url}")
        for refid, rel, prec in self.conn.execute(
            "SELECT refid, released, precision FROM releases ORDER BY refid, released"
        ):
            extra[refid].append(f"r:{rel}:{prec}")
        tags: defaultdict[str, list[str]] = defaultdict(list)
        for refid, tag in self.conn.execute("SELECT refid, tag FROM tags ORDER BY refid, position"):
            tags[refid].append(tag)
        cites: defaultdict[str, list[str]] = defaultdict(list)
        for citing, cited in self.conn.execute(
            "SELECT citing, cited FROM refs ORDER BY citing, position"
        ):
            cites[citing].append(cited)
        versions: defaultdict[str, list[str]] = defaultdict(list)
        texts: defaultdict[str, dict[str, bool]] = defaultdict(dict)  # text key -> whole
        for refid, *sighting in self.conn.execute(
            "SELECT t.refid, t.text_key, t.damaged, s.location, s.source, s.name, s.seen,"
            " s.basis, s.site_count, s.released"
            " FROM texts t LEFT JOIN sightings s ON s.text_id = t.id"
            " ORDER BY t.refid, t.text_key, s.location"
        ):
            versions[refid].append("\x1f".join(map(str, sighting)))
            texts[refid][sighting[0]] = not sighting[1]
        rows = self.conn.execute(
            "SELECT refid, canonical_id, created, released, origin_slug, class_slug, country,"
            " updated_at, text_hash, meta_hash, release_id, subject, origin, classification"
            " FROM cables"
            " ORDER BY origin_slug, created, refid"
        )
        out = []
        for r in rows:
            refid = r[0]
            digest = "|".join(
                [r[8], r[9], r[3] or "", str(r[10]), r[7] or "", *extra.get(refid, ())]
            )
            out.append(
                CableInputs(
                    refid,
                    r[1] or refid,
                    r[2],
                    r[3],
                    r[4],
                    r[5],
                    r[6],
                    r[7],
                    digest,
                    tuple(tags.get(refid, ())),
                    tuple(cites.get(refid, ())),
                    r[11],
                    r[12],
                    r[13],
                    _digest(versions.get(refid)),
                    _version_count(texts.get(refid)),
                )
            )
        return out


def _digest(parts: list[str] | None) -> str:
    """A short digest of a cable's version rows: a quarter million of them stay in memory."""
    if not parts:
        return ""
    return hashlib.blake2b("\x1e".join(parts).encode(), digest_size=10).hexdigest()


def _version_count(texts: dict[str, bool] | None) -> int:
    """The versions a history shows (``versions.history.build``): its whole texts, or every
    text when none is whole."""
    if not texts:
        return 0
    return sum(texts.values()) or len(texts)
