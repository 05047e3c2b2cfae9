"""Where a REF block is: its label in the header area, its end, and the noise inside it.

The block starts after a ``REF``/``REFS``/``REF(S)``/``REFTEL(S)``/``PROGRAM REF`` label (also
glued to the subject: ``PRIMEREF:``) before the first marked paragraph, and ends before
``Classified By``, a summary, a numbered paragraph, a repeated header or record, an empty line not
followed by more items, or after ~1,200 characters. Page-break lines, section markers and
classification banners inside it are removed.

Speed: every cable goes through here, so each search starts with a literal (``str.find`` or a
regex whose first character is fixed); Python's ``re`` scans alternations character by character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegate.parse.reference_items import item_like, starts_with_cable
from cablegate.refid import lookup_station

__all__ = ["blocks"]

# Labels are searched before the first marked paragraph, and never further than this.
_REGION = 12_000
_BLOCK = 1_200

_MARKING = r"\([A-Za-z]{1,4}(?:/{1,2}[A-Za-z]{1,5})?\)"  # (C) (SBU) (S/NF) (S//NF)
_PARAGRAPH_ONE = (  # (lead, pattern) as in _ENDS
    ("\n", re.compile(r"\n[ \t]*(?:\u00b6[ \t]*)?1[ \t]*\.[ \t]*" + _MARKING)),
    ("\u00b6", re.compile(r"\u00b6[ \t]*1\b")),
)
# Bodies without line breaks mark paragraphs mid-line: "... REASON: 1.4 (b), (d) 1. (C) Summary"
_PORTION = re.compile(r"\.[ \t]+\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|U//FOUO|SBU/NF)\)")
_LABEL = re.compile(
    r"REF(?:TELS?|ERENCES?|S|\(S\))?(?:[ \t]*(?P<colon>:)|(?P<dot>\.)(?!\w)|(?=[ \t]))", re.I
)
_LEAD_BULLET = re.compile(r"[ \t]*(?:\(?[A-Za-z]\)|[A-Za-z][.:])")
_LINE_HEAD = re.compile(
    r"[ \t]*(?:\u00b6[ \t]*)?(?:PROGRAM[ \t]+)?(?:(?P<bullet>[A-Za-z])[.)][ \t]*)?"
)

# Noise, searched in the upper-cased block: page lines, section markers, banners.
_PAGE = re.compile(
    r"PAGE[ \t]+\d{2,3}[ \t]+(?:[A-Z][A-Z'.\-]*[ \t]+){1,4}\d{3,8}"
    r"(?:[ \t]+\d{2}[ \t]+OF[ \t]+\d{2})?(?:[ \t]+\d{6}Z)?"
)
_SECTION_NUMBERS = re.compile(r"0\d{4,7}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b")
_SECTION_STATION = re.compile(r"(?:[A-Z][A-Z'.\-]*[ \t]+){1,4}$")
_AFTER_BANNER = re.compile(
    r"(?:\s+SECTION\s+\d+\s+OF\s+\d+)?\s+(?:[A-Z][A-Z'.\-]*[ \t]+){1,4}\d{6}\b"
)  # the banner's own station and serial: C O N F I D E N T I A L PRAGUE 000356
_BANNERS = tuple(
    re.compile(p)
    for p in (
        r"C ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L\b",
        r"S ?E ?C ?R ?E ?T\b",
        r"U ?N ?C ?L ?A ?S ?S ?I ?F ?I ?E ?D\b|UNCLAS\b",
        r"C O R R E C T E D\b",
        r"LIMITED OFFICIAL USE\b",
        r"NOFORN\b",
        r"SIPDIS\b",
    )
)
_ANY_BANNER = re.compile("|".join(p.pattern for p in _BANNERS))  # one scan for blocks without

# Ends, searched in the upper-cased block: (lead, pattern). Every match starts with its lead, so a
# memchr-fast ``str.find`` skips to the first candidate; a lead alone is a literal end.
_ENDS: tuple[tuple[str, re.Pattern[str] | None], ...] = tuple(
    (lead, re.compile(p) if p else None)
    for lead, p in (
        ("CLAS", r"CLASS?I?FI?E?D[ \t]+BY\b"),
        ("\u00b6", r"\u00b6[ \t]*\d"),
        ("SENSITIVE", r"SENSITIVE[ \t]+BUT[ \t]+UNCLASSI?FI?E?D"),
        ("THIS", r"THIS[ \t]+IS[ \t]+AN[ \t]+ACTION[ \t]+REQUEST"),
        ("E.", r"E\.[ \t]?O\.[ \t]*1\d{4}"),
        ("----", None),
        ("====", None),
        ("...", None),
        ("<<", r"<<\d+>>"),
        ("\n", r"\n(?:ID|DATE|REFID|ORIGIN|CLASSIFICATION|DESTINATION|HEADER):"),  # a record
    )
)
_PARA_MARK = re.compile(r"\.[ \t]*" + _MARKING)  # "1. (C)", "1.(SBU)", checked for its number
_LINE_WORD = re.compile(r"SUMMARY\b|TAGS[ \t]*:|SUBJECT[ \t]*:")
_LINE_PREFIX = re.compile(r"[ \t]*(?:\d{1,2}[ \t]*\.[ \t]*){0,2}(?:\([A-Z/]+\)[ \t]*)?")
_NUMBERED_LINE = re.compile(r"\n[ \t]*\d{1,2}[ \t]*[.,][ \t]*(?=[A-Za-z(])")
# mid-line paragraph of a body without line breaks: "... 165115 1. Post grants ..."
_NUMBERED_PROSE = re.compile(r"\.[ \t]*(?=[A-Z][a-z])")
# an unnumbered paragraph: "C. STATE 45792 (SBU) Post has undertaken ..." (raw text, not upper)
_MARKED_PROSE = re.compile(
    r"\((?:U|C|S|SBU|S/NF|C/NF|S//NF|C//NF|SBU/NF|U//FOUO)\)[ \t]*(?=[A-Z][a-z])"
)
# a sentence: "REF: SECSTATE 102414 We delivered points in reftel to MFA ..."
_PROSE_RUN = re.compile(r"\b[A-Z][a-z]*(?:[ \t]+[a-z]+){4}")
_PROSE_LINE = re.compile(r"\n[ \t]*\d{1,2}\.[ \t]+(?=[A-Za-z])")
# Site-converted bodies repeat the REF line after a blank line ("REF: A. NEW DELHI 878" /
# "REF: A. NEW DELHI 878 B. ..."); the repeat is read as a block of its own.
_REPEAT_WORDS = 3  # "A. NEW DELHI": enough of the first item to know it again
_REPEATED_LABEL = re.compile(r"[ \t]*REF(?:TELS?|S)?[ \t]*:", re.IGNORECASE)
_BLANK_GAP = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
_BULLET_END = r"(?:^|\s)(?:\(?[A-Z]\)|[A-Z][.:]|\[[A-Z]\])"
# stops mid-item: a connector, a bullet, a bullet and a year (D. 03)
_INCOMPLETE = re.compile(r"(?:[,;:&/\-]|\bAND|" + _BULLET_END + r"(?:[ \t]*'?\d{2}(?:\d{2})?)?)$")
_WORD_LAST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ'.-")  # of _LAST_WORDS
_YEAR_ONLY = re.compile(r"\s*'?\d{2}(?:\d{2})?")
_LAST_WORDS = re.compile(r"[A-Z][A-Z'.\-]*(?:[ \t]+[A-Z][A-Z'.\-]*){0,3}$")


def upper(text: str) -> str:
    """Upper case with the same length, so that positions carry over to the original text."""
    up = text.upper()
    if len(up) == len(text):
        return up
    return "".join(c if len(c.upper()) != 1 else c.upper() for c in text)


def _find(lead: str, text: str, end: int) -> int:
    """``text.find(lead, 0, end)``; a memchr for its first character skips most texts without it."""
    i = text.find(lead[0], 0, end)
    return text.find(lead, i, end) if i >= 0 and len(lead) > 1 else i


def _search(lead: str, pattern: re.Pattern[str], text: str, end: int) -> re.Match[str] | None:
    """``pattern.search(text, 0, end)`` for a pattern whose every match starts with ``lead``."""
    i = _find(lead, text, end)
    return pattern.search(text, i, end) if i >= 0 else None


def _region_end(body: str) -> tuple[int, str]:
    """End of the header area, and the upper-cased body up to it; ``(0, "")`` without a label."""
    end = min(len(body), _REGION)
    for lead, pattern in _PARAGRAPH_ONE:
        m = _search(lead, pattern, body, end)
        if m:
            end = m.start()
    up = upper(body[:end])
    last = up.rfind("REF")
    if last < 0:
        return 0, ""  # no label, whatever narrows the area further
    # Narrowing past the last label changes no label; no match of _narrow's can cross its F.
    end = _narrow(body, min(end, last + 3))
    return end, up[:end]


def _narrow(body: str, end: int) -> int:
    """The header area ends earlier at a marked or a numbered paragraph."""
    for m in _PORTION.finditer(body, 0, end) if body.find("(", 0, end) >= 0 else ():
        number = _number_start(body, m.start())
        if number >= 0:
            end = number
            break
    for m in _PROSE_LINE.finditer(body, 0, end):  # "4. With regard to questions raised in reftel:"
        if not item_like(_line_at(body, m.start() + 1)):
            return m.start()
    return end


def _number_start(text: str, dot: int) -> int:
    """Start of the paragraph number (1-2 digits, maybe spaces) before ``dot``, or -1."""
    i = dot
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and i - j < 2 and text[j - 1].isdigit():
        j -= 1
    if j == i or (j > 0 and (text[j - 1].isalnum() or text[j - 1] == ".")):
        return -1
    return j


def _labels(body: str, up: str, end: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, prefix) of every REF label before ``end``; prefix is a bullet before it."""
    i = up.find("REF", 0, end)
    while i >= 0:
        m = _LABEL.match(body, i)
        if m:
            before = body[i - 1] if i else " "
            if before.isalpha():
                # glued to the subject: PRIMEREF:, EGYPTREF: (upper case only)
                glued = m["colon"] and "ERENCE" not in m[0].upper()
                if glued and before.isupper() and body.startswith("REF", i):
                    yield i, m.end(), ""
            elif m["colon"]:
                yield i, m.end(), ""
            else:
                # without a colon only before a cable ("Reftel B reported that ..." is prose),
                # and at the start of a line (after a bullet: A. REF) unless upper case
                # ("SENSITIVE SIPDIS REF LONDON 01170")
                line_start = body.rfind("\n", 0, i) + 1
                head = _LINE_HEAD.fullmatch(body, line_start, i)
                rest = _line_at(body, m.end())
                bullet = _LEAD_BULLET.match(rest)
                if (head or body.startswith("REF", i)) and starts_with_cable(
                    rest[bullet.end() if bullet else 0 :]
                ):
                    yield i, m.end(), (head["bullet"] + ". ") if head and head["bullet"] else ""
        i = up.find("REF", i + 3, end)


