"""Titles before a classifier's name, read from real shared cables (one row per cable).

Each row is the statement as the cable has it; the class it stands for is in the comment above.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablegate.parse.classified import read_classified_by
from cablegate.parse.classifier_names import _FUNCTION, _compound_role, _roles

TITLE_WORDS = sorted(_roles() - {w.upper() for w in _FUNCTION})

STATEMENTS = [
    # an apostrophe typed for the accent of Chargé, and a misspelt "d'Affaires"
    ("05NEWDELHI8162", "Classified By: Charge' Bob Blake for Reasons 1.4 (B, D) \n", "Bob Blake"),
    (
        "09UNVIEVIENNA220",
        "Classified By: CHARGE D'AFFAIRE GEOFFREY PYATT FOR REASONS 1.4 (B) AN \nD (D) \n",
        "GEOFFREY PYATT",
    ),
    # titles typed as one word from role words
    (
        "04BRASILIA1748",
        "Classified By: DepPolCouns Lawrence Cohen, reasons: 1.4 (b & d) \n",
        "Lawrence Cohen",
    ),
    (
        "05ANKARA3199",
        "Classified by Polcounselor John Kunstadter; reasons: E.O. 12958 1.4 (b,d).\n",
        "John Kunstadter",
    ),
    (
        "05LONDON4981",
        "Classified By: ESTOff Trevor Evans for reasons 1.4 (d) and (e):\n",
        "Trevor Evans",
    ),
    ("05MADRID3519", "Classified By: ESTHOFF KEN FORDER PER 1.4 (B/D)\n", "KEN FORDER"),
    (
        "06HELSINKI1073",
        "Classified By: POLCHIEF GREGORY THOME FOR REASONS 1.4 (B) AND (D) \n",
        "GREGORY THOME",
    ),
    (
        "08STATE25671",
        "Classified By: Acting PermRep Bob Manzanares; Reasons 1.4 (B) and (D) \n",
        "Bob Manzanares",
    ),
    (
        "09BRUSSELS269",
        "Classified By: USEU Political M-C Chris Davis for reasons 1.4 (b) and ( d)\n",
        "Chris Davis",
    ),
    # multi-word titles: an office after "for" is no name; "Under Secretary" is no "under section"
    (
        "09KABUL3714",
        "Classified by Coordinating Director for Development and Economic\n"
        "Affairs Ambassador E. Anthony Wayne for reasons 1.4 (b) and (d).\n",
        "E. Anthony Wayne",
    ),
    (
        "10STATE13750",
        "Classified By: Under Secretary Bill Burns for reasons 1.4(b, \nd). \n",
        "Bill Burns",
    ),
    (
        "09STATE118094",
        "Classified by: Under Secretary William J. Burns, Reasons 1.4. (B) and (D) \n",
        "William J. Burns",
    ),
    # the reason clause broken by a space or the wrap, and a name wrapped before "FOR REASONS"
    (
        "09CAIRO1531",
        "Classified By: ECONOMIC-POLITICAL MINISTER COUNSELOR DONALD A. BLOME FO R REASONS "
        "1.4 (B) AND (D) 1.(C) Key Points\n",
        "DONALD A. BLOME",
    ),
    (
        "09BERLIN1467",
        "Classified By: Minister Counselor for Political Affairs George Glass fo r reasons "
        "1.4 (b,d). \n",
        "George Glass",
    ),
    (
        "09BEIJING2063",
        "Classified By: Acting Political Minster Counselor Benjamin Moeling. Re \n"
        "asons 1.4 (b/d). \n",
        "Benjamin Moeling",
    ),
    (
        "01PARIS11204",
        "CLASSIFIED BY: CLASSIFIED BY POLITICAL MINISTER COUNSELOR SHARON WIENER \n"
        "FOR REASONS 1.5 (B) AND (D). \n",
        "SHARON WIENER",
    ),
]


@pytest.mark.parametrize(("body", "name"), [pytest.param(b, n, id=r) for r, b, n in STATEMENTS])
def test_title_before_the_name(body: str, name: str) -> None:
    assert read_classified_by(body)[1] == [name]


def test_08STATE116943_derived_from_multiple_sources_names_nobody() -> None:
    body = (
        "Classified By: Derived from Multiple Sources\n\nSECRET//FGI//NOFORN//MR\n"
        "Declassify on: Source marked 25X1-human, Date of source:\nOctober 30, 2008\n\n1. (U) Text"
    )
    assert read_classified_by(body)[1] == []


@pytest.mark.parametrize("name", ["COLIN", "POLLARD", "CHARLES", "MILLS", "DEPREE", "REPKO"])
def test_names_are_no_compound_titles(name: str) -> None:
    assert not _compound_role(name)


@given(
    st.lists(
        st.sampled_from(TITLE_WORDS),
        min_size=2,
        max_size=3,
    )
)
def test_role_words_joined_are_a_title(parts: list[str]) -> None:
    key = "".join(parts)
    if key.isalpha() and len(key) >= 5 and all(len(p) >= 2 for p in parts):
        assert _compound_role(key) or key in _roles()
