"""The top of the body: spaced classification banner, distribution markers, E.O. and DECL.

``S E C R E T LIMA 000487`` / ``SIPDIS`` / ``E.O. 12958: DECL: 02/14/2017``. Bodies copied from
other sources may carry a database record or a routing header before the banner, so the banner
is looked for in the first few thousand characters rather than on the first line only.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from cablegate.parse.wordtables import words
from cablegate.vocabulary import MONTH_CODES


@dataclass(frozen=True, slots=True)
class BannerFields:
    classification: str | None = None  # "SECRET" from "S E C R E T LIMA 000487"
    distribution: tuple[str, ...] = ()  # SIPDIS, NOFORN, EXDIS, NODIS ... in order, no duplicates
    eo: str | None = None  # "12958"
    decl: str | None = None  # the DECL value as written: "02/14/2017", "1.6X1", "N/A"
    declassify_on: str | None = None  # "2017-02-14" when decl is a date


_HEAD = 3000  # the banner follows at most a copied database record and routing header
_AREA = 2500  # distribution markers and the E.O. line sit within this many chars of the banner

# Each level word with optional single spaces between its letters; the first letter may be lost
# ("O N F I D E N T I A L", "E C R E T") or doubled ("UUNCLAS", "SE C R E T").
_WORD = re.compile(
    r"(?P<c>(?:C ?)?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L)|(?P<s>(?:S ?)?E ?C ?R ?E ?T)"
    r"|(?P<u>U?U ?N ?C ?L ?A ?S(?: ?S ?I ?F ?I ?E ?D)?)|(?P<l>L ?I ?M ?I ?T ?E ?D +O ?F ?F ?I ?C ?I ?A ?L +U ?S ?E)",
    re.IGNORECASE,
)
# An unspaced level word counts at a line start (after copied-record junk such as "Cable dated:
# 2009-11-23T14:44:00") and before a station, a SECTION marker, "//" or the line end.
_LINE_START = re.compile(r"(?:^|\n)[ \t\"]*(?:Cable dated:\S*?)?(?:TOP )?$")
_AFTER = re.compile(r"(?://|[ \t]+(?:E F T O|SECTION|[A-Z]{2,}[A-Z ]*\d)|[ \t]*(?:\n|$))")
_LEVEL = {"c": "CONFIDENTIAL", "s": "SECRET", "u": "UNCLASSIFIED", "l": "LIMITED OFFICIAL USE"}
# "\bE ?F ?T ?O\b" without the leading "\b", which the engine would try at every offset; the
# character before the match is checked in _has_efto.
_EFTO = re.compile(r"E ?F ?T ?O\b")
# Paragraph 1 at a line start: tried at offset 0, then searched from a newline, which the regex
# engine finds much faster than a multi-line ``^`` tried at every offset.
_PARAGRAPH_ONE = r"[ \t]*¶?[ \t]*1[ \t]*[.)][ \t]*\S"
_FIRST_PARAGRAPH = (re.compile(_PARAGRAPH_ONE), re.compile(rf"\n({_PARAGRAPH_ONE})"))
_TOKEN_SPLIT = re.compile(r"[\s,;/]+")
_EO_NUMBER = re.compile(r"1[23]\d{3}\b")
# "E.0." is typed with a zero (01VATICAN1261); in site-converted text the line may be glued to
# the word before ("FROM THE AMBASSADORE.O. 12958", 05CAIRO8938: then both dots are needed), and
# DECL may start the next line ("E.O. 12958: " / "DECL: 06/09/2015", 05BRASILIA1567).
_EO = re.compile(
    r"(?:\bE\.?[ \t]?[O0]\.?|E\.[ \t]?[O0]\.)[ \t]*(?P<eo>1[23]\d{3})\b"
    r"(?:[ \t]*(?::[ \t]*|(?=[ \t]*DECL))(?:\n[ \t]*(?=DECL))?(?:DECL\b[ \t]*[:.]?[ \t]*)?"
    r"(?P<decl>[^\n]*))?",
    re.IGNORECASE,
)
_NEXT_DECL = re.compile(r"[ \t]*DECL", re.IGNORECASE)
# The DECL label alone, for an E.O. line whose number is mistyped ("E.O. 1295:", "E.O. 19528:")
_DECL_ALONE = re.compile(r"\bDECL[ \t]*:[ \t]*(?P<decl>[^\n]*)", re.IGNORECASE)
# The DECL value ends before a glued TAGS/SUBJECT label and line-end artefacts (" \\", "<br>").
_DECL_END = re.compile(
    r"[\s\",]*(?:(?<![A-Za-z])(?:T?AGS?:|TAGS?\b)|\bSUBJ(?:ECT)?\b).*$|(?:\s*(?:\\|<br>))+\s*$",
    re.IGNORECASE | re.DOTALL,
)
# Every _DECL_END match holds one of these ("TAGS", "SUBJ", "\\", "<br>"): a cheap test first.
_DECL_END_CHARS = "gGjJ\\<"
_DECL_LABEL = re.compile(r"^(?:DECLl?\s*:\s*)+")
_DATE = re.compile(r"(?<!\d)(\d{1,4})[/.-](\d{1,2})[/.-](\d{2,4})(?!\d)")
_DATE_WORDS = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?,?\s+(\d{4})\b")
_MONTHS = {m: i for i, m in enumerate(MONTH_CODES, 1)}


def _markers() -> frozenset[str]:
    return words("distribution_markers.txt")


@cache
def _marker_line_candidates() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Lines of ASCII text that may be marker lines: vocabulary letters and separators only.

    Searched from a newline (then tried at offset 0), this skips most lines without a
    Python-level loop; only the lines it finds go through the full test of _distribution.
    """
    vocabulary = _markers() | words("classification_words.txt")
    chars = {c for w in vocabulary for c in w} | {c for w in vocabulary for c in w.lower()}
    letters = re.escape("".join(sorted(chars)))
    blank = r"\t\x0b\x0c\r\x1c-\x1f "
    line = rf"[{blank},;/]*+[{letters}][{letters}{blank},;/]*+(?![^\n])"
    return re.compile(line), re.compile(rf"\n({line})")


