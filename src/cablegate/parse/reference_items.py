"""Items of a REF block: bullets, the cables cited (``[year] STATION SERIAL``) and other documents.

Works on the text of one block (see :mod:`cablegate.parse.references`). A cable reference is found
from its serial backwards: the words just before a number are tried as a station name
(``LA PAZ``, ``RIO DE JAN``, ``SECSTATE``), a year may precede them (``06``, ``2007``, ``(05)``,
``'08``) or follow the serial (``(08)``, ``-91``, `` 99,``), and more serials of the same station
may follow (``936/935``, ``2799 AND 2764``). Whatever is not a cable is kept as a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegate.model import Reference
from cablegate.refid import lookup_station

# --- text clean-up before tokenising -------------------------------------------------------
_OCR = (
    (re.compile(r"(?<=[A-Za-z])0(?=[A-Za-z])"), "O"),  # COTON0U
    (re.compile(r"(?<![\w'])0(?=[A-Za-z]{3})"), "O"),  # 0TTAWA
    (re.compile(r"(?<=[A-Za-z]{4})0(?![\w])"), "O"),  # SANTIAG0
    (re.compile(r"(?<![\w'])[Oo](?=\d+(?![\w]))"), "0"),  # O4 CHENNAI, LAGOS O1512
)
# 10-OTTAWA-57, 09CAIRO0561, 2005PANAMA2342, HK05511, 09DHAHRAN 201
_HYPHENATED = re.compile(r"(?<![\w/\-])(\d{2})-([A-Za-z]{2,})-(\d{1,8})(?![\w/])")
_COMPACT = re.compile(r"(?<![\w/\-])(\d{2}|\d{4})?([A-Za-z]{2,})(\d{1,8})(?![\w/])")
_GLUED_YEAR = re.compile(r"(?<![\w/\-])(\d{2}|\d{4})([A-Za-z]{3,})(?![\w])")

# Letters glued to digits after clean() are message numbers, not stations: R162245Z, 301601z.
_TOKEN = re.compile(
    r"(?P<mixed>[A-Za-z0-9]*(?:[A-Za-z]\d|\d[A-Za-z])[A-Za-z0-9]*)"
    r"|(?P<num>\d+)|(?P<word>[A-Za-z][A-Za-z'\u2019.]*(?:-[A-Za-z][A-Za-z'\u2019.]*)*)|(?P<p>\S)"
)

# --- bullets -------------------------------------------------------------------------------
_BULLET = re.compile(
    r"(?<![\w.'\u2019/\-])(?:[-\u2013][ \t]*)?(?:\u00b6[ \t]*)?"
    r"(?:\((?P<paren>[A-Za-z]|\d{1,2})\)|\[(?P<bracket>[A-Za-z])\]"
    r"|(?P<letter>[A-Za-z])(?:[.):]|[ \t]+-(?=\s))|(?P<number>\d{1,2})[.)](?!\d)"
    r"|(?P<bare>[A-Za-z])(?=[ \t]))"
)

# Words that may stand between a station and its serial: COLOMBO CABLES 0266, KUWAIT (C)02293.
_CABLE_WORDS = frozenset({"CABLE", "CABLES", "TEL", "TELS", "TELEGRAM", "TELEGRAMS", "NO", "NR"})
# Words that may come right before a cited station; any other word means the station is part of
# a title (INCSR BRAZIL 2008, UNITED STATES 2008) and not a cable reference.
_LEAD_WORDS = frozenset(
    {"AND", "REF", "REFS", "REFTEL", "REFTELS", "REFERENCE", "REFERENCES", "ALSO", "SEE", "OR",
     "PLUS", "CF", "AS", "WELL", "PREVIOUS"}
)
# Words that carry no document of their own (SEPTEL is a cable without an id).
_FILLER = _LEAD_WORDS | {"NOTAL", "PREVIOUSLY", "ETC", "SEPTEL", "SEPTELS", "THE", "OF", "IN"}

_KINDS = (
    ("email", re.compile(r"(?i)\be-?[ \t]?mails?\b|\bemail")),
    ("telcon", re.compile(r"(?i)\btel(?:e)?cons?\b|\btelephone\b|\bphone[ \t]*(?:call|con)|\btelcon")),
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


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # num | word | mixed | p
    text: str
    start: int
    end: int

    @property
    def up(self) -> str:
        return self.text.upper().rstrip(".")


@dataclass(frozen=True, slots=True)
class Context:
    """What a block needs from the citing cable: default year (``"07"``) and own station."""

    year: str | None
    station: str | None


def clean(text: str) -> str:
    """OCR repairs and compact forms spelled out, so that the tokens are ``[year] words serial``."""
    for pattern, repl in _OCR:
        text = pattern.sub(repl, text)
    text = _HYPHENATED.sub(r"\1 \2 \3", text)
    text = _COMPACT.sub(lambda m: f"{m[1] or ''} {m[2]} {m[3]}", text)
    return _GLUED_YEAR.sub(r"\1 \2", text)


def tokens(text: str) -> list[_Tok]:
    return [_Tok(m.lastgroup or "p", m[0], m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _year2(tok: _Tok) -> str | None:
    """``06``, ``2007``, ``094`` -> two-digit year; anything else is not a year."""
    t = tok.text
    if tok.kind != "num":
        return None
    if len(t) == 2 or (len(t) == 3 and t[0] == "0"):
        return t[-2:]
    if len(t) == 4 and t[:2] in ("19", "20"):
        return t[2:]
    return None


def _serial(tok: _Tok) -> str | None:
    s = tok.text.lstrip("0")
    return s if tok.kind == "num" and len(tok.text) <= 8 and 1 <= len(s) <= 7 else None


def _is_word(tok: _Tok) -> bool:
    return tok.kind == "word" and tok.up not in _CABLE_WORDS


def _station_start(toks: list[_Tok], lo: int, hi: int) -> tuple[int, str] | None:
    """The leftmost start s in [lo, hi) such that the words s..hi-1 name a station."""
    for s in range(lo, hi):
        found = lookup_station("".join(t.text for t in toks[s:hi]), fuzzy=False)
        if found:
            return s, found
    for s in range(max(lo, hi - 2), hi):
        found = lookup_station("".join(t.text for t in toks[s:hi]))
        if found:
            return s, found
    return None


@dataclass
class _Cable:
    year: str | None
    station: str
    serial: str
    first: int  # token span, for the leftover text
    last: int


def _left_station(toks: list[_Tok], i: int) -> tuple[int, str, str | None] | None:
    """For the serial at token i: (first token, station, year) of ``[year] STATION [:] [(C)] i``."""
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
    found = _station_start(toks, lo, hi)
    if found is None:
        return None
    s, station = found
    year = None
    k = s - 1
    if k >= 2 and toks[k].text == ")" and toks[k - 2].text == "(" and _year2(toks[k - 1]):
        year, k = _year2(toks[k - 1]), k - 3
    elif k >= 0 and _year2(toks[k]):
        year, k = _year2(toks[k]), k - 1
    if k >= 0 and toks[k].text == "'":
        k -= 1
    if k >= 0 and toks[k].kind == "word" and toks[k].up not in _LEAD_WORDS:
        return None  # a title: INCSR BRAZIL 2008
    return k + 1, station, year


def _right_station(toks: list[_Tok], i: int) -> str | None:
    """Reversed form ``377 KATHMANDU``: the words after the serial name a station, no serial follows."""
    hi = i + 1
    while hi < len(toks) and hi - i <= 3 and toks[hi].kind == "word":
        hi += 1
    if hi == i + 1 or (hi < len(toks) and toks[hi].kind == "num"):
        return None
    return lookup_station("".join(t.text for t in toks[i + 1 : hi]))


def scan_cables(toks: list[_Tok]) -> list[_Cable]:
    """Every cable reference among the tokens of one piece of a REF block, in order."""
    found: list[_Cable] = []
    i, n = 0, len(toks)
    while i < n:
        serial = _serial(toks[i])
        left = _left_station(toks, i) if serial else None
        if serial is None:
            i += 1
            continue
        if left is None:
            # a year (05 LIMA...) is not the serial of a reversed form
            reversed_ok = len(toks[i].text) >= 3 and _year2(toks[i]) is None
            station = None
            if reversed_ok and (i == 0 or toks[i - 1].kind == "p"):
                station = _right_station(toks, i)
            if station:
                found.append(_Cable(None, station, serial, i, i + 1))
                i += 2
            else:
                i += 1
            continue
        first, station, year = left
        group = [_Cable(year, station, serial, first, i)]
        i += 1
        joined = False  # after AND a comma list goes on: GUANGZHOU 11657 and 7743, 12155
        while i < n:
            t = toks[i]
            nxt = toks[i + 1] if i + 1 < n else None
            after = toks[i + 2] if i + 2 < n else None
            if t.text == "(" and nxt and _year2(nxt) and after and after.text == ")":
                group[-1].year, group[-1].last, i = _year2(nxt), i + 2, i + 3
            elif t.text == "-" and nxt and len(nxt.text) == 2 and _year2(nxt):
                group[-1].year, group[-1].last, i = _year2(nxt), i + 1, i + 2
            elif t.kind == "num" and len(t.text) == 2 and (nxt is None or nxt.text in ",;"):
                group[-1].year, group[-1].last, i = t.text, i, i + 1
            elif nxt and _serial(nxt) and (
                t.text in ("/", "&") or t.up == "AND" or (t.text == "," and joined)
            ):
                joined = joined or t.up == "AND" or t.text == "&"
                group.append(_Cable(year, station, nxt.text.lstrip("0"), i, i + 1))
                i += 2
            else:
                break
        found.extend(group)
    return found


def item_like(line: str) -> bool:
    """Does this line start a REF item (a bullet, a label or a cable)? Used at block edges."""
    line = line.strip()
    if not line:
        return False
    m = _BULLET.match(line)
    if m and not m["bare"]:
        return True
    if re.match(r"(?i)ref", line):
        return True
    toks = tokens(clean(line[:80]))
    cables = scan_cables(toks)
    return bool(cables) and cables[0].first <= 1


def _bullets(text: str) -> list[tuple[str | None, int, int]]:
    """Split a block at its enumeration: [(bullet, start, end)], the first part may be unbulleted."""
    marks: list[tuple[str, int, int]] = []
    last: str | None = None
    for m in _BULLET.finditer(text):
        label = next(g for g in (m["paren"], m["bracket"], m["letter"], m["number"], m["bare"]) if g)
        up = label.upper()
        if last is None:
            ok = up in ("A", "1")
        elif up.isdigit() != last.isdigit():
            ok = False
        else:
            ok = up == last or up == (
                str(int(last) + 1) if last.isdigit() else chr(ord(last) + 1)
            )
        if ok and m["bare"]:
            rest = tokens(clean(text[m.end() : m.end() + 60]))
            cables = scan_cables(rest)
            ok = bool(cables) and cables[0].first == 0
        if ok:
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
    text = _SPACES.sub(" ", text).strip(" \t\n,;&-:")
    text = _EDGE_WORDS.sub("", text).strip(" \t\n,;&-:")
    words = [w.upper().strip(".'\u2019") for w in re.findall(r"[A-Za-z][A-Za-z'\u2019.]*", text)]
    content = [w for w in words if w and w not in _FILLER]
    if not content:
        return None
    if not re.search(r"\d", text) and lookup_station("".join(content), fuzzy=False):
        return None  # a station without serial: "E: Sao Paulo"
    return text


def read_items(block: str, ctx: Context) -> list[Reference]:
    """Every item of one REF block as a :class:`Reference`, in order; cable values canonical."""
    out: list[Reference] = []
    for bullet, start, end in _bullets(block):
        for piece in block[start:end].split(";"):
            out.extend(_piece_items(piece, bullet, ctx))
    return out


def _piece_items(piece: str, bullet: str | None, ctx: Context) -> list[Reference]:
    text = clean(piece)
    toks = tokens(text)
    cables = scan_cables(toks)
    items: list[tuple[int, Reference]] = []
    for c in cables:
        year = c.year or ctx.year
        if year is not None:
            items.append((c.first, Reference("cable", f"{year}{c.station}{c.serial}", bullet)))
    if not cables:
        bare = [t for t in toks if t.kind != "p"]
        if len(bare) == 1 and _serial(bare[0]) and len(bare[0].text) >= 3 and ctx.station:
            # A) 6307: a serial alone is one of the citing station's own cables
            if ctx.year:
                items.append((0, Reference("cable", f"{ctx.year}{ctx.station}{_serial(bare[0])}", bullet)))
            return [r for _, r in items]
        doc = _document(piece)
        return [Reference(_kind(doc), doc, bullet)] if doc else []
    # Text between cables is usually an annotation ("(NOTAL)", "and previous"); keep only what
    # names another kind of document (... AND LAKHDHIR E-MAIL 12/01/09).
    edges = [(-1, -1)] + [(c.first, c.last) for c in cables] + [(len(toks), len(toks))]
    for (_, prev_last), (next_first, _) in zip(edges, edges[1:], strict=False):
        if next_first - prev_last <= 1:
            continue
        span = toks[prev_last + 1 : next_first]
        raw = text[span[0].start : span[-1].end]
        if raw.lstrip().startswith("(") or not _DOC_WORDS.search(raw):
            continue
        doc = _document(raw)
        if doc:
            items.append((prev_last + 1, Reference(_kind(doc), doc, bullet)))
    return [r for _, r in sorted(items, key=lambda x: x[0])]
