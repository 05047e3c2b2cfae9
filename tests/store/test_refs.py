"""The REF graph, the most cited cables and a list's months, on both backends
(``conftest.store``)."""

from __future__ import annotations

from cablegate.store.base import RefEdge, Store
from tests.store.test_store import _put, _src


def _chain(store: Store) -> None:
    """101 <- 102 <- 103 (each answers the one before), 104 names 101 and a cable not here;
    103 names BOGOTA 105, which its year makes 07BOGOTA105: not the 08BOGOTA105 stored."""
    _put(
        store,
        _src("07LIMA101", created="2007-01-01T10:00"),
        _src("07LIMA102", ref="REF: LIMA 101\n\n", created="2007-02-01T10:00"),
        _src("07LIMA103", ref="REF: A. LIMA 102 B. BOGOTA 105\n\n", created="2007-03-01T10:00"),
        _src("07LIMA104", ref="REF: A. LIMA 101 B. STATE 999\n\n", created="2007-04-01T10:00"),
        _src("08BOGOTA105", created="2008-05-01T10:00", origin="Embassy Bogota", tags="PREL CO"),
    )


def test_ref_edges_go_both_ways(store: Store) -> None:
    _chain(store)
    assert store.ref_edges(["07LIMA102"]) == [
        RefEdge("07LIMA102", "07LIMA101", 0),
        RefEdge("07LIMA103", "07LIMA102", 0),
    ]
    assert store.ref_edges(["07LIMA104"]) == [
        RefEdge("07LIMA104", "07LIMA101", 0),
        RefEdge("07LIMA104", "07STATE999", 1),
    ]
    assert store.ref_edges(["99NOWHERE1"]) == []


def test_summaries_of_those_in_the_archive(store: Store) -> None:
    _chain(store)
    got = store.summaries(["07LIMA103", "07STATE999", "07LIMA103"])
    assert list(got) == ["07LIMA103"]
    assert got["07LIMA103"].created == "2007-03-01T10:00"


def test_most_cited_with_counts_filters_and_missing_cables(store: Store) -> None:
    _chain(store)
    top = store.most_cited()
    assert [(c.cited, c.count) for c in top] == [
        ("07LIMA101", 2),
        ("07BOGOTA105", 1),
        ("07LIMA102", 1),
        ("07STATE999", 1),
    ]
    assert top[3].cable is None  # named, but not in the archive
    assert top[0].cable is not None and top[0].cable.refid == "07LIMA101"
    assert [c.cited for c in store.most_cited(limit=1)] == ["07LIMA101"]
    assert [c.cited for c in store.most_cited(year="2007")] == ["07LIMA101", "07LIMA102"]
    assert [c.cited for c in store.most_cited(origin="embassy-bogota")] == []
    assert store.most_cited(year="1999") == []


def test_months_of_a_list(store: Store) -> None:
    _chain(store)
    months = [(m.value, m.count) for m in store.months("tag", "PGOV")]
    assert months == [("2007-01", 1), ("2007-02", 1), ("2007-03", 1), ("2007-04", 1)]
    assert [(m.value, m.count) for m in store.months("origin", "embassy-bogota")] == [
        ("2008-05", 1)
    ]
    assert [m.value for m in store.months("year", "2008")] == ["2008-05"]
    assert store.months("tag", "NOSUCH") == []


def test_cited_and_months_are_made_again_when_the_generation_moves(store: Store) -> None:
    _chain(store)
    assert store.most_cited()[0].count == 2
    assert len(store.months("tag", "PGOV")) == 4
    _put(store, _src("07LIMA106", ref="REF: LIMA 101\n\n", created="2007-06-01T10:00"))
    assert store.most_cited()[0].count == 3  # remembered at the old generation: fails without
    assert len(store.months("tag", "PGOV")) == 5