@cache
def _marker_line() -> re.Pattern[str]:
    """An upper-cased line of nothing but markers and classification words (one regex, speed)."""
    vocabulary = _markers() | words("classification_words.txt")
    alternatives = "|".join(
        re.escape(w)
        for w in sorted(vocabulary, key=len, reverse=True)
        if not _TOKEN_SPLIT.search(w)  # a word with a separator in it is never a whole token
    )
    token = f"(?:{alternatives})"
    return re.compile(rf"[\s,;/]*{token}(?:[\s,;/]+{token})*[\s,;/]*")


def _classification(body: str) -> tuple[str | None, int, int]:
    """Return (classification, start, end of the banner line) or (None, 0, 0).

    Only the first _HEAD characters are read, through ``endpos`` rather than a copy (speed).
    """
    head = min(len(body), _HEAD)
    for m in _WORD.finditer(body, 0, head):
        text = m.group()
        if text.count(" ") < 3:  # unspaced: upper case, at a line start, before a station
            if not text.isupper() or not _LINE_START.search(
                body, max(0, m.start() - 40), m.start()
            ):
                continue
            if not _AFTER.match(body, m.end(), head):
                continue
        start = body.rfind("\n", 0, m.start()) + 1
        end = body.find("\n", m.end(), head)
        return _LEVEL[m.lastgroup or "u"], start, head if end < 0 else end
    return None, 0, 0


def _has_efto(text: str) -> bool:
    for m in _EFTO.finditer(text):
        before = text[m.start() - 1] if m.start() else ""
        if not (before.isalnum() or before == "_"):
            return True
    return False


def _split_tokens(text: str) -> list[str]:
    """The non-empty parts of ``_TOKEN_SPLIT.split(text)``, by str methods (speed)."""
    for separator in ",;/":
        if separator in text:
            text = text.replace(separator, " ")
    return text.split()


def _area_lines(area: str) -> list[str]:
    """The lines of ``area`` that can be marker lines (a superset): all of them unless ASCII."""
    if not area.isascii():
        return area.split("\n")
    at_start, after_newline = _marker_line_candidates()
    first = at_start.match(area)
    lines = [first.group()] if first else []
    lines.extend(after_newline.findall(area))
    return lines


