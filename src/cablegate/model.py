"""The parsed cable: frozen records and their plain-JSON form.

Field names are the public contract of ``docs/cable-schema.md``; add fields, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class NamedRecipient:
    """A person the body's address lines name as a reader (``WHA FOR A/S NORIEGA``): the name
    as filed ("Tom Shannon", "E. Millard", a surname alone in capitals), its surname and given
    names or initials as written, the title as written, the office the line addressed."""

    name: str
    surname: str
    given: str = ""
    title: str = ""
    office: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "surname": self.surname,
            "given": self.given,
            "title": self.title,
            "office": self.office,
        }


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


class Span(NamedTuple):
    """``text[start:end]`` of the normalised header or body. (A tuple: a cable holds hundreds.)"""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered paragraph; ``number`` is the repaired number (4 for a mangled ``14.``)."""

    number: int
    text: str
    marking: str | None = None
    label: str | None = None  # as printed: "¶1.", "14.", "A."
    # where the paragraph's line starts and its printed label is in the normalised body (known
    # for a stored cable: the layout is laid out from them without reading the body again)
    line_start: int | None = field(default=None, compare=False)
    label_at: Span | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "number": self.number,
            "marking": self.marking,
            "text": self.text,
            "label": self.label,
        }
        if self.label_at is not None:
            d["line_start"] = self.line_start
            d["label_at"] = list(self.label_at)
        return d


def _span(v: Any) -> Span:
    return Span(int(v[0]), int(v[1]))


class ParagraphLayout(NamedTuple):
    """Where a numbered paragraph sits in the body: its printed label, then its text (after the
    portion marking, up to the next paragraph or the signature). A tuple, like ``Span``: the
    ingest makes one a paragraph, and a frozen dataclass's init costs three times as much."""

    number: int
    label: Span
    text: Span
    marking: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "label": list(self.label),
            "text": list(self.text),
            "marking": self.marking,
        }


@dataclass(frozen=True, slots=True)
class Layout:
    """The body as the reading view shows it, as spans of the normalised body: the opening
    lines in blank-line groups, unnumbered text before the first paragraph (or all of it when
    there is none), the paragraphs, the signer lines; section-break lines and the tag tokens of
    the TAGS line are marked where they are."""

    preamble: tuple[tuple[Span, ...], ...] = ()
    text: Span | None = None
    paragraphs: tuple[ParagraphLayout, ...] = ()
    signature: tuple[Span, ...] = ()
    breaks: tuple[Span, ...] = ()
    tag_tokens: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "preamble": [[list(s) for s in group] for group in self.preamble],
            "text": list(self.text) if self.text else None,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "signature": [list(s) for s in self.signature],
            "breaks": [list(s) for s in self.breaks],
            "tag_tokens": [list(s) for s in self.tag_tokens],
        }


def layout_from_dict(d: dict[str, Any]) -> Layout:
    """Inverse of ``Layout.to_dict()``."""
    return Layout(
        preamble=tuple(tuple(map(_span, g)) for g in d.get("preamble") or ()),
        text=_span(d["text"]) if d.get("text") else None,
        paragraphs=tuple(
            ParagraphLayout(p["number"], _span(p["label"]), _span(p["text"]), p.get("marking"))
            for p in d.get("paragraphs") or ()
        ),
        signature=tuple(map(_span, d.get("signature") or ())),
        breaks=tuple(map(_span, d.get("breaks") or ())),
        tag_tokens=tuple(map(_span, d.get("tag_tokens") or ())),
    )


_LINE_PARTS = ("precedence", "serial", "section", "day", "time", "security", "dtg", "dtg_iso")
_ROUTE_ONLY = frozenset({"to", "info", "xmt", "addressee", "fm", "bt", "other"})


