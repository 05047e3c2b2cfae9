"""Pure parsing: strings in, a frozen :class:`~cablegate.model.Cable` out, never an exception.

Each field family lives in its own module; this one only wires them together and turns any
internal failure of one field into a problem string so that the other fields still arrive.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from cablegate.model import Cable, HeaderLine, Layout, NamedRecipient, Paragraph, Reference
from cablegate.parse import (
    addressees,
    banner,
    classified,
)
from cablegate.parse import (
    header as header_mod,
)
from cablegate.parse import (
    references as references_mod,
)
from cablegate.parse import (
    signers as signers_mod,
)
from cablegate.parse import (
    subject as subject_mod,
)
from cablegate.parse import (
    summary as summary_mod,
)
from cablegate.parse import (
    tags as tags_mod,
)
from cablegate.parse.banner import BannerFields
from cablegate.parse.classified import reason_letter
from cablegate.parse.header import HeaderFields
from cablegate.parse.layout import read_layout
from cablegate.parse.paragraphs import (
    Place,
    paragraph_places,
    paragraphs_from_spans,
    stored_spans,
)
from cablegate.parse.routing import dtg_to_iso, read_header_lines
from cablegate.parse.text import normalise_text
from cablegate.refid import canonical_id

T = TypeVar("T")

__all__ = ["layout_fields", "parse", "with_layout"]


def _guard(problems: list[str], what: str, fn: Callable[[], T], default: T) -> T:
    try:
        return fn()
    except Exception as exc:  # the parser is total: a bug in one field must not lose the cable
        problems.append(f"{what}: internal error {type(exc).__name__}: {exc}")
        return default


def _year(created: str | None, refid: str | None) -> int | None:
    if created and created[:4].isdigit():
        return int(created[:4])
    if refid and refid[:2].isdigit():
        yy = int(refid[:2])
        return 1900 + yy if yy >= 50 else 2000 + yy
    return None


def parse(
    header: str,
    body: str,
    *,
    refid: str | None = None,
    created: str | None = None,
    released: str | None = None,
    classification: str | None = None,
    origin: str | None = None,
    media: tuple[str, ...] | list[str] = (),
    problems: tuple[str, ...] | list[str] = (),
    paragraphs: bool = True,
    places: list[Place] | None = None,
    layout: bool = True,
) -> Cable:
    """Read every field of one cable; whatever cannot be read becomes ``None``/``[]`` and a problem.

    ``paragraphs=False`` leaves the paragraphs' text out where it is not wanted (the ingest
    stores the raw body and cuts them out again when a cable is shown); ``places``, the
    :func:`~cablegate.parse.paragraphs.paragraph_places` of the body when the caller has them,
    spares reading them again (the costliest reader). ``layout=False`` leaves ``layout`` and
    ``header_lines`` unread (``None``): the ingest stores where the paragraphs' labels are
    instead, and :func:`with_layout` lays the cable out from them when it is shown.
    """
    probs: list[str] = list(problems)
    header = header or ""
    body = body or ""
    h = normalise_text(header)
    b = normalise_text(body)
    year = _year(created, refid)

    no_strs: list[str] = []
    head: HeaderFields | None = _guard(probs, "header", lambda: header_mod.read_header(h), None)
    ban: BannerFields | None = _guard(probs, "banner", lambda: banner.read_banner(b, year), None)
    subject, subject_raw = _guard(probs, "subject", lambda: subject_mod.read_subject(b), ("", ""))
    tags, tags_raw = _guard(probs, "tags", lambda: tags_mod.read_tags(b), (no_strs, no_strs))
    no_refs: list[Reference] = []
    refs, refs_detailed = _guard(
        probs,
        "references",
        lambda: references_mod.read_references(b, year, refid),
        (no_strs, no_refs),
    )
    cls_by, cls_by_raw, reasons = _guard(
        probs,
        "classified_by",
        lambda: classified.read_classified_by(b),
        (no_strs, no_strs, no_strs),
    )
    # signers first: comment and paragraphs reuse the signature it finds (cached per body)
    signers, signers_raw = _guard(
        probs, "signers", lambda: signers_mod.read_signers(b), (no_strs, no_strs)
    )
    no_names: list[NamedRecipient] = []
    named = _guard(probs, "recipient_names", lambda: addressees.read_addressees(b), no_names)
    summary: str | None = _guard(probs, "summary", lambda: summary_mod.read_summary(b), None)
    comment: str | None = _guard(probs, "comment", lambda: summary_mod.read_comment(b), None)
    no_paras: list[Paragraph] = []
    if places is None:
        no_places: list[Place] = []
        places = _guard(probs, "paragraphs", lambda: paragraph_places(b), no_places)
    found = places
    paras = (
        _guard(probs, "paragraphs", lambda: paragraphs_from_spans(b, stored_spans(found)), no_paras)
        if paragraphs
        else no_paras
    )
    laid_out: Layout | None = None
    header_lines: tuple[HeaderLine, ...] | None = None
    if layout:
        laid_out = _guard(
            probs, "layout", lambda: read_layout(b, found, (*signers_raw, *signers), tags), None
        )
        header_lines = _guard(probs, "header_lines", lambda: read_header_lines(h), None)
    cid: str | None = _guard(
        probs, "canonical_id", lambda: canonical_id(refid) if refid else None, None
    )

    if head is not None:
        probs.extend(head.problems)
    if not body.strip():
        probs.append("body: empty")
    elif not subject:
        probs.append("subject: no SUBJECT line found")
    if body.strip() and not tags:
        probs.append("tags: no TAGS line found")

    return Cable(
        header=header,
        body=body,
        refid=refid,
        canonical_id=cid,
        created=created,
        released=released,
        classification=classification,
        origin=origin,
        is_partial=bool(head and head.is_partial),
        transmission_id=head.transmission_id if head else None,
        precedence=head.precedence if head else None,
        dtg=head.dtg if head else None,
        sender=head.sender if head else None,
        recipients=tuple(head.recipients) if head else (),
        info_recipients=tuple(head.info_recipients) if head else (),
        header_classification=ban.classification if ban else None,
        distribution=tuple(ban.distribution) if ban else (),
        eo=ban.eo if ban else None,
        decl=ban.decl if ban else None,
        declassify_on=ban.declassify_on if ban else None,
        subject=subject,
        subject_raw=subject_raw,
        tags=tuple(tags),
        tags_raw=tuple(tags_raw),
        references=tuple(refs),
        references_detailed=tuple(refs_detailed),
        classified_by=tuple(cls_by),
        classified_by_raw=tuple(cls_by_raw),
        classification_reasons=tuple(reasons),
        summary=summary,
        comment=comment,
        signers=tuple(signers),
        signers_raw=tuple(signers_raw),
        recipient_names=tuple(named),
        paragraphs=tuple(paras),
        media=tuple(media),
        problems=tuple(dict.fromkeys(probs)),
        dtg_iso=dtg_to_iso(head.dtg) if head else None,
        classification_reason_letters=tuple(reason_letter(r) for r in reasons),
        layout=laid_out,
        header_lines=header_lines,
    )


def _stored_places(paragraphs: tuple[Paragraph, ...]) -> list[Place] | None:
    """The paragraphs' places as the store keeps them, if it kept them for every one."""
    places = []
    for p in paragraphs:
        if p.label_at is None or p.line_start is None:
            return None
        places.append(Place((p.number, p.marking, p.label, 0, 0), p.line_start, *p.label_at))
    return places


