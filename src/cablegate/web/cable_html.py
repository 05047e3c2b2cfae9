"""The cable page's lists (tags, references, cited by, the citation formats and paragraphs) and
the rows of a list of cables written as HTML in Python, as ``search_html`` does for the search
page: a cable cited by 200 others, or with 40 paragraphs, made Jinja yield hundreds of pieces for
them, and a list page's 50 rows were half the CPU of the page. Every value goes
through markupsafe's ``escape``, as the template's autoescape would (the same bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol

from markupsafe import Markup, escape

from cablegate.export.citation import FORMATS
from cablegate.model import Paragraph
from cablegate.parse.titlefy import display_subject
from cablegate.store.base import CableSummary
from cablegate.web.context import RefLink, TagLink
from cablegate.web.urls import cable_url, classification_url, origin_url, tag_url

CITED_SHOWN = 200  # the page lists this many citing cables; the JSON has them all


class Row(Protocol):
    """What a row of a list of cables shows (a ``CableSummary``, a search hit)."""

    @property
    def refid(self) -> str: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def created(self) -> str | None: ...
    @property
    def origin(self) -> str | None: ...
    @property
    def classification(self) -> str | None: ...


# A list page shows 50 subjects and titlefy takes 50-100 us each: half the page. Every cable
# is on about ten lists (month, year, release day, origin, classification, country, its tags),
# so a process that renders many pages (the mirror's, a busy server) meets each subject again.
# Bounded by about the archive's size: 2**18 subjects is ~80 MB at most.
@lru_cache(maxsize=1 << 18)
def display(subject: str | None) -> str:
    """A subject as lists show it (``display_subject``), remembered."""
    return display_subject(subject)


def cable_rows_html(items: Sequence[Row]) -> Markup:
    """The ``<tr>`` of each cable of a list table: link, subject, date, origin, classification
    (the origin and classification linked to their lists when they have one)."""
    out = []
    for c in items:
        created = c.created or ""
        out.append(
            f'<tr>\n<td><a href="{esc(cable_url(c.refid))}">{esc(c.refid)}</a></td>\n'
            f"<td>{esc(display(c.subject))}</td>\n"
            f'<td><time datetime="{esc(created)}">{esc(created[:10])}</time></td>\n'
            f"<td>{_origin_cell(c.origin)}</td>\n<td>{_classification_cell(c.classification)}</td>"
            "\n</tr>\n"
        )
    return Markup("".join(out))


def esc(value: str) -> str:
    """markupsafe's ``escape`` of a string, the same text, as a plain ``str``: five C-level
    replaces where ``escape`` makes a ``Markup`` object (a list page escapes 500 values)."""
    return (
        value.replace("&", "&amp;")
        .replace(">", "&gt;")
        .replace("<", "&lt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


# the same few hundred origins and four classifications on every row of every list
@lru_cache(maxsize=1 << 12)
def _origin_cell(origin: str | None) -> str:
    link = origin_url(origin)
    return f'<a href="{esc(link)}">{esc(origin or "")}</a>' if link else esc(origin or "")


@lru_cache(maxsize=1 << 8)
def _classification_cell(classification: str | None) -> str:
    link = classification_url(classification)
    text = esc(classification or "")
    return f'<a href="{esc(link)}">{text}</a>' if link else text


def tags_html(tags: Sequence[TagLink]) -> Markup:
    """The ``<li>`` of each TAG: a link to its browse page, and its meaning."""
    out = []
    for t in tags:
        meaning = f' <span class="meaning">{escape(t.meaning)}</span>' if t.meaning else ""
        out.append(f'<li><a href="{escape(tag_url(t.tag))}">{escape(t.tag)}</a>{meaning}</li>')
    return Markup("".join(out))


def references_html(references: Sequence[RefLink]) -> Markup:
    """The ``<li>`` of each REF item: a link when the cable is here, else what it names."""
    out = []
    for r in references:
        bullet = f'<span class="bullet">{escape(r.bullet)}</span> ' if r.bullet else ""
        if r.refid:
            item = f'<a href="{escape(cable_url(r.refid))}">{escape(r.refid)}</a>'
        elif r.kind == "cable":
            item = (
                f'<span class="absent">{escape(r.value)}</span>'
                ' <span class="hint">(not in this archive)</span>'
            )
        else:
            item = (
                f'<span class="other">{escape(r.value)}</span>'
                f' <span class="hint">({escape(r.kind)})</span>'
            )
        out.append(f"<li>{bullet}{item}</li>")
    return Markup("".join(out))


def cited_by_html(cited_by: Sequence[CableSummary]) -> Markup:
    """The ``<li>`` of the first ``CITED_SHOWN`` citing cables: link, date, subject."""
    out = []
    for s in cited_by[:CITED_SHOWN]:
        out.append(
            f'<li><a href="{escape(cable_url(s.refid))}">{escape(s.refid)}</a>'
            f' <span class="hint">{escape((s.created or "")[:10])}</span>'
            f" {escape(display_subject(s.subject))}</li>\n"
        )
    return Markup("".join(out))


def citation_formats_html(refid: str) -> Markup:
    """The ``<li>`` of each reference-manager format of the cable."""
    return Markup(
        "".join(
            f'<li><a href="{escape(cable_url(refid, f.suffix))}" type="{escape(f.media_type)}">'
            f"{escape(f.label)}</a></li>"
            for f in FORMATS
        )
    )


def paragraph_options_html(paragraphs: Sequence[Paragraph]) -> Markup:
    """An ``<option>`` for each paragraph the citation of one paragraph can name."""
    return Markup(
        "".join(
            f'<option value="{escape(p.number)}">&para; {escape(p.number)}</option>'
            for p in paragraphs
        )
    )


def citation_buttons_html(refid: str) -> Markup:
    """A submit button a format: the first the form's own action, the others ``formaction``."""
    out = []
    for i, f in enumerate(FORMATS):
        action = f' formaction="{escape(cable_url(refid, f.suffix))}"' if i else ""
        out.append(f'<button type="submit"{action}>{escape(f.label)}</button>\n')
    return Markup("".join(out))
