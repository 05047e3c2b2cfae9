"""The body laid out for reading, as spans: opening lines, numbered paragraphs, signature.

Each paragraph runs from its printed label (where the paragraph reader found it) to the next
one, so that no text is lost even where the paragraph reader's text is shorter than the body
(it stops at the signature and drops page breaks). Only offsets are kept: reflowing the text
between them (:mod:`cablegate.parse.reflow`) is left to display time, where it is wanted,
because it costs several times the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from cablegate.model import Layout, ParagraphLayout, Span
from cablegate.parse.paragraphs import Place
from cablegate.parse.reflow import SENTENCE_END, section_breaks

_PREAMBLE_START = re.compile(
    r"\s*(?:[A-Z](?: [A-Z]){3,}|UNCLAS|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE|SENSITIVE|"
    r"FOR OFFICIAL USE|SIPDIS|NOFORN|NODIS|EXDIS|LIMDIS|STADIS|ROGER|CHEROKEE|TERREP|"
    r"E\.\s?O\.|EO\s|TAGS|SUBJ|REF|REFS|REFERENCE|CLASSIFIED\s+BY|DERIVED\s+FROM|DECL|"
    r"CORRECTED\s+COPY|PASS\s|DEPT\s+FOR|FOR\s|HANDLE\s+AS|\([A-Z]\)\s|[A-Z]\.\s+[A-Z]+\s+\d)",
    re.IGNORECASE,
)
_GROUP_GAP = re.compile(r"(\n[ \t]*\n)")
_FRONT_MATTER = re.compile(r"\s*(?:E\.\s?O\.|EO\s|DECL|TAGS|SUBJ)", re.IGNORECASE)
_MARKING = re.compile(r"\(\s*([A-Z][A-Z/ ]{0,14})\s*\)\s*")
_NON_SPACE = re.compile(r"\S")
_END_MARK = re.compile(
    r"(?:[A-Z](?: [A-Z]){3,}|UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|NOFORN"
    r"|NNNN|BT|#\d+)[\W\d]*"
)
_TAGS_LINE = re.compile(r"\s*TAGS?\s*:?", re.IGNORECASE)
_TAG_SEED = re.compile("tag", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z0-9_-]+")


def _preamble_end(body: str, limit: int) -> int:
    """Where the opening lines (banner, E.O., TAGS, SUBJECT, REF, Classified By) stop. A short
    routing note of no known shape between them ("STATE/TREASURY PASS TO EX-IM BANK" before
    the E.O. line of 10MEXICO690) is part of them when E.O., DECL, TAGS or SUBJECT follows."""
    pos, end = 0, 0
    parts = _GROUP_GAP.split(body[:limit])
    for i, group in enumerate(parts):
        if i % 2 or not group.strip():  # odd parts are the blank-line separators
            pos += len(group)
            continue
        lead = group.lstrip("\n")
        if not _PREAMBLE_START.match(lead) and not (
            _is_note(lead) and _FRONT_MATTER.match(_next_group(parts, i))
        ):
            break
        pos += len(group)
        end = pos
    return end


def _is_note(group: str) -> bool:
    return len(group) <= 120 and group.count("\n") <= 1 and not SENTENCE_END.search(group.rstrip())


def _next_group(parts: list[str], i: int) -> str:
    return next((g.lstrip("\n") for g in parts[i + 2 :: 2] if g.strip()), "")


def _breaks(body: str) -> tuple[Span, ...]:
    """Section-break lines; the first line with text is the banner even after blank lines
    (08MEXICO2187 opens with U+2028 line separators)."""
    if "SECTION" not in body:
        return ()
    opening = m.start() if (m := _NON_SPACE.search(body)) else 0
    return tuple(Span(a, b) for a, b in section_breaks(body) if a > opening)


def _preamble(body: str, end: int, breaks: tuple[Span, ...]) -> tuple[tuple[Span, ...], ...]:
    """The opening lines in blank-line groups, right-stripped; section-break lines part groups."""
    cuts = [b for b in breaks if b.start < end]
    groups: list[tuple[Span, ...]] = []
    group: list[Span] = []
    pos = 0
    for line in body[:end].split("\n"):
        if not line.strip(" \t") or (cuts and any(a <= pos < b for a, b in cuts)):
            if group:
                groups.append(tuple(group))
                group = []
        elif line.strip():
            group.append(Span(pos, pos + len(line.rstrip())))
        pos += len(line) + 1
    if group:
        groups.append(tuple(group))
    return tuple(groups)


def _tag_tokens(body: str, preamble: tuple[tuple[Span, ...], ...], tags: set[str]) -> list[Span]:
    """The tags of the TAGS line(s) of the opening, to be linked to their pages. Only lines
    holding "tag" are tried (a scan for it is ten times faster than a line-start pattern)."""
    out: list[Span] = []
    if not tags or not preamble:
        return out
    lines = {start: end for group in preamble for start, end in group}
    tried = -1
    for hit in _TAG_SEED.finditer(body, 0, preamble[-1][-1].end):
        start = body.rfind("\n", 0, hit.start()) + 1
        end = lines.get(start)
        if start == tried or end is None:
            continue
        tried = start
        if m := _TAGS_LINE.match(body, start, end):
            out += (
                Span(*t.span())
                for t in _TOKEN.finditer(body, m.end(), end)
                if t.group().upper() in tags
            )
    return out


def _looks_signed(s: str) -> bool:
    return len(s) <= 30 and s.isupper() and len(s.split()) <= 3 and not SENTENCE_END.search(s)


def _signature(body: str, start: int, end: int, known: set[str]) -> tuple[int, tuple[Span, ...]]:
    """Split the signer line(s) off the end of ``body[start:end]`` (with any closing
    ``CONFIDENTIAL``/``NNNN`` mark): where the text before them ends, and the signer lines."""
    lines = body[start:end].rstrip().split("\n")
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
        return end, ()
    text_end = start + sum(map(len, lines[:cut])) + max(cut - 1, 0)
    spans = []
    pos = text_end + (1 if cut else 0)
    for line in lines[cut:]:
        if line.strip():
            lead = len(line) - len(line.lstrip())
            spans.append(Span(pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return text_end, tuple(spans)


def _strip_marking(body: str, start: int, end: int, marking: str | None) -> tuple[int, str | None]:
    """Step over the portion marking that opens ``body[start:end]`` (shown styled before it)."""
    if m := _NON_SPACE.search(body, start, end):
        start = m.start()
    else:
        return end, marking
    if marking:
        close = body.find(")", start, min(end, start + len(marking) + 40))
        if (
            body[start] == "("
            and close > start
            and body[start + 1 : close].strip().upper().startswith(marking.strip().upper())
        ):
            rest = m.start() if (m := _NON_SPACE.search(body, close + 1, end)) else end
            if rest < end and body[rest] in ".:-" and not _NON_SPACE.search(body, rest + 1, end):
                return end, marking  # "(C) ." and nothing else: no text
            return rest, marking
        return start, marking
    if m := _MARKING.match(body, start, end):
        return m.end(), m.group(1).strip()
    return start, None


def read_layout(
    body: str, places: Sequence[Place], signers: Iterable[str] = (), tags: Iterable[str] = ()
) -> Layout:
    """Lay out the normalised ``body`` around its paragraphs, as the paragraph reader placed
    them (``paragraph_places`` of the same body); pure, never raises on odd text."""
    first = places[0].line_start if places else len(body)
    pre_end = _preamble_end(body, first)
    breaks = _breaks(body)
    preamble = _preamble(body, pre_end, breaks)
    known = {s.strip().upper() for s in signers if s.strip()}
    signature: tuple[Span, ...] = ()
    if not places:
        end, signature = _signature(body, pre_end, len(body), known)
        text = Span(pre_end, end) if body[pre_end:end].strip() else None
    else:
        text = Span(pre_end, first) if body[pre_end:first].strip() else None
    out: list[ParagraphLayout] = []
    for i, p in enumerate(places):
        end = places[i + 1].line_start if i + 1 < len(places) else len(body)
        if i + 1 == len(places):
            end, signature = _signature(body, p.label_end, end, known)
        start, marking = _strip_marking(body, p.label_end, end, p.span[1])
        label = Span(p.label_start, p.label_end)
        out.append(ParagraphLayout(p.span[0], label, Span(start, max(start, end)), marking))
    tag_spans = tuple(_tag_tokens(body, preamble, set(tags)))
    return Layout(preamble, text, tuple(out), signature, breaks, tag_spans)


def marking_level(marking: str | None) -> str:
    """The classification level of a portion marking, before any caveat (``S/NF`` -> ``S``)."""
    if not marking:
        return ""
    return re.split(r"[/ ]", marking.strip().upper(), maxsplit=1)[0]