def _blank(text: str) -> str:
    return "".join("\n" if c == "\n" else " " for c in text)


def _denoise(block: str, up: str) -> str:
    """The block with noise blanked out; length and line breaks are kept, so positions hold.

    ``up`` is ``upper(block)``.
    """
    cuts: list[tuple[int, int]] = []
    if "PAGE" in up:
        cuts += [m.span() for m in _PAGE.finditer(up)]
    if " OF " in up or "\nOF" in up:
        for m in _SECTION_NUMBERS.finditer(up):
            station = _SECTION_STATION.search(up, max(0, m.start() - 60), m.start())
            cuts.append((station.start() if station else m.start(), m.end()))
    for pattern in _BANNERS if _ANY_BANNER.search(up) else ():
        for m in pattern.finditer(up):
            tail = _AFTER_BANNER.match(up, m.end())
            cuts.append((m.start(), tail.end() if tail else m.end()))
    if not cuts:
        return block
    out: list[str] = []
    pos = 0
    for start, stop in sorted(cuts):
        start = max(start, pos)
        if stop > start:
            out += [block[pos:start], _blank(block[start:stop])]
            pos = stop
    out.append(block[pos:])
    return "".join(out)


def _hard_end(up: str) -> tuple[int, bool]:
    """First end marker of the upper-cased block, and whether it is a ``...`` truncation."""
    end = len(up)
    for lead, pattern in _ENDS:
        if pattern is None:
            i = _find(lead, up, end)
            end = i if i >= 0 else end
            continue
        m = _search(lead, pattern, up, end)
        if m:
            end = m.start() + (m[0][0] == "\n")
    for m in _PARA_MARK.finditer(up, 0, end):
        number = _number_start(up, m.start())
        if number >= 0:
            end = min(end, number)
            break
    note = up.find("NOTE:", 1, end)  # after a space or a line break
    while note > 0 and up[note - 1] not in " \t\n":
        note = up.find("NOTE:", note + 1, end)
    if note > 0:
        end = note
    for m in _LINE_WORD.finditer(up, 0, end):
        line_start = up.rfind("\n", 0, m.start()) + 1
        if m[0].startswith("SUMMARY") and up.startswith(":", m.end()):
            end = min(end, m.start())
            break
        if _LINE_PREFIX.fullmatch(up, line_start, m.start()):
            end = min(end, m.start())
            break
    return end, up.startswith("...", end)


