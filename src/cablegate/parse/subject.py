"""SUBJECT line: normalised and raw.

The subject sits in the header area of the body after a ``SUBJECT:`` label (variants in
``data/subject_labels.csv``), may wrap over several lines and ends at the first piece of
furniture that follows it: an empty line, the REF block, ``Classified By``, the first numbered
paragraph, a section or page marker, a spaced banner and a few more (see ``_END``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from cablegate.parse.hints import hinted_finditer, label_hint
from cablegate.parse.wordtables import pairs, words

# The header area: up to the first numbered paragraph with a marking or a summary (if that comes
# early enough), else this many characters. Bodies that embed their routing header push the
# SUBJECT line past 1,200 characters (06GENEVA1673: 1,474; 09CAIRO211: 1,656).
_AREA = 2500
_AREA_WITH_PARA = 6000
# Paragraph 1 at a line start: tried at offset 0, then searched from a newline, which the regex
# engine finds much faster than a multi-line ``^`` tried at every offset.
_PARA_ONE = r"[ \t]*¶?[ \t]*1[ \t]*\.?[ \t]*(?:\((?!\d)|summary\b)"
_FIRST_PARA = (re.compile(_PARA_ONE, re.I), re.compile(rf"\n({_PARA_ONE})", re.I))

# Only the start of the match is used, so the lookahead (the characters an alternative can start
# with; blanks only at a line start) just lets the engine skip other offsets quickly.
_END = re.compile(
    r"(?=[\nRrCc¶\dPSsUuſ\-TtE(I<]|(?<![^\n])[ \t])(?:"
    r"\n[ \t]*\n"  # an empty line
    r"|REF(?:S|TELS?|\(S\))?[ \t]*:"  # REF: also glued, "PRIMEREF: A. LONDON 1939"
    r"|(?im:^[ \t]*REF(?:S|TELS?|\(S\))?\b)"  # REF A. RIYADH 1579 at line start
    r"|(?i:Ref\(s\)|REFTELS?\b)"
    r"|(?i:Classified[ \t]+By)"
    r"|(?:^|(?<=\s))¶?[1-9][0-9]?[ \t]*\.?[ \t]*\((?:TS|S|C|U|SBU|LOU)\b[^)\n]{0,25}\)"
    r"|(?:^|(?<=\s))¶?1(?:\.[ \t]*|[ \t]+)(?i:summary\b)"
    r"|\d{5,8}[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3}\b"  # PRETORIA 00000954 001.2 OF 004
    r"|\bPAGE[ \t]+\d{2,3}\b"
    r"|C O N F I|S E C R E T|U N C L A S"
    r"|(?i:\bSENSI?TIVE[ \t]+BUT\b)"
    r"|-{4,}"
    r"|(?i:This[ \t]+is[ \t]+an?[ \t]+action[ \t]+req)"
    r"|(?<=\n)[ \t]*(?:TAGS?[ \t]*:|E\.[ \t]?O\.[ \t]*1)"  # on a later line only
    r"|(?<=\n)[ \t]*(?:¶?1\.[ \t]|\(1\)[ \t]|INDEX:)"  # paragraph or list item 1
    r"|(?<![A-Za-z(/])SUBJECT[ \t]*:"  # the header repeated after the subject (10LONDON65)
    r"|(?m:^\d{1,6}\t)|<<"  # a copy of the database record inside the body
    r"|\b(?:UNCLAS|UNCLASSIFIED|CONFIDENTIAL|SECRET)[ \t]+(?:SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+)?"
    r"(?:[A-Z]+[ \t]+){1,3}\d{6}\b"  # a repeated banner, UNCLAS MANAMA 000995
    r")"
)
# In ASCII text every _END match starts at one of these or just after a newline. Each alternative
# opens with a literal, so the engine skips to the next one quickly; _END confirms each.
_END_HINT = re.compile(
    r"\n|¶|1|2|3|4|5|6|7|8|9|0\d{4}|R(?i:ef)|r(?i:ef)|C(?i:las)|c(?i:las)|S(?i:ens)|s(?i:ens)"
    r"|T(?i:his)|t(?i:his)|PAGE|C O N F I|S E C R E T|U N C L A S|----|SUBJECT|<<|UNCLAS"
    r"|CONFIDENTIAL|SECRET"
)
_STATION_WORDS = re.compile(r"[ \t]*(?:[A-Z][A-Z.'-]*[ \t]+){1,4}")
_SECTION_MARK = re.compile(r"\d{5,8}[ \t]+\d{3}(?:\.\d)?[ \t]+OF[ \t]+\d{3}\b")
_LINE_END_HYPHEN = re.compile(r"(?<=[A-Za-z0-9])-[ \t]*\n[ \t]*(?=\w)")
_US_HYPHEN = re.compile(r"\bUS- +(?=[A-Z])")
_REPEATED = re.compile(r"(?i)(?:\([A-Z/ ]{1,12}\)[ \t]*)?S?UBJ(?:ECT)?[ \t]*:")
_FRONT_MATTER = re.compile(r"\bE\.[ \t]?O\.|\bDECL[ \t]*:|\bTAGS[ \t]*:")
_ENTITY = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));")


@cache
def _label_re() -> re.Pattern[str]:
    rows = sorted(pairs("subject_labels.csv").items(), key=lambda r: -len(r[0]))
    optional = "|".join(re.escape(k) for k, v in rows if v.lower() != "required")
    required = "|".join(re.escape(k) for k, v in rows if v.lower() == "required")
    # "SUBJECT LINE" is a correction notice, "(SUBJECT" never a label; without a colon only
    # the capitals count ("SUBJECT SAG AGREES", not "subject to approval").
    first = re.escape("".join(sorted({k[0] for k in pairs("subject_labels.csv")})))
    # The lookahead on a label's first letter lets the engine skip other offsets quickly.
    # Site-converted text glues the label to the last tag ("TAGS: PTER TUSUBJECT: ..."): in
    # capitals and with its colon it counts after a capital too.
    return re.compile(
        rf"(?=(?i:[{first}]))(?:(?<![A-Za-z(/])(?:(?i:{optional}|{required})[ \t]*:"
        rf"|(?:{optional})[ \t]+(?!LINE\b))|(?<=[A-Z])SUBJECT[ \t]*:)"
    )


@cache
def _label_hint() -> re.Pattern[str]:
    return label_hint(k for k in pairs("subject_labels.csv"))


def _labels(area: str) -> Iterator[re.Match[str]]:
    """``_label_re().finditer(area)``, tried only where _label_hint finds a candidate (speed)."""
    return hinted_finditer(_label_re(), _label_hint(), area)


@cache
def _marking_re() -> tuple[re.Pattern[str], re.Pattern[str]]:
    first = "|".join(
        re.escape(w) for w in sorted(words("portion_markings.txt"), key=len, reverse=True)
    )
    mark = rf"\(\s*(?:{first})(?:\s*/+\s*[A-Z]+(?:\s+[A-Z]+)*)*\s*\)"
    return re.compile(rf"(?i)^{mark}\s*"), re.compile(rf"(?i)\s+{mark}$")


def _area(body: str) -> str:
    """Searched through ``endpos`` rather than in a copy of the first characters (speed)."""
    at_start, after_newline = _FIRST_PARA
    if at_start.match(body, 0, _AREA_WITH_PARA):
        return ""
    m = after_newline.search(body, 0, _AREA_WITH_PARA)
    return body[: m.start(1)] if m else body[:_AREA]


def _entity(m: re.Match[str]) -> str:
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    try:
        return chr(code) if 0 < code < 0x110000 else m.group(0)
    except ValueError:
        return m.group(0)


def _drop_station(text: str, before: str) -> str:
    """A section marker glued into the text leaves its station name behind: drop it too.

    The station is known from the banner line before the subject (``TRIPOLI 000310``).
    """
    ws = text.split()
    banner = before[-3000:]
    for k in (3, 2, 1):
        if len(ws) > k and " ".join(ws[-k:]) in banner and ws[-k].isupper():
            return " ".join(ws[:-k])
    return text


def _clean(text: str) -> str:
    """Whitespace runs collapsed, line-end hyphens joined, entities decoded.

    A regex runs only when the characters it needs are there: one that opens with a lookbehind
    or a word boundary is tried at every offset (speed).
    """
    text = text.replace("\\", "")
    if "-" in text:
        if "\n" in text:
            text = _LINE_END_HYPHEN.sub("-", text)
        text = " ".join(text.split())
        text = _US_HYPHEN.sub("US-", text)
    else:
        text = " ".join(text.split())
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return text


def read_subject(body: str) -> tuple[str, str]:
    """Return ``(subject, subject_raw)``; ``("", "")`` when the cable has none.

    ``subject_raw`` is the text as written (whitespace collapsed, entities decoded);
    ``subject`` also drops a portion marking in parentheses at its start or end.
    """
    area = _area(body).replace("\\", "")
    for m in _labels(area):
        raw = _subject_at(area, m.end(), area[: m.start()])
        if not m.group().rstrip().endswith(":") and _FRONT_MATTER.search(raw):
            continue  # "CORRECTED MISSPELLING IN SUBJECT SIPDIS E.O. 12958: ..." (09BUENOSAIRES1147)
        # "SUBJECT:..." of a cut-off copy is followed by the real one (04THEHAGUE281).
        if any(c.isalnum() for c in raw):
            lead, trail = _marking_re()
            subject = lead.sub("", raw)
            if ")" in subject[-2:]:  # a trailing marking ends the text (or its last line)
                subject = trail.sub("", subject)
            return subject.strip(), raw
    return "", ""


def _subject_at(area: str, start: int, before: str) -> str:
    start = _skip_space(area, start)
    # "SUBJECT: SUBJECT: ..." and "SUBJECT: (C) SUBJECT: ..." (09BOGOTA849, 07PARAMARIBO510)
    again = _REPEATED.match(area, start)
    if again:
        start = _skip_space(area, again.end())
    rest = area[start:]
    end = _end(rest)
    text = rest if end is None else rest[:end]
    if end is not None and _SECTION_MARK.match(rest, end):
        head, _, tail = text.rpartition("\n")
        # the marker's own line: "PRETORIA 00000954 001.2 OF 004" (else glued into the text)
        text = head if head and _STATION_WORDS.fullmatch(tail) else _drop_station(text, before)
    return _clean(text)


def _end(rest: str) -> int | None:
    """Where ``_END.search(rest)`` would match: tried only at the offsets _END_HINT finds (speed).

    Other text (a ``\\d`` or case-folded letter beyond ASCII) is searched as before.
    """
    if not rest.isascii():
        m = _END.search(rest)
        return m.start() if m else None
    if _END.match(rest):
        return 0
    hint = _END_HINT.search(rest)
    while hint:
        at = hint.start()
        if _END.match(rest, at):
            return at
        if rest[at] == "\n" and _END.match(rest, at + 1):
            return at + 1
        hint = _END_HINT.search(rest, at + 1)
    return None


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i
