"""The author's summary and comment sections, and their clean-up for reading."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.summary import clean_section, read_comment, read_summary
from tests.peer import CORPUS

SEED = CORPUS / "seed-07LIMA487.csv"


@pytest.mark.skipif(not SEED.exists(), reason="seed cable not found")
def test_seed_07LIMA487() -> None:
    with open(SEED, newline="", encoding="utf-8") as f:
        body = next(csv.reader(f, escapechar="\\", doublequote=False))[7]
    summary = read_summary(body)
    assert summary is not None
    assert summary.startswith("The Garcia government has developed a comprehensive plan")
    assert summary.endswith("the real proof will be in its implementation.")
    comment = read_comment(body)
    assert comment is not None
    assert comment.startswith("In its comprehensive scope and thoroughness")
    assert comment.endswith("has been the reorganization of command and control.")


@pytest.mark.parametrize(
    ("body", "summary"),
    [
        pytest.param(
            "REF: TEHRAN 4887\n\nSUMMARY: FOLLOWING ASSASSINATION [...].\nEND SUMMARY\n\n1. IN WAKE ",
            "FOLLOWING ASSASSINATION [...].",
            id="72TEHRAN5055",
        ),
        pytest.param(
            'SUMMARY\n-------\n\n1. (C/NF) This is not a "change" election. [...]. END SUMMARY. ',
            'This is not a "change" election. [...].',
            id="09BERLIN1176",
        ),
        pytest.param(
            "1. (U) Paragraphs 2 and 8 contain Mission Brazil action request.\n\n2. (C) Summary and Action "
            "Request. With Iranian President [...]. End Summary and Action Request. ",
            "With Iranian President [...].",
            id="09BRASILIA1300",
        ),
        pytest.param(
            "1.  Summary: (SBU) Japanese [...]. End Summary \n\n2. ",
            "Japanese [...].",
            id="06TOKYO3567",
        ),
        pytest.param(
            "1. (S) SUMMARY: The Dutch [...]. END\nSUMMARY.\n\n2. (S) Econoff",
            "The Dutch [...].",
            id="08THEHAGUE938",
        ),
        # no label: the summary opens with paragraph 1
        pytest.param(
            "CLASSIFIED BY: Gene A. Cretz. REASON: 1.4 (b), (d)\n\n1.(C) The August 31 African [...]. End Summary.",
            "The August 31 African [...].",
            id="09TRIPOLI715",
        ),
        # no end marker: to the first empty line, dashed rule or next paragraph
        pytest.param(
            "1.(C) Summary: The GOB [...]. -------- Training --------\n\n2.(U) Bah",
            "The GOB [...].",
            id="08MANAMA492",
        ),
        pytest.param(
            "1. (C) Summary: One line.\n2. (C) Next paragraph.\n", "One line.", id="no-blank-line"
        ),
        # paragraph numbers, rules, line-end artefacts and blank lines cleaned
        pytest.param(
            "1. (S//NF) SUMMARY AND COMMENT: During a March 2-3 visit to\n\n2. (C) EU Member States\n\n"
            "3. (C) The content[...]. END SUMMARY AND COMMENT. ",
            "During a March 2-3 visit to\nEU Member States\nThe content[...].",
            id="09BRUSSELS536",
        ),
        pytest.param(
            "1.  Summary:  The Council's Sixth Session of \\\nDecember 10-14. End \\\nSummary. \\\n \\\n2. Next",
            "The Council's Sixth Session of\nDecember 10-14.",
            id="07GENEVA2626",
        ),
        pytest.param(
            "1.  (C) INTRODUCTION AND SUMMARY.  Costa Rica's Foreign Trade \nMinistry will not meet it. "
            "End Introduction and \nSummary. \n",
            "Costa Rica's Foreign Trade\nMinistry will not meet it.",
            id="09SANJOSE969",
        ),
        # a cut copy of the header ("SUMMARY -----...") is not the summary
        pytest.param(
            "REF: SECSTATE 115541 \n \nSUMMARY \n-----...\n\n17734\n\n2004-06-10\n\nSUMMARY \n------- \n\n"
            "1. During a June 7 meeting, ministers acknowledged it.\n\n2. Next",
            "During a June 7 meeting, ministers acknowledged it.",
            id="04THEHAGUE1446",
        ),
        # the word in a subject line or in a sentence is not a label
        pytest.param("SUBJECT: WEEKLY SUMMARY OF EVENTS\n\n1. (U) Text.", None, id="subject"),
        pytest.param("1. (C) He gave a summary of the talks.\n", None, id="in-sentence"),
        pytest.param("", None, id="empty"),
    ],
)
def test_summary(body: str, summary: str | None) -> None:
    assert read_summary(body) == summary


@pytest.mark.parametrize(
    ("body", "comment"),
    [
        pytest.param(
            "3. (C) Text.\n\n4. (C) Comment: It matters. End Comment.\n\n5. (U) More.",
            "It matters.",
            id="closed",
        ),
        pytest.param(
            "2. (C) He said so.  Comment: He is wrong.  End comment.  He left.\n\n3. (C) Later.  COMMENT: "
            "Odd.  END COMMENT.\n",
            "He is wrong.\n\nOdd.",
            id="two-comments",
        ),
        pytest.param(
            "7. (S) Funding.\n\nComment:\n\n¶8. (C) In its scope, this plan offers more promise.\nSTRUBLE \n",
            "In its scope, this plan offers more promise.",
            id="07LIMA487-heading",
        ),
        pytest.param(
            "Sudan.  \n\nComment -------  \n\n8. (C/NF) HMG is pleased.\n\n9. (C/NF) It will stay.  Visit "
            "London's Classified Website: XXXXXXXXXXXX TUTTLE",
            "HMG is pleased.\nIt will stay.",
            id="08LONDON1919",
        ),
        pytest.param(
            "------- \\\nCOMMENT \\\n------- \\\n \\\n10.  (C) The Swiss will have a small team. \\\nCARTER \\",
            "The Swiss will have a small team.",
            id="09BERN122",
        ),
        # an inline comment without an end marker runs to the end of its paragraph
        pytest.param(
            "3. (C) He agreed.  Comment: Perhaps too quickly.\n\n4. (C) Next paragraph.\n\n5. (C) Last.\nSMITH",
            "Perhaps too quickly.",
            id="inline-open",
        ),
        # a comment inside parentheses ends with them
        pytest.param(
            "as a first step.  (Post \nComment: Asad's recollection is selective.)  U.S. officials first "
            "proposed it.\n\nMore text.\nSMITH",
            "Asad's recollection is selective.",
            id="10DAMASCUS8",
        ),
        # not comments: "declined to comment", a subject line, "End Comment" alone, "comments and"
        pytest.param("1. (C) The MFA declined to comment on the case.\n", None, id="declined"),
        pytest.param(
            "SUBJECT: EMBASSY COMMENT ON BONE MARROW REGISTRY\n\n1. (SBU) Text.",
            None,
            id="09LONDON2446",
        ),
        pytest.param("about U.S.\ncomments and the U.S. presentations.\n", None, id="10STATE17263"),
        pytest.param("What next. END\nCOMMENT.\nARGYROS", None, id="04MADRID4374"),
        pytest.param("", None, id="empty"),
    ],
)
def test_comment(body: str, comment: str | None) -> None:
    assert read_comment(body) == comment


@pytest.mark.parametrize(
    ("text", "cleaned"),
    [
        ("2. (C) One\n\n\n3. (S//NF) Two  words", "One\nTwo words"),
        ("(SBU) Marked start.", "Marked start."),
        ("Text\n-------\n=====\nMore", "Text\nMore"),
        (
            "Before the break\n\nLIMA 00000487 002 OF 003\n\nafter it.",
            "Before the break\nafter it.",
        ),
    ],
)
def test_clean_section(text: str, cleaned: str) -> None:
    assert clean_section(text) == cleaned
    assert clean_section(cleaned) == cleaned  # idempotent


SECTION_TEXT = st.text(
    alphabet=st.sampled_from(list("Summary: End Comment.()SC1234 \n-=¶abcXYZ\\")), max_size=400
)


@settings(max_examples=300, deadline=None)
@given(SECTION_TEXT)
def test_never_raises(body: str) -> None:
    for got in (read_summary(body), read_comment(body)):
        assert got is None or (got and got == got.strip())
    assert clean_section(clean_section(body)) == clean_section(body)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(body: str) -> None:
    read_summary(body)
    read_comment(body)


def test_a_comment_after_a_character_that_lower_cases_to_two() -> None:
    body = "İSTANBUL " + "İ" * 20 + "\n\n1. (C) Text. COMMENT: a comment here. END COMMENT.\n"
    assert read_comment(body) == "a comment here."