def _line_at(text: str, start: int) -> str:
    nl = text.find("\n", start)
    return text[start : nl if nl >= 0 else len(text)]


def _stops_mid_item(tail: str) -> bool:
    """``_INCOMPLETE.search(tail)``, started where a match can start rather than at every position.

    A match ends the tail: a connector or ``AND`` (1-3 characters), or a space and a bullet (at
    most 4) then maybe spaces, an apostrophe and a year. A year is all of the final digits, as no
    character before it is a digit (``isdecimal`` is what ``re`` takes for a digit).
    """
    k = len(tail)
    while k and tail[k - 1].isdecimal():
        k -= 1
    if k < len(tail):
        if len(tail) - k not in (2, 4):
            return False
        if k and tail[k - 1] == "'":
            k -= 1
        while k and tail[k - 1] in " \t":
            k -= 1
    return _INCOMPLETE.search(tail, max(0, k - 4)) is not None


def _incomplete(up: str, at: int) -> bool:
    """Does the text before an empty line stop mid-item (``C) RIO``, ``D. 03``, ``A)``)?"""
    tail = up[max(0, at - 40) : at].rstrip()
    if not up[:at].strip():
        return True
    if not tail:
        return False
    if _stops_mid_item(tail):
        return True
    if at <= 40 and _YEAR_ONLY.fullmatch(tail):  # "REF: 03 \n\n HANOI 2323"
        return True
    m = _LAST_WORDS.search(tail) if tail[-1] in _WORD_LAST else None  # skip what ends no word
    words = m[0].split() if m else []
    # positional fuzzy=False: lru_cache builds a keyword call's key four times slower
    return any(lookup_station("".join(words[k:]), False) for k in range(len(words)))


