"""The routing header line by line: what kind each line is and the codes it holds.

:mod:`cablegate.parse.header` extracts the cable's fields (sender, recipients, DTG); this module
keeps every line where it is, with its parts decoded, so that a page can explain the header
line by line without reading it again. Prosigns and line shapes follow ACP 127.
"""

from __future__ import annotations

import re

from cablegate.model import HeaderLine, Span
from cablegate.vocabulary import MONTH_CODES

# the five repeated letters of the security line (``ZNY SSSSS ZZH``), most telling first
SECURITY_CODES = ("SSSSS", "CCCCC", "UUUUU", "EEEEE", "TTTTT")

_DTG = re.compile(r"\b(\d{2})(\d{2})(\d{2})Z\s+([A-Z]{3})\s+(\d{2}(?:\d{2})?)\b")
_DE = re.compile(r"DE\s+([A-Z0-9]{4,8})\s+#(\d+)(?:/(\d+))?\s+(\d{3})(\d{4})")
_PREC_LINE = re.compile(r"([ZYOPRM])\s+\d{6}Z\b")
_PP = re.compile(r"([ZYOPRM])\1\s+([A-Z0-9]+)")
_ADDR = re.compile(r"(?:(TO|INFO|XMT)\s+)?([A-Z0-9]{4,8})/(.+)$")
_BLOCKS = ("TO ", "INFO ", "XMT")


def dtg_to_iso(dtg: str | None) -> str | None:
    """``202245Z FEB 07`` -> ``2007-02-20T22:45Z``; None when it does not read."""
    m = _DTG.search(dtg or "")
    if not m:
        return None
    day, hour, minute, mon, year = m.groups()
    if mon not in MONTH_CODES:
        return None
    y = int(year)
    if y < 100:
        y += 1900 if y >= 50 else 2000
    return f"{y:04d}-{MONTH_CODES.index(mon) + 1:02d}-{day}T{hour}:{minute}Z"


def _addressee(s: str, span: Span, block: str) -> tuple[HeaderLine, str]:
    """A TO/INFO/XMT line or one continuing their list; the list it is in carries over."""
    if s.startswith(("TO ", "INFO ", "XMT ")):
        block = s.split(maxsplit=1)[0]
    m = _ADDR.match(s)
    if not m and s.startswith("XMT"):
        block = "XMT"
    kind = (m.group(1) if m and m.group(1) else block) or "addressee"
    return HeaderLine(span, kind.lower(), route=m.group(2) if m else None), block


def _line(s: str, span: Span) -> HeaderLine:
    """A line that is not an addressee line, by its opening."""
    if s.startswith("VZCZC"):
        return HeaderLine(span, "vzczc", serial=s[5:])
    if m := _PP.match(s):
        return HeaderLine(span, "routing", precedence=m.group(1), route=m.group(2))
    if m := _DE.match(s):
        station, serial, section, day, hhmm = m.groups()
        return HeaderLine(
            span, "de", route=station, serial=serial, section=section, day=day, time=hhmm
        )
    if s.startswith("ZN"):
        level = next((code for code in SECURITY_CODES if code in s), None)
        return HeaderLine(span, "security", security=level)
    if m := _PREC_LINE.match(s):
        dtg = _DTG.search(s)
        return HeaderLine(
            span,
            "dtg",
            precedence=m.group(1),
            dtg=dtg.group() if dtg else None,
            dtg_iso=dtg_to_iso(s),
        )
    if s.startswith("FM "):
        return HeaderLine(span, "fm")
    if s.startswith("BT"):
        return HeaderLine(span, "bt")
    return HeaderLine(span, "other")


def read_header_lines(header: str) -> tuple[HeaderLine, ...]:
    """Every non-blank line of the normalised ``header``, with its kind and decoded parts."""
    out: list[HeaderLine] = []
    block = ""
    pos = 0
    for raw in header.split("\n"):
        span = Span(pos, pos + len(raw))
        pos = span.end + 1
        s = raw.strip()
        if not s:
            continue
        if s.startswith(_BLOCKS) or ("/" in s and _ADDR.match(s)):
            line, block = _addressee(s, span, block)
            out.append(line)
        else:
            out.append(_line(s, span))
    return tuple(out)
