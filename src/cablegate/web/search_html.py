"""The search page's repetitive parts (the facet lists, the histogram's bars) written as HTML in
Python, as ``fragments`` does for the cable page: a page lists ~100 facet values and up to ~50
bars, and Jinja's per-expression overhead made them a third of the page's rendering. Every
value goes through markupsafe's ``escape``, as the template's autoescape would (the same bytes).
"""

from __future__ import annotations

from markupsafe import Markup, escape

from cablegate.web.context import Bar, Facet

_SHOWS_CODE = frozenset({"tag", "country"})  # values shown with their code beside the label
_ON = ' class="on"'
_CURRENT = ' aria-current="true"'
_REMOVE = ' aria-current="true" title="Remove this filter"'
_TICK = '<span aria-hidden="true">&#10003; </span>'


def facet_list_html(facet: Facet) -> Markup:
    """The ``<li>`` of each value of ``facet``: a link that toggles it, and its count."""
    code = facet.name in _SHOWS_CODE
    out = []
    for v in facet.values:
        on = v.selected
        hint = f' <span class="hint">{escape(v.value)}</span>' if code else ""
        out.append(
            f'<li{_ON if on else ""}><a href="{escape(v.url)}"{_REMOVE if on else ""}>'
            f"{_TICK if on else ''}{escape(v.label)}{hint}</a>"
            f' <span class="count">{v.count:,}</span></li>\n'
        )
    return Markup("".join(out))


def histogram_html(bars: tuple[Bar, ...]) -> Markup:
    """The ``<li>`` of each bar: a link that keeps its year (or month), its height and count."""
    out = []
    for bar in bars:
        label = escape(bar.label)
        on = bar.selected
        out.append(
            f'<li{_ON if on else ""}><a href="{escape(bar.url)}"'
            f' title="{label}: {bar.count:,}"{_CURRENT if on else ""}>'
            f'<span class="col" style="--h:{bar.height}%"></span>'
            f'<span class="x" aria-hidden="true">{escape(bar.label[-2:])}</span>'
            f'<span class="vh">{label}: {bar.count:,} cables</span></a></li>\n'
        )
    return Markup("".join(out))
