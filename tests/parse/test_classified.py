"""Classified By statement: classifier names (as written and normalised) and 1.4/1.5 reasons."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.classified import read_classified_by, read_reasons, reason_letter
from cablegate.parse.classifier_names import extract_names, normalise_name
from tests.peer import CORPUS

SEED = CORPUS / "seed-07LIMA487.csv"


@pytest.mark.skipif(not SEED.exists(), reason="seed cable not found")
def test_seed_07LIMA487() -> None:
    with open(SEED, newline="", encoding="utf-8") as f:
        row = next(csv.reader(f, escapechar="\\", doublequote=False))
    assert read_classified_by(row[7]) == (
        ["J. Curtis Struble"],
        ["J. Curtis Struble"],
        ["1.4(c)", "1.4(d)"],
    )


@pytest.mark.parametrize(
    ("body", "raw", "normalised"),
    [
        pytest.param(
            "Classified By: Ambassador J. Curtis Struble for reasons 1.4(c) and (d).",
            ["J. Curtis Struble"],
            ["J. Curtis Struble"],
            id="07LIMA487",
        ),
        # titles, offices and misspelt titles before the name
        pytest.param(
            "Classified By: Acting Deputy Chief of Mission Marc Wall for Reasons 1.4\n (b) and (d)",
            ["Marc Wall"],
            ["Marc Wall"],
            id="10TOKYO397",
        ),
        pytest.param(
            "Classified By: Ambassaor Joseph LeBaron for reasons 1.4 (b and d).",
            ["Joseph LeBaron"],
            ["Joseph LeBaron"],
            id="09DOHA404",
        ),
        pytest.param(
            "Classified By: Amabassador Marie Yovanovitch.  Reason 1.4 (B/D)",
            ["Marie Yovanovitch"],
            ["Marie Yovanovitch"],
            id="08YEREVAN907",
        ),
        pytest.param(
            "Classified By: Charge d'Afairs (AI) Thomas Vajda for Reasons 1.4 (b) & \n (d",
            ["Thomas Vajda"],
            ["Thomas Vajda"],
            id="09RANGOON575",
        ),
        pytest.param(
            "Classified By: AIT Director Douglas Paal, Reason(s): 1.4 (B/D).",
            ["Douglas Paal"],
            ["Douglas Paal"],
            id="05TAIPEI2839",
        ),
        pytest.param(
            "Classified By: ConGen Istanbul DPO Sandra Oudkirk; Reason 1.5 (d)",
            ["Sandra Oudkirk"],
            ["Sandra Oudkirk"],
            id="09ISTANBUL137",
        ),
        pytest.param(
            "Classified By: PRT Kirkuk Governance Section Head Rachna Korhonen for r \neasons 1.4 (b) and (d).",
            ["Rachna Korhonen"],
            ["Rachna Korhonen"],
            id="09BAGHDAD3319",
        ),
        pytest.param(
            "Classified By: Acting DCM/Ted Osius for reasons 1.4 (b and d)",
            ["Ted Osius"],
            ["Ted Osius"],
            id="07NEWDELHI5334",
        ),
        pytest.param(
            "Classified By: AMB:RCROCKER, Reasons 1.4 (b) and (c)",
            ["RCROCKER"],
            ["Rcrocker"],
            id="06ISLAMABAD3684",
        ),
        pytest.param(
            "CLASSIFIED BY: Bodde Peter, Ambassador; REASON: 1.4(B)",
            ["Bodde Peter"],
            ["Bodde Peter"],
            id="10LILONGWE59",
        ),
        # roles after a comma, suffixes
        pytest.param(
            "CLASSIFIED BY: Rose E. Gottemoeller, Assistant Secretary, Department of State, VCI; REASON: 1.4(B), (D)",
            ["Rose E. Gottemoeller"],
            ["Rose E. Gottemoeller"],
            id="10GENEVA249",
        ),
        pytest.param(
            "1.  (U) CLASSIFIED BY THOMAS W. SIMONS, JR., AMBASSADOR.\nREASON:  1.5 (B), (C) AND (D).\n",
            ["THOMAS W. SIMONS, JR."],
            ["Thomas W. Simons, Jr."],
            id="96ISLAMABAD5972",
        ),
        pytest.param(
            "Classified By: Ambassador Richard L. Baltimore, III. \nReasons: 1.4 (b) and (d). \n",
            ["Richard L. Baltimore, III"],
            ["Richard L. Baltimore, III"],
            id="04MUSCAT2112",
        ),
        pytest.param(
            "CLASSIFIED BY: CDA Gene A. Cretz, Ambassador, US Embassy Tripoli. REASON: 1.4 (b), (d)",
            ["Gene A. Cretz"],
            ["Gene A. Cretz"],
            id="09TRIPOLI715",
        ),
        # names broken by the hard wrap at column 71
        pytest.param(
            "Classified By: Interagency Provincial Affairs Deputy Coordinator Hoyt Y \nee for reasons 1.4 (b) and (d) \n",
            ["Hoyt Yee"],
            ["Hoyt Yee"],
            id="09KABUL2261",
        ),
        pytest.param(
            "Classified By: Classified by Deputy Political Counselor Charles O. Blah \na, E.O. 12958, reasons 1.4 (b) and (d). \n",
            ["Charles O. Blaha"],
            ["Charles O. Blaha"],
            id="04ANKARA5764",
        ),
        pytest.param(
            "Classified By: Minister Counselor for Economic and Political Affairs Do nald A. Blome\n1.(C) Key",
            ["Donald A. Blome"],
            ["Donald A. Blome"],
            id="09CAIRO2311",
        ),
        # two classifiers
        pytest.param(
            "CLASSIFIED BY AF KARL WYCOFF, ACTING AND S/CT DAS SHARI \nVILLAROSA ; E.O. 12958 REASON: 1.4 (B) AND (D) \n",
            ["KARL WYCOFF", "SHARI VILLAROSA"],
            ["Karl Wycoff", "Shari Villarosa"],
            id="09STATE38028",
        ),
        pytest.param(
            "Classified By: Special Representative for Afghanistan and Pakistan \nRichard C. Holbrooke \n\n1.  (U)  This",
            ["Richard C. Holbrooke"],
            ["Richard C. Holbrooke"],
            id="09STATE75025",
        ),
        # normalisation: title case, zero for O, known misspellings
        pytest.param(
            "Classified By: AMBASSADOR RICAHRD E. HOAGLAND: 1.2 (B), (D) ",
            ["RICAHRD E. HOAGLAND"],
            ["Richard E. Hoagland"],
            id="09ASTANA184",
        ),
        pytest.param(
            "1.  (U) CLASSIFIED BY LEE 0. COLDREN, DIRECTOR, SA/PAB, \nDEPARTMENT OF STATE. REASON: 1.5(D). ",
            ["LEE 0. COLDREN"],
            ["Lee O. Coldren"],
            id="96STATE183372",
        ),
        pytest.param(
            "(U)  CLASSIFIED BY AMBASSAD0R R0BIN L. RAPHEL BASED 0N 1.5 (B) \nAND (D). ",
            ["R0BIN L. RAPHEL"],
            ["Robin L. Raphel"],
            id="99TUNIS2120",
        ),
        pytest.param(
            "Classified By: ERIC WONG, CHARGE D’AFFAIRES, A.I.\n1. (S) SUMMARY.",
            ["ERIC WONG"],
            ["Eric Wong"],
            id="08DJIBOUTI380",
        ),
        # a cut copy of the header ("...") is skipped for the full statement
        pytest.param(
            "Classified By: A...\n\nid: 1\n\nClassified By: Political Counselor Ken Moss for reasons 1.4 b and d\n",
            ["Ken Moss"],
            ["Ken Moss"],
            id="04THEHAGUE1919",
        ),
        pytest.param(
            "Classified By: Ambass...\n\nC O N F I D E N T I A L RIGA 000478 SIPDIS",
            [],
            [],
            id="08RIGA478",
        ),
        # a title with no name, a redacted name, no statement at all
        pytest.param(
            "Classified By: Ambassador, reason 1.4 (b,d)\n\n1. (C) Summary", [], [], id="06KIEV1261"
        ),
        pytest.param(
            "Classified By: XXXXXXXXXXXX Reasons 1.4 (B) and (D).\n", [], [], id="06DUBLIN623"
        ),
        pytest.param(
            "- - C O R R E C T E D  C O P Y - - CLASSIFIED BY LINE ADDED \n",
            [],
            [],
            id="corrected-copy",
        ),
        pytest.param("SUBJECT: X\n\n1. (C) Text.", [], [], id="none"),
    ],
)
def test_classified_by(body: str, raw: list[str], normalised: list[str]) -> None:
    got = read_classified_by(body)
    assert (got[1], got[0]) == (raw, normalised)


@pytest.mark.parametrize(
    ("text", "reasons"),
    [
        pytest.param("for reasons 1.4(c) and (d).", ["1.4(c)", "1.4(d)"], id="07LIMA487"),
        pytest.param("REASON: 1.4(B), (D)", ["1.4(b)", "1.4(d)"], id="10GENEVA249"),
        pytest.param(
            "REASON: 1.5 (B), (C) AND (D).", ["1.5(b)", "1.5(c)", "1.5(d)"], id="96ISLAMABAD5972"
        ),
        pytest.param("Reasons 1.4 b, c, and d", ["1.4(b)", "1.4(c)", "1.4(d)"], id="08STATE56778"),
        pytest.param("Reason(s): 1.4 (B/D).", ["1.4(b)", "1.4(d)"], id="05TAIPEI2839"),
        pytest.param("reason 1.4(G)(E)", ["1.4(g)", "1.4(e)"], id="06AITTAIPEI1142"),
        pytest.param("for Reasons 1.5 (b) and 1.5 (d).", ["1.5(b)", "1.5(d)"], id="08BEIJING647"),
        pytest.param("Reasons 1.4 b.d.", ["1.4(b)", "1.4(d)"], id="07BERN171"),
        pytest.param("for reasons 1.4 (b. and d.)", ["1.4(b)", "1.4(d)"], id="09MOSCOW2823"),
        pytest.param("Reasons 1:4 b,d", ["1.4(b)", "1.4(d)"], id="09KABUL1892"),
        pytest.param("reasons 14 (b) and (d).", ["1.4(b)", "1.4(d)"], id="08BERLIN643"),
        pytest.param("FOR REASONS 1 (B) AND (D)", ["1.4(b)", "1.4(d)"], id="06BOGOTA5384"),
        pytest.param("for reasons (B) and (D).", ["1.4(b)", "1.4(d)"], id="08BUENOSAIRES129"),
        pytest.param("reasons 1.4 (b) and (d), E. O. 12958", ["1.4(b)", "1.4(d)"], id="e-o-after"),
        pytest.param(
            "REASON: 1.4 (b), (d) 1. (C) Summary: On", ["1.4(b)"] + ["1.4(d)"], id="09VATICAN106"
        ),
        pytest.param(
            "Reason: 1.4 (a), (b), (c), (d)",
            ["1.4(a)", "1.4(b)", "1.4(c)", "1.4(d)"],
            id="08RPODUBAI49",
        ),
        pytest.param("no reasons given", [], id="none"),
    ],
)
def test_reasons(text: str, reasons: list[str]) -> None:
    assert read_reasons(text) == reasons


def test_reasons_after_a_page_break() -> None:
    body = (
        "CLASSIFIED BY AMBASSADOR TOM MCDONALD. \n                       CONFIDENTIAL \n \n"
        "PAGE 02        HARARE  03759  01 OF 03  111533Z \nREASONS: 1.5 (B) AND (D). \n"
    )
    assert read_classified_by(body) == (["Tom Mcdonald"], ["TOM MCDONALD"], ["1.5(b)", "1.5(d)"])


@pytest.mark.parametrize(
    ("role_part", "names"),
    [
        pytest.param(
            "Political and Economic Section Chief Rebecca Dunham",
            ["Rebecca Dunham"],
            id="06VILNIUS945",
        ),
        pytest.param(
            "Poloff Steven Prohaska and DTRA Fred Carter",
            ["Steven Prohaska", "Fred Carter"],
            id="07TASHKENT2063",
        ),
        pytest.param(
            "DEPUTY ASSISTANT SECRETARY OF STATE FOR CENTRAL ASIA GEORGE KROL",
            ["GEORGE KROL"],
            id="09STATE24316",
        ),
        pytest.param("CHARGE D'AFFAIRES A. I. CAROL URBAN", ["CAROL URBAN"], id="06BERN1593"),
        pytest.param("Ambassador Anna della Croce", ["Anna della Croce"], id="particle"),
        pytest.param("Charge d'Affaires", [], id="title-only"),
    ],
)
def test_extract_names(role_part: str, names: list[str]) -> None:
    assert extract_names(role_part) == names


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("ROBERT P. FINN", "Robert P. Finn"),
        ("MGFOELLER", "Mgfoeller"),
        ("Jackson McDonald", "Jackson McDonald"),
        ("JOHN L. WITHERS II", "John L. Withers II"),
        ("E. GIBSON LANPHER, JR.", "E. Gibson Lanpher, Jr."),
        ("Daniel O,Grady", "Daniel O'Grady"),
        ("B0HLEN", "Bohlen"),
    ],
)
def test_normalise_name(raw: str, name: str) -> None:
    assert normalise_name(raw) == name
    assert normalise_name(name) == name  # idempotent


STATEMENT = st.text(
    alphabet=st.sampled_from(
        list("Classified By: Ambassador John Q. Smith, for reasons 1.4 (b) and (d)\n 0XIJR.,;/-")
    ),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(STATEMENT)
def test_never_raises(text: str) -> None:
    names, raw, reasons = read_classified_by("Classified By: " + text)
    assert len(names) == len(raw)
    assert all(r.startswith(("1.4(", "1.5(")) for r in reasons)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(text: str) -> None:
    read_classified_by(text)
    read_reasons(text)


def test_a_character_that_lower_cases_to_two_does_not_shift_the_label() -> None:
    """Words are found in a lower-cased copy of the body; "İ" lower-cases to two characters."""
    body = (
        "İSTANBUL İZMİR " + "İ" * 20 + "\n"
        "Classified By: Consul General Sean Kennedy for reasons 1.4(b) and (d)\n\n"
        "1. (C) Text.\n"
    )
    names, _, reasons = read_classified_by(body)
    assert names == ["Sean Kennedy"] and reasons == ["1.4(b)", "1.4(d)"]


@pytest.mark.parametrize(
    ("code", "letter"),
    [("1.4(c)", "c"), ("1.4 (D)", "d"), ("1.4b", "b"), ("h", "h"), ("1.5(x)", "x"), ("25X1", "")],
)
def test_reason_letter(code: str, letter: str) -> None:
    assert reason_letter(code) == letter
