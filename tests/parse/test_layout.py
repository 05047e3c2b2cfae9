"""The body's layout: preamble groups, paragraphs at their labels, signature, breaks, tag tokens."""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.model import Cable, Layout, Span, cable_from_dict
from cablegate.parse import parse, with_layout
from cablegate.parse.layout import _strip_marking, marking_level
from cablegate.parse.reflow import reflow
from cablegate.parse.text import normalise_text
from cablegate.sources import cables_csv
from cablegate.sources.record import SourceCable

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "cablegate" / "sample" / "cables.csv"

SEED_BODY = (
    "S E C R E T LIMA 000487\n\nSIPDIS\n\nE.O. 12958: DECL: 02/14/2017\n\nTAGS: PGOV PTER PE\n\n"
    "SUBJECT: PERU: PLAN\n\nClassified By: Ambassador J. Curtis Struble for reasons 1.4(c) and (d).\n\n"
    "¶1. (S) Summary: one.\n\n¶2. (S/NF) two, a sentence broken by a section\n\n"
    "S E C R E T SECTION 02 OF 02 LIMA 000487\n\nbreak that goes on.\n\n"
    "-- item one\n-- item two\n\n14. (S) four.\n\nSTRUBLE"
)


def _cut(body: str, span: Span | None) -> str:
    return "" if span is None else body[span.start : span.end]


def _layout(body: str) -> Layout:
    layout = parse("", body).layout
    assert layout is not None
    return layout


@cache
def _sample(refid: str) -> Cable:
    for chunk in cables_csv.chunks(SAMPLE):
        for r in cables_csv.read_chunk(chunk):
            if isinstance(r, SourceCable) and r.refid == refid:
                return parse(r.header, r.body, refid=r.refid)
    raise LookupError(refid)


def test_seed_places_paragraphs_at_their_labels() -> None:
    layout = _layout(SEED_BODY)
    assert [(p.number, _cut(SEED_BODY, p.label), p.marking) for p in layout.paragraphs] == [
        (1, "¶1.", "S"),
        (2, "¶2.", "S/NF"),
        (4, "14.", "S"),
    ]
    assert _cut(SEED_BODY, layout.paragraphs[0].text) == "Summary: one.\n\n"
    assert [_cut(SEED_BODY, s) for s in layout.signature] == ["STRUBLE"]
    assert [_cut(SEED_BODY, t) for t in layout.tag_tokens] == ["PGOV", "PTER", "PE"]
    assert [_cut(SEED_BODY, g[0]) for g in layout.preamble][0] == "S E C R E T LIMA 000487"
    assert [_cut(SEED_BODY, b) for b in layout.breaks] == [
        "S E C R E T SECTION 02 OF 02 LIMA 000487"
    ]


def test_section_break_inside_a_paragraph_is_joined_by_reflow() -> None:
    layout = _layout(SEED_BODY)
    chunks = reflow(_cut(SEED_BODY, layout.paragraphs[1].text))
    assert chunks[0].text == "two, a sentence broken by a section break that goes on."
    assert [c.kind for c in chunks] == ["p", "item", "item"]


def test_no_paragraphs_keep_all_text() -> None:
    body = "UNCLAS SECTION 01 OF 02 STATE 123\n\nSUBJECT: X\n\nSome text\nwrapped.\n\nMore."
    layout = _layout(body)
    assert layout.paragraphs == ()
    assert _cut(body, layout.text).strip() == "Some text\nwrapped.\n\nMore."


def test_79tehran8980_marking_sentence_and_closing_mark() -> None:
    """``1. (C - ENTIRE TEXT).`` is all marking; the signer sits above a closing CONFIDENTIAL."""
    body = (
        "C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980\n\nSUBJECT: NEGOTIATIONS\n\n"
        "1. (C - ENTIRE TEXT).\n\n2. THE REVERSE OF THIS PARTICULAR\nCOIN.\n\nLAINGEN\nCONFIDENTIAL\n"
    )
    c = parse("", body, refid="79TEHRAN8980")
    assert c.layout is not None
    first, second = c.layout.paragraphs
    assert first.marking == "C - ENTIRE TEXT" and _cut(body, first.text) == ""
    assert reflow(_cut(body, second.text))[0].text == "THE REVERSE OF THIS PARTICULAR COIN."
    assert [_cut(body, s) for s in c.layout.signature] == ["LAINGEN", "CONFIDENTIAL"]