def _distribution(banner_line: str, area: str) -> list[str]:
    markers = _markers()
    found: list[str] = []
    if _has_efto(banner_line):
        found.append("EFTO")
    found.extend(t for t in _split_tokens(banner_line.upper()) if t in markers)
    marker_line = _marker_line().fullmatch
    for line in _area_lines(area):
        line = line.strip()
        if not line or len(line) > 60 or not (line.isupper() or line.istitle()):
            continue  # marker lines are short, in capitals ("SIPDIS", "NOFORN SIPDIS", "Sipdis")
        upper = line.upper()
        if marker_line(upper):
            found.extend(t for t in _split_tokens(upper) if t in markers)
    return list(dict.fromkeys(found))


def _declassify_on(decl: str, written: int | None = None) -> str | None:
    m = _DATE.search(decl)
    if not m:
        w = _DATE_WORDS.search(decl)
        month = _MONTHS.get(w.group(2).upper(), 0) if w else 0
        if not w or not month:
            return None
        try:
            return dt.date(int(w.group(3)), month, int(w.group(1))).isoformat()
        except ValueError:
            return None
    a, b, c = m.groups()
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    elif len(a) <= 2 and len(c) in (2, 4):
        month, day, year = int(a), int(b), int(c)
        if len(c) == 2:
            year = _century(year, written)
    else:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _century(yy: int, written: int | None) -> int:
    """A two-digit DECL year: the first 19YY or 20YY not before the year the cable was written
    (a cable is never declassified before it exists: "DECL: 12/31/85" in a 1979 cable is 1985,
    "DECL: 12/31/99" in a 1996 one is 1999). When that year is unknown, 70-99 are 19YY (the
    E.O. 11652/12065 era's dates) and the rest 20YY."""
    if written is None:
        return yy + (1900 if yy >= 70 else 2000)
    return 1900 + yy if 1900 + yy >= written else 2000 + yy


def _find_eo(body: str, end: int, start: int = 0) -> re.Match[str] | None:
    """The E.O. line, found from its number ("12958", "13526", ...) backwards (speed)."""
    for m in _EO_NUMBER.finditer(body, start, end):
        line_end = body.find("\n", m.end())
        if line_end >= 0 and _NEXT_DECL.match(body, line_end + 1):
            line_end = body.find("\n", line_end + 1)  # "E.O. 12958: " / "DECL: 06/09/2015"
        eo = _EO.search(body, max(0, m.start() - 8), end if line_end < 0 else min(end, line_end))
        if eo and eo.start("eo") == m.start():
            return eo
    return None


def read_banner(body: str, year: int | None = None) -> BannerFields:
    """Classification banner, distribution markers, E.O. number and DECL of one body;
    ``year`` (when the cable was written) places two-digit DECL years."""
    level, start, end = _classification(body)
    area_start = end if level else 0
    area = body[area_start : area_start + _AREA]
    at_start, after_newline = _FIRST_PARAGRAPH
    if at_start.match(area):
        area = ""
    elif first_para := after_newline.search(area):
        area = area[: first_para.start(1)]
    distribution = _distribution(body[start:end] if level else "", area)
    eo = decl = declassify_on = None
    m = _find_eo(body, area_start + len(area))
    if m and ".." in (m.group("decl") or ""):
        # a copy cut short by the site ("DECL: 08..."); the full text follows (08MOSCOW2426)
        m = _find_eo(body, min(len(body), _HEAD + _AREA), m.end()) or m
    found = m or _DECL_ALONE.search(body, area_start, area_start + len(area))
    if found:
        eo = m.group("eo") if m else None
        raw = found.group("decl") or ""
        if any(c in raw for c in _DECL_END_CHARS):
            raw = _DECL_END.sub("", raw)
        raw = _DECL_LABEL.sub("", raw.strip())
        decl = raw or None
        declassify_on = _declassify_on(raw, year) if raw else None
    return BannerFields(
        classification=level,
        distribution=tuple(distribution),
        eo=eo,
        decl=decl,
        declassify_on=declassify_on,
    )
