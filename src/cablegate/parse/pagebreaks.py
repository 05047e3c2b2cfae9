"""Section and page-break furniture inside a body, and how to take it out of running text.

Long cables were sent in sections and printed in pages; the break lines sit in the middle of
sentences: ``LIMA 00000487 002 OF 003`` (a section marker, sometimes glued into the text),
``PAGE 02 ROME 01196 01 OF 02 082030Z`` (a page header, often after a lone ``CONFIDENTIAL``
line), and a repeated banner ``C O N F I D E N T I A L SECTION 02 OF 03 CAPE TOWN 00097``.
"""

from __future__ import annotations

import re

BANNER = (
    r"(?:C ?O ?N ?F ?I ?D ?E ?N ?T ?I ?A ?L|S ?E ?C ?R ?E ?T|U ?N ?C ?L ?A ?S(?: ?S ?I ?F ?I ?E ?D)?"
    r"|L ?I ?M ?I ?T ?E ?D +O ?F ?F ?I ?C ?I ?A ?L +U ?S ?E)"
)

# STATION 0000NNNN NNN[.N] OF NNN: 8-digit serial, section and total; station up to four words.
SECTION_MARK = re.compile(
    r"[ \t]*\b(?:[A-Z][A-Z.'-]*(?:[ \t]+[A-Z][A-Z.'-]*){0,3}|[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)"
    r"[ \t]+\d{8}[ \t]+\d{3}(?:\.\d)?[ \t]+(?:OF|of)[ \t]+\d{3}\b[ \t]*"
)
PAGE_LINE = re.compile(r"^[ \t]*PAGE[ \t]+\d{2,3}\b(?P<mark>[^\n]*?\d{6}Z)?(?P<rest>[^\n]*)$")
_LONE_BANNER = re.compile(
    r"[ \t]*(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)(?:[ \t]+[A-Z0-9]+)?[ \t]*$"
)
_SECTION_BANNER = re.compile(
    rf"^[ \t]*{BANNER}(?:[ \t]+E ?F ?T ?O)?[ \t]+(?:SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+)?"
    r"[A-Z][A-Z .'-]*?[ \t]*\d{3,6}[ \t]*$"
)
_SENTENCE_END = (".", "!", "?", ":", ";", '"', "'", ")", "]")


_HINTS = ("OF 0", "of 0", "PAGE")  # a section banner line holds "SECTION 02 OF 03"


def break_hints(text: str) -> list[int]:
    """Offsets where a break may sit (a paragraph without one needs no :func:`remove_breaks`)."""
    out: list[int] = []
    for hint in _HINTS:
        i = text.find(hint)
        while i >= 0:
            out.append(i)
            i = text.find(hint, i + 1)
    return sorted(out)


def has_break_hint(text: str) -> bool:
    """Cheap test (plain substring search) before any regular expression runs."""
    return "OF 0" in text or "PAGE" in text or "of 0" in text


def is_break_line(line: str) -> bool:
    """True for a line that holds nothing but section/page furniture."""
    if PAGE_LINE.match(line):
        return True
    if _SECTION_BANNER.match(line):
        return True
    mark = _section_mark(line)
    return mark is not None and not (line[: mark.start()] + line[mark.end() :]).strip()


_SERIAL = re.compile(r"\d{8}[ \t]+\d{3}(?:\.\d)?[ \t]+(?:OF|of)[ \t]+\d{3}\b")


def _section_mark(line: str) -> re.Match[str] | None:
    """The section marker in ``line``, looked for only around its 8-digit serial (speed)."""
    serial = _SERIAL.search(line)
    if not serial:
        return None
    return SECTION_MARK.search(line, max(0, serial.start() - 48), serial.end() + 2)


def _banner_like(line: str) -> bool:
    """Cheap test: short, and opens with the first letter of a classification word."""
    s = line.lstrip()
    return len(s) < 100 and s[:1] in ("C", "S", "U", "L", "O", "E")


def _line_span(text: str, pos: int) -> tuple[int, int]:
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, len(text) if end < 0 else end


def _blank_before(text: str, start: int, floor: int) -> int:
    """Move ``start`` (a line start) back over the blank lines above it, not below ``floor``."""
    while start > floor:
        prev = text.rfind("\n", 0, start - 1) + 1
        if text[prev : start - 1].strip():
            break
        start = prev
    return start


def _blank_after(text: str, end: int) -> int:
    """Move ``end`` (a line end) forward over the blank lines below it."""
    while end < len(text):
        nxt = text.find("\n", end + 1)
        nxt = len(text) if nxt < 0 else nxt
        if text[end + 1 : nxt].strip():
            break
        end = nxt
    return end


def _lone_banner_above(text: str, start: int, floor: int) -> int:
    """The start of a lone ``CONFIDENTIAL`` line just above a page header, else ``start``."""
    above = _blank_before(text, start, floor)
    if above <= floor:
        return start
    prev = text.rfind("\n", 0, above - 1) + 1
    return prev if prev >= floor and _LONE_BANNER.match(text, prev, above - 1) else start


def remove_breaks(text: str) -> str:
    """``text`` without break furniture; a break inside a sentence joins the two halves.

    The blank lines around a removed break line are dropped too, and one blank line is kept only
    when the text before the break ends a sentence (so paragraph structure survives). Only the
    lines that hold a hint (``OF 0``, ``PAGE``, ``SECTION``) are looked at.
    """
    if not has_break_hint(text):
        return text
    cuts: list[tuple[int, int, str | None]] = []  # (start, end, replacement or None = break)
    done = 0
    for pos in break_hints(text):
        if pos < done:
            continue
        start, end = _line_span(text, pos)
        done = end
        line = text[start:end]
        page = PAGE_LINE.match(line) if "PAGE" in line else None
        if page:
            rest = page.group("rest").strip() if page.group("mark") else ""
            floor = cuts[-1][1] if cuts else 0
            start = _lone_banner_above(text, start, floor)
            if rest:
                cuts.append((_blank_before(text, start, floor), end, rest))
                continue
        elif _banner_like(line) and _SECTION_BANNER.match(line):
            pass
        elif ("OF 0" in line or "of 0" in line) and (mark := _section_mark(line)):
            new = line[: mark.start()] + " " + line[mark.end() :]
            if new.strip():
                cuts.append((start, end, new.rstrip() if line[:1].isspace() else new.strip()))
                continue
        else:
            continue
        floor = cuts[-1][1] if cuts else 0
        cuts.append((_blank_before(text, start, floor), _blank_after(text, end), None))
        done = cuts[-1][1]
    if not cuts:
        return text
    out: list[str] = []
    prev = 0
    for start, end, repl in cuts:
        out.append(text[prev:start])
        if repl is None:
            before = "".join(out).rstrip()
            out = [before]
            after = text[end:].lstrip("\n")
            if before and after.strip():
                out.append("\n\n" if before.endswith(_SENTENCE_END) else "\n")
            prev = len(text) - len(after)
        else:
            out.append(repl)
            prev = end
    out.append(text[prev:])
    return "".join(out)
