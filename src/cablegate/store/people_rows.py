"""The rows of the ``people`` and ``reasons`` tables for one cable, written at ingest and by
the migrations that add the tables to an older archive (both backends)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from cablegate.parse.addressees import read_addressees
from cablegate.parse.text import normalise_text
from cablegate.people import cable_names, surname_key
from cablegate.posts import slugify

# (role, name, surname key, post or None for the cable's own): what a CableRow carries
Named = tuple[str, str, str, str | None]
COLUMNS = ("refid", "position", "role", "name", "surname", "post", "created")


def named(
    classified_by: Sequence[str],
    signers: Sequence[str],
    addressed: Sequence[tuple[str, str]] = (),
) -> tuple[Named, ...]:
    """The names a cable files: ``addressed`` holds (name, office) of its recipient names."""
    return tuple(
        (role, n, surname_key(n), post)
        for role, n, post in cable_names(classified_by, signers, addressed)
    )


@lru_cache(maxsize=4096)
def _post(origin: str | None) -> str | None:
    return slugify(origin) if origin else None


def people_rows(
    refid: str, people: Sequence[Named], origin: str | None, created: str | None
) -> list[tuple[str, int, str, str, str, str | None, str | None]]:
    post = _post(origin)
    return [
        (refid, i, role, n, key, _post(own) if own else post, created)
        for i, (role, n, key, own) in enumerate(people)
    ]


def reason_rows(
    refid: str, reasons: Sequence[str], origin: str | None, created: str | None
) -> list[tuple[str, int, str, str | None, str | None]]:
    post = _post(origin)
    return [(refid, i, r, post, created) for i, r in enumerate(dict.fromkeys(reasons))]


def rows_of_stored(
    refid: str, data: str, origin: str | None, created: str | None, body: str | None = None
) -> StoredRows:
    """The rows of a stored cable, from its parsed JSON (what a migration reads); the persons
    it is addressed to read from ``body`` when the JSON, of an earlier cablegate, has none."""
    fields = json.loads(data)
    if "recipient_names" in fields or not body:
        recipients = [
            (r.get("name") or "", r.get("office") or "")
            for r in fields.get("recipient_names") or ()
        ]
    else:
        recipients = [(r.name, r.office) for r in read_addressees(normalise_text(body))]
    found = named(fields.get("classified_by") or (), fields.get("signers") or (), recipients)
    return StoredRows(
        people_rows(refid, found, origin, created),
        reason_rows(refid, fields.get("classification_reasons") or (), origin, created),
    )


class StoredRows(NamedTuple):
    people: list[tuple[str, int, str, str, str, str | None, str | None]]
    reasons: list[tuple[str, int, str, str | None, str | None]]
