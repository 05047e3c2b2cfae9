"""The routing header line by line: kinds and decoded parts, DTG in ISO form."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.model import HeaderLine, header_line_from_dict
from cablegate.parse.routing import dtg_to_iso, read_header_lines

SEED = (
    "VZCZCXYZ0020\nPP RUEHWEB\n\nDE RUEHPE #0487/01 0512245\nZNY SSSSS ZZH\nP 202245Z FEB 07\n"
    "FM AMEMBASSY LIMA\nTO RUEHC/SECSTATE WASHDC PRIORITY 4053\n"
    "INFO RUEHBO/AMEMBASSY BOGOTA PRIORITY 4382\nRUEKJCS/SECDEF WASHDC PRIORITY\nBT"
)
# 09TRIPOLI254's header (shared corpus): two precedences on the DTG line, an XMT line
TRIPOLI = (
    "VZCZCXRO0597\nOO RUEHBC RUEHDE RUEHKUK RUEHROV\nDE RUEHTRO #0254 0851318\nZNR UUUUU ZZH\n"
    "O R 261318Z MAR 09\nFM AMEMBASSY TRIPOLI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 4653\n"
    "INFO RUEHEE/ARAB LEAGUE COLLECTIVE\nRUEHTRO/AMEMBASSY TRIPOLI 5180\nXMT AMEMBASSY KHARTOUM"
)


def _parts(line: HeaderLine) -> dict[str, object]:
    d = line.to_dict()
    return {k: v for k, v in d.items() if k not in ("start", "end")}


def test_07lima487_lines() -> None:
    lines = read_header_lines(SEED)
    assert [_parts(line) for line in lines] == [
        {"kind": "vzczc", "serial": "XYZ0020"},
        {"kind": "routing", "route": "RUEHWEB", "precedence": "P"},
        {
            "kind": "de",
            "route": "RUEHPE",
            "serial": "0487",
            "section": "01",
            "day": "051",
            "time": "2245",
        },
        {"kind": "security", "security": "SSSSS"},
        {"kind": "dtg", "precedence": "P", "dtg": "202245Z FEB 07", "dtg_iso": "2007-02-20T22:45Z"},
        {"kind": "fm"},
        {"kind": "to", "route": "RUEHC"},
        {"kind": "info", "route": "RUEHBO"},
        {"kind": "info", "route": "RUEKJCS"},
        {"kind": "bt"},
    ]
    assert [SEED[s.span.start : s.span.end] for s in lines][:2] == ["VZCZCXYZ0020", "PP RUEHWEB"]


def test_09tripoli254_xmt_and_two_precedences() -> None:
    lines = read_header_lines(TRIPOLI)
    kinds = [line.kind for line in lines]
    assert kinds == [
        "vzczc",
        "routing",
        "de",
        "security",
        "other",
        "fm",
        "to",
        "info",
        "info",
        "xmt",
    ]
    de = lines[2]
    assert (de.route, de.serial, de.section, de.day, de.time) == (
        "RUEHTRO",
        "0254",
        None,
        "085",
        "1318",
    )
    assert lines[3].security == "UUUUU"
    assert lines[-1].route is None and lines[-2].route == "RUEHTRO"


def test_lines_round_trip_through_the_dict() -> None:
    for line in read_header_lines(SEED + "\n" + TRIPOLI):
        assert header_line_from_dict(line.to_dict()) == line


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
def test_dtg_to_iso(dtg: str | None, iso: str | None) -> None:
    assert dtg_to_iso(dtg) == iso


@settings(deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("VZCDEPORTINFXM/#0123456789 \n\tRUEHZNSSC")), max_size=300
    )
)
def test_lines_lie_in_the_header(header: str) -> None:
    lines = read_header_lines(header)
    ends = [0]
    for line in lines:
        assert ends[-1] <= line.span.start < line.span.end <= len(header)
        assert header[line.span.start : line.span.end].strip()
        ends.append(line.span.end)
