"""Hard-wrapped cable text reflowed for reading: wrapped lines joined, lists and tables kept.

Cables are hard-wrapped at ~70 columns and split into sections; the reading view joins wrapped
lines and section breaks, keeps list items apart and tables line by line. A pure reading of text,
run at display time over the stored spans of :class:`~cablegate.model.Layout` (the costly part of
laying out a cable, so not done at ingest).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Chunk(NamedTuple):
    """A piece of a block: ``p`` flowing text, ``item`` a list item, ``lines`` kept line by line.
    (A tuple, not a frozen dataclass: a cable page makes hundreds and their init showed.)"""

    kind: str
    text: str


# Patterns below start with a literal (a newline, a space) where they can: the regex engine then
# skips ahead to it instead of trying every position of a 10 KB body (measured: 3-5x faster).
_SECTION = re.compile(r"SECTION\s+\d+\s+OF\s+\d+")  # telegraph capitals: case-sensitive is fast
_SECTION_LINE = re.compile(
    r"[ \t]*(?:[A-Z](?: [A-Z]){3,}|UNCLAS\w*|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE)\b",
    re.IGNORECASE,
)
_BLANK = re.compile(r"\n(?:[ \t]*\n)+")
_ITEM = re.compile(r"\s*(?:-{1,2}\s|o\s|\*|•|[A-Za-z]\.\s|\([A-Za-z0-9]{1,3}\)\s|\d{1,2}[.)]\s)")
_ITEM_LINE = re.compile(
    r"\n[ \t]*(?:-{1,2}\s|o\s|\*|•|[A-Za-z]\.\s|\([A-Za-z0-9]{1,3}\)\s|\d{1,2}[.)]\s)"
)
_LOWER_LINE = re.compile(r"\n[ \t]*[a-z]")
_GAP = re.compile(r" {3,}|\t")
_HYPHEN = re.compile(r"-[ \t]*\n[ \t]*(?=[a-z])")
SENTENCE_END = re.compile(r"[.!?:\"')\]]$")


def _groups(text: str) -> list[str]:
    """Blank-line separated groups, section-break lines removed. Whole-string regex work only:
    this runs on every cable page, and a per-line Python loop costs more than the rest."""
    if "SECTION" in text:
        text = _drop_section_breaks(text)
    return [g.strip("\n") for g in _BLANK.split(text) if g.strip()]


def section_breaks(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``S E C R E T SECTION 02 OF 03 LIMA 000487``-style lines of ``text[start:end]`` (not one
    that opens it: that is the banner), as (line start, line end) offsets into ``text``."""
    end = len(text) if end is None else end
    cuts = []
    for m in _SECTION.finditer(text, start, end):
        line = text.rfind("\n", start, m.start()) + 1
        stop = text.find("\n", m.end(), end)
        stop = end if stop < 0 else stop
        if line > start and _SECTION_LINE.match(text, line, end):
            cuts.append((line, stop))
    return cuts


def _drop_section_breaks(text: str) -> str:
    cuts = section_breaks(text)
    if not cuts:
        return text
    out, pos = [], 0
    for start, end in cuts:
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _continues(prev: str, nxt: str) -> bool:
    """A sentence broken by a section break or a stray blank line: join the two groups."""
    last, first = prev.rstrip(), nxt.lstrip()
    if _ITEM.match(first) or SENTENCE_END.search(last):
        return False
    if first[:1].islower():
        return True
    return (
        len(prev) > 60 and last[-1:].isalnum() and last[-1:].islower() or last.endswith((",", ";"))
    )


def _kept_lines(group: str, lines: list[str]) -> bool:
    """A table (aligned columns) or an address block (short lines, no sentence running on)."""
    if ("   " in group or "\t" in group) and _tabular(group):
        return True
    return (
        len(lines) >= 3
        and max(map(len, lines)) < 40
        and not _ITEM.match(group)
        and not _ITEM_LINE.search(group)
        and not group[:1].islower()
        and not _LOWER_LINE.search(group)
    )


def _tabular(group: str) -> bool:
    """A run of spaces (or a tab) between two words: aligned columns, not indentation."""
    for m in _GAP.finditer(group):
        before = group[m.start() - 1] if m.start() else "\n"
        after = group[m.end()] if m.end() < len(group) else "\n"
        if not before.isspace() and not after.isspace():
            return True
    return False


def _char_before(text: str, pos: int) -> str:
    """The last non-blank character before ``pos`` (without copying the text)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\n":
        i -= 1
    return text[i] if i >= 0 else ""


def _item_starts(group: str) -> list[int]:
    """Where list items open: after a finished sentence, or always at a dash or bullet (a line
    wrapped mid-sentence that starts "J. Curtis..." is not an item)."""
    starts = [0]
    for m in _ITEM_LINE.finditer(group):
        pos = m.start() + 1
        marker = group[pos : m.end()].lstrip()[:1]
        if marker in "-*•" or _char_before(group, pos) in ".:;!?)":
            starts.append(pos)
    return starts


def _unwrap_hyphen(m: re.Match[str]) -> str:
    """``counter-\nterrorism`` -> ``counter-terrorism``; a dash ``--\nremote`` keeps its space."""
    i = m.start()
    return "-" if i and m.string[i - 1].isalpha() else m.group().replace("\n", " ")


def _flow(piece: str) -> str:
    """Join wrapped lines (the page collapses the spaces left around them)."""
    piece = piece.strip()
    if "-\n" in piece or "- \n" in piece:
        piece = _HYPHEN.sub(_unwrap_hyphen, piece)
    return piece.replace("\n", " ")


def _chunks(group: str) -> list[Chunk]:
    if "\n" not in group:
        return [Chunk("item" if _ITEM.match(group) else "p", group.strip())]
    lines = group.split("\n")
    if _kept_lines(group, lines):
        return [Chunk("lines", "\n".join(line.strip() for line in lines))]
    starts = _item_starts(group)
    out = []
    for a, b in zip(starts, [*starts[1:], len(group)], strict=True):
        piece = group[a:b]
        out.append(Chunk("item" if _ITEM.match(piece) else "p", _flow(piece)))
    return out


def reflow(text: str) -> list[Chunk]:
    """Hard-wrapped text -> flowing chunks (lists and tables kept)."""
    merged: list[str] = []
    for g in _groups(text):
        if merged and _continues(merged[-1], g):
            merged[-1] = merged[-1] + "\n" + g
        else:
            merged.append(g)
    return [c for g in merged for c in _chunks(g)]