def test_signature_with_nnnn() -> None:
    body = "SUBJECT: X\n\n1. (U) First.\n\n2. (U) Second.\n\nSTRUBLE\n\nNNNN\n"
    layout = _layout(body)
    assert [_cut(body, s) for s in layout.signature] == ["STRUBLE", "NNNN"]
    assert _cut(body, layout.paragraphs[-1].text) == "Second."


@pytest.mark.parametrize(
    ("note", "opening"),
    [
        ("STATE/TREASURY PASS TO EX-IM BANK", True),  # 10MEXICO690
        ("The minister said so.", False),  # a sentence: the text has begun
        ("A LONG NOTE\nOF THREE\nLINES", False),
    ],
)
def test_10mexico690_a_routing_note_before_the_eo_line_is_opening(note: str, opening: bool) -> None:
    body = normalise_text(
        "UNCLAS MEXICO 000690\n\nSIPDIS\n\n" + note + "\n\nE.O. 12958: N/A\n\n"
        "TAGS: ECON MX\nSUBJECT: Scenesetter\n\n1. (SBU) Summary.\n"
    )
    layout = _layout(body)
    assert [_cut(body, s) for s in layout.tag_tokens] == (["ECON", "MX"] if opening else [])
    assert (layout.text is None) == opening


def test_label_is_not_a_number_in_text() -> None:
    body = "SUBJECT: X\n\n1. (U) First.\n1.5 MILLION PEOPLE\n\n2. (U) Second."
    layout = _layout(body)
    assert [p.number for p in layout.paragraphs] == [1, 2]
    assert "1.5 MILLION" in _cut(body, layout.paragraphs[0].text)


def test_run_in_paragraph_keeps_its_label_and_words() -> None:
    """09CAIRO1220-style: ``... Minister.  17. (C) Ambassador Marzouk`` runs on in one line."""
    body = "SUBJECT: X\n\n1. (C) Start.\n\n2. (C) One sentence ends here.  3. (C) Ambassador Marzouk spoke.\n"
    layout = _layout(body)
    last = layout.paragraphs[-1]
    assert (last.number, _cut(body, last.label), last.marking) == (3, "3.", "C")
    assert _cut(body, last.text).startswith("Ambassador Marzouk")


@pytest.mark.parametrize(
    "refid",
    [
        "04ANKARA482",  # indented labels: the label span starts after the indent
        "01VATICAN5693",  # SECTION 02 OF 02 inside a paragraph
        "03KATHMANDU2366",  # (S/NF)-style portion markings
    ],
)
def test_sample_cables_lay_out_every_paragraph(refid: str) -> None:
    c = _sample(refid)
    body = normalise_text(c.body)
    assert c.layout is not None and c.layout.paragraphs
    for p in c.layout.paragraphs:
        printed = _cut(body, p.label)
        assert printed == printed.strip() and str(p.number) in printed
    if refid == "01VATICAN5693":
        (section,) = c.layout.breaks
        assert "SECTION 02 OF 02" in _cut(body, section)
        inside = [p for p in c.layout.paragraphs if p.text.start < section.start < p.text.end]
        assert inside and "SECTION" not in " ".join(
            ch.text for ch in reflow(_cut(body, inside[0].text))
        )
    if refid == "03KATHMANDU2366":
        assert any(p.marking and "/" in p.marking for p in c.layout.paragraphs)
    if refid == "04ANKARA482":
        assert any(body[p.label.start - 1] in " \t" for p in c.layout.paragraphs)


def test_05newdelhi2266_table_is_kept_line_by_line() -> None:
    c = _sample("05NEWDELHI2266")
    body = normalise_text(c.body)
    assert c.layout is not None
    kinds = {ch.kind for p in c.layout.paragraphs for ch in reflow(_cut(body, p.text))}
    assert "lines" in kinds


def test_layout_round_trips_through_the_dict() -> None:
    c = _sample("03KATHMANDU2366")
    again = cable_from_dict(c.to_dict())
    assert again.layout == c.layout and again.header_lines == c.header_lines


