"""What the index holds for one cable, as a plain dict.

``index_fields`` runs in the ingest worker processes (beside the parser), so its result must be
picklable and cheap to ship; the writer process only turns it into a tantivy document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import tantivy

import cablegate
from cablegate.model import Cable
from cablegate.people import surname_slug
from cablegate.posts import post_for_origin, slugify
from cablegate.search.schema import HIT_FIELD, build_schema, reason_key
from cablegate.versions.redaction import count_runs

_STAMP = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


def minutes(stamp: str | None) -> int | None:
    """``2007-02-20T22:45`` -> minutes since 1970-01-01 UTC (negative before); None if unreadable."""
    m = _STAMP.fullmatch(stamp or "")
    if not m:
        return None
    y, mo, d, hh, mm = (int(g) if g else 0 for g in m.groups())
    try:
        t = datetime(y, mo, d, hh, mm, tzinfo=UTC)
    except ValueError:
        return None
    return int(t.timestamp()) // 60


def _text(body: str) -> str:
    try:
        text = cablegate.clean_content(body)
    except NotImplementedError:  # the cleaner is still being written; index the raw body
        return body
    # A cable that is all header (a partial extract) cleans to nothing: its words still count.
    return text if text.strip() else body


def index_fields(
    cable: Cable, *, release_id: int | None = None, redacted: bool | None = None
) -> dict[str, Any]:
    """Everything the search index needs from ``cable``: plain str/int/list/None values only.

    ``redacted``: whether some version of the cable holds a redaction, as the store knows it;
    by default, whether this text does.
    """
    if redacted is None:
        redacted = count_runs(cable.body or "") > 0
    post = post_for_origin(cable.origin)
    created_ts = minutes(cable.created)
    created = cable.created if created_ts is not None else None
    return {
        "refid": cable.refid or "",
        "canonical_id": cable.canonical_id,
        "subject": cable.subject or "",
        "text": _text(cable.body or ""),
        "origin": cable.origin,
        "origin_slug": slugify(cable.origin) if cable.origin else None,
        "country": post.iso2 if post else None,
        "region": post.region if post else None,
        "tags": list(dict.fromkeys(cable.tags)),
        "classification": cable.classification,
        "classification_slug": slugify(cable.classification) if cable.classification else None,
        "created": created,
        "created_ts": created_ts,
        **_released(cable.released),
        "year": created[:4] if created else None,
        "month": created[:7] if created else None,
        "sender": cable.sender,
        "recipients": [r.name for r in (*cable.recipients, *cable.info_recipients) if r.name],
        "release_id": release_id,
        "redacted": "yes" if redacted else "no",
        # classification analytics: who, why, until when, under which order
        "people": _surnames(
            (*cable.classified_by, *cable.signers, *(r.name for r in cable.recipient_names))
        ),
        "classifiers": _surnames(cable.classified_by),
        "reasons": list(
            dict.fromkeys(r for x in cable.classification_reasons if (r := reason_key(x)))
        ),
        "eo": cable.eo,
        "decl_ts": minutes(cable.declassify_on),
    }


def _surnames(names: tuple[str, ...]) -> list[str]:
    """The ``person:`` values of ``names``: their surname keys as slugs."""
    return list(dict.fromkeys(s for n in names if (s := surname_slug(n))))


def to_document(fields: Mapping[str, Any]) -> tantivy.Document:
    """An ``index_fields`` dict -> a tantivy document (runs in the writer process: keep it lean)."""
    doc: dict[str, Any] = {
        "text": fields.get("text") or "",
        "subject": fields.get("subject") or "",
        "refid": fields["refid"],
        "tag": list(fields.get("tags") or ()),
        "recipients": list(fields.get("recipients") or ()),
        "person": list(fields.get("people") or ()),
        "classifier": list(fields.get("classifiers") or ()),
        "reason": list(fields.get("reasons") or ()),
    }
    for key, name in (
        ("origin", "origin_name"),
        ("sender", "sender"),
        ("canonical_id", "canonical_id"),
        ("origin_slug", "origin_slug"),
        ("country", "country"),
        ("classification_slug", "classification"),
        ("year", "year"),
        ("month", "month"),
        ("released_day", "released_day"),
        ("redacted", "redacted"),
        ("created_ts", "created_ts"),
        ("released_ts", "released_ts"),
        ("eo", "eo"),
        ("decl_ts", "decl_ts"),
    ):
        value = fields.get(key)
        if value is not None:
            doc[name] = value
    if fields.get("region"):
        doc["region"] = slugify(fields["region"])
    hit = {
        k: fields.get(k)
        for k in (
            "refid",
            "subject",
            "origin",
            "classification",
            "created",
            "released",
            "release_id",
        )
    }
    doc[HIT_FIELD] = json.dumps(hit, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return tantivy.Document.from_dict(doc, build_schema())


def _released(value: str | None) -> dict[str, Any]:
    ts = minutes(value)
    released = value if ts is not None else None
    return {
        "released": released,
        "released_ts": ts,
        "released_day": released[:10] if released else None,
    }


def with_released(doc: dict[str, Any], released: str | None) -> dict[str, Any]:
    """``doc`` with the archive's release time: the earliest release event, which a source
    read before the cable (``releases.csv``) gave the stored row but not the parsed text."""
    return {**doc, **_released(released)}


def with_store(doc: dict[str, Any], released: str | None, redacted: bool) -> dict[str, Any]:
    """``doc`` with what the store knows beyond its text: the earliest release event, and
    whether some other version of the cable was redacted."""
    mark = "yes" if redacted else "no"
    if doc["released"] == released and doc.get("redacted") == mark:
        return doc
    return {**with_released(doc, released), "redacted": mark}
