"""Items of a REF block: bullets, the cables cited (``[year] STATION SERIAL``) and other documents.

Works on the text of one block (see :mod:`cablegate.parse.reference_block`). A cable reference is
found from its serial backwards: the words just before a number are tried as a station name
(``LA PAZ``, ``RIO DE JAN``, ``SECSTATE``), a year may precede them (``06``, ``2007``, ``(05)``,
``'08``) or follow the serial (``(08)``, ``-91``, `` 99,``), and more serials of the same station
may follow (``936/935``, ``2799 AND 2764``). Whatever is not a cable is kept as a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegate.model import Reference
from cablegate.parse.reference_tokens import Tok, tokens
from cablegate.refid import lookup_station
from cablegate.vocabulary import MONTH_CODES

__all__ = ["Context", "item_like", "read_items", "scan_cables", "starts_with_cable"]

_BULLET = re.compile(
    r"(?<![\w.'\u2019/\-])(?:[-\u2013][ \t]*)?(?:\u00b6[ \t]*)?"
    r"(?:\((?P<paren>[A-Za-z]|\d{1,2})\)|\[(?P<bracket>[A-Za-z])\]"
    r"|(?P<letter>[A-Za-z])(?:[.):]|[ \t]+-(?=\s))|(?P<number>\d{1,2})[.)](?!\d)"
    r"|(?P<bare>[A-Za-z])(?=[ \t]))"
)
_LABEL_START = re.compile(r"ref", re.I)

# Words that may stand between a station and its serial: COLOMBO CABLES 0266.
_CABLE_WORDS = frozenset({"CABLE", "CABLES", "TEL", "TELS", "TELEGRAM", "TELEGRAMS", "NO", "NR"})
# Words that may come right before a cited station; any other word means the station is part of
# a title (INCSR BRAZIL 2008, UNITED STATES 2008) and not a cable reference.
_LEAD_WORDS = frozenset(
    {"AND", "REF", "REFS", "REFTEL", "REFTELS", "REFERENCE", "REFERENCES", "ALSO", "SEE", "OR",
     "PLUS", "CF", "AS", "WELL", "PREVIOUS"}
)  # fmt: skip
_MONTHS = frozenset(MONTH_CODES)
# Words that name no document of their own (SEPTEL is a cable without an id).
_FILLER = _LEAD_WORDS | {"NOTAL", "PREVIOUSLY", "ETC", "SEPTEL", "SEPTELS", "THE", "OF", "IN"}

_KINDS = (
    ("email", re.compile(r"(?i)\be-?[ \t]?mails?\b|email")),
    ("telcon", re.compile(r"(?i)tel(?:e)?con|\btelephone\b|\bphone[ \t]*(?:call|con)")),
    ("book", re.compile(r"(?i)\b(?:FAM|FAH|handbook|manual)\b")),
)
_DOC_WORDS = re.compile(
    r"(?i)e-?[ \t]?mail|telcon|telecon|telephone|phone|\bFAM\b|\bFAH\b|report|\bIIR\b|\bTD-|memo"
    r"|letter|\bfax|meeting|conversation|non-?paper|briefing|\bnote\b"
)
_SPACES = re.compile(r"\s+")
# Connectors and repeated labels at either end of a document's text: "AND ...", "REF: ...".
_EDGE_WORDS = re.compile(
    r"(?i)^(?:(?:(?:and|or|ref(?:tels?|erences?|s)?)\b|&)[\s:.,]*)+|(?:[\s,;]+(?:and|or|&))+$"
)
_TRIM = " \t\n,;&-:"
# A sentence (a capital or lower-case word, then a lower-case word that is not a title's little
# word) is text of the cable, not a document's name: "... E-MAIL 11/21/2007 Per reftel, Post ..."
_LITTLE = r"(?!(?:to|the|of|on|and|in|for|a|an|at|by|with|from|de|del|la|y)\b)"
_PROSE = re.compile(r"\s[A-Za-z][a-z]+,?\s+" + _LITTLE + r"[a-z]{2,}")
_PROSE_START = re.compile(r"[A-Za-z][a-z]+,?\s+" + _LITTLE + r"[a-z]{2,}")
# "N/A", "NONE", a redaction, a lone letter: no document at all.
_NOTHING = re.compile(r"(?i)n/?a\.?|none\.?|nil\.?|x+|[a-z]\.?|\(?notal\)?")


@dataclass(frozen=True, slots=True)
class Context:
    """What a block needs from the citing cable: default year (``"07"``) and own station."""

    year: str | None
    station: str | None


@dataclass(slots=True)
class _Cable:
    year: str | None
    station: str
    serial: str
    first: int  # token span, for the text left between cables
    last: int


def _year2(tok: Tok) -> str | None:
    """``06``, ``2007``, ``094`` -> two-digit year; anything else is not a year."""
    t = tok.text
    if tok.kind != "num":
        return None
    if len(t) == 2 or (len(t) == 3 and t[0] == "0"):
        return t[-2:]
    if len(t) == 4 and t[:2] in ("19", "20"):
        return t[2:]
    return None


def _serial(tok: Tok) -> str | None:
    if tok.kind != "num" or len(tok.text) > 8:
        return None
    s = tok.text.lstrip("0")
    return s if 1 <= len(s) <= 7 else None


def _station_start(toks: list[Tok], lo: int, hi: int) -> tuple[int, str] | None:
    """The leftmost start s in [lo, hi) such that the words s..hi-1 name a station."""
    words = [t.text for t in toks[lo:hi]]
    for s in range(lo, hi):
        # positional fuzzy=False: lru_cache builds a keyword call's key four times slower
        found = lookup_station("".join(words[s - lo :]), False)
        if found:
            return s, found
    for s in range(max(lo, hi - 2), hi):  # typos: one or two words, one edit away
        found = lookup_station("".join(words[s - lo :]))
        if found:
            return s, found
    return None


def _left_station(toks: list[Tok], i: int, floor: int = 0) -> tuple[int, str, str | None] | None:
    """For the serial at token i: (first token, station, year) of ``[year] STATION [:] [(C)] i``.

    Tokens before ``floor`` belong to the cable read before; its serial is not this one's year
    (``MATAMOROS 37`` / ``MATAMOROS 33``, 10MONTERREY43).
    """
    j = i - 1
    if j >= 0 and toks[j].kind == "word" and toks[j].up in _CABLE_WORDS:
        j -= 1
    if j >= 2 and toks[j].text == ")" and toks[j - 1].kind == "word" and toks[j - 2].text == "(":
        j -= 3  # a portion marking: KUWAIT (C)02293
    if j >= 0 and toks[j].text in (":", "-"):
        j -= 1
    hi = j + 1
    lo = hi
    while lo > 0 and hi - lo < 5 and toks[lo - 1].kind == "word":
        lo -= 1
    if lo == hi:
        return None
    found = _station_start(toks, max(lo, floor), hi) if hi > floor else None
    if found is None:
        return None
    s, station = found
    year = None
    if s <= floor:
        return s, station, None
    k = s - 1
    if k >= 0 and toks[k].text == "-":  # 10-OTTAWA-57
        k -= 1
    if k >= 2 and toks[k].text == ")" and toks[k - 2].text == "(" and _year2(toks[k - 1]):
        year, k = _year2(toks[k - 1]), k - 3
    elif k >= 0 and _year2(toks[k]):
        year, k = _year2(toks[k]), k - 1
    elif k < s - 1:
        k = s - 1  # the hyphen led to no year
    if k >= 0 and toks[k].text in ("'", "\u2019"):
        k -= 1
    if k >= 0 and toks[k].kind == "word" and toks[k].up not in _LEAD_WORDS and len(toks[k].up) > 1:
        return None  # a title: INCSR BRAZIL 2008 (a lone letter is a bullet out of sequence)
    return k + 1, station, year


def _right_station(toks: list[Tok], i: int) -> str | None:
    """Reversed form ``377 KATHMANDU``: the words after the serial name a station, no serial follows."""
    hi = i + 1
    while hi < len(toks) and hi - i <= 3 and toks[hi].kind == "word":
        hi += 1
    if hi == i + 1 or (hi < len(toks) and toks[hi].kind == "num"):
        return None
    return lookup_station("".join(t.text for t in toks[i + 1 : hi]))


def _continue(toks: list[Tok], i: int, group: list[_Cable]) -> int:
    """Read what follows a serial: a year for it, or more serials of the same station."""
    n = len(toks)
    joined = False  # after AND a comma list goes on: GUANGZHOU 11657 and 7743, 12155
    while i < n:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < n else None
        after = toks[i + 2] if i + 2 < n else None
        if t.text == "(" and nxt and _year2(nxt) and after and after.text == ")":
            group[-1].year, group[-1].last, i = _year2(nxt), i + 2, i + 3  # ASUNCION 701 (08)
        elif t.text == "-" and nxt and len(nxt.text) == 2 and _year2(nxt):
            group[-1].year, group[-1].last, i = nxt.text, i + 1, i + 2  # QUITO 4525-91
        elif t.kind == "num" and len(t.text) == 2 and (nxt is None or nxt.text in (",", ";")):
            group[-1].year, group[-1].last, i = t.text, i, i + 1  # AMMAN 07718 99,
        elif (
            t.kind == "num"
            and len(t.text) <= 2
            and nxt
            and nxt.up[:3] in _MONTHS
            and after
            and len(after.text) in (2, 4)
            and _year2(after)
        ):
            # the item states its date: "STATE 99488 24 SEP 2009" in a 2010 cable (10STATE369)
            group[-1].year, group[-1].last, i = _year2(after), i + 2, i + 3
        elif t.up == "OF" and nxt and len(nxt.text) == 4 and _year2(nxt):
            group[-1].year, group[-1].last, i = _year2(nxt), i + 1, i + 2  # PANAMA 798 OF 2008
        elif (
            nxt
            and _serial(nxt)
            and (t.text in ("/", "&") or t.up == "AND" or (t.text == "," and joined))
            # "PANAMA 831 AND 08 PANAMA 798": a year of the next item, not a serial
            and not (_year2(nxt) and after is not None and after.kind == "word")
        ):
            joined = joined or t.up == "AND" or t.text == "&"
            group.append(_Cable(group[0].year, group[0].station, _serial(nxt) or "", i, i + 1))
            i += 2
        else:
            break
    return i


def scan_cables(toks: list[Tok]) -> list[_Cable]:
    """Every cable reference among the tokens of one piece of a REF block, in order."""
    found: list[_Cable] = []
    i, n = 0, len(toks)
    while i < n:
        serial = _serial(toks[i]) if toks[i].kind == "num" else None
        if serial is None:
            i += 1
            continue
        # a number that ends the cable before (its serial, "MATAMOROS 37") is no year of this one;
        # a year in parentheses may be both ("BRASILIA 709 (08) SAO PAULO 542", 09SAOPAULO663)
        floor = found[-1].last + 1 if found and toks[found[-1].last].kind == "num" else 0
        left = _left_station(toks, i, floor)
        if left is None:
            # reversed form; a year (05 LIMA...) is never its serial
            station = None
            if (
                len(toks[i].text) >= 3
                and _year2(toks[i]) is None
                and (i == 0 or toks[i - 1].kind == "p")
            ):
                station = _right_station(toks, i)
            if station:
                found.append(_Cable(None, station, serial, i, i + 1))
            i += 2 if station else 1
            continue
        first, station, year = left
        group = [_Cable(year, station, serial, first, i)]
        i = _continue(toks, i + 1, group)
        found.extend(group)
    return found


def starts_with_cable(text: str) -> bool:
    """Does ``text`` begin with a cable reference (``LIMA 123``, ``06 STATE 5``, ``A WELLINGTON 7``)?"""
    cables = scan_cables(tokens(text[:80]))
    return bool(cables) and cables[0].first <= 1


def item_like(line: str) -> bool:
    """Does this line start a REF item (a bullet, a label or a cable)? Used at block edges.

    A bullet before prose is a sub-paragraph (``a)  Asch said that ...``), a number before prose a
    paragraph (``1. On October 7 ...``), and ``(U)``/``(C)``/``(S)`` are portion markings unless a
    cable follows them.
    """
    line = line.strip()
    if not line:
        return False
    if _LABEL_START.match(line):
        return True
    m = _BULLET.match(line)
    if m is None or m["bare"]:
        return starts_with_cable(line)
    rest = line[m.end() :]
    if starts_with_cable(rest):
        return True
    if m["number"] or (m["paren"] or "").upper() in ("U", "C", "S"):
        return False
    return not _PROSE_START.match(rest.lstrip())


def _next_bullet(last: str | None, up: str) -> bool:
    if last is None:
        return up in ("A", "1")
    if up.isdigit() != last.isdigit():
        return False
    following = str(int(last) + 1) if last.isdigit() else chr(ord(last) + 1)
    return up in (last, following)  # a repeated letter is a doubled bullet: A. A) STATE 1


def _bullets(text: str) -> list[tuple[str | None, int, int]]:
    """Split a block at its enumeration: [(bullet, start, end)], the first part may be unbulleted."""
    marks: list[tuple[str, int, int]] = []
    last: str | None = None
    for m in _BULLET.finditer(text):
        label = m["paren"] or m["bracket"] or m["letter"] or m["number"] or m["bare"]
        up = label.upper()
        if not _next_bullet(last, up):
            continue
        if m["bare"]:  # "A WELLINGTON 721 B WELLINGTON 690": only before a cable
            cables = scan_cables(tokens(text[m.end() : m.end() + 60]))
            if not cables or cables[0].first != 0:
                continue
        marks.append((up, m.start(), m.end()))
        last = up
    parts: list[tuple[str | None, int, int]] = []
    start = 0
    bullet: str | None = None
    for up, s, e in marks:
        parts.append((bullet, start, s))
        bullet, start = up, e
    parts.append((bullet, start, len(text)))
    return [p for p in parts if text[p[1] : p[2]].strip()]


def _kind(text: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(text):
            return kind
    return "report"


def _document(text: str) -> str | None:
    """The text of a cited non-cable document, or ``None`` when the text names nothing."""
    text = _EDGE_WORDS.sub("", _SPACES.sub(" ", text).strip(_TRIM)).strip(_TRIM)
    prose = _PROSE.search(" " + text)
    if prose and prose.start() > 0:  # a title in lower case ("Mtcr poc 201/2006") stays whole
        text = text[: prose.start()].strip(_TRIM)
    words = [w.upper().strip(".'\u2019") for w in re.findall(r"[A-Za-z][A-Za-z'\u2019.]*", text)]
    content = [w for w in words if w and w not in _FILLER]
    if not content or _NOTHING.fullmatch(text):
        return None
    if lookup_station("".join(content), False):
        return None  # a cable without a usable serial: "E: Sao Paulo", "2008 SAN JOSE 00"
    return text


def read_items(block: str, ctx: Context) -> list[Reference]:
    """Every item of one REF block as a :class:`Reference`, in order; cable values not yet checked."""
    out: list[Reference] = []
    for bullet, start, end in _bullets(block):
        text = block[start:end]
        toks = tokens(text)
        if ";" not in text:  # one piece: most parts
            if toks:
                out.extend(_piece_items(text, toks, text[toks[0].start :], bullet, ctx))
            continue
        piece: list[Tok] = []
        for t in [*toks, None]:  # pieces are separated by semicolons
            if t is None or t.text == ";":
                if piece:
                    stop = t.start if t else len(text)
                    out.extend(_piece_items(text, piece, text[piece[0].start : stop], bullet, ctx))
                piece = []
            else:
                piece.append(t)
    return out


def _piece_items(
    block: str, toks: list[Tok], piece: str, bullet: str | None, ctx: Context
) -> list[Reference]:
    cables = scan_cables(toks)
    if not cables:
        words = [t for t in toks if t.kind != "p"]
        if len(words) == 1 and len(words[0].text) >= 3 and _serial(words[0]):
            # "A) 6307": a serial alone is one of the citing station's own cables
            if ctx.year and ctx.station:
                return [Reference("cable", f"{ctx.year}{ctx.station}{_serial(words[0])}", bullet)]
            return []
        doc = _document(piece)
        return [Reference(_kind(doc), doc, bullet)] if doc else []
    # Text between cables is mostly an annotation ("(NOTAL)", "and previous"); keep only what
    # names another kind of document (... AND LAKHDHIR E-MAIL 12/01/09).
    items: list[tuple[int, Reference]] = []
    docs: list[tuple[int, Reference]] = []
    prev_last = -1
    ordered = True
    for c in cables:
        ordered = ordered and (not items or items[-1][0] <= c.first)
        if c.first - prev_last > 1:
            _gap_document(block, toks, prev_last, c.first, bullet, docs)
        prev_last = c.last
        year = c.year or ctx.year
        if year is not None:
            items.append((c.first, Reference("cable", f"{year}{c.station}{c.serial}", bullet)))
    if len(toks) - prev_last > 1:
        _gap_document(block, toks, prev_last, len(toks), bullet, docs)
    if not docs and ordered:
        return [r for _, r in items]
    return [r for _, r in sorted(items + docs, key=lambda x: x[0])]


def _gap_document(
    block: str,
    toks: list[Tok],
    prev_last: int,
    next_first: int,
    bullet: str | None,
    docs: list[tuple[int, Reference]],
) -> None:
    raw = block[toks[prev_last + 1].start : toks[next_first - 1].end]
    if raw.lstrip().startswith("(") or not _DOC_WORDS.search(raw):
        return
    doc = _document(raw)
    if doc:
        docs.append((prev_last + 1, Reference(_kind(doc), doc, bullet)))
