"""The cable page's repetitive parts (the laid-out body, the header's line notes) written as HTML
in Python: a cable has hundreds of chunks, and Jinja's per-expression overhead made them half of a
page's cost. Every value goes through ``html.escape`` here; the template marks the result safe.
"""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from cablegate.parse.reflow import Chunk
from cablegate.web.glossary import explain_marking, marking_class
from cablegate.web.header import Addressee, HeaderLine
from cablegate.web.reading import Block, Reading, Segment


def _chunk(ch: Chunk, lead: str = "") -> str:
    if ch.kind == "lines":
        return f'<pre class="lines">{escape(ch.text, False)}</pre>\n'
    cls = ' class="item"' if ch.kind == "item" else ""
    return f"<p{cls}>{lead}{escape(ch.text, False)}</p>\n"


def _para(b: Block) -> str:
    anchor = escape(b.anchor or "")
    printed = f" (printed {escape(b.label)})" if b.label else ""
    lead = (
        f'<a class="pilcrow" href="#{anchor}" title="Link to paragraph {b.number}{printed}">'
        f"&para;{b.number}</a> "
    )
    if b.marking:
        lead += (
            f'<abbr class="marking m-{marking_class(b.marking)}" '
            f'title="{escape(explain_marking(b.marking))}">({escape(b.marking)})</abbr> '
        )
    out = [f'<div class="para" id="{anchor}">\n']
    for i, ch in enumerate(b.chunks):
        if i == 0 and ch.kind == "lines":
            out.append(f"<p>{lead}</p>\n")
        out.append(_chunk(ch, lead if i == 0 and ch.kind != "lines" else ""))
    if not b.chunks:
        out.append(f"<p>{lead}</p>\n")
    out.append("</div>\n")
    return "".join(out)


def _segments(line: tuple[Segment, ...]) -> str:
    return "".join(
        f'<a href="{escape(href)}">{escape(text, False)}</a>' if href else escape(text, False)
        for text, href in line
    )


def reading_html(reading: Reading) -> Markup:
    """The reading view: opening lines (TAGS linked), paragraphs with anchors, signature."""
    out = ['<div class="reading">\n']
    if reading.preamble:
        out.append('<div class="preamble">\n')
        for group in reading.preamble:
            out.append("<p>" + "<br>\n".join(_segments(line) for line in group) + "</p>\n")
        out.append("</div>\n")
    for b in reading.blocks:
        if b.kind == "para":
            out.append(_para(b))
        else:
            out.append('<div class="text">\n' + "".join(_chunk(ch) for ch in b.chunks) + "</div>\n")
    if reading.signature:
        lines = "<br>\n".join(escape(line, False) for line in reading.signature)
        out.append(f'<p class="signature">{lines}</p>\n')
    out.append("</div>\n")
    return Markup("".join(out))


def header_lines_html(lines: tuple[HeaderLine, ...]) -> Markup:
    """Rows of the "line by line" table: each routing line with what it says (the addressee
    lines, decoded in the lists above, are counted, not repeated: some headers run to 200)."""
    rows = [
        f"<tr><td><code>{escape(line.raw, False)}</code></td><td>{escape(line.note, False)}</td></tr>\n"
        for line in lines
        if line.raw.strip() and not line.addressee
    ]
    n = sum(1 for line in lines if line.addressee)
    if n:
        rows.append(
            f'<tr><td colspan="2">{n} addressee line{"s" if n != 1 else ""}: see To and Info'
            " above</td></tr>\n"
        )
    return Markup("".join(rows))


def addressees_html(group: tuple[Addressee, ...]) -> Markup:
    """The TO or INFO list: routing indicator (named), addressee, precedence, sequence number."""
    out = []
    for a in group:
        parts = []
        if a.route:
            title = escape(a.route_name or "routing indicator")
            parts.append(f'<code title="{title}">{escape(a.route)}</code> ')
        parts.append(escape(a.name, False))
        if a.route_name and a.route_name != a.name:
            parts.append(f' <span class="hint">= {escape(a.route_name, False)}</span>')
        for extra in (a.precedence, f"#{a.mcn}" if a.mcn else None):
            if extra:
                parts.append(f' <span class="hint">&middot; {escape(extra, False)}</span>')
        if a.excluded:
            parts.append(
                f' <span class="hint">&middot; excluding {escape(", ".join(a.excluded), False)}</span>'
            )
        out.append("<li>" + "".join(parts) + "</li>\n")
    return Markup("".join(out))
