"""Display form of all-caps subjects: acronyms, small words, ordinals, apostrophes, spellings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.titlefy import titlefy


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        pytest.param(
            "PERU: GOVERNMENT PLAN TO TAKE BACK ITS TERRITORY",
            "Peru: Government Plan to Take Back Its Territory",
            id="07LIMA487",
        ),
        pytest.param(
            "THE NEW GERMAN CABINET - AN OVERVIEW",
            "The New German Cabinet - An Overview",
            id="09BERLIN1360",
        ),
        pytest.param(
            "SPD IN DRIVER'S SEAT FOR BERLIN ELECTION",
            "SPD in Driver's Seat for Berlin Election",
            id="06BERLIN2546",
        ),
        pytest.param("63RD UN GENERAL ASSEMBLY", "63rd UN General Assembly", id="08BRASILIA1252"),
        pytest.param(
            "EGYPT'S 55th BIRD FLU VICTIM", "Egypt's 55th Bird Flu Victim", id="09CAIRO226"
        ),
        pytest.param("THE PNG'ING OF SUHA ARAFAT", "The PNG'ing of Suha Arafat", id="07TUNIS1489"),
        pytest.param("ROK’S FOREIGN POLICY", "ROK’s Foreign Policy", id="09SEOUL59"),
        pytest.param(
            "COTE D'IVOIRE: UK ON ELECTIONS, DDR, AND RE-ENERGIZING",
            "Cote D'Ivoire: UK on Elections, DDR, and Re-Energizing",
            id="08LONDON2899",
        ),
        pytest.param(
            "PANAMA: NSC-DIRECTED REVIEW", "Panama: NSC-Directed Review", id="05PANAMA1205"
        ),
        pytest.param(
            "EGYPT: PROCUREMENT OF AH-64D APACHE F-16",
            "Egypt: Procurement of AH-64D Apache F-16",
            id="09CAIRO125",
        ),
        pytest.param(
            "DEFENSE COOPERATION AGREEMENT (DCA) TALKS",
            "Defense Cooperation Agreement (DCA) Talks",
            id="paren-acronym",
        ),
        # redactions, also glued to the next word (07HAVANA252)
        pytest.param(
            "XXXXXXXXXXXXNEED A MILLION CUBANS",
            "XXXXXXXXXXXXNeed a Million Cubans",
            id="07HAVANA252",
        ),
        pytest.param(
            "germany requests release of xxxxxxxx nonpaper",
            "Germany Requests Release of XXXXXXXX Nonpaper",
            id="08BERLIN1068",
        ),
        # words of acronyms.txt that are ordinary words in a subject
        pytest.param(
            "COSTA RICA AND THE CRISIS: SO FAR, SO GOOD",
            "Costa Rica and the Crisis: So Far, So Good",
            id="09SANJOSE89",
        ),
        pytest.param(
            "ARMENIA: AL-QAIDA FINANCING", "Armenia: Al-Qaida Financing", id="words-not-acronyms"
        ),
        # fixed spellings
        pytest.param("SECGEN AND DOD ON MBZ", "SecGen and DoD on MbZ", id="spellings"),
        pytest.param("MCCAIN'S VISIT", "McCain's Visit", id="mccain"),
        # mixed case comes back unchanged
        pytest.param(
            "Scenesetter for Ex-IM Chairman Fred Hochberg",
            "Scenesetter for Ex-IM Chairman Fred Hochberg",
            id="10MEXICO690",
        ),
        pytest.param("The End is Nigh", "The End is Nigh", id="07HARARE638"),
        pytest.param("", "", id="empty"),
        pytest.param("   ", "   ", id="blank"),
    ],
)
def test_titlefy(subject: str, title: str) -> None:
    assert titlefy(subject) == title


_SUBJECTS = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ abcxyz0123456789'’-/:;,.?!\"()", max_size=80
)


@settings(max_examples=400, deadline=None)
@given(_SUBJECTS)
def test_idempotent_on_its_own_output(subject: str) -> None:
    once = titlefy(subject)
    assert titlefy(once) == once


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_never_raises(subject: str) -> None:
    assert isinstance(titlefy(subject), str)


@settings(max_examples=200, deadline=None)
@given(_SUBJECTS)
def test_keeps_the_words(subject: str) -> None:
    assert titlefy(subject).upper().split() == subject.upper().split()


# Acronyms joined by "--" or "/" stay acronyms (subjects of the shared cables).
@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        pytest.param("DROC--VATICAN DEMARCHE", "DROC--Vatican Demarche", id="01VATICAN1261"),
        pytest.param("CA/FPP CAIRO", "CA/FPP Cairo", id="09CAIRO1054"),
        pytest.param("WHA/CEN DIRECTOR", "WHA/CEN Director", id="09SANJOSE107"),
        pytest.param("NCIS/OSI AGENTS", "NCIS/OSI Agents", id="06MADRID2335"),
        pytest.param("AF/PAK REVIEW", "AF/PAK Review", id="09BERLIN382"),
        pytest.param("EU--OIL PRICES", "EU--Oil Prices", id="dash-joins-phrases"),
        pytest.param("PM/FINANCE MINISTER", "PM/Finance Minister", id="09NAIROBI1084"),
        pytest.param("IRAN/IRAQ TALKS", "Iran/Iraq Talks", id="07PARIS2440"),
    ],
)
def test_acronyms_joined_by_dashes_or_slashes(subject: str, expected: str) -> None:
    assert titlefy(subject) == expected