class HeaderLine(NamedTuple):
    """One non-blank line of the routing header (a span of the normalised header), its kind and
    the parts it holds. ``kind``: ``vzczc`` (``serial``: channel serial), ``routing``
    (``precedence`` prosign letter, ``route``), ``de`` (``route``: sending station, ``serial``,
    ``section``, Julian ``day``, ``time`` HHMM), ``security`` (``security``: SSSSS, CCCCC...),
    ``dtg`` (``precedence`` letter, ``dtg`` and ``dtg_iso``), ``fm``, ``to``/``info``/``xmt``/
    ``addressee`` (addressee lines, ``route`` when the line has one), ``bt``, ``other``.
    (A tuple: a header can run to 200 lines.)"""

    span: Span
    kind: str
    route: str | None = None
    precedence: str | None = None
    serial: str | None = None
    section: str | None = None
    day: str | None = None
    time: str | None = None
    security: str | None = None
    dtg: str | None = None
    dtg_iso: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The span, the kind and the parts the line has (most addressee lines: only a route)."""
        d: dict[str, Any] = {"start": self.span.start, "end": self.span.end, "kind": self.kind}
        if self.route is not None:
            d["route"] = self.route
        if self.kind in _ROUTE_ONLY:
            return d
        for key, value in zip(_LINE_PARTS, self[3:], strict=True):
            if value is not None:
                d[key] = value
        return d


def header_line_from_dict(d: dict[str, Any]) -> HeaderLine:
    """Inverse of ``HeaderLine.to_dict()``."""
    parts = {k: d.get(k) for k in _LINE_PARTS}
    return HeaderLine(Span(d["start"], d["end"]), d["kind"], d.get("route"), **parts)


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
    recipient_names: tuple[NamedRecipient, ...] = ()  # persons named in the address lines
    paragraphs: tuple[Paragraph, ...] = ()
    media: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())
    dtg_iso: str | None = None
    classification_reason_letters: tuple[str, ...] = ()  # "c", "d": one per reason, "" unread
    layout: Layout | None = None  # None: not read (an archive stored before layouts)
    header_lines: tuple[HeaderLine, ...] | None = None  # None: not read

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
            "recipient_names": [r.to_dict() for r in self.recipient_names],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "media": list(self.media),
            "problems": list(self.problems),
            "dtg_iso": self.dtg_iso,
            "classification_reason_letters": list(self.classification_reason_letters),
            "layout": self.layout.to_dict() if self.layout else None,
            "header_lines": (
                None if self.header_lines is None else [h.to_dict() for h in self.header_lines]
            ),
            "header": self.header,
            "body": self.body,
        }


def cable_from_dict(d: dict[str, Any]) -> Cable:
    """Inverse of ``Cable.to_dict()`` (unknown keys ignored, missing ones defaulted)."""
    return Cable(**cable_kwargs(d))


_CABLE_FIELDS = frozenset(Cable.__dataclass_fields__)


def cable_kwargs(d: dict[str, Any]) -> dict[str, Any]:
    """The arguments of ``Cable(...)`` for a ``Cable.to_dict()`` object, for a reader that adds
    fields of its own before building the cable once (a frozen cable with ~50 fields costs
    tens of microseconds a copy)."""
    kw: dict[str, Any] = {k: v for k, v in d.items() if k in _CABLE_FIELDS}
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
    kw["recipient_names"] = tuple(
        NamedRecipient(
            name=r.get("name") or "",
            surname=r.get("surname") or "",
            given=r.get("given") or "",
            title=r.get("title") or "",
            office=r.get("office") or "",
        )
        for r in d.get("recipient_names") or ()
    )
    kw["references_detailed"] = tuple(
        Reference(kind=r["kind"], value=r["value"], bullet=r.get("bullet"))
        for r in d.get("references_detailed") or ()
    )
    kw["paragraphs"] = tuple(
        Paragraph(
            number=p["number"],
            text=p["text"],
            marking=p.get("marking"),
            label=p.get("label"),
            line_start=p.get("line_start"),
            label_at=_span(p["label_at"]) if p.get("label_at") else None,
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
        "classification_reason_letters",
    ):
        kw[key] = tuple(d.get(key) or ())
    if d.get("layout") is not None:
        kw["layout"] = layout_from_dict(d["layout"])
    if d.get("header_lines") is not None:
        kw["header_lines"] = tuple(header_line_from_dict(h) for h in d["header_lines"])
    return kw
