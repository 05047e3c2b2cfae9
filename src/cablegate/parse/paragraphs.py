"""Numbered paragraphs with portion markings; numbering repaired from its sequence.

Every line that starts with a number (``1.``, ``¶2.``, ``3)``, ``4 (C)``) is a candidate; a
candidate may be a paragraph, a list item, a quoted text's own numbering or a mangled paragraph
sign (``14.`` for ``¶4.``). The paragraphs are the candidates whose numbers, read as printed or
repaired, best follow 1, 2, 3, ...: an exact dynamic programme over the candidates maximises
candidate weights (a marking ``(C)`` weighs most) plus step scores (``paragraph_rules.csv``).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from cablegate.model import Paragraph
from cablegate.model import Span as BodySpan
from cablegate.parse.pagebreaks import break_hints, has_break_hint, remove_breaks
from cablegate.parse.signers import signature_start
from cablegate.parse.wordtables import ordered_words, pairs


@cache
def _rules() -> dict[str, float]:
    return {k.lower(): float(v) for k, v in pairs("paragraph_rules.csv").items()}


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    levels = sorted(ordered_words("portion_markings.txt"), key=len, reverse=True)
    level = "|".join(re.escape(w).replace(r"\ ", "[ \t]+") for w in levels)
    marking = (
        rf"\([ \t]*(?P<level>(?i:{level}))(?![A-Za-z.])"
        r"(?P<caveat>[ \t]*(?:/{1,2}|-{1,2}|[ \t])[ \t]*[A-Za-z][^()\n]{0,80}?)?[ \t]*\)"
    )
    # searched in "\n" + body: a literal first character is fast to find, and the lookahead (what
    # the label needs first) turns most lines away before the costly alternatives are tried
    line = re.compile(
        rf"\n(?=[ \t]*[\d¶])[ \t]*(?P<label>(?P<sign>¶[ \t]*)?(?P<num>\d{{1,3}})(?:[ \t]*(?P<punct>[.)])\.?(?![\d.])"
        rf"|(?=[ \t]*\())|¶[ \t]*(?P<num2>\d{{1,3}}))[ \t]*(?:{marking}[ \t]*)?",
    )
    # run-in paragraphs: "... end of sentence.  4. (C) Next paragraph" (a marking is required)
    inline = re.compile(
        rf"(?:(?<=[^\d\s])|(?<=OF \d{{3}}))[ \t]{{1,4}}(?P<label>(?P<sign>¶[ \t]*)?(?P<num>\d{{1,3}})(?P<punct>\.))"
        rf"[ \t]*{marking}[ \t]*"
    )
    return line, inline


@dataclass(slots=True)
class _Candidate:
    line_start: int  # where the paragraph (and the previous one's text end) begins
    text_start: int
    label_at: tuple[int, int]  # where the printed label is
    label: str
    digits: str
    marking: str | None
    weight: float


def _candidates(body: str, end: int) -> list[_Candidate]:
    line, inline = _patterns()
    # line start -> (text start, label at, label, digits, sign, punct, level, caveat)
    found: dict[
        int,
        tuple[int, tuple[int, int], str, str, str | None, str | None, str | None, str | None],
    ] = {}
    shifted = "\n" + body
    stop = end + 1
    for m in line.finditer(shifted, 0, stop):
        label, sign, num, punct, num2, level, caveat = m.groups()  # in pattern order
        if num and not punct and not level:
            continue  # "2 million", "1 (see below)": a number, not a paragraph
        # offset of the "\n" in shifted = the line start in body
        at = (m.start("label") - 1, m.end("label") - 1)
        found[m.start()] = (m.end() - 1, at, label, num or num2 or "", sign, punct, level, caveat)
    # run-in paragraphs ("... sentence.  4. (C) Next"): probe each "(" (a memchr away) that
    # follows ". " after a digit and is not at a line start (those were found above)
    paren = shifted.find("(", 0, stop)
    while paren >= 0:
        i = paren - 1
        c = shifted[i]
        while c == " " or c == "\t":  # stops at the leading "\n" at the latest
            i -= 1
            c = shifted[i]
        if c == "." and shifted[i - 1].isdigit():
            j = i - 1
            while j > 0 and shifted[j - 1].isdigit():
                j -= 1
            if shifted[j - 1 : j] not in ("\n", "¶") and shifted[max(0, j - 8) : j].strip(" \t"):
                run_in = inline.search(shifted, max(0, i - 8), min(i + 100, stop))
                if run_in and run_in.start("label") <= i:
                    label, num, sign, punct, level, caveat = run_in.group(
                        "label", "num", "sign", "punct", "level", "caveat"
                    )
                    at = (run_in.start("label") - 1, run_in.end("label") - 1)
                    found.setdefault(
                        at[0], (run_in.end() - 1, at, label, num, sign, punct, level, caveat)
                    )
        paren = shifted.find("(", paren + 1, stop)
    if not found:
        return []
    rules = _rules()
    marked = sum(1 for f in found.values() if f[6] or f[4])
    marked_body = marked >= 2 and marked >= rules["marked_share"] * len(found)
    out: list[_Candidate] = []
    for start in sorted(found):
        text_start, label_at, label, digits, sign, punct, level, caveat = found[start]
        if level or sign:
            weight = rules["marked"]
        elif punct == ")":
            weight = rules["paren"]
        else:
            weight = rules["plain_in_marked"] if marked_body else rules["plain"]
        marking = " ".join(f"{level.upper()}{caveat or ''}".split()) if level else None
        label = " ".join(label.split())
        out.append(_Candidate(start, text_start, label_at, label, digits, marking, weight))
    return out


def _readings(digits: str) -> list[tuple[int, bool]]:
    """The numbers a printed label may stand for: as printed, or without a mangled sign."""
    out = [(int(digits), False)]
    for prefix in ordered_words("paragraph_sign_mangles.txt"):
        rest = digits[len(prefix) :]
        if digits.startswith(prefix) and rest and rest[0] != "0":
            out.append((int(rest), True))
    return out


def _skip_weight(cand: _Candidate) -> float:
    """What leaving a candidate out costs: list items (weight below 1) cost nothing."""
    return cand.weight if cand.weight >= 1.0 else 0.0


def _choose(cands: list[_Candidate]) -> list[tuple[int, int]]:
    """Indexes of the chosen candidates with their repaired numbers, in body order.

    Score of a path: candidate weights, step scores, and a cost for every candidate it skips
    (``skip`` times its weight). The skip cost is carried as a potential: a node stores its
    score plus ``skip`` times the weight of all candidates up to it, so that the best
    predecessor can still be kept per number.
    """
    if [c.digits for c in cands] == [str(i) for i in range(1, len(cands) + 1)]:
        return [(i, i + 1) for i in range(len(cands))]  # the common case: 1, 2, 3, ...
    rules = _rules()
    skip = rules["skip"]
    # step scores from prev to value (inline: the inner loop runs once per pair of candidates)
    gap, gap_per_number, backwards = rules["gap"], rules["gap_per_number"], rules["backwards"]
    # best adjusted score of a path ending with a given number so far: value -> (score, node)
    best: dict[int, tuple[float, int]] = {}
    nodes: list[tuple[int, int, int]] = []  # (candidate index, value, parent node or -1)
    top_score, top_node = 0.0, -1
    for i, cand in enumerate(cands):
        updates: list[tuple[int, float, int]] = []
        step_next = rules["next"] * min(1.0, cand.weight)  # a list item earns less than a paragraph
        for value, repaired in _readings(cand.digits):
            if value == 0:
                continue
            own = cand.weight - (rules["repaired"] if repaired else 0.0)
            if value == 1:
                score, parent = rules["start_one"], -1
            else:
                score, parent = -rules["start_gap"] * (value - 1), -1
            for prev, (prev_score, prev_node) in best.items():
                if value == prev + 1:
                    s = prev_score + step_next
                elif value > prev:
                    s = prev_score + (-gap - gap_per_number * (value - prev - 2))
                else:
                    s = prev_score - backwards
                if s > score:
                    score, parent = s, prev_node
            nodes.append((i, value, parent))
            # adjusted by the skip potential: the candidates before cancel out of every
            # comparison, so only this one's own weight is added
            updates.append((value, score + own + skip * _skip_weight(cand), len(nodes) - 1))
        for value, score, node in updates:
            if value not in best or score > best[value][0]:
                best[value] = (score, node)
            if score > top_score:
                top_score, top_node = score, node
    chosen: list[tuple[int, int]] = []
    node = top_node
    while node >= 0:
        i, value, node = nodes[node]
        chosen.append((i, value))
    return chosen[::-1]


_LINE_END_ARTEFACT = re.compile(r"[ \t]*(?:\\|<br\s*/?>)[ \t]*$", re.IGNORECASE | re.MULTILINE)


def _text(body: str, start: int, end: int, hints: list[int]) -> str:
    text = body[start:end]
    if hints and bisect_left(hints, start) < bisect_left(hints, end):
        text = remove_breaks(text)
    if "\\" in text or "<" in text:
        text = _LINE_END_ARTEFACT.sub("", text)
    if "\t\n" in text or " \n" in text:
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


Span = tuple[int, str | None, str | None, int, int]  # number, marking, label, start, end


class Place(NamedTuple):
    """A paragraph as :func:`paragraph_places` finds it: its :data:`Span` (unpadded offsets)
    and, in the body as given, where its line starts and where its printed label is."""

    span: Span
    line_start: int
    label_start: int
    label_end: int


def read_paragraphs(body: str) -> list[Paragraph]:
    """The numbered paragraphs of ``body``; ``[]`` when it has none."""
    return paragraphs_from_spans(body, paragraph_spans(body))


def paragraph_spans(body: str) -> list[Span]:
    """Where each paragraph's text lies: the costly part of reading paragraphs, done once at
    ingest and stored, so that showing a cable only cuts the text out again."""
    return [p.span for p in paragraph_places(body)]


def paragraph_places(body: str) -> list[Place]:
    """Each paragraph's :data:`Span` and where its label is in ``body`` (for the layout).

    The offsets index ``body`` without the CSV convention's space before each line end (``" \\n"``
    read as ``"\\n"``). The candidates are found in ``body`` as it is, where the patterns take a pad
    only at the end of a match, and moved after: counting the pads is cheaper than removing them.
    """
    end = signature_start(body)
    # where the unpadded body up to end stops in body: past the "\n" when end splits a pad from it
    limit = end + 1 if body[end - 1 : end + 1] == " \n" else end
    cands = _candidates(body, limit)
    if not cands:
        return []
    chosen = _choose(cands)
    # A paragraph's line start follows a "\n" (or is its digit, run in), so no pad straddles it,
    # and its marking holds no "\n", so a pad can only end it, just before the "\n".
    moved: list[tuple[int, int]] = []  # (line start, text start) in the unpadded body
    pads = done = 0
    for i, _ in chosen:
        cand = cands[i]
        line_start, text_start = cand.line_start, cand.text_start
        pads += body.count(" \n", done, line_start)
        done = line_start
        ends_pad = text_start > line_start and body[text_start - 1 : text_start + 1] == " \n"
        moved.append((line_start - pads, text_start - pads - ends_pad))
    end -= pads + body.count(" \n", done, end)
    places: list[Place] = []
    for k, (i, number) in enumerate(chosen):
        cand = cands[i]
        start = moved[k][1]
        stop = moved[k + 1][0] if k + 1 < len(chosen) else end
        span = (number, cand.marking, cand.label, start, max(stop, start))
        places.append(Place(span, cand.line_start, *cand.label_at))
    return places


def stored_spans(places: list[Place]) -> list[tuple[Any, ...]]:
    """What the store keeps of each paragraph: its :data:`Span`, then where its line starts and
    where its printed label is (for the layout)."""
    return [(*p.span, p.line_start, p.label_start, p.label_end) for p in places]


def paragraphs_from_spans(body: str, spans: Sequence[tuple[Any, ...]]) -> list[Paragraph]:
    """The paragraphs of ``body`` at ``spans`` (from :func:`paragraph_spans` or
    :func:`stored_spans` of the same body)."""
    if not spans:
        return []
    if " \n" in body:
        body = body.replace(" \n", "\n")
    hints = break_hints(body) if has_break_hint(body) else []
    return [
        Paragraph(
            number=n,
            text=_text(body, start, end, hints),
            marking=marking,
            label=label,
            line_start=place[0] if place else None,
            label_at=BodySpan(place[1], place[2]) if place else None,
        )
        for n, marking, label, start, end, *place in spans
    ]
