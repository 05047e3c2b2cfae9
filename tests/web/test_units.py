"""The web layer's pure helpers: body layout, header decoding, glossary, URLs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.model import Cable, Paragraph, Recipient
from cablegate.web.glossary import explain_marking, explain_reason, marking_class, route_name
from cablegate.web.header import decode_header, dtg_to_iso
from cablegate.web.reading import read_body, reflow
from cablegate.web.urls import browse_url, safe_href

SEED_BODY = (
    "S E C R E T LIMA 000487\n\nSIPDIS\n\nE.O. 12958: DECL: 02/14/2017\n\nTAGS: PGOV PTER PE\n\n"
    "SUBJECT: PERU: PLAN\n\nClassified By: Ambassador J. Curtis Struble for reasons 1.4(c) and (d).\n\n"
    "¶1. (S) Summary: one.\n\n¶2. (S/NF) two, a sentence broken by a section\n\n"
    "S E C R E T SECTION 02 OF 02 LIMA 000487\n\nbreak that goes on.\n\n"
    "-- item one\n-- item two\n\n14. (S) four.\n\nSTRUBLE"
)


def _seed() -> Cable:
    labels = ["¶1.", "¶2.", "14."]
    paragraphs = tuple(
        Paragraph(n, "", m, label)
        for n, m, label in zip((1, 2, 4), ("S", "S/NF", "S"), labels, strict=True)
    )
    return Cable(
        body=SEED_BODY, paragraphs=paragraphs, signers=("STRUBLE",), tags=("PGOV", "PTER", "PE")
    )


def test_read_body_places_paragraphs() -> None:
    r = read_body(_seed())
    assert r.anchors == ["par1", "par2", "par4"]
    assert [b.label for b in r.blocks] == ["¶1.", "¶2.", "14."]
    assert [b.marking for b in r.blocks] == ["S", "S/NF", "S"]
    assert r.signature == ("STRUBLE",)
    assert any(g[0].startswith("TAGS:") for g in r.preamble)


def test_section_break_is_joined() -> None:
    par2 = read_body(_seed()).blocks[1]
    assert par2.chunks[0].text == "two, a sentence broken by a section break that goes on."
    assert [c.kind for c in par2.chunks] == ["p", "item", "item"]


def test_reflow_joins_hard_wraps_and_keeps_tables() -> None:
    chunks = reflow(
        "The Garcia government has developed a\ncomprehensive plan that could end\nthe threat.\n\n"
        "NAME        TITLE\nGarcia      President\nWagner      Minister"
    )
    assert (
        chunks[0].text
        == "The Garcia government has developed a comprehensive plan that could end the threat."
    )
    assert chunks[1].kind == "lines"


def test_no_paragraphs_still_shows_all_text() -> None:
    body = "UNCLAS SECTION 01 OF 02 STATE 123\n\nSUBJECT: X\n\nSome text\nwrapped.\n\nMore."
    r = read_body(Cable(body=body))
    text = " ".join(c.text for b in r.blocks for c in b.chunks)
    assert "Some text wrapped." in text and "More." in text


@settings(deadline=None)
@given(st.text(max_size=400))
def test_read_body_is_total(body: str) -> None:
    read_body(Cable(body=body, paragraphs=(Paragraph(1, "x", None, "1."),)))


def test_header_decoded() -> None:
    header = "VZCZCXYZ0020\nPP RUEHWEB\n\nDE RUEHPE #0487/01 0512245\nZNY SSSSS ZZH\nP 202245Z FEB 07\nFM AMEMBASSY LIMA\nTO RUEHC/SECSTATE WASHDC PRIORITY 4053"
    cable = Cable(
        header=header,
        precedence="PRIORITY",
        dtg="202245Z FEB 07",
        sender="AMEMBASSY LIMA",
        recipients=(Recipient("SECSTATE WASHDC", "RUEHC", "PRIORITY", "4053"),),
    )
    h = decode_header(cable)
    assert h.dtg_iso == "2007-02-20T22:45Z"
    assert h.station == "RUEHPE" and h.station_name == "AMEMBASSY LIMA"
    assert h.to[0].route_name == "DEPT OF STATE WASHINGTON DC"
    assert h.precedence == "Priority"
    notes = {line.raw: line.note for line in h.lines}
    assert "SECRET" in notes["ZNY SSSSS ZZH"]
    assert "day 051" in notes["DE RUEHPE #0487/01 0512245"]


@pytest.mark.parametrize(
    ("dtg", "iso"),
    [
        ("202245Z FEB 07", "2007-02-20T22:45Z"),
        ("011200Z JAN 1989", "1989-01-01T12:00Z"),
        ("281848Z DEC 66", "1966-12-28T18:48Z"),
        ("bogus", None),
        (None, None),
        ("011200Z XXX 07", None),
    ],
)
def test_dtg(dtg: str | None, iso: str | None) -> None:
    assert dtg_to_iso(dtg) == iso


@pytest.mark.parametrize(
    ("code", "letter", "known"),
    [
        ("1.4(c)", "c", True),
        ("1.4 (D)", "d", True),
        ("1.4b", "b", True),
        ("h", "h", True),
        ("1.5(x)", "x", False),
        ("25X1", "", False),
    ],
)
def test_reasons(code: str, letter: str, known: bool) -> None:
    r = explain_reason(code)
    assert (r.letter, r.known) == (letter, known)


def test_markings() -> None:
    assert (
        marking_class("S/NF") == "s" and marking_class("SBU") == "u" and marking_class("C") == "c"
    )
    assert explain_marking("S/NF") == "Secret; no foreign nationals (NOFORN)"
    assert route_name("RUEHC") == "DEPT OF STATE WASHINGTON DC" and route_name("NOPE") is None


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("http://elcomercio.pe", "http://elcomercio.pe"),
        ("www.spiegel.de", "http://www.spiegel.de"),
        ("http://http://www.letemps.ch/x", "http://www.letemps.ch/x"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("data:text/html,x", None),
        ("", None),
    ],
)
def test_safe_href(url: str, href: str | None) -> None:
    assert safe_href(url) == href


def test_browse_urls() -> None:
    assert browse_url("origin", "Embassy Lima") == "/origin/embassy-lima"
    assert browse_url("classification", "SECRET//NOFORN") == "/classification/secret-noforn"
    assert browse_url("country", "PE") == "/country/pe"
    assert browse_url("tag", "pter") == "/tag/PTER"


def test_79tehran8980_marking_sentence_and_closing_mark() -> None:
    """``1. (C - ENTIRE TEXT).`` is all marking; the signer sits above a closing CONFIDENTIAL."""
    body = (
        "C O N F I D E N T I A L SECTION 01 OF 02 TEHRAN 08980\n\nSUBJECT: NEGOTIATIONS\n\n"
        "1. (C - ENTIRE TEXT).\n\n2. THE REVERSE OF THIS PARTICULAR\nCOIN.\n\nLAINGEN\nCONFIDENTIAL\n"
    )
    cable = Cable(
        body=body,
        paragraphs=(Paragraph(1, "", "C - ENTIRE TEXT", "1."), Paragraph(2, "x", None, "2.")),
        signers=("LAINGEN",),
    )
    r = read_body(cable)
    assert r.blocks[0].chunks == () and r.blocks[0].marking == "C - ENTIRE TEXT"
    assert r.blocks[1].chunks[0].text == "THE REVERSE OF THIS PARTICULAR COIN."
    assert r.signature == ("LAINGEN", "CONFIDENTIAL")


def test_label_is_not_a_number_in_text() -> None:
    body = "SUBJECT: X\n\n1. (U) First.\n1.5 MILLION PEOPLE\n\n2. (U) Second."
    paragraphs = (Paragraph(1, "First.", "U", "1."), Paragraph(2, "Second.", "U", "2."))
    r = read_body(Cable(body=body, paragraphs=paragraphs))
    assert [b.anchor for b in r.blocks] == ["par1", "par2"]
    assert "1.5 MILLION" in r.blocks[0].chunks[0].text