def test_stored_cable_is_laid_out_from_its_stored_places(monkeypatch: pytest.MonkeyPatch) -> None:
    """The ingest parses with ``layout=False``; the page lays the stored cable out from where
    its paragraphs' labels are, without reading the paragraphs again."""
    full = _sample("01VATICAN5693")
    stored = cable_from_dict(parse(full.header, full.body, layout=False).to_dict())
    assert stored.layout is None and stored.header_lines is None
    monkeypatch.setattr(sys.modules["cablegate.parse"], "paragraph_places", _no_second_reading)
    again = with_layout(stored)
    assert again.layout == full.layout and again.header_lines == full.header_lines


def _no_second_reading(body: str) -> None:
    raise AssertionError("paragraphs read again")


def test_with_layout_reads_what_an_older_archive_lacks() -> None:
    c = _sample("01VATICAN5693")
    d = c.to_dict()
    d["paragraphs"] = [
        {k: p[k] for k in ("number", "marking", "text", "label")} for p in d["paragraphs"]
    ]
    old = cable_from_dict({**d, "layout": None, "header_lines": None, "dtg_iso": None})
    assert old.layout is None
    again = with_layout(old)
    assert again.layout == c.layout and again.header_lines == c.header_lines
    assert again.dtg_iso == c.dtg_iso


@pytest.mark.parametrize(
    ("marking", "level"),
    [("S/NF", "S"), ("SBU", "SBU"), ("C - ENTIRE TEXT", "C"), ("", ""), (None, "")],
)
def test_marking_level(marking: str | None, level: str) -> None:
    assert marking_level(marking) == level


def _spans(layout: Layout) -> list[Span]:
    spans = [s for g in layout.preamble for s in g]
    spans += [layout.text] if layout.text else []
    for p in layout.paragraphs:
        spans += [p.label, p.text]
    return spans + list(layout.signature)


_PIECES = [
    "1. ", "¶2. ", "14. ", "(C) ", "(S/NF) ", "SUBJECT: X", "TAGS: PGOV PE", "\n", "\n\n",
    "   ", "S E C R E T SECTION 02 OF 03 LIMA 000487", "STRUBLE", "NNNN", "-- item", "text.",
    "A. ", "\t", "CONFIDENTIAL", "\u2028", "a b c",
]  # fmt: skip


@settings(deadline=None, max_examples=300)
@given(
    st.one_of(st.text(max_size=300), st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
)
def test_spans_lie_in_the_body_in_order(text: str) -> None:
    c = parse("", text)
    body = normalise_text(text)
    assert c.layout is not None
    spans = _spans(c.layout)
    assert all(0 <= s.start <= s.end <= len(body) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    for t in c.layout.tag_tokens:
        assert any(g.start <= t.start and t.end <= g.end for grp in c.layout.preamble for g in grp)
    assert all(0 <= b.start < b.end <= len(body) for b in c.layout.breaks)


_OLD_TAGS_LINE = re.compile(r"^\s*TAGS?\s*:?", re.IGNORECASE)
_TAG_PIECES = [
    "TAGS:",
    "Tags ",
    "tag",
    " PGOV",
    " PE",
    "PGOV",
    "\n",
    "\n\n",
    "SUBJECT: X",
    " ",
    "\t",
]


@settings(deadline=None)
@given(st.lists(st.sampled_from(_TAG_PIECES), max_size=30).map("".join))
def test_tag_tokens_match_the_per_line_rule(text: str) -> None:
    """Trying only the lines that hold "tag" finds what matching every opening line found."""
    body = "SUBJECT: X\n\n" + text + "\n\n1. (U) Text."
    c = parse("", body)
    assert c.layout is not None
    tags = set(c.tags)
    expected = []
    for group in c.layout.preamble if tags else ():
        for start, end in group:
            m = _OLD_TAGS_LINE.match(body[start:end])
            if m:
                expected += [
                    Span(start + t.start(), start + t.end())
                    for t in re.finditer(r"[A-Za-z0-9_-]+", body[start:end][m.end() :])
                    if t.group().upper() in tags
                ]
    assert list(c.layout.tag_tokens) == expected


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("(C) .:-\nab")), max_size=20))
def test_all_marking_paragraph_matches_the_plain_rule(tail: str) -> None:
    """``(C) .`` alone is no text: the scan for one closing character agrees with strip()."""
    body = "(C)" + tail
    start, marking = _strip_marking(body, 0, len(body), "C")
    rest = tail.lstrip()
    assert marking == "C"
    assert (start == len(body)) == (rest.strip() in ("", ".", ":", "-"))