def with_layout(cable: Cable) -> Cable:
    """``cable`` laid out when it was parsed with ``layout=False`` (as the ingest does) or stored
    before layouts: the layout from where its paragraphs' labels are (read again when they
    were not stored), the header lines from its header; DTG in ISO form and reason letters
    for archives older than them."""
    if cable.layout is not None and cable.header_lines is not None:
        return cable
    fields = layout_fields(
        cable.header,
        cable.body,
        _stored_places(cable.paragraphs),
        signers=(*cable.signers_raw, *cable.signers),
        tags=cable.tags,
        dtg=cable.dtg,
        reasons=cable.classification_reasons,
    )
    return dataclasses.replace(cable, **fields)


def layout_fields(
    header: str,
    body: str,
    places: list[Place] | None,
    *,
    signers: tuple[str, ...],
    tags: tuple[str, ...],
    dtg: str | None,
    reasons: tuple[str, ...],
) -> dict[str, Any]:
    """The ``Cable`` fields the ingest leaves to display time (``layout``, ``header_lines``,
    ``dtg_iso``, ``classification_reason_letters``); ``places`` as stored, or ``None`` to read
    them again. A reader building a cable adds these before building it once."""
    b = normalise_text(body)
    if places is None:
        places = paragraph_places(b)
    return {
        "header_lines": read_header_lines(normalise_text(header)),
        "layout": read_layout(b, places, signers, tags),
        "dtg_iso": dtg_to_iso(dtg),
        "classification_reason_letters": tuple(map(reason_letter, reasons)),
    }
