"""Numbered paragraphs: markings, text, and numbering repaired from the sequence."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.paragraphs import read_paragraphs
from tests.peer import CORPUS

SEED = CORPUS / "seed-07LIMA487.csv"


def _shape(body: str) -> list[tuple[int, str | None, str | None]]:
    return [(p.number, p.marking, p.label) for p in read_paragraphs(body)]


@pytest.mark.skipif(not SEED.exists(), reason="seed cable not found")
def test_seed_07LIMA487() -> None:
    with open(SEED, newline="", encoding="utf-8") as f:
        body = next(csv.reader(f, escapechar="\\", doublequote=False))[7]
    paragraphs = read_paragraphs(body)
    assert [p.number for p in paragraphs] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert [p.marking for p in paragraphs] == ["S", "S/NF", "S", "S", "S/NF", "S", "S", "C"]
    assert [p.label for p in paragraphs] == ["¶1.", "¶2.", "¶3.", "14.", "15.", "16.", "¶7.", "¶8."]
    assert paragraphs[0].text.startswith("Summary: The Garcia government has developed")
    assert paragraphs[3].text.startswith("Substantively, the government")
    assert paragraphs[-1].text.endswith("reorganization of command and control.")
    assert all("STRUBLE" not in p.text for p in paragraphs)


@pytest.mark.parametrize(
    ("body", "shape"),
    [
        pytest.param(
            "SUBJECT: X\n\n¶1. (S) One.\n\n¶2. (S/NF) Two.\n\n¶3. (S) Three.\n\n14. (S) Four.\n\n"
            "15. (S/NF) Five.\n\n16. (S) Six.\n\n¶7. (S) Seven.\n\n¶8. (C) Eight.\nSTRUBLE",
            [
                (1, "S", "¶1."),
                (2, "S/NF", "¶2."),
                (3, "S", "¶3."),
                (4, "S", "14."),
                (5, "S/NF", "15."),
                (6, "S", "16."),
                (7, "S", "¶7."),
                (8, "C", "¶8."),
            ],
            id="07LIMA487-mangled-sign",
        ),
        # marking variants; "1.(C)" without a space; a missing space before the marking
        pytest.param(
            "1.(S) A.\n2. (C//NF) B.\n3. (S//REL TO USA, FVEY) C.\n4. (C ) D.\n5. (c) E.\n6. (U//FOUO) F.\n"
            "7. (SBU/NF) G.\n8. (C - ENTIRE TEXT) H.\n",
            [
                (1, "S", "1."),
                (2, "C//NF", "2."),
                (3, "S//REL TO USA, FVEY", "3."),
                (4, "C", "4."),
                (5, "C", "5."),
                (6, "U//FOUO", "6."),
                (7, "SBU/NF", "7."),
                (8, "C - ENTIRE TEXT", "8."),
            ],
            id="markings",
        ),
        # lines that start with a number but are no paragraph
        pytest.param(
            "1. (C) Figures:\n2 million people\n15 March 2009 was the day.\n2. (C) Next.\n"
            "LIMA 00000487 002 OF 003\n3. (C) Last.\n",
            [(1, "C", "1."), (2, "C", "2."), (3, "C", "3.")],
            id="numbers-in-text",
        ),
        # a numbered list inside a marked paragraph is part of its text
        pytest.param(
            "1. (C) Summary.\n\n2. (C) The points:\n1) first;\n2) second;\n3) third;\n4) fourth.\n\n"
            "3. (C) Comment.\n",
            [(1, "C", "1."), (2, "C", "2."), (3, "C", "3.")],
            id="list-in-paragraph",
        ),
        pytest.param(
            "1. (C) Summary.\n\n2. (C) Items:\n\n1. one\n\n2. two\n\n3. three\n\n3. (C) Comment.\n",
            [(1, "C", "1."), (2, "C", "2."), (3, "C", "3.")],
            id="plain-list-in-marked-body",
        ),
        # an unmarked cable (older ones): plain numbers are the paragraphs
        pytest.param(
            "1. SUMMARY: RECENT ACTIONS.\n\n2. THE INVESTIGATION.\n\n3. WE RECOMMEND.\nLEWIS",
            [(1, None, "1."), (2, None, "2."), (3, None, "3.")],
            id="01PRETORIA1173",
        ),
        # gaps in the source are kept as printed, not "repaired" away
        pytest.param(
            "1. SUMMARY\n\n3. Warthogs Delay.\n\n8. Prisons.\n\n11. Banking.\n\n12. Indigenization.\n\n"
            "13. Salary.\n\n14. Sweet Deal.\n",
            [
                (1, None, "1."),
                (3, None, "3."),
                (8, None, "8."),
                (11, None, "11."),
                (12, None, "12."),
                (13, None, "13."),
                (14, None, "14."),
            ],
            id="09HARARE888",
        ),
        # run-in paragraphs of a flattened body, a doubled period
        pytest.param(
            "REASON: 1.4 (b), (d) 1. (C) Summary: one.  2. (C) Two.  TRIPOLI 00000430  002.2 OF 004   "
            "3. (C) Three. End comment. STEVENS",
            [(1, "C", "1."), (2, "C", "2."), (3, "C", "3.")],
            id="08TRIPOLI-flat",
        ),
        pytest.param(
            "1. (SBU) A.\n\n2. (SBU) B.\n\nFuture of the EU \n---------------- \n3.. (SBU) C.\n",
            [(1, "SBU", "1."), (2, "SBU", "2."), (3, "SBU", "3..")],
            id="05PARIS4760",
        ),
        # no numbered paragraphs: the web shows the raw body
        pytest.param(
            "SUBJECT: X\n\nA short note without numbers.\nLANGDALE", [], id="05SANJOSE2795"
        ),
        pytest.param("", [], id="empty"),
    ],
)
def test_paragraph_shape(body: str, shape: list[tuple[int, str | None, str | None]]) -> None:
    assert _shape(body) == shape


def test_text_keeps_wraps_and_drops_breaks_and_signature() -> None:
    body = (
        "Classified By: Amb. X for reasons 1.4 (b).\n\n"
        "1. (C) First line of the paragraph \nwraps here and\n\nLIMA 00000487 002 OF 003\n\n"
        "continues after the break. \n\n"
        "A. (C) A lettered sub-paragraph.\n\n"
        "2. (S) Last paragraph.\n\nSTRUBLE\n\nCONFIDENTIAL\n"
    )
    first, last = read_paragraphs(body)
    assert first.text == (
        "First line of the paragraph\nwraps here and\ncontinues after the break.\n\n"
        "A. (C) A lettered sub-paragraph."
    )
    assert last.text == "Last paragraph."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("1234567890.¶() CSUNF/\nabcXYZ-")), max_size=400))
def test_never_raises(body: str) -> None:
    paragraphs = read_paragraphs(body)
    assert all(p.number > 0 for p in paragraphs)
    assert all(p.text == p.text.strip() for p in paragraphs)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(body: str) -> None:
    read_paragraphs(body)
