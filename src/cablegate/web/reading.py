"""The body laid out for reading: preamble, numbered paragraphs with anchors, reflowed text.

Cables are hard-wrapped at ~70 columns and split into sections; the reading view joins wrapped
lines and section breaks, keeps lists and tables as they are, and places each parsed paragraph
(``Cable.paragraphs``, numbers already repaired) at its printed label in the raw body, so that no
text is lost even where the parser's paragraph text is shorter than the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from cablegate.model import Cable, Paragraph

Segment = tuple[str, str | None]  # a run of text and the link it carries, if any


class Chunk(NamedTuple):
    """A piece of a block: ``p`` flowing text, ``item`` a list item, ``lines`` kept line by line.
    (A tuple, not a frozen dataclass: a cable page makes hundreds and their init showed.)"""

    kind: str
    text: str


class Block(NamedTuple):
    """``para`` (a numbered paragraph) or ``text`` (anything between or without numbers)."""

    kind: str
    chunks: tuple[Chunk, ...]
    number: int | None = None
    anchor: str | None = None
    label: str | None = None
    marking: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    preamble: tuple[tuple[str, ...], ...]  # groups of raw lines (banner, E.O., TAGS, SUBJECT...)
    blocks: tuple[Block, ...]
    signature: tuple[str, ...]

    @property
    def anchors(self) -> list[str]:
        return [b.anchor for b in self.blocks if b.anchor]


# Patterns below start with a literal (a newline, a space) where they can: the regex engine then
# skips ahead to it instead of trying every position of a 10 KB body (measured: 3-5x faster).
_SECTION = re.compile(r"SECTION\s+\d+\s+OF\s+\d+")  # telegraph capitals: case-sensitive is fast
_SECTION_LINE = re.compile(
    r"[ \t]*(?:[A-Z](?: [A-Z]){3,}|UNCLAS\w*|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE)\b",
    re.IGNORECASE,
)
_BLANK = re.compile(r"\n(?:[ \t]*\n)+")
_PREAMBLE_START = re.compile(
    r"^\s*(?:[A-Z](?: [A-Z]){3,}|UNCLAS|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE|SENSITIVE|"
    r"FOR OFFICIAL USE|SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|STADIS|ROGER|CHEROKEE|TERREP|"
    r"E\.\s?O\.|EO\s|TAGS|SUBJ|REF|REFS|REFERENCE|CLASSIFIED\s+BY|DERIVED\s+FROM|DECL|"
    r"CORRECTED\s+COPY|PASS\s|DEPT\s+FOR|FOR\s|HANDLE\s+AS|\([A-Z]\)\s|[A-Z]\.\s+[A-Z]+\s+\d)",
    re.IGNORECASE,
)
_ITEM = re.compile(r"\s*(?:-{1,2}\s|o\s|\*|•|[A-Za-z]\.\s|\([A-Za-z0-9]{1,3}\)\s|\d{1,2}[.)]\s)")
_ITEM_LINE = re.compile(
    r"\n[ \t]*(?:-{1,2}\s|o\s|\*|•|[A-Za-z]\.\s|\([A-Za-z0-9]{1,3}\)\s|\d{1,2}[.)]\s)"
)
_LOWER_LINE = re.compile(r"\n[ \t]*[a-z]")
_GAP = re.compile(r" {3,}|\t")
_HYPHEN = re.compile(r"-[ \t]*\n[ \t]*(?=[a-z])")
_MARKING = re.compile(r"^\(\s*([A-Z][A-Z/ ]{0,14})\s*\)\s*")
_END = re.compile(r"[.!?:\"')\]]$")


def _groups(text: str) -> list[str]:
    """Blank-line separated groups, section-break lines removed. Whole-string regex work only:
    this runs on every cable page, and a per-line Python loop costs more than the rest."""
    if "SECTION" in text:
        text = _drop_section_breaks(text)
    return [g.strip("\n") for g in _BLANK.split(text) if g.strip()]


def _drop_section_breaks(text: str) -> str:
    """Remove ``S E C R E T SECTION 02 OF 03 LIMA 000487``-style lines (not the first one)."""
    cuts = []
    for m in _SECTION.finditer(text):
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        end = len(text) if end < 0 else end
        if start > 0 and _SECTION_LINE.match(text, start):
            cuts.append((start, end))
    if not cuts:
        return text
    out, pos = [], 0
    for start, end in cuts:
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _blocks(text: str) -> list[list[str]]:
    """Groups as lists of lines (for the short preamble, shown line by line)."""
    return [[line.rstrip() for line in g.split("\n") if line.strip()] for g in _groups(text)]


def _continues(prev: str, nxt: str) -> bool:
    """A sentence broken by a section break or a stray blank line: join the two groups."""
    last, first = prev.rstrip(), nxt.lstrip()
    if _ITEM.match(first) or _END.search(last):
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


def _ends_label(body: str, end: int) -> bool:
    return end >= len(body) or body[end] in " \t\n("


def _find(body: str, p: Paragraph, start: int) -> tuple[int, int] | None:
    """Where paragraph ``p`` starts (its label at the start of a line), at or after ``start``."""
    labels = [p.label.strip()] if p.label and p.label.strip() else []
    labels += [f"¶{p.number}.", f"{p.number}."]
    for label in labels:
        at_line = start == 0 or body[start - 1] == "\n"
        if at_line and body.startswith(label, start) and _ends_label(body, start + len(label)):
            return start, start + len(label)
        i = body.find("\n" + label, max(0, start - 1))  # str.find: C speed, no regex scan
        while i >= 0 and not _ends_label(body, i + 1 + len(label)):  # "1.5 MILLION" is no label
            i = body.find("\n" + label, i + 1)
        if i >= 0:
            return i + 1, i + 1 + len(label)
        m = re.compile(r"(?m)^[ \t]+" + re.escape(label) + r"(?=[\s(]|$)").search(body, start)
        if m:  # an indented label
            return m.start(), m.end()
    words = p.text.split()[:5]
    if words:
        m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(body, start)
        if m:
            return m.start(), m.end()
    return None


def _preamble_end(body: str, limit: int) -> int:
    """Where the opening lines (banner, E.O., TAGS, SUBJECT, REF, Classified By) stop."""
    pos, end = 0, 0
    for i, group in enumerate(re.split(r"(\n[ \t]*\n)", body[:limit])):
        if i % 2 or not group.strip():  # odd parts are the blank-line separators
            pos += len(group)
            continue
        if not _PREAMBLE_START.match(group.lstrip("\n")):
            break
        pos += len(group)
        end = pos
    return end


_END_MARK = re.compile(
    r"(?:[A-Z](?: [A-Z]){3,}|UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|NOFORN"
    r"|NNNN|BT|#\d+)[\W\d]*"
)


def _signature(tail: str, cable: Cable) -> tuple[str, tuple[str, ...]]:
    """Split the signer line(s) off the end (with any closing ``CONFIDENTIAL``/``NNNN`` mark)."""
    lines = tail.rstrip().split("\n")
    known = {s.strip().upper() for s in (*cable.signers_raw, *cable.signers) if s.strip()}
    cut = len(lines)
    while cut > 0 and (not lines[cut - 1].strip() or _END_MARK.fullmatch(lines[cut - 1].strip())):
        cut -= 1
    signed = False
    while cut > 0:
        s = lines[cut - 1].strip()
        if not s:
            cut -= 1
            continue
        if s.upper() in known or (not known and not signed and _looks_signed(s)):
            cut -= 1
            signed = True
            continue
        break
    if not signed:
        return tail, ()
    return "\n".join(lines[:cut]), tuple(s.strip() for s in lines[cut:] if s.strip())


def _looks_signed(s: str) -> bool:
    return len(s) <= 30 and s.isupper() and len(s.split()) <= 3 and not _END.search(s)


def _strip_marking(text: str, marking: str | None) -> tuple[str, str | None]:
    """Take the portion marking off the paragraph's text (it is shown styled before it)."""
    if marking:
        close = text.find(")", 0, len(marking) + 40)
        if (
            text.startswith("(")
            and close > 0
            and text[1:close].strip().upper().startswith(marking.strip().upper())
        ):
            rest = text[close + 1 :].lstrip()
            return ("" if rest.strip() in (".", ":", "-") else rest), marking
        return text, marking
    if m := _MARKING.match(text):
        return text[m.end() :], m.group(1).strip()
    return text, None