def _prose_start(raw: str, up: str, end: int) -> int:
    """Where the cable's own text starts before ``end``: a marked or an unmarked sentence."""
    if up.startswith(raw[:end]):
        return end  # no lower-case letter, which both kinds of sentence need
    for m in _MARKED_PROSE.finditer(raw, 0, end):
        marking = m[0][1 : m[0].index(")")]
        if len(marking) == 1 and f"({chr(ord(marking) - 1)})" in raw[: m.start()]:
            continue  # (C) after (B) is a bullet
        if not starts_with_cable(raw[m.end() :]):
            end = m.start()
            break
    sentence = _PROSE_RUN.search(raw, 0, end)
    return sentence.start() if sentence and raw[: sentence.start()].strip() else end


def _soft_end(block: str) -> int:
    """End at a numbered paragraph, or at an empty line that no further item follows."""
    end = len(block)
    lines = "\n" in block  # both line patterns start with a line break
    for m in _NUMBERED_LINE.finditer(block) if lines else ():
        if not item_like(_line_at(block, m.start() + 1)):
            end = m.start()
            break
    for m in _NUMBERED_PROSE.finditer(block, 0, end) if "." in block else ():
        number = _number_start(block, m.start())
        if number >= 0 and not item_like(_line_at(block, number)):
            end = number
            break
    up = ""
    for m in _BLANK_GAP.finditer(block, 0, end) if lines else ():
        again = _REPEATED_LABEL.match(block, m.end())
        if again and _repeats(block, again.end()):
            return m.start()  # the block again in full: a block of its own (05NEWDELHI1075)
        up = up or upper(block)
        if not _incomplete(up, m.start()) and not item_like(_line_at(block, m.end())):
            return m.start()
    return end


def _repeats(block: str, at: int) -> bool:
    """Does the text at ``at`` start as the block does (its first item written again)?"""
    first = " ".join(block.split()[:_REPEAT_WORDS])
    return bool(first) and " ".join(block[at:].split()[:_REPEAT_WORDS]) == first


def _cut(raw: str) -> tuple[str, bool]:
    """The block (noise blanked) up to its end, and whether it ends in a ``...`` truncation."""
    up = upper(raw)
    hard, truncated = _hard_end(up)
    end = _prose_start(raw, up, hard)
    block = _denoise(raw[:end], up[:end])
    end = _soft_end(block)
    return block[:end], truncated and end == hard


def blocks(body: str) -> list[tuple[str, bool]]:
    """Every REF block in the header area, label removed, in order, with its truncation flag."""
    end, up = _region_end(body)
    found: list[tuple[str, bool]] = []
    consumed = 0
    for start, label_end, prefix in _labels(body, up, end):
        if start < consumed:
            continue
        block, truncated = _cut(body[label_end : label_end + _BLOCK])
        consumed = label_end + len(block)
        found.append((prefix + block, truncated))
    return found
