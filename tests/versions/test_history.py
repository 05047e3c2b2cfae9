"""A history from the texts a store keeps: timeline, numbering, summaries, damaged copies."""

from __future__ import annotations

from cablegate.versions.dating import Sighting
from cablegate.versions.diff import Counts
from cablegate.versions.history import Text, build, summary
from cablegate.versions.redaction import count_runs, count_words, text_key

WHOLE = "Nadia Mellal, who covered it, said Helilou was right."
REDACTED = "XXXXXXXXXXXX, who covered it, said XXXXXXXXXXXX was right."
CUT = "Nadia Mellal, who cov"


def _seen(day: str, name: str, count: int = 0) -> Sighting:
    return Sighting("snapshot", name, f"html:/v/{name}/cable/2007/01/07ALGIERS45.html", day,
                    "snapshot-name", count)  # fmt: skip


def _text(body: str, *seen: Sighting, current: bool = False, damaged: str = "") -> Text:
    return Text(text_key("H", body), "H", body, count_runs(body), count_words(body), current,
                seen, damaged)  # fmt: skip


def test_a_text_that_comes_back_appears_twice() -> None:
    whole = _text(WHOLE, _seen("2010-12-01", "a"), _seen("2010-12-25", "d"), current=True)
    redacted = _text(REDACTED, _seen("2010-12-22", "c", 1896), _seen("2010-12-02", "b"))
    h = build("07ALGIERS45", [redacted, whole])
    assert [(a.version, a.first_seen, a.last_seen) for a in h.timeline] == [
        (1, "2010-12-01", "2010-12-01"),
        (2, "2010-12-02", "2010-12-22"),
        (1, "2010-12-25", "2010-12-25"),
    ]
    assert [a.change.summary if a.change else None for a in h.timeline] == [
        None,
        "2 passages redacted in the 2010-12-02 version: 3 words, 2 names",
        "2 redactions lifted in the 2010-12-25 version: 3 words shown again, 2 names",
    ]
    v1, v2 = h.versions
    assert (v1.current, v1.first_seen, v1.last_seen, v1.hidden.redacted_words) == (
        True, "2010-12-01", "2010-12-25", 0)  # fmt: skip
    assert (v2.current, v2.redactions, v2.hidden.redacted_words, v2.hidden.redacted_names) == (
        False, 2, 3, 2)  # fmt: skip
    assert h.current is v1
    facts = h.facts()
    assert (facts.versions, facts.changed, facts.redacted, facts.hidden_words) == (
        2, "2010-12-25", True, 3)  # fmt: skip
    assert facts.summary.startswith("2 redactions lifted")
    d = h.to_dict()
    assert d["current"] == 1 and [t["version"] for t in d["timeline"]] == [1, 2, 1]
    assert d["versions"][1]["sources"][0]["name"] == "b"  # sources in date order


def test_a_damaged_copy_is_left_out_while_a_whole_one_exists() -> None:
    whole = _text(WHOLE, _seen("2010-12-01", "a"), current=True)
    cut = _text(CUT, _seen("2010-12-05", "broken"), damaged="page: truncated inside the cable text")
    h = build("07ALGIERS45", [whole, cut])
    assert len(h.versions) == 1 and h.damaged == (cut,)
    assert h.facts().versions == 1
    alone = build("07ALGIERS45", [cut])
    assert len(alone.versions) == 1 and alone.damaged == ()


def test_summary_lines() -> None:
    assert summary(Counts(edits=2, words_removed=3, words_added=4), "2011-02-13") == (
        "2 edits in the 2011-02-13 version (7 words removed or added)"
    )
    assert summary(Counts(redacted=1, redacted_words=1, edits=1, words_added=1), "x") == (
        "1 passage redacted in the x version: 1 word; 1 other edit (1 word removed or added)"
    )
    assert summary(Counts(), "x") == "the x version differs only in how it is written"
