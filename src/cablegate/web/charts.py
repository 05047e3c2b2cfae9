"""Charts drawn on the server as SVG: month timelines (bars) and a thread's graph.

Plain functions, numbers in and markup out; every text from the archive goes through
markupsafe's ``escape``. A chart is an image to assistive technology (``role="img"`` with its
``<title>`` and ``<desc>``): its text alternative is the table of its numbers (timelines) or
the nested list beside it (threads). The graph's links are for the mouse only
(``tabindex="-1"``): a keyboard reaches the same cables through the list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from cablegate.thread import Layout
from cablegate.vocabulary import month_name
from cablegate.web.urls import cable_url

_BAR = 6  # px a month at most; narrower when the span is long
_CHART_WIDTH = 720
_CHART_HEIGHT = 120
_AXIS = 18  # px under the bars for the year labels


@dataclass(frozen=True, slots=True)
class Point:
    """One bar: a month (YYYY-MM) or a day and its count; ``url`` lists its cables."""

    label: str
    count: int
    url: str | None = None


def month_points(
    counts: Iterable[tuple[str, int]], url: Callable[[str], str] | None = None
) -> tuple[Point, ...]:
    """``(YYYY-MM, count)`` pairs (any order; other keys and empty months dropped) as the
    bars of a month timeline, in month order."""
    return tuple(
        Point(m, n, url(m) if url else None)
        for m, n in sorted(counts)
        if n > 0 and len(m) == 7 and m[:4].isdigit() and m[5:].isdigit()
    )


def _index(month: str) -> int:
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def timeline_svg(points: tuple[Point, ...], ident: str, title: str) -> Markup:
    """Bars by month from the first month to the last (months without cables are gaps),
    with the years marked under them."""
    if not points:
        return Markup("")
    first, last = _index(points[0].label), _index(points[-1].label)
    span = last - first + 1
    bar = max(1, min(_BAR, _CHART_WIDTH // span))
    width = span * bar
    top = max(p.count for p in points)
    total = sum(p.count for p in points)
    desc = (
        f"{total:,} cables in {len(points):,} months from {month_name(points[0].label)}"
        f" to {month_name(points[-1].label)}; the most in one month: {top:,}."
    )
    out = [
        f'<svg class="chart" role="img" aria-labelledby="{ident}-t {ident}-d"'
        f' viewBox="0 0 {width} {_CHART_HEIGHT + _AXIS}" preserveAspectRatio="none"'
        f' width="{min(_CHART_WIDTH, width * 2)}" height="{_CHART_HEIGHT + _AXIS}">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
    ]
    for p in points:
        h = max(1, round(_CHART_HEIGHT * p.count / top))
        x = (_index(p.label) - first) * bar
        rect = (
            f'<rect x="{x}" y="{_CHART_HEIGHT - h}" width="{max(1, bar - (bar > 2))}"'
            f' height="{h}"><title>{escape(p.label)}: {p.count:,}</title></rect>'
        )
        if p.url:
            rect = f'<a href="{escape(p.url)}" tabindex="-1">{rect}</a>'
        out.append(rect)
    # a label every year when there is room, else every fifth
    every = 1 if bar * 12 >= 28 else 5
    for year in range(first // 12, last // 12 + 1):
        x = (year * 12 - first) * bar
        if year % every or x < 0:
            continue
        out.append(f'<text x="{x}" y="{_CHART_HEIGHT + _AXIS - 4}" font-size="11">{year}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def numbers_table(points: tuple[Point, ...], caption: str, unit: str = "Month") -> Markup:
    """The chart's numbers: a row a bar, linked where the bar is."""
    rows = []
    for p in points:
        label = escape(p.label)
        cell = f'<a href="{escape(p.url)}">{label}</a>' if p.url else label
        rows.append(f'<tr><th scope="row">{cell}</th><td>{p.count:,}</td></tr>')
    return Markup(
        f'<table class="numbers"><caption>{escape(caption)}</caption><thead><tr>'
        f'<th scope="col">{escape(unit)}</th><th scope="col">Cables</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def timeline_html(points: tuple[Point, ...], ident: str, title: str) -> Markup:
    """A timeline as pages show it: a heading, the bars, and their numbers folded beside."""
    if not points:
        return Markup("")
    return Markup(
        f'<section class="timeline-chart" aria-labelledby="{ident}-h">'
        f'<h2 id="{ident}-h">{escape(title)}</h2>'
        f'<div class="scroll">{timeline_svg(points, ident, title)}</div>'
        f"<details><summary>The numbers</summary>"
        f"{numbers_table(points, title)}</details></section>"
    )


# -- a thread's graph ------------------------------------------------------------------------


def _box_text(key: str, created: str | None) -> str:
    return f"{key} \u00b7 {created[:10]}" if created else key


def thread_svg(layout: Layout, ident: str, title: str, desc: str) -> Markup:
    """Boxes by layer and arrows from each citing cable to the one it cites; the cable the
    thread is of is marked, cables not in the archive are dashed and not linked."""
    w, h = layout.box_width, layout.box_height
    out = [
        f'<svg class="thread-graph" role="img" aria-labelledby="{ident}-t {ident}-d"'
        f' viewBox="0 0 {layout.width} {layout.height}" width="{layout.width}"'
        f' height="{layout.height}">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
        f'<defs><marker id="{ident}-a" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="7"'
        ' markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z"/></marker></defs>'
    ]
    for link in layout.links:
        a, b = link.citing, link.cited
        if a.node.key == b.node.key:
            continue
        if a.x == b.x:  # same layer (a cycle's back edge): a bow to the right
            x = a.x + w // 2
            path = f"M{x},{a.y} C{x + 30},{a.y} {x + 30},{b.y} {x},{b.y}"
        else:
            side = -1 if b.x < a.x else 1
            path = f"M{a.x + side * w // 2},{a.y} L{b.x - side * w // 2},{b.y}"
        out.append(f'<path class="edge" d="{path}" marker-end="url(#{ident}-a)"/>')
    for p in layout.nodes:
        n = p.node
        created = n.cable.created if n.cable else None
        kind = "node here" if n.depth == 0 else ("node" if n.in_archive else "node missing")
        label = escape(_box_text(n.key, created))
        tip = escape(n.cable.subject if n.cable and n.cable.subject else "not in this archive")
        box = (
            f'<g class="{kind}"><rect x="{p.x - w // 2}" y="{p.y - h // 2}" width="{w}"'
            f' height="{h}" rx="4"/><text x="{p.x}" y="{p.y + 4}" text-anchor="middle"'
            f' font-size="11">{label}</text><title>{tip}</title></g>'
        )
        if n.in_archive and n.depth != 0:
            box = f'<a href="{escape(cable_url(n.key))}" tabindex="-1">{box}</a>'
        out.append(box)
    out.append("</svg>")
    return Markup("".join(out))
