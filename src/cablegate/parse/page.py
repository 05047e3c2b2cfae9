"""One WikiLeaks cable page of any site generation -> a :class:`PageRecord` -> a parsed Cable.

Generations (see corpus/README.md): 2010-11-29 (4 columns: Reference ID, Date, Classification,
Origin), 2010-12-10 to 2011-04-25 (5 columns with Released), 2011-09 final. Columns are found by
their heading, not their position. Every page before the final site printed the hour on a
12-hour clock in the minutes' place; created minutes are then recovered from the header's DTG.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from cablegate.model import Cable
from cablegate.parse import parse
from cablegate.parse.header import dtg_day_hour_minute, read_header
from cablegate.parse.pagetext import media_url, pre_blocks, pre_text
from cablegate.vocabulary import MONTH_CODES

NOT_A_CABLE_PAGE = "page: not a WikiLeaks cable page"
MINUTES_UNRELIABLE = "created: minutes unreliable (site template bug)"
TRUNCATED = "page: truncated inside the cable text"


@dataclass(frozen=True, slots=True)
class PageRecord:
    """What one cable page shows, before the cable text is parsed.

    ``created_precision`` is ``minute`` (page value trusted), ``minute-from-dtg`` (page minutes
    replaced by the DTG's) or ``hour``; ``released_precision`` is ``minute`` or ``hour`` (the
    page generation's, also when the page has no Released column).
    """

    refid: str | None = None
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    origin: str | None = None
    media: tuple[str, ...] = ()
    header: str = ""
    body: str = ""
    problems: tuple[str, ...] = field(default=())
    released_precision: str = "minute"
    created_precision: str | None = None
    title: str | None = None  # the subject in the `Viewing cable REFID, SUBJECT` heading
    # What the page says of the site it was saved from (see ``site_state``): the site's own
    # count of cables released so far, the newest release day its menu lists, and the day a
    # mirroring tool stamped on it. They date a snapshot whose name does not.
    site_count: int | None = None
    site_newest: str | None = None
    captured: str | None = None


_TABLE_RE = re.compile(r"<table\s+class=['\"]?cable['\"]?[^>]*>", re.IGNORECASE)
_TABLE_END_RE = re.compile(r"</table\s*>|<code\b|<pre\b", re.IGNORECASE)
_HEADING_RE = re.compile(r"Viewing cable\s+([^,<\s]*)\s*,?\s*([^<]*)</h3>")
_TIMESTAMP_RE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::\d\d)?$")
_COUNTER_RE = re.compile(r"Currently released so far\.*\s*([\d,]+)\s*/\s*([\d,]+)")
_RELDATE_RE = re.compile(r"/reldate/(\d{4}-\d\d-\d\d)_")
# HTTrack's stamp: `Mirrored from cablegate.wikileaks.org/... by HTTrack Website Copier/3.x
# [XR&CO'2010], Sun, 28 Nov 2010 21:53:25 GMT`
_HTTRACK_RE = re.compile(
    r"Mirrored from \S+ by HTTrack[^\]]*\],\s*\w{3},\s*(\d{1,2}) (\w{3}) (\d{4}) \d\d:\d\d"
)
_COLUMNS = {
    "reference id": "refid",
    "date": "created",
    "created": "created",
    "released": "released",
    "classification": "classification",
    "origin": "origin",
}


def parse_page(html: str) -> Cable:
    """Parse one cable page; a page that is not a cable page gives ``refid=None`` and a problem."""
    rec = read_page(html)
    if rec.refid is None and not rec.body:
        return Cable(header=rec.header, problems=rec.problems)
    return parse(
        rec.header,
        rec.body,
        refid=rec.refid,
        created=rec.created,
        released=rec.released,
        classification=rec.classification,
        origin=rec.origin,
        media=rec.media,
        problems=rec.problems,
    )


def read_page(html: str) -> PageRecord:
    """Read the metadata table, the media links and the header/body text of one page."""
    try:
        return _read_page(html if isinstance(html, str) else str(html))
    except Exception as exc:  # total: a page nobody foresaw must not stop an ingest
        return PageRecord(problems=(f"page: internal error {type(exc).__name__}: {exc}",))


def _read_page(html: str) -> PageRecord:
    problems: list[str] = []
    heading = _find(html, "Viewing cable", _HEADING_RE)
    table_at = _find(html, "<table class='cable'", _TABLE_RE)
    if heading is None and table_at is None:
        return PageRecord(problems=(NOT_A_CABLE_PAGE,))
    cells: dict[str, str] = {}
    media: tuple[str, ...] = ()
    text_from = heading.end() if heading else 0
    if table_at:
        end = _TABLE_END_RE.search(html, table_at.end())
        stop = end.start() if end else len(html)
        cells, media = _read_table(html[table_at.start() : stop])
        text_from = stop
    else:
        problems.append("page: no metadata table")

    refid = cells.get("refid") or (heading.group(1) if heading else None) or None
    if heading and refid and heading.group(1) and heading.group(1) != refid:
        problems.append(f"page: heading names {heading.group(1)}, table {refid}")

    blocks, cut = pre_blocks(html, text_from)
    if heading is None and not blocks:
        return PageRecord(problems=(NOT_A_CABLE_PAGE,))  # a listing page's table, not a cable
    texts = [pre_text(b).rstrip() for b in blocks]
    if cut:
        problems.append(TRUNCATED)
    if not texts:
        problems.append("page: no cable text")
    elif len(texts) > 2:
        problems.append(f"page: {len(texts)} text blocks, expected 1 or 2")
    header = texts[0] if len(texts) >= 2 else ""
    body = texts[-1] if texts else ""

    minute_bug = _has_minute_bug(html, cells)
    created, created_precision = _created(cells.get("created"), header, minute_bug, problems)
    released = _timestamp(cells.get("released"), "released", problems)
    released_precision = "hour" if minute_bug else "minute"
    title = html_lib.unescape(heading.group(2)).strip() if heading else None
    count, newest, captured = site_state(html[: table_at.start() if table_at else len(html)])
    return PageRecord(
        refid=refid,
        created=created,
        released=released,
        classification=cells.get("classification") or None,
        origin=cells.get("origin") or None,
        media=media,
        header=header,
        body=body,
        problems=tuple(problems),
        released_precision=released_precision,
        created_precision=created_precision,
        title=title or None,
        site_count=count,
        site_newest=newest,
        captured=captured,
    )


def site_state(html: str) -> tuple[int | None, str | None, str | None]:
    """What a page shows of the site around the cable: the "released so far" count, the newest
    day of its "Browse latest releases" menu, and an HTTrack capture day (``YYYY-MM-DD``).

    The site only grew, so the count orders two snapshots of one day; and a page cannot have
    been saved before the newest release day it lists.
    """
    counter = _COUNTER_RE.search(html)
    count = int(counter.group(1).replace(",", "")) if counter else None
    days = _RELDATE_RE.findall(html)
    stamp = _HTTRACK_RE.search(html)
    captured = None
    if stamp and stamp.group(2).upper() in MONTH_CODES:
        month = MONTH_CODES.index(stamp.group(2).upper()) + 1
        captured = f"{stamp.group(3)}-{month:02d}-{int(stamp.group(1)):02d}"
    return count, max(days) if days else None, captured


def _find(html: str, literal: str, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """``pattern`` where ``literal`` starts it (fast on a 70 KB page), else anywhere."""
    i = html.find(literal)
    if i >= 0 and (m := pattern.match(html, i)):
        return m
    return pattern.search(html)


def _read_table(table_html: str) -> tuple[dict[str, str], tuple[str, ...]]:
    """Map the header row to the value row by column name; collect the media links."""
    tree = LexborHTMLParser(table_html)
    names: list[str] = []
    cells: dict[str, str] = {}
    media: list[str] = []
    for row in tree.css("tr"):
        heads = row.css("th")
        if heads:
            names = [_COLUMNS.get(_squash(th.text()).lower(), "") for th in heads]
            continue
        tds = row.css("td")
        if any("appears in these articles" in td.text().lower() for td in tds):
            for a in row.css("a"):
                url = media_url(a.attributes.get("href"), a.text())
                if url and url not in media:
                    media.append(url)
            continue
        if cells or not names:
            continue
        for name, td in zip(names, tds, strict=False):
            if name:
                cells[name] = _squash(td.text())
    return cells, tuple(media)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _has_minute_bug(html: str, cells: dict[str, str]) -> bool:
    """Pages before the final site print the 12-hour clock hour as the minutes."""
    counter = _COUNTER_RE.search(html)
    if counter and counter.group(1).replace(",", "") == counter.group(2).replace(",", ""):
        return False  # the final site (everything released) fixed the template
    m = _TIMESTAMP_RE.match(cells.get("created") or "")
    if m is None:
        return counter is not None
    hour, minute = int(m.group(4)), int(m.group(5))
    return minute == (hour % 12 or 12)  # any other value proves the minutes are real


def _timestamp(value: str | None, what: str, problems: list[str]) -> str | None:
    if not value:
        return None
    m = _TIMESTAMP_RE.match(value)
    if m is None:
        problems.append(f"{what}: cannot read {value!r}")
        return None
    y, mo, d, hh, mi = m.groups()
    return f"{y}-{mo}-{d}T{hh}:{mi}"


def _created(
    value: str | None, header: str, minute_bug: bool, problems: list[str]
) -> tuple[str | None, str | None]:
    created = _timestamp(value, "created", problems)
    if created is None:
        return None, None
    if not minute_bug:
        return created, "minute"
    dtg = dtg_day_hour_minute(read_header(header).dtg) if header else None
    if dtg and dtg[0] == int(created[8:10]) and dtg[1] == int(created[11:13]):
        return f"{created[:14]}{dtg[2]:02d}", "minute-from-dtg"
    problems.append(MINUTES_UNRELIABLE)
    return created, "hour"
