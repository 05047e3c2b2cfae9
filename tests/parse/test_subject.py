"""SUBJECT line: labels, where it ends, clean-up, portion markings."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.subject import read_subject
from tests.peer import CORPUS

SEED = CORPUS / "seed-07LIMA487.csv"


@pytest.mark.skipif(not SEED.exists(), reason="seed cable not found")
def test_seed_07LIMA487() -> None:
    with open(SEED, newline="", encoding="utf-8") as f:
        row = next(csv.reader(f, escapechar="\\", doublequote=False))
    subject = "PERU: GOVERNMENT PLAN TO TAKE BACK ITS TERRITORY"
    assert read_subject(row[7]) == (subject, subject)


@pytest.mark.parametrize(
    ("body", "subject"),
    [
        # labels
        pytest.param("SUBJECT: SAG AGREES\nREF: A. RIYADH 1579", "SAG AGREES", id="08RIYADH1619"),
        pytest.param("SUBJECT SAG AGREES\nREF A. RIYADH 1579", "SAG AGREES", id="no-colon"),
        pytest.param("SUBJ: VISA FRAUD\n\n1. (U) Text", "VISA FRAUD", id="subj"),
        pytest.param(
            "TAGS: PGOV BA\nUBJECT: BAHRAIN WILL REQUEST REF: A. MANAMA 20",
            "BAHRAIN WILL REQUEST",
            id="08MANAMA117",
        ),
        pytest.param(
            "Tags: prel, tu Subject: turkish p.m. goes to washington\n\n",
            "turkish p.m. goes to washington",
            id="04ANKARA348",
        ),
        pytest.param(
            "C O R R E C T E D COPY//SUBJECT LINE//////\n\nSUBJECT: COUNSELOR MEETS CSIS\nREF: A. OTTAWA 360",
            "COUNSELOR MEETS CSIS",
            id="correction-notice",
        ),
        pytest.param(
            "SUBJECT: SUBJECT: URIBE-SUPREME COURT POWER\n\nREF: A. 09BOGOTA569",
            "URIBE-SUPREME COURT POWER",
            id="09BOGOTA849",
        ),
        pytest.param(
            "SUBJECT: (C) SUBJECT: BRIEFING FOR GATES\n\nREF: A.",
            "BRIEFING FOR GATES",
            id="07PARAMARIBO510",
        ),
        pytest.param(
            "SUBJECT:\n\nEGYPT'S 54th BIRD FLU VICTIM REF 09 CAIRO 0173\n",
            "EGYPT'S 54th BIRD FLU VICTIM REF 09 CAIRO 0173",
            id="09CAIRO211",
        ),
        pytest.param(
            "SUBJECT:...\n\nTAGS: AF\n\nSUBJECT: DUTCH FM BOT'S VISIT\n\nClassified By: X",
            "DUTCH FM BOT'S VISIT",
            id="04THEHAGUE281",
        ),
        # where it ends
        pytest.param(
            "SUBJECT: E.O. 13382 ENTITIES -- EXAMPLES \n \nREF: SECSTATE 193703",
            "E.O. 13382 ENTITIES -- EXAMPLES",
            id="06WELLINGTON967",
        ),
        pytest.param(
            "SUBJECT: FBI VISIT TO EGYPTREF: CAIRO 493\n", "FBI VISIT TO EGYPT", id="06CAIRO941"
        ),
        pytest.param(
            "SUBJECT: VISIT TO CAIROClassified By: DCM", "VISIT TO CAIRO", id="07CAIRO3126"
        ),
        pytest.param(
            "SUBJECT: LETTER FROM AMRE \nMOUSSA TO SECRETARY CLINTON\n1. Below letter was passed",
            "LETTER FROM AMRE MOUSSA TO SECRETARY CLINTON",
            id="09CAIRO1051",
        ),
        pytest.param(
            "SUBJECT: KENYA: KINNOCK'S VISIT SUBJECT: KENYA: KINNOCK'S VISIT\n",
            "KENYA: KINNOCK'S VISIT",
            id="10LONDON65",
        ),
        pytest.param(
            "SUBJECT: MODERATE TAJIK LEADER WAL...\n46151\t11/28/2005 7:02\t05DUSHANBE1870\n",
            "MODERATE TAJIK LEADER WAL...",
            id="05DUSHANBE1870",
        ),
        pytest.param(
            "S E C R E T TRIPOLI 000310\nSUBJECT: MUATASSIM'S DEBUT: TESTING U.S. WATERS TRIPOLI 00000310 001.2 OF 004 CLASSIFIED BY: X",
            "MUATASSIM'S DEBUT: TESTING U.S. WATERS",
            id="09TRIPOLI310",
        ),
        pytest.param(
            "SUBJECT: DAILY SUMMARY OF JAPANESE PRESS 03/15/06\n  INDEX:\n(1) Poll on Koizumi cabinet\n",
            "DAILY SUMMARY OF JAPANESE PRESS 03/15/06",
            id="06TOKYO1363",
        ),
        pytest.param(
            "SUBJECT: BAHRAIN: ARAB LEAGUE\nUNCLAS MANAMA 000995 SIPDIS SENSITIVE\n\n",
            "BAHRAIN: ARAB LEAGUE",
            id="07MANAMA995",
        ),
        # clean-up: hyphens at line ends, US- , entities, backslashes of the page conversion
        pytest.param(
            "SUBJECT: THE US- \nLATIN AMERICAN RELATIONSHIP, FEBRUARY 20- \n24, 2006\n\n",
            "THE US-LATIN AMERICAN RELATIONSHIP, FEBRUARY 20-24, 2006",
            id="05PARIS8057",
        ),
        pytest.param("SUBJECT: Bla &#8217; bla &#x201C;\n", "Bla ’ bla “", id="entities"),
        pytest.param(
            "SUBJECT: HRC: SESSION \\\n \\\nREF: A. BERN 1253", "HRC: SESSION", id="06GENEVA1673"
        ),
        # portion markings: leading and trailing ones go, other parentheses stay
        pytest.param(
            "SUBJECT: (C/NF) WHO WOULD REPLACE BROWN\n\n",
            "WHO WOULD REPLACE BROWN",
            id="08LONDON1991",
        ),
        pytest.param(
            "SUBJECT: (s) further scheming by german firm\n\n",
            "further scheming by german firm",
            id="08STATE15220",
        ),
        pytest.param(
            "SUBJECT: FOLLOWING-UP WITH INDIA (S)\n\n", "FOLLOWING-UP WITH INDIA", id="08STATE23763"
        ),
        pytest.param(
            "SUBJECT: Grants for PD Projects (Iceland) \n \nREF:",
            "Grants for PD Projects (Iceland)",
            id="07REYKJAVIK232",
        ),
        pytest.param(
            "SUBJECT: CONSULTATIONS WITH MEXICO (AMLO)\n\n",
            "CONSULTATIONS WITH MEXICO (AMLO)",
            id="acronym-kept",
        ),
        # none
        pytest.param("TAGS: PGOV\n\n1. (C) The subject: is not a label here.", "", id="no-subject"),
        pytest.param("", "", id="empty"),
    ],
)
def test_read_subject(body: str, subject: str) -> None:
    assert read_subject(body)[0] == subject


def test_raw_keeps_the_marking() -> None:
    assert read_subject("SUBJECT: (S) GERMANY TAKING ACTION\n\n") == (
        "GERMANY TAKING ACTION",
        "(S) GERMANY TAKING ACTION",
    )


def test_only_the_header_area_is_searched() -> None:
    body = "TAGS: PGOV\n\n1. (C) Text.\n\nSUBJECT: NOT A SUBJECT\n"
    assert read_subject(body) == ("", "")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises(text: str) -> None:
    subject, raw = read_subject(text)
    assert "\n" not in subject and subject == subject.strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ABCS UBJECT:REF()\n-&#;0123456789.\\", max_size=200))
def test_never_raises_on_label_soup(text: str) -> None:
    subject, raw = read_subject("SUBJECT: " + text)
    assert len(subject) <= len(raw) + 1


def test_lower_case_word_without_colon_is_no_label() -> None:
    assert read_subject("E.O. 12958: N/A\nThis cable is subject to review.\n") == ("", "")
