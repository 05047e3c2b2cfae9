"""The parsed cable: frozen records and their plain-JSON form.

Field names are the public contract of ``docs/cable-schema.md``; add fields, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Recipient:
    """One addressee line of the routing header (TO or INFO)."""

    name: str
    route: str | None = None
    precedence: str | None = None
    mcn: str | None = None
    excluded: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "route": self.route,
            "name": self.name,
            "precedence": self.precedence,
            "mcn": self.mcn,
            "excluded": list(self.excluded),
        }


@dataclass(frozen=True, slots=True)
class Reference:
    """One item of the REF block; ``value`` is a canonical id when ``kind == "cable"``."""

    kind: str
    value: str
    bullet: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "value": self.value, "bullet": self.bullet}


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered paragraph; ``number`` is the repaired number (4 for a mangled ``14.``)."""

    number: int
    text: str
    marking: str | None = None
    label: str | None = None  # as printed: "¶1.", "14.", "A."

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "marking": self.marking,
            "text": self.text,
            "label": self.label,
        }


@dataclass(frozen=True, slots=True)
class Cable:
    """Everything read from one cable. Raw ``header`` and ``body`` are always kept."""

    header: str = ""
    body: str = ""
    refid: str | None = None
    canonical_id: str | None = None
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    origin: str | None = None
    is_partial: bool = False
    transmission_id: str | None = None
    precedence: str | None = None
    dtg: str | None = None
    sender: str | None = None
    recipients: tuple[Recipient, ...] = ()
    info_recipients: tuple[Recipient, ...] = ()
    header_classification: str | None = None
    distribution: tuple[str, ...] = ()
    eo: str | None = None
    decl: str | None = None
    subject: str = ""
    subject_raw: str = ""
    tags: tuple[str, ...] = ()
    tags_raw: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    references_detailed: tuple[Reference, ...] = ()
    classified_by: tuple[str, ...] = ()
    classified_by_raw: tuple[str, ...] = ()
    classification_reasons: tuple[str, ...] = ()
    declassify_on: str | None = None
    summary: str | None = None
    comment: str | None = None
    signers: tuple[str, ...] = ()
    signers_raw: tuple[str, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    media: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types only, keys in contract order."""
        return {
            "refid": self.refid,
            "canonical_id": self.canonical_id,
            "created": self.created,
            "released": self.released,
            "classification": self.classification,
            "origin": self.origin,
            "is_partial": self.is_partial,
            "transmission_id": self.transmission_id,
            "precedence": self.precedence,
            "dtg": self.dtg,
            "sender": self.sender,
            "recipients": [r.to_dict() for r in self.recipients],
            "info_recipients": [r.to_dict() for r in self.info_recipients],
            "header_classification": self.header_classification,
            "distribution": list(self.distribution),
            "eo": self.eo,
            "decl": self.decl,
            "subject": self.subject,
            "subject_raw": self.subject_raw,
            "tags": list(self.tags),
            "tags_raw": list(self.tags_raw),
            "references": list(self.references),
            "references_detailed": [r.to_dict() for r in self.references_detailed],
            "classified_by": list(self.classified_by),
            "classified_by_raw": list(self.classified_by_raw),
            "classification_reasons": list(self.classification_reasons),
            "declassify_on": self.declassify_on,
            "summary": self.summary,
            "comment": self.comment,
            "signers": list(self.signers),
            "signers_raw": list(self.signers_raw),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "media": list(self.media),
            "problems": list(self.problems),
            "header": self.header,
            "body": self.body,
        }


def cable_from_dict(d: dict[str, Any]) -> Cable:
    """Inverse of ``Cable.to_dict()`` (unknown keys ignored, missing ones defaulted)."""
    fields = set(Cable.__dataclass_fields__)
    kw: dict[str, Any] = {k: v for k, v in d.items() if k in fields}
    for key in ("recipients", "info_recipients"):
        kw[key] = tuple(
            Recipient(
                name=r.get("name") or "",
                route=r.get("route"),
                precedence=r.get("precedence"),
                mcn=r.get("mcn"),
                excluded=tuple(r.get("excluded") or ()),
            )
            for r in d.get(key) or ()
        )
    kw["references_detailed"] = tuple(
        Reference(kind=r["kind"], value=r["value"], bullet=r.get("bullet"))
        for r in d.get("references_detailed") or ()
    )
    kw["paragraphs"] = tuple(
        Paragraph(
            number=p["number"], text=p["text"], marking=p.get("marking"), label=p.get("label")
        )
        for p in d.get("paragraphs") or ()
    )
    for key in (
        "distribution",
        "tags",
        "tags_raw",
        "references",
        "classified_by",
        "classified_by_raw",
        "classification_reasons",
        "signers",
        "signers_raw",
        "media",
        "problems",
    ):
        kw[key] = tuple(d.get(key) or ())
    return Cable(**kw)
