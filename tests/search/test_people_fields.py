"""``person:``, ``classifier:``, ``reason:``, ``eo:`` and ``decl:`` in the search language, and
their facets, on made-up cables whose every field is known."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cablegate.errors import QueryError
from cablegate.model import Cable
from cablegate.search import SearchIndex, index_fields
from cablegate.search.budget import Budget
from cablegate.search.facets import EXTRA
from cablegate.search.query import filter_query
from cablegate.search.schema import reason_key


def _cable(refid: str, **kw: object) -> Cable:
    base: dict[str, object] = {
        "refid": refid,
        "canonical_id": refid,
        "created": "2007-02-20T22:45",
        "origin": "Embassy Lima",
        "classification": "CONFIDENTIAL",
        "subject": f"SUBJECT {refid}",
        "body": "nothing much",
    }
    base.update(kw)
    return Cable(**base)  # type: ignore[arg-type]


CABLES = [
    _cable("07LIMA1", classified_by=("J. Curtis Struble",), signers=("STRUBLE",),
           classification_reasons=("1.4(b)", "1.4(d)"), eo="12958", declassify_on="2012-02-20"),
    _cable("07LIMA2", classified_by=("Carol van Voorst",), signers=("STRUBLE",),
           classification_reasons=("1.4(d)",), eo="12958", declassify_on="2099-01-01"),
    _cable("07LIMA3", signers=("VAN VOORST",), classification_reasons=("1.5 (B)",), eo="12356"),
    _cable("07LIMA4", classification="UNCLASSIFIED"),
]  # fmt: skip


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchIndex]:
    idx = SearchIndex.open(tmp_path_factory.mktemp("people") / "index", heap_bytes=20_000_000)
    idx.add([index_fields(c) for c in CABLES])
    idx.commit()
    yield idx
    idx.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("person:struble", {"07LIMA1", "07LIMA2"}),
        ("person:STRUBLE", {"07LIMA1", "07LIMA2"}),
        ('person:"van voorst"', {"07LIMA2", "07LIMA3"}),
        ("person:van-voorst", {"07LIMA2", "07LIMA3"}),
        ("classifier:struble", {"07LIMA1"}),
        ("classifier:van-voorst", {"07LIMA2"}),
        ("reason:1.4(b)", {"07LIMA1"}),
        ("reason:1.4b", {"07LIMA1"}),
        ("reason:1.4(D)", {"07LIMA1", "07LIMA2"}),
        ("reason:1.5b", {"07LIMA3"}),
        ("eo:12958", {"07LIMA1", "07LIMA2"}),
        ("eo:12356", {"07LIMA3"}),
        ("decl:passed", {"07LIMA1"}),
        ("decl:pending", {"07LIMA2"}),
        ("decl:2012", {"07LIMA1"}),
        ("decl:..2050", {"07LIMA1"}),
        ("* -decl:passed", {"07LIMA2", "07LIMA3", "07LIMA4"}),
    ],
)
def test_fields(index: SearchIndex, query: str, expected: set[str]) -> None:
    assert {h.refid for h in index.search(query, per_page=50).hits} == expected


def test_facets(index: SearchIndex) -> None:
    facets = index.search("*").facets
    counts = {
        name: {v.value: v.count for v in facets[name]}
        for name in ("person", "reason", "eo", "decl")
    }
    assert counts["person"] == {"struble": 2, "van-voorst": 2}
    assert counts["reason"] == {"1.4(b)": 1, "1.4(d)": 2, "1.5(b)": 1}
    assert counts["eo"] == {"12958": 2, "12356": 1}
    assert counts["decl"] == {"passed": 1, "pending": 1}


@pytest.mark.parametrize(
    ("filters", "counted"),
    [({}, False), ({"person": ["struble"]}, True), ({"decl": ["passed"]}, True)],
)
def test_the_costly_facets_are_counted_for_small_results_only(
    index: SearchIndex,
    monkeypatch: pytest.MonkeyPatch,
    filters: dict[str, list[str]],
    counted: bool,
) -> None:
    """Above EXTRA_UP_TO matches the person, reason, E.O. and declassification facets are
    left out and named as such (they cost five times the others on a big result); a filter on
    one of them counts them all again."""
    monkeypatch.setattr("cablegate.search.index.EXTRA_UP_TO", 1)
    for budget in (None, Budget(5000, 5000)):
        result = index.search("*", filters=filters, budget=budget)
        assert ("person" in result.facets) is counted
        assert result.facets_left_out == (() if counted else EXTRA)
        assert result.facets["classification"]
        assert result.to_dict()["facets_left_out"] == list(result.facets_left_out)
    small = index.search("07LIMA2")  # the bound is the matches' (1): counted
    monkeypatch.setattr("cablegate.search.index.EXTRA_UP_TO", 1)
    assert small.facets_left_out == () and "person" in small.facets


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"decl": ["passed"]}, {"07LIMA1"}),
        ({"decl": ["passed", "pending"]}, {"07LIMA1", "07LIMA2"}),
        ({"reason": ["1.4(d)"], "person": ["struble"]}, {"07LIMA1", "07LIMA2"}),
        ({"eo": ["12356"]}, {"07LIMA3"}),
    ],
)
def test_filters(index: SearchIndex, filters: dict[str, list[str]], expected: set[str]) -> None:
    assert {h.refid for h in index.search("*", filters=filters, per_page=50).hits} == expected


def test_bad_decl_filter_is_a_query_error() -> None:
    with pytest.raises(QueryError):
        filter_query({"decl": ["soon"]})


@pytest.mark.parametrize(
    ("text", "key"),
    [("1.4(b)", "1.4(b)"), ("1.4b", "1.4(b)"), (" 1.4 (B) ", "1.4(b)"), ("1.5(d)", "1.5(d)"),
     ("14b", ""), ("1.4(z)", ""), ("", "")],
)  # fmt: skip
def test_reason_key(text: str, key: str) -> None:
    assert reason_key(text) == key


def test_index_path_is_new(tmp_path: Path) -> None:
    """The schema changed: an index of the version before is refused (``cablegate reindex``)."""
    from cablegate.search.schema import SCHEMA_VERSION

    assert SCHEMA_VERSION == 3
