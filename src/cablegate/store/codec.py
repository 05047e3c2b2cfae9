"""The one codec between a parsed :class:`~cablegate.model.Cable` and a stored row.

``encode`` is all a store is given to write and ``decode`` all it does to read a cable back, so
every store (SQLite now, PostgreSQL next) keeps the same fields the same way. The row keeps the
raw header and body as they came, and the parsed fields as compact JSON beside them: that is
``Cable.to_dict()`` without the raw text and without the paragraph texts, which are the body
again, cut up; where each paragraph lies in the body (``paragraph_spans``) stands in for them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cablegate.model import Cable, cable_kwargs
from cablegate.parse import layout_fields
from cablegate.parse.paragraphs import Place, Span, paragraphs_from_spans
from cablegate.parse.text import normalise_text
from cablegate.refid import canonical_id
from cablegate.store.people_rows import Named, named
from cablegate.versions.current import currency
from cablegate.versions.dating import Sighting
from cablegate.versions.redaction import text_facts

# keys of Cable.to_dict() that the row holds elsewhere or that are derived from the body
_NOT_IN_DATA = ("header", "body", "paragraphs")


@dataclass(frozen=True, slots=True)
class Provenance:
    """What the archive knows of a record beside its text: where it came from, its place in the
    release, and the release's own list of the cables it references."""

    source: str = ""  # "csv:cables.csv:12", "html:cables.tar.xz:cable/2007/02/07LIMA487.html"
    release_id: int | None = None  # sequential id in the full release (cables.csv column 1)
    released_precision: str = "minute"  # minute | hour
    origin_rank: int = 0  # 1 for cables.csv (the release's own text), 0 for a rendered page
    listed_references: tuple[str, ...] = ()  # cables.csv's references column
    sighting: Sighting | None = None  # the source as a version's provenance (versions.dating)
    damaged: str = ""  # why the source's text is not whole


@dataclass(frozen=True, slots=True)
class CableRow:
    """A cable as every store writes it: the columns lists and joins need, raw text, the JSON."""

    refid: str
    canonical_id: str | None
    release_id: int | None
    created: str | None
    released: str | None
    released_precision: str
    classification: str | None
    origin: str | None
    subject: str
    header: str
    body: str
    data: str
    text_hash: str  # a changed text keeps the old one as a version
    meta_hash: str  # a changed release record (id, date, classification...) updates the row
    source: str
    tags: tuple[str, ...] = ()
    people: tuple[
        Named, ...
    ] = ()  # (role, name, surname key, post) of its classifiers, signers, recipients
    reasons: tuple[str, ...] = ()  # classification reasons: "1.4(b)"
    references: tuple[str, ...] = ()  # canonical ids cited: the REF block's and the release's
    problems: tuple[str, ...] = ()
    media: tuple[str, ...] = ()
    origin_rank: int = 0
    # the text as a version (see cablegate.versions): what makes it one, its redactions and
    # words, where it was seen, and how it ranks for the current text
    text_key: str = ""
    redactions: int = 0
    words: int = 0
    damaged: str = ""
    sighting: Sighting | None = None
    currency: str = ""