def read_body(cable: Cable) -> Reading:
    """Lay out ``cable.body`` for reading (pure; never raises on odd text)."""
    body = cable.body or ""
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    found: list[tuple[int, int, Paragraph]] = []
    cursor = 0
    for p in cable.paragraphs:
        where = _find(body, p, cursor)
        if where:
            found.append((where[0], where[1], p))
            cursor = where[1]
    first = found[0][0] if found else len(body)
    pre_end = _preamble_end(body, first)
    preamble = tuple(tuple(s.rstrip() for s in g) for g in _blocks(body[:pre_end]))
    blocks: list[Block] = []
    if body[pre_end:first].strip():
        blocks.append(Block("text", tuple(reflow(body[pre_end:first]))))
    seen: set[str] = set()
    signature: tuple[str, ...] = ()
    for i, (start, label_end, p) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(body)
        text = body[label_end:end]
        if i + 1 == len(found):
            text, signature = _signature(text, cable)
        text = text.lstrip()
        text, marking = _strip_marking(text, p.marking)
        anchor = f"par{p.number}"
        while anchor in seen:
            anchor += "-"
        seen.add(anchor)
        label = body[start:label_end].strip()
        blocks.append(Block("para", tuple(reflow(text)), p.number, anchor, label, marking))
    if not found:
        rest, signature = _signature(body[pre_end:], cable)
        blocks = [Block("text", tuple(reflow(rest)))] if rest.strip() else []
    return Reading(preamble, tuple(blocks), signature)
