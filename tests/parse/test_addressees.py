"""The persons a cable's address lines name (``parse.addressees``): real lines of the shared
corpus with what must be read from them, lines that name no one, and wild text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.addressees import read_addressees

BANNER = "C O N F I D E N T I A L SECTION 01 OF 02 CITY 000001 \n \nSIPDIS \n \n"
TAIL = " \n \nE.O. 12958: DECL: 02/22/2020 \nTAGS: PREL \nSUBJECT: X \n \n1. (C) Text FOR SMITH.\n"


def _read(lines: str) -> list[tuple[str, str, str]]:
    return [(r.name, r.title, r.office) for r in read_addressees(BANNER + lines + TAIL)]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        pytest.param(
            "FOR SECRETARY CLINTON FROM AMBASSADOR SMITH",
            [("CLINTON", "SECRETARY", "")],
            id="10RIYADH178-from-is-the-sender",
        ),
        pytest.param(
            "FOR U/S LARSON, WHA FOR A/S NORIEGA, WHA FOR PDAS DERHAM, \n"
            "WHA/BSC, WHA/EPSC, AND EB FOR A/S WAYNE, EB/IFD/OMA \n"
            "PASS NSC FOR TOM SHANNON, MIKE DEMPSEY, NILMINI GUNARATNE, \nAND DEL RENIGAR \n"
            "USCINCSO FOR POLAD",
            [
                ("LARSON", "U/S", ""),
                ("NORIEGA", "A/S", "WHA"),
                ("DERHAM", "PDAS", "WHA"),
                ("WAYNE", "A/S", "EB"),
                ("Tom Shannon", "", "NSC"),
                ("Mike Dempsey", "", "NSC"),
                ("Nilmini Gunaratne", "", "NSC"),
                ("Del Renigar", "", "NSC"),
            ],
            id="04BUENOSAIRES2291-wrapped-lines-and-titles",
        ),
        pytest.param(
            "DEPT FOR EUR/CE (GLANTZ, KARAGIANNIS) \n"
            "OSD FOR MITCHELL, AMBASSADOR VERSHBOW, ADMIRAL MULLEN \n"
            "EUCOM FOR ADMIRAL STAVRIDIS \nUSAREUR FOR GENERAL HAM",
            [
                ("GLANTZ", "", "DEPT"),
                ("KARAGIANNIS", "", "DEPT"),
                ("MITCHELL", "", "OSD"),
                ("VERSHBOW", "AMBASSADOR", "OSD"),
                ("MULLEN", "ADMIRAL", "OSD"),
                ("STAVRIDIS", "ADMIRAL", "EUCOM"),
                ("HAM", "GENERAL", "USAREUR"),
            ],
            id="10WARSAW110-parentheses-and-titles",
        ),
        pytest.param(
            "AF/S FOR BRIAN WALCH \nNSC FOR SENIOR AFRICA DIRECTOR MICHELLE GAVIN \nADDIS FOR USAU",
            [
                ("Brian Walch", "", "AF/S"),
                ("Michelle Gavin", "SENIOR AFRICA DIRECTOR", "NSC"),
            ],
            id="10HARARE93-a-title-of-several-words",
        ),
        pytest.param(
            "DEPT FOR AF/S - MS. BLACKFORD; CAPETOWN FOR EMBASSY; DEPT \nPASS TO USIA/AF - WALSH",
            [("BLACKFORD", "MS.", "DEPT"), ("WALSH", "", "")],
            id="85GABORONE97-after-a-dash",
        ),
        pytest.param(
            "EB FOR WCRAFT, BLAMPRON \nSTATE PASS TO USTR FOR RVARGO, NMOORJANI, AMALITO",
            [
                ("W. Craft", "", "EB"),
                ("B. Lampron", "", "EB"),
                ("R. Vargo", "", "USTR"),
                ("N. Moorjani", "", "USTR"),
                ("A. Malito", "", "USTR"),
            ],
            id="05SANJOSE2038-e-mail-style-names-of-one-line",
        ),
        pytest.param(
            "STATE FOR NEA/ARP, DRL/ILCSR-SMORGAN, G/TIP-LCDEBACA",
            [("S. Morgan", "", "STATE"), ("L. Cdebaca", "", "STATE")],
            id="10MANAMA56-office-hyphen-name",
        ),
        pytest.param(
            "DEPARTMENT FOR NEA/ELA, G/TIP FOR YOUSEY, NEA/RA FOR CHATTERJI",
            [("YOUSEY", "", "G/TIP"), ("CHATTERJI", "", "NEA/RA")],
            id="09CAIRO1758-offices-of-each-item",
        ),
        pytest.param(
            "COMMERCE FOR NATE MASON, ENERGY FOR GINA \nERIKSON \n \nSENSITIVE",
            [("Nate Mason", "", "COMMERCE"), ("Gina Erikson", "", "ENERGY")],
            id="08TRIPOLI113-a-name-wrapped-after-its-given-name",
        ),
        pytest.param(
            "LONDON FOR TSOU, PARIS FOR WALLER",
            [("TSOU", "", "LONDON"), ("WALLER", "", "PARIS")],
            id="09TRIPOLI358-posts",
        ),
        pytest.param(
            "STATE FOR WHA TOM SHANNON, JOHN MAISTO, AND CHARLES SHAPIRO",
            [
                ("Tom Shannon", "", "STATE"),
                ("John Maisto", "", "STATE"),
                ("Charles Shapiro", "", "STATE"),
            ],
            id="06BUENOSAIRES1632-office-word-before-a-name",
        ),
        pytest.param(
            "NSC FOR AGUIRRE E.O. 12958: N/A TAGS: PREL",
            [("AGUIRRE", "", "NSC")],
            id="09CAIRO2112-address-glued-to-the-eo-line",
        ),
    ],
)
def test_named_recipients(lines: str, expected: list[tuple[str, str, str]]) -> None:
    assert _read(lines) == expected


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param("DEPT FOR WHA/CEN AND PM", id="offices-only"),
        pytest.param("USFOR-A FOR POLAD \nADDIS FOR USAU", id="a-title-without-a-name"),
        pytest.param("LONDON AND LISBON FOR AFRICA WATCHERS", id="09PARIS1339-a-group"),
        pytest.param("UNCLASSIFIED//FOR OFFICIAL USE ONLY", id="a-handling-notice"),
        pytest.param("SENSITIVE BUT UNCLASSIFIED. NOT FOR INTERNET DISTRIBUTION.", id="internet"),
        pytest.param("AMEMBASSY OTTAWA PASS TO AMCONSUL QUEBEC", id="10CARACAS147-posts-only"),
        pytest.param("DEPARTMENT FOR GEORGIA TASK FORCE", id="08BUDAPEST807-a-task-force"),
        pytest.param("USDOC FOR 4332/ITA/MAC/WH/OLAC/", id="an-office-number"),
        pytest.param("STATE FOR WELLINGTON69 (MUSSERCC@STATE.GOV)", id="an-e-mail-address"),
    ],
)
def test_no_person_named(lines: str) -> None:
    assert _read(lines) == []


def test_only_the_top_is_read() -> None:
    body = BANNER + "E.O. 12958: N/A\nTAGS: PREL\nSUBJECT: X\n\n1. NSC FOR TOM SHANNON.\n"
    assert read_addressees(body) == []


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["FOR ", "PASS TO ", "NSC ", "A/S ", "SMITH", "J.", "(", ")", ",", " AND ", "-", "/",
             "\n", " ", "E.O. 1", "TOM ", "JMEYERS", "É", "\\", ":", ";", "FROM "]
        )
        | st.text(max_size=8),
        max_size=60,
    ).map("".join)
)  # fmt: skip
def test_never_raises(text: str) -> None:
    for r in read_addressees(text):
        assert r.surname and r.name.endswith(r.surname)
        assert r.name == f"{r.given} {r.surname}".strip()


WORDS = ["DEPT", "WHA/CEN", "EUR/UBI/HOLLIDAY", "A/S", "SHANNON", "POLAD", "AND", "(", ")", ",",
         "JMEYERS", "NSC", "TOM", "-", ":", "USTR:EEISSENSTAT", "ILCSR-SMORGAN", "C.KESSLER",
         "AMBASSADOR", "/", "FOR", "OF", "ALSO", "DRL/NESCA", "USAU", "MS.", " "]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=12).map(" ".join))
def test_the_office_only_shortcut_drops_no_name(text: str) -> None:
    """``may_name`` false: the whole rule, shortcut off, finds no one either."""
    from unittest import mock

    from cablegate.parse import addressees

    if addressees.may_name(text):
        return
    with mock.patch.object(addressees, "may_name", return_value=True):
        assert addressees._read_line(f"DEPT FOR {text}") == []