def _hash(*parts: Any) -> str:
    h = hashlib.blake2b(digest_size=16)
    for p in parts:
        h.update(str(p).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def text_hash(header: str, body: str) -> str:
    """The digest a row keeps of its text: a changed one keeps the old text as a version, and
    ``cablegate copy`` checks every copied text against it."""
    return _hash(header, body)


def _edges(cable: Cable, listed: tuple[str, ...]) -> tuple[str, ...]:
    """The cables this one cites: its REF block's, then those only the release lists."""
    refs = list(cable.references)
    for r in listed:
        c = canonical_id(r)
        if c not in refs and c != cable.canonical_id:
            refs.append(c)
    return tuple(refs)


def encode(cable: Cable, provenance: Provenance, paragraph_spans: list[Span]) -> CableRow:
    """The row of ``cable``; ``paragraph_spans`` are where its paragraphs lie in the
    normalised body (the parser's :func:`~cablegate.parse.paragraphs.paragraph_spans`)."""
    fields = cable.to_dict()
    for key in _NOT_IN_DATA:
        del fields[key]
    fields["paragraph_spans"] = paragraph_spans
    hashed = text_hash(cable.header, cable.body)
    meta_hash = _hash(
        provenance.release_id,
        cable.created,
        cable.classification,
        cable.origin,
        provenance.listed_references,
    )
    key, runs, words = text_facts(cable.header, cable.body)
    sighting = provenance.sighting
    return CableRow(
        refid=cable.refid or "",
        canonical_id=cable.canonical_id,
        release_id=provenance.release_id,
        created=cable.created,
        released=cable.released,
        released_precision=provenance.released_precision,
        classification=cable.classification,
        origin=cable.origin,
        subject=cable.subject,
        header=cable.header,
        body=cable.body,
        data=json.dumps(fields, ensure_ascii=False, separators=(",", ":")),
        text_hash=hashed,
        meta_hash=meta_hash,
        source=provenance.source,
        tags=cable.tags,
        people=named(
            cable.classified_by,
            cable.signers,
            [(r.name, r.office) for r in cable.recipient_names],
        ),
        reasons=cable.classification_reasons,
        references=_edges(cable, provenance.listed_references),
        problems=cable.problems,
        media=cable.media,
        origin_rank=provenance.origin_rank,
        text_key=key,
        redactions=runs,
        words=words,
        damaged=provenance.damaged,
        sighting=sighting,
        currency=currency(
            final=provenance.origin_rank > 0,
            damaged=bool(provenance.damaged),
            redactions=runs,
            words=words,
            text_key=key,
            seen=sighting.seen if sighting else "",
            site_count=sighting.site_count if sighting else None,
            text_hash=hashed,
            meta_hash=meta_hash,
        ),
    )


def decode(
    data: str,
    header: str,
    body: str,
    *,
    paragraphs: bool = True,
    layout: bool = True,
    released: str | None = None,
    linked_media: tuple[str, ...] = (),
) -> Cable:
    """The cable of a stored row, laid out for display (``parse.layout_fields``);
    ``paragraphs=False`` leaves out the paragraphs and the layout (indexing and lists need
    neither); ``layout=False`` keeps the paragraphs and leaves out the layout alone (an export:
    the layout is 95% of a decode, 1.6 of 1.7 ms a cable of the sample). What the store keeps beside the row (the earliest release, media linked by
    ``media.csv``) goes in before the cable is built, once."""
    fields: dict[str, Any] = json.loads(data)
    spans = fields.pop("paragraph_spans")
    fields["header"], fields["body"] = header, body
    fields["released"] = released
    if linked_media:
        fields["media"] = list(dict.fromkeys([*fields.get("media", ()), *linked_media]))
    kw = cable_kwargs(fields)
    if not paragraphs:
        return Cable(**kw)
    if spans:
        # JSON keeps each span as a list
        found = paragraphs_from_spans(normalise_text(body), [tuple(s) for s in spans])
        kw["paragraphs"] = tuple(found)
    if not layout:
        return Cable(**kw)
    kw.update(
        layout_fields(
            header,
            body,
            _places(spans),
            signers=(*kw["signers_raw"], *kw["signers"]),
            tags=kw["tags"],
            dtg=kw.get("dtg"),
            reasons=kw["classification_reasons"],
        )
    )
    return Cable(**kw)


def _places(spans: list[list[Any]]) -> list[Place] | None:
    """The paragraphs' places from their stored spans; ``None`` for an archive that stored the
    spans alone (they are read again)."""
    if any(len(s) < 8 for s in spans):
        return None
    return [
        Place((n, marking, label, start, end), *at) for n, marking, label, start, end, *at in spans
    ]


@dataclass(frozen=True, slots=True)
class EncodedCable:
    """One stored row as read in bulk (``SqliteStore.iter_encoded``): cheap to pickle to a worker
    process, which decodes it there (decoding costs about a millisecond a cable)."""

    data: str
    header: str
    body: str
    released: str | None
    release_id: int | None

    def cable(self) -> Cable:
        """The cable, without paragraphs, with its earliest release as ``SqliteStore.get`` has it."""
        return decode(self.data, self.header, self.body, paragraphs=False, released=self.released)
