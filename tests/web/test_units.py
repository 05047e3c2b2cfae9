"""The web layer's pure helpers: the parsed layout and header formatted, glossary, URLs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.model import Cable
from cablegate.parse import parse
from cablegate.web.glossary import explain_marking, explain_reason, marking_class, route_name
from cablegate.web.header import decode_header
from cablegate.web.reading import read_body
from cablegate.web.urls import browse_url, safe_href
from tests.parse.test_layout import SEED_BODY


def _seed() -> Cable:
    return parse("", SEED_BODY, refid="07LIMA487")


def test_read_body_places_paragraphs() -> None:
    r = read_body(_seed())
    assert r.anchors == ["par1", "par2", "par4"]
    assert [b.label for b in r.blocks] == ["¶1.", "¶2.", "14."]
    assert [b.marking for b in r.blocks] == ["S", "S/NF", "S"]
    assert r.signature == ("STRUBLE",)
    tags = next(line for g in r.preamble for line in g if line[0][0].startswith("TAGS:"))
    assert [href for _, href in tags if href] == ["/tag/PGOV", "/tag/PTER", "/tag/PE"]
    assert "".join(text for text, _ in tags) == "TAGS: PGOV PTER PE"


def test_section_break_is_joined() -> None:
    par2 = read_body(_seed()).blocks[1]
    assert par2.chunks[0].text == "two, a sentence broken by a section break that goes on."
    assert [c.kind for c in par2.chunks] == ["p", "item", "item"]


def test_duplicate_numbers_get_distinct_anchors() -> None:
    body = "SUBJECT: X\n\n1. (U) One.\n\n2. (U) Two.\n\n1. (C) Annex one.\n\n2. (C) Annex two.\n"
    assert read_body(parse("", body)).anchors == ["par1", "par2", "par1-", "par2-"]


def test_unread_cable_shows_nothing_rather_than_failing() -> None:
    assert read_body(Cable(body="1. (U) text")).blocks == ()


@settings(deadline=None)
@given(st.text(max_size=400))
def test_read_body_is_total(body: str) -> None:
    read_body(parse("", body))


def test_header_decoded() -> None:
    header = (
        "VZCZCXYZ0020\nPP RUEHWEB\n\nDE RUEHPE #0487/01 0512245\nZNY SSSSS ZZH\n"
        "P 202245Z FEB 07\nFM AMEMBASSY LIMA\nTO RUEHC/SECSTATE WASHDC PRIORITY 4053"
    )
    h = decode_header(parse(header, ""))
    assert h.dtg_iso == "2007-02-20T22:45Z"
    assert h.station == "RUEHPE" and h.station_name == "AMEMBASSY LIMA"
    assert h.to[0].route_name == "DEPT OF STATE WASHINGTON DC"
    assert h.precedence == "Priority"
    notes = {line.raw: line.note for line in h.lines}
    assert notes["ZNY SSSSS ZZH"] == "Security line: SECRET"
    assert notes["DE RUEHPE #0487/01 0512245"] == (
        "From station RUEHPE (AMEMBASSY LIMA), station serial 0487, section 01, "
        "day 051 of the year at 22:45 UTC"
    )
    assert notes["PP RUEHWEB"].startswith("Precedence Priority; routed via RUEHWEB")
    assert notes["P 202245Z FEB 07"] == "Priority; date-time group = 2007-02-20T22:45Z"
    assert [line.addressee for line in h.lines][-1] is True


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
    r = explain_reason(code, letter)
    assert (r.code, r.letter, r.known) == (code, letter, known)
    assert r.text != "not one of the reasons a to h" if known else r.text


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
