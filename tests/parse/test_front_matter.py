"""Front matter whose line breaks were lost or moved (site-converted text), from shared cables.

The E.O. line glued to the distribution line, DECL on the line after ``E.O. 12958:``, ``E.0.``
with a zero, a mistyped E.O. number, two-digit DECL years, TAGS and SUBJECT run together: the
DECL date, the tags and the subject must still be read.
"""

from __future__ import annotations

import pytest

from cablegate.parse.banner import read_banner
from cablegate.parse.subject import read_subject
from cablegate.parse.tags import read_tags

DECL = [
    (
        "01VATICAN1261",
        "C O N F I D E N T I A L VATICAN 001261 \n\nSIPDIS \n\nE.0. 12958: DECL: 03/05/11 \n"
        "TAGS: PREL PGOV MOPS CG VT\nSUBJECT: DROC--VATICAN DEMARCHE \n",
        "2011-03-05",
    ),
    (
        "02ANKARA8305",
        "Cable dated:2002-11-15T12:40:00S E C R E T SECTION 01 OF 05 ANKARA 008305S/CT FOR "
        "REAPE.O. 12958: DECL: 11/14/2012 TAGS: PTER TU\n\n1. (U) CLASSIFIED BY DCM",
        "2012-11-14",
    ),
    (
        "05SANAA1352",
        "Cable dated:2005-05-23T14:26:00\nS E C R E T SECTION 01 OF 02 SANAA 001352SIPDISE.O. "
        "12958: DECL: 05/21/2015TAGS: PREL PGOV PTER PINR KMCA KMPI DOMESTIC POLITICS\n\n1. (S/NF)",
        "2015-05-21",
    ),
    (
        "05BRASILIA1567",
        "UNCLAS BRASILIA 001567 \n\nSIPDIS \n\nTREASURY FOR NLEE/FPARODI NSC FOR SHANNON E.O. "
        "12958: \nDECL: 06/09/2015 \nTAGS: KIPR ETRD EAGR EFIN BR IZ WTRO IPR\n",
        "2015-06-09",
    ),
    (
        "09KAMPALA1413",
        "C O N F I D E N T I A L SECTION 01 OF 04 KAMPALA 001413SIPDISE.O. 12958: DECL: "
        "2019/12/24TAGS: PHUM PGOV PREL UG\n\n1. (C) Summary:",
        "2019-12-24",
    ),
    (
        "08KABUL1064",
        "C O N F I D E N T I A L SECTION 01 OF 02 KABUL 001064 \n \nSIPDIS \n \nE.O. 12958: DECL...\n"
        "\n151710\n2008-04-29\n08KABUL1064\n\nC O N F I D E N T I A L SECTION 01 OF 02 KABUL 001064 "
        "\n\nSIPDIS \n\nE.O. 12958: DECL: 04/24/2018 \nTAGS: PREL PTER\n",
        "2018-04-24",
    ),
    (
        "10PARIS183",
        "C O N F I D E N T I A L PARIS 000183\n\nSIPDIS\n\nE.O. 19528: DECL: 12/03/2019\n"
        "TAGS: SENV KGHG ENRG FR\n",
        "2019-12-03",
    ),
]


@pytest.mark.parametrize(("body", "date"), [pytest.param(b, d, id=r) for r, b, d in DECL])
def test_decl_date_is_read(body: str, date: str) -> None:
    assert read_banner(body).declassify_on == date


def test_05SANAA1352_free_text_tags_stay_tags() -> None:
    body = DECL[2][1]
    assert read_tags(body)[0][-1] == "DOMESTIC POLITICS"


@pytest.mark.parametrize(
    ("body", "tags", "subject"),
    [
        pytest.param(
            "S E C R E T SECTION 01 OF 05 ANKARA 008305S/CT FOR REAPE.O. 12958: DECL: "
            "11/14/2012TAGS: PTER TUSUBJECT: TURKEY: TALKS\n\n1. (C) text",
            ["PTER", "TU"],
            "TURKEY: TALKS",
            id="02ANKARA8305-glued-subject",
        ),
        pytest.param(
            "S E C R E T ANKARA 008305SIPDISE.O. 12958: DECL: 11/14/12 TAGS: PTER, TU, IRAQI "
            "FREEDOM SUBJECT: TURKEY: TALKS REF: ANKARA 12\n\n1. (C) text",
            ["PTER", "TU", "IRAQI FREEDOM"],
            "TURKEY: TALKS",
            id="02ANKARA8305-one-line",
        ),
    ],
)
def test_tags_and_subject_run_together(body: str, tags: list[str], subject: str) -> None:
    assert read_tags(body)[0] == tags
    assert read_subject(body)[0] == subject


def test_09BUENOSAIRES1147_subject_of_a_correction_notice_is_no_label() -> None:
    body = (
        "UNCLAS BUENOS AIRES 001147 C O R R E C T E D   C O P Y - CORRECTED MISSPELLING IN "
        "SUBJECT SIPDIS E.O. 12958: DECL: 10/19/2029 \nTAGS: PGOV KPAO AR\n\n"
        "SUBJECT: ARGENTINA: AMBASSADOR ENCOUNTERS PROTESTERS IN \nMENDOZA\n\n1. (U) text"
    )
    assert read_subject(body)[0] == "ARGENTINA: AMBASSADOR ENCOUNTERS PROTESTERS IN MENDOZA"


def test_decl_on_the_next_line_indented_and_lower_case() -> None:
    body = "UNCLAS LIMA 000001\n\nE.O. 12958:\n   decl: 1/25/19\nTAGS: PGOV PE\n"
    assert read_banner(body).declassify_on == "2019-01-25"


@pytest.mark.parametrize(
    ("decl", "year", "date"),
    [
        ("12/31/85", 1979, "1985-12-31"),  # E.O. 12065 era: declassified in the same century
        ("12/31/99", 1996, "1999-12-31"),
        ("12/20/07", 1997, "2007-12-20"),  # 97WELLINGTON1656
        ("06/18/18", 2008, "2018-06-18"),  # 08REYKJAVIK115
        ("12/31/99", 2004, "2099-12-31"),  # never before the cable was written
        ("12/31/85", None, "1985-12-31"),  # year unknown: 70-99 are 19YY
        ("12/31/15", None, "2015-12-31"),
    ],
)
def test_two_digit_decl_years_follow_the_year_written(decl: str, year: int, date: str) -> None:
    body = f"C O N F I D E N T I A L LIMA 000001\n\nE.O. 12958: DECL: {decl}\nTAGS: PGOV PE\n"
    assert read_banner(body, year).declassify_on == date
