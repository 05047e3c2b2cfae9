"""The word diff: runs of X lined up with the words they hid, other changes as edits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablegate.versions.diff import diff, diff_texts

A = "his position. Nadia Mellal, who covered the election, told us."
B = "his position. XXXXXXXXXXXX, who covered the election, told us."


def _changes(old: str, new: str) -> list[tuple[str, str, str]]:
    return [(p.kind, p.old_text, p.new_text) for p in diff(old, new) if p.kind != "same"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(A, B, [("redacted", "Nadia Mellal", "XXXXXXXXXXXX")], id="07ALGIERS45"),
        pytest.param(B, A, [("lifted", "XXXXXXXXXXXX", "Nadia Mellal")], id="lifted"),
        pytest.param(
            "growing. Antesana,s contacts", "growing. XXXXXXXXXXXX contacts",
            [("redacted", "Antesana,s", "XXXXXXXXXXXX")], id="05LIMA2158",
        ),
        pytest.param(
            "Shi'a too,xxxxxxxxxxxx said", "Shi’a too, Dr. Sa’ad said",
            [("edit", "'", "’"), ("lifted", "xxxxxxxxxxxx", "Dr. Sa’ad")], id="09RIYADH716",
        ),
        pytest.param("met xxxxxxxxxxxx today", "met XXXXXXXXXXXX today",
                     [("remarked", "xxxxxxxxxxxx", "XXXXXXXXXXXX")], id="re-marked"),
        pytest.param(
            "the xxxxxxxxxxxx program", "the \"sport\" of XXXXXXXXXXXX combat program",
            [("lifted", "xxxxxxxxxxxx", "\"sport\" of XXXXXXXXXXXX combat")], id="partly-lifted",
        ),
        pytest.param("EO 12958 DECL", "E.O. 12958: DECL", [("edit", "EO", "E.O."), ("edit", "", ":")], id="re-typed"),
        pytest.param("one\ntwo three", "one two\n   three", [], id="re-wrapped"),
        pytest.param("a. b. c.", "a. c.", [("edit", "b.", "")], id="excerpt"),
    ],
)  # fmt: skip
def test_pieces(old: str, new: str, expected: list[tuple[str, str, str]]) -> None:
    assert _changes(old, new) == expected


def test_counts_and_hidden_words() -> None:
    old = "Nadia Mellal said. Later Mellal, and Dalila Helilou's aide, met EO staff."
    new = "XXXXXXXXXXXX said. Later XXXXXXXXXXXX, and XXXXXXXXXXXX aide, met E.O. staff."
    d = diff_texts("H", old, "H", new)
    counts = d.counts()
    assert (counts.redacted, counts.redacted_words, counts.redacted_names) == (3, 5, 2)
    assert (counts.lifted, counts.edits) == (0, 1)
    assert [p.hidden for p in d.redactions()] == ["Nadia Mellal", "Mellal", "Dalila Helilou's"]
    assert not d.header_changed


words = st.sampled_from(["a", "b", "Mellal", "XXXXXXXXXXXX", "xxxxxxxxxxxx", ".", ",", "E.O."])
texts = st.lists(words, max_size=40).map(" ".join)


@given(texts, texts)
def test_the_pieces_give_both_texts_back(old: str, new: str) -> None:
    pieces = diff(old, new)
    assert "".join(t.space + t.text for p in pieces for t in p.old) == old.strip()
    assert "".join(t.space + t.text for p in pieces for t in p.new) == new.strip()
    assert all(p.old_text == p.new_text for p in pieces if p.kind == "same")
    assert all(p.kind != "redacted" or "X" in p.mark.upper() for p in pieces)
