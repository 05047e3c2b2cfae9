"""``ListCounts``: a count is reused only at the generation it was made at; the least recently
used are forgotten."""

from __future__ import annotations

from cablegate.store.counts import ListCounts


def test_a_count_is_made_once_a_generation_and_the_oldest_forgotten() -> None:
    made: list[str] = []

    def make(key: str, n: int) -> object:
        return lambda: made.append(key) or n

    counts = ListCounts(size=2)
    assert counts.count(("tag", "A"), 1, make("A", 10)) == 10
    assert counts.count(("tag", "A"), 1, make("A", 99)) == 10  # same generation: remembered
    assert counts.count(("tag", "A"), 2, make("A", 11)) == 11  # moved: made again
    assert counts.count(("tag", "B"), 2, make("B", 5)) == 5
    assert counts.count(("tag", "A"), 2, make("A", 99)) == 11  # A used last: B is the oldest
    assert counts.count(("tag", "C"), 2, make("C", 7)) == 7  # B forgotten
    assert counts.count(("tag", "B"), 2, make("B", 6)) == 6
    assert made == ["A", "A", "B", "C", "B"]
