"""The body laid out for reading: preamble, numbered paragraphs with anchors, reflowed text.

Cables are hard-wrapped at ~70 columns and split into sections; the reading view joins wrapped
lines and section breaks, keeps lists and tables as they are, and places each parsed paragraph
(``Cable.paragraphs``, numbers already repaired) at its printed label in the raw body, so that no
text is lost even where the parser's paragraph text is shorter than the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegate.model import Cable, Paragraph


Segment = tuple[str, str | None]  # a run of text and the link it carries, if any


@dataclass(frozen=True, slots=True)
class Chunk:
    """A piece of a block: ``p`` flowing text, ``item`` a list item, ``lines`` kept line by line."""

    kind: str
    text: str

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")


@dataclass(frozen=True, slots=True)
class Block:
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


_SECTION_BREAK = re.compile(
    r"(?im)^[ \t]*(?:[A-Z](?: [A-Z]){3,}|UNCLAS\w*|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE)\b"
    r"[^\n]*\bSECTION\s+\d+\s+OF\s+\d+[^\n]*$"
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
    r"(?m)^[ \t]*(?:-{1,2}\s|o\s|\*|•|[A-Za-z]\.\s|\([A-Za-z0-9]{1,3}\)\s|\d{1,2}[.)]\s)"
)
_LOWER_LINE = re.compile(r"(?m)^[ \t]*[a-z]")
_TABULAR = re.compile(r"\S(?: {3,}|\t)\S")
_HYPHEN = re.compile(r"([A-Za-z])-[ \t]*\n[ \t]*(?=[a-z])")
_MARKING = re.compile(r"^\(\s*([A-Z][A-Z/ ]{0,14})\s*\)\s*")
_END = re.compile(r"[.!?:\"')\]]$")


def _groups(text: str) -> list[str]:
    """Blank-line separated groups, section-break lines removed. Whole-string regex work only:
    this runs on every cable page, and a per-line Python loop costs more than the rest."""
    if "ECTION" in text or "ection" in text:
        text = _SECTION_BREAK.sub("", text)
    return [g.strip("\n") for g in _BLANK.split(text) if g.strip()]


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
    if ("   " in group or "\t" in group) and _TABULAR.search(group):
        return True
    return (
        len(lines) >= 3
        and max(map(len, lines)) < 40
        and not _ITEM_LINE.search(group)
        and not _LOWER_LINE.search(group)
    )


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
    for m in _ITEM_LINE.finditer(group, 1):
        pos = m.start()
        marker = group[pos : m.end()].lstrip()[:1]
        if marker in "-*•" or _char_before(group, pos) in ".:;!?)":
            starts.append(pos)
    return starts


def _flow(piece: str) -> str:
    """Join wrapped lines (the page collapses the spaces left around them)."""
    piece = piece.strip()
    if "-\n" in piece or "- \n" in piece:
        piece = _HYPHEN.sub(r"\1-", piece)
    return piece.replace("\n", " ")


def _chunks(group: str) -> list[Chunk]:
    lines = group.split("\n")
    if len(lines) > 1 and _kept_lines(group, lines):
        return [Chunk("lines", "\n".join(line.strip() for line in lines))]
    starts = _item_starts(group) if len(lines) > 1 else [0]
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


def _find(body: str, p: Paragraph, start: int) -> re.Match[str] | None:
    labels = [p.label] if p.label else []
    labels += [f"¶{p.number}.", f"{p.number}."]
    for label in labels:
        m = re.compile(r"(?m)^[ \t]*" + re.escape(label.strip())).search(body, start)
        if m:
            return m
    words = p.text.split()[:5]
    if words:
        m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(body, start)
        if m:
            return m
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


def _signature(tail: str, cable: Cable) -> tuple[str, tuple[str, ...]]:
    lines = tail.rstrip().split("\n")
    known = {s.strip().upper() for s in (*cable.signers_raw, *cable.signers) if s.strip()}
    cut = len(lines)
    while cut > 0:
        s = lines[cut - 1].strip()
        if s and (s.upper() in known or (not known and cut == len(lines) and _looks_signed(s))):
            cut -= 1
            continue
        break
    if cut == len(lines):
        return tail, ()
    return "\n".join(lines[:cut]), tuple(s.strip() for s in lines[cut:] if s.strip())


def _looks_signed(s: str) -> bool:
    return len(s) <= 30 and s.isupper() and len(s.split()) <= 3 and not _END.search(s)


def read_body(cable: Cable) -> Reading:
    """Lay out ``cable.body`` for reading (pure; never raises on odd text)."""
    body = (cable.body or "").replace("\r\n", "\n").replace("\r", "\n")
    found: list[tuple[int, int, Paragraph]] = []
    cursor = 0
    for p in cable.paragraphs:
        m = _find(body, p, cursor)
        if m:
            found.append((m.start(), m.end(), p))
            cursor = m.end()
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
        marking = p.marking
        if m := _MARKING.match(text):
            marking = marking or m.group(1).strip()
            text = text[m.end() :]
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
