"""The cable page's lists (tags, references, cited by, the citation formats and paragraphs)
written as HTML in Python, as ``search_html`` does for the search page: a cable cited by 200
others, or with 40 paragraphs, made Jinja yield hundreds of pieces for them. Every value goes
through markupsafe's ``escape``, as the template's autoescape would (the same bytes).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from cablegate.export.citation import FORMATS
from cablegate.model import Paragraph
from cablegate.parse.titlefy import display_subject
from cablegate.store.base import CableSummary
from cablegate.web.context import RefLink, TagLink
from cablegate.web.urls import cable_url, tag_url

CITED_SHOWN = 200  # the page lists this many citing cables; the JSON has them all


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
