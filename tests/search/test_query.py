"""Query building: what each field means, and the promise that any text gives a result or a
QueryError, never another exception (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablegate.errors import QueryError
from cablegate.search import SearchIndex, SearchResult
from cablegate.search.query import compile_query, keyword_value


@pytest.mark.parametrize(
    ("field", "value", "held"),
    [
        ("tag", "pgov", "PGOV"),
        ("classification", "SECRET//NOFORN", "secret-noforn"),
        (
            "classification",
            "unclassified//for official use only",
            "unclassified-for-official-use-only",
        ),
        ("origin_slug", "Embassy Lima", "embassy-lima"),
        ("country", "pe", "PE"),
        ("country", "Peru", "PE"),
        ("country", "United Kingdom", "GB"),
        ("region", "Near East", "near-east"),
        ("refid", "07lima487", "07LIMA487"),
    ],
)
def test_keyword_values(field: str, value: str, held: str) -> None:
    assert keyword_value(field, value) == held


COMPILE_FAULTS = [
    ("a*", 0, "too short"),
    ("iran n*", 5, "too short"),
    ("tag:*", 4, "needs a value"),
    ("(.*)", 1, "no word to complete"),
    ("created:2007*", 8, "dates take no *"),
    ("created:2007-13", 8, "no such month"),
    ("iran created:2008..2007", 5 + 8, "ends before it starts"),
    ("released:soon", 9, "bad date"),
    ("!!! ...", 0, "nothing to search for"),
    ('""', 0, "nothing to search for"),
]


@pytest.mark.parametrize(
    ("query", "position", "message"), COMPILE_FAULTS, ids=[q for q, *_ in COMPILE_FAULTS]
)
def test_compile_faults(query: str, position: int, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        compile_query(query)
    assert caught.value.position == position
    assert message in caught.value.message


def test_highlight_terms_skip_negations_and_fields() -> None:
    compiled = compile_query('iran "prime minister" nucl* -taiwan subject:oil al-Qaida')
    assert compiled.terms == (
        (("iran",), False),
        (("prime", "minister"), False),
        (("nucl",), True),
        (("al", "qaida"), False),
    )


def test_year_of_a_created_range() -> None:
    assert compile_query("iran created:2007").year == 2007
    assert compile_query("created:2007-02..2007-05 iran").year == 2007
    assert compile_query("iran created:2007..2008").year is None
    assert compile_query("iran OR created:2007").year is None


PIECES = [
    "iran",
    "Lima",
    "said",
    "AND",
    "OR",
    "NOT",
    "and",
    "(",
    ")",
    '"',
    "-",
    "*",
    ":",
    "..",
    "origin:",
    "tag:",
    "classification:",
    "subject:",
    "refid:",
    "from:",
    "to:",
    "country:",
    "region:",
    "created:",
    "released:",
    "2007",
    "2007-02",
    "2007-13",
    "..2005",
    "2009-03-01..",
    "nucl*",
    "a*",
    "foo:",
    "\\",
    "é",
    "<script>",
    "&",
    "'",
    "{",
    "[",
    "^",
    "$",
    "|",
    "~",
    "\x00",
    "07LIMA487",
    "ZZ*",
    "secret//noforn",
]
pieces = st.lists(st.sampled_from(PIECES), max_size=12)
QUERIES = st.one_of(
    st.text(max_size=60),
    pieces.map(" ".join),
    pieces.map("".join),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=8).map(" ".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=QUERIES, sort=st.sampled_from(["relevance", "created", "-released"]))
def test_any_text_gives_a_result_or_a_query_error(
    index: SearchIndex, query: str, sort: str
) -> None:
    try:
        result = index.search(query, sort=sort, per_page=5)
    except QueryError as exc:
        assert exc.message and exc.query == query
        assert exc.position is None or 0 <= exc.position <= len(query)
        return
    assert isinstance(result, SearchResult)
    assert result.total >= len(result.hits)
    for hit in result.hits:
        assert "<script>" not in hit.snippet


DOCS = Path(__file__).resolve().parents[2] / "docs" / "search.md"


def _doc_block(title: str) -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    block = text.split(f"## {title}", 1)[1].split("```", 2)[1]
    return [line for line in block.splitlines() if line.strip()]


def test_documented_examples_compile() -> None:
    for query in _doc_block("Examples"):
        compile_query(query)


def test_documented_messages_are_the_real_ones() -> None:
    queries = {
        "unbalanced quote": 'iran "nuclear',
        "unknown field": "sujbect:x",
        "bad date range": "created:2008..2006",
        "OR has nothing": "iran OR",
    }
    documented = _doc_block("When a query cannot be read")
    for start, query in queries.items():
        with pytest.raises(QueryError) as caught:
            compile_query(query)
        line = next(d for d in documented if d.startswith(start))
        assert line.split(" (at character")[0] == str(caught.value).split(" (at character")[0]


FILTERS = st.dictionaries(
    st.sampled_from(
        [
            "origin",
            "country",
            "region",
            "tag",
            "classification",
            "year",
            "month",
            "released",
            "colour",
        ]
    ),
    st.lists(st.text(max_size=12), max_size=3),
    max_size=3,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query=st.sampled_from(["*", "said", '"human rights"', "terr*"]), filters=FILTERS)
def test_any_filters_give_a_result_or_a_query_error(
    index: SearchIndex, query: str, filters: dict[str, list[str]]
) -> None:
    try:
        result = index.search(query, filters=filters, per_page=3)
    except QueryError as exc:
        assert "unknown filter" in exc.message
        return
    assert result.total >= len(result.hits)
