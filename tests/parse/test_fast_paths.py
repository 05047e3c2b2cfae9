"""The readers' shortcuts give what the plain rule they stand in for gives, on wild text.

Several readers try a slow regular expression only where a cheap test (a one-character search,
a literal-led hint) finds a candidate, or skip a clean-up pass that could change nothing. Each
test here compares such a shortcut with the plain definition it replaces.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse import subject, summary, text

# Pieces that wake the rules up, glued in any order: labels, markers, markings, breaks, rules.
_PIECES = [
    "\n", "\n\n", " ", "\t", "  ", "a", "Z", "0", "1", "7.", "1. ", "¶2. ", "(C) ", "(S//NF) ",
    "x", "X", "xx", "XXXX", "xX", "Xx ", "fax", "REF", "Ref: ", "ref ", "REFTEL", "SUBJECT: ",
    "Subj: ", "SUBJ ", "Subject to ", "CLASSIFIED BY ", "Classified by", "Sensitive", "This ",
    "PAGE 02 ROME 01196 01 OF 02 082030Z", "C O N F I D E N T I A L", "S E C R E T",
    "UNCLAS MANAMA 000995", "LIMA 00000487 002 OF 003", "SECRET ", "CONFIDENTIAL", "----",
    "====", "<<", "<br>", "\\", "www.state.gov", "Visit Lima's Classified Website", "-", "US- ",
    "END SUMMARY.", "Summary: ", "COMMENT: ", "End Comment.", "OF 0", "(SBU) ", "12345\t",
    "\n  REF A. LIMA 12", "\n\t1. ", "\n SUBJECT",
]  # fmt: skip
wild = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=400, deadline=None)
@given(wild)
def test_redactions(t: str) -> None:
    assert text._doubled(t, "x") == ("xx" in t)
    assert text._doubled(t, "X") == ("XX" in t)
    assert text._redactions_removed(t) == text._REDACTION.sub("", t)


def _clean_to_a_fixed_point(t: str) -> str:
    cleaned = summary._clean_pass(t)[0]
    for _ in range(3):
        again = summary._clean_pass(cleaned)[0]
        if again == cleaned:
            break
        cleaned = again
    return cleaned


@settings(max_examples=400, deadline=None)
@given(wild)
def test_a_skipped_second_pass_would_have_changed_nothing(t: str) -> None:
    assert summary.clean_section(t) == _clean_to_a_fixed_point(t)


@settings(max_examples=400, deadline=None)
@given(wild)
def test_subject_end_and_labels_as_the_plain_search(t: str) -> None:
    plain = subject._END.search(t)
    assert subject._end(t) == (plain.start() if plain else None)
    found = [m.span() for m in subject._labels(t)]
    assert found == [m.span() for m in subject._label_re().finditer(t)]
