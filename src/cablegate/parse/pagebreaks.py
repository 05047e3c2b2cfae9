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
    r"^[ \t]*(?:CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)(?:[ \t]+[A-Z0-9]+)?[ \t]*$"
)
_SECTION_BANNER = re.compile(
    rf"^[ \t]*{BANNER}(?:[ \t]+E ?F ?T ?O)?[ \t]+(?:SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+)?"
    r"[A-Z][A-Z .'-]*?[ \t]*\d{3,6}[ \t]*$"
)
_SENTENCE_END = ('.', '!', '?', ':', ';', '"', "'", ")", "]")


_HINTS = ("OF 0", "of 0", "PAGE", "SECTION")


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
    return any(hint in text for hint in _HINTS)


def is_break_line(line: str) -> bool:
    """True for a line that holds nothing but section/page furniture."""
    if PAGE_LINE.match(line):
        return True
    if _SECTION_BANNER.match(line):
        return True
    return bool(SECTION_MARK.search(line)) and not SECTION_MARK.sub("", line).strip()


def _banner_like(line: str) -> bool:
    """Cheap test: short, and opens with the first letter of a classification word."""
    s = line.lstrip()
    return len(s) < 100 and s[:1] in ("C", "S", "U", "L", "O", "E")


def _next_is_page(lines: list[str], i: int) -> bool:
    for line in lines[i + 1 : i + 4]:
        if line.strip():
            return bool(PAGE_LINE.match(line))
    return False


def remove_breaks(text: str) -> str:
    """``text`` without break furniture; a break inside a sentence joins the two halves.

    The blank lines around a removed break line are dropped too, and one blank line is kept only
    when the text before the break ends a sentence (so paragraph structure survives).
    """
    if not has_break_hint(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    pending = False

    def mark_break() -> None:
        nonlocal pending
        while out and not out[-1].strip():
            out.pop()
        pending = True

    for i, line in enumerate(lines):
        page = PAGE_LINE.match(line) if "PAGE" in line else None
        if page:
            mark_break()
            rest = page.group("rest").strip() if page.group("mark") else ""
            if rest:
                line = rest
            else:
                continue
        elif _banner_like(line) and (
            (_LONE_BANNER.match(line) and _next_is_page(lines, i)) or _SECTION_BANNER.match(line)
        ):
            mark_break()
            continue
        elif ("OF 0" in line or "of 0" in line) and SECTION_MARK.search(line):
            new = SECTION_MARK.sub(" ", line)
            if not new.strip():
                mark_break()
                continue
            line = new.rstrip() if line[:1].isspace() else new.strip()
        if pending:
            if not line.strip():
                continue
            if out and out[-1].rstrip().endswith(_SENTENCE_END):
                out.append("")
            pending = False
        out.append(line)
    return "\n".join(out)
