"""The body laid out for reading: the parsed :class:`~cablegate.model.Layout` cut out of the
body, each paragraph's text reflowed, the TAGS line's tags linked, anchors named.

Nothing here reads cable text: where things are comes from the parser; reflowing the text
between them is the parser's :func:`~cablegate.parse.reflow.reflow`, run at display time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from cablegate.model import Cable, Span
from cablegate.parse.reflow import Chunk, reflow
from cablegate.parse.text import normalise_text
from cablegate.web.urls import tag_url

Segment = tuple[str, str | None]  # a run of text and the link it carries, if any


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
    preamble: tuple[tuple[tuple[Segment, ...], ...], ...]  # groups > lines > (text, href)
    blocks: tuple[Block, ...]
    signature: tuple[str, ...]

    @property
    def anchors(self) -> list[str]:
        return [b.anchor for b in self.blocks if b.anchor]


def _line(body: str, line: Span, tokens: list[Span]) -> tuple[Segment, ...]:
    """One opening line, its tag tokens linked to their pages."""
    inside = [t for t in tokens if line.start <= t.start and t.end <= line.end]
    if not inside:
        return ((body[line.start : line.end], None),)
    out: list[Segment] = []
    pos = line.start
    for start, end in inside:
        if start > pos:
            out.append((body[pos:start], None))
        out.append((body[start:end], tag_url(body[start:end].upper())))
        pos = end
    if pos < line.end:
        out.append((body[pos : line.end], None))
    return tuple(out)


def read_body(cable: Cable) -> Reading:
    """The reading view of ``cable`` (laid out by the parser: see ``parse.with_layout``)."""
    layout = cable.layout
    if layout is None:
        return Reading((), (), ())
    body = normalise_text(cable.body or "")
    tokens = list(layout.tag_tokens)
    preamble = tuple(tuple(_line(body, line, tokens) for line in g) for g in layout.preamble)
    blocks: list[Block] = []
    if layout.text:
        blocks.append(Block("text", tuple(reflow(body[layout.text.start : layout.text.end]))))
    seen: set[str] = set()
    for p in layout.paragraphs:
        anchor = f"par{p.number}"
        while anchor in seen:
            anchor += "-"
        seen.add(anchor)
        chunks = tuple(reflow(body[p.text.start : p.text.end]))
        label = body[p.label.start : p.label.end]
        blocks.append(Block("para", chunks, p.number, anchor, label, p.marking))
    signature = tuple(body[s.start : s.end] for s in layout.signature)
    return Reading(preamble, tuple(blocks), signature)
