"""The readers' shortcuts give what the plain rule they stand in for gives, on wild text.

Several readers try a slow regular expression only where a cheap test (a one-character search,
a literal-led hint) finds a candidate, or skip a clean-up pass that could change nothing. Each
test here compares such a shortcut with the plain definition it replaces.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse import banner, subject, summary, tags, text
from cablegate.parse.wordtables import words

# Pieces that wake the rules up, glued in any order: labels, markers, markings, breaks, rules.
_PIECES = [
    "\n", "\n\n", " ", "\t", "  ", "a", "Z", "0", "1", "7.", "1. ", "¶2. ", "(C) ", "(S//NF) ",
    "x", "X", "xx", "XXXX", "xX", "Xx ", "fax", "REF", "Ref: ", "ref ", "REFTEL", "SUBJECT: ",
    "Subj: ", "SUBJ ", "Subject to ", "CLASSIFIED BY ", "Classified by", "Sensitive", "This ",
    "PAGE 02 ROME 01196 01 OF 02 082030Z", "C O N F I D E N T I A L", "S E C R E T",
    "UNCLAS MANAMA 000995", "LIMA 00000487 002 OF 003", "SECRET ", "CONFIDENTIAL", "----",
    "====", "<<", "<br>", "\\", "www.state.gov", "Visit Lima's Classified Website", "-", "US- ",
    "END SUMMARY.", "Summary: ", "COMMENT: ", "End Comment.", "OF 0", "(SBU) ", "12345\t",
    "\n  REF A. LIMA 12", "\n\t1. ", "\n SUBJECT", "TAGS: ", "Tags ", "tags:", "TAG ",
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
    found = [m.span() for m in tags._labels(t)]
    assert found == [m.span() for m in tags._label_re().finditer(t)]


_BANNER_PIECES = [
    "\n", " ", "  ", "\t", ",", ";", "/", "SIPDIS", "Sipdis", "NOFORN", "noforn", "EXDIS",
    "LIMDIS", "NODIS", "CONFIDENTIAL", "SECRET", "Secret", "EFTO", "E F T O", "E FTO", "XEFTO",
    "_EFTO", "LIMA", "Text", "1.", "É", "SIPDISX",
]  # fmt: skip
banner_text = st.lists(st.sampled_from(_BANNER_PIECES), max_size=25).map("".join)


def _distribution_by_tokens(banner_line: str, area: str) -> list[str]:
    """The marker rule as first written: split every short capitalised line into tokens."""
    markers = banner._markers()
    levels = words("classification_words.txt")
    found = ["EFTO"] if re.search(r"\bE ?F ?T ?O\b", banner_line) else []
    found.extend(t for t in banner._TOKEN_SPLIT.split(banner_line.upper()) if t in markers)
    for line in area.split("\n"):
        line = line.strip()
        if not line or len(line) > 60 or not (line.isupper() or line.istitle()):
            continue
        tokens = [t for t in banner._TOKEN_SPLIT.split(line.upper()) if t]
        if tokens and all(t in markers or t in levels for t in tokens):
            found.extend(t for t in tokens if t in markers)
    return list(dict.fromkeys(found))


@settings(max_examples=400, deadline=None)
@given(banner_text, banner_text)
def test_distribution_markers_as_by_tokens(banner_line: str, area: str) -> None:
    assert banner._split_tokens(area) == [t for t in banner._TOKEN_SPLIT.split(area) if t]
    assert banner._distribution(banner_line, area) == _distribution_by_tokens(banner_line, area)
