"""The index round trip on ~50 real cables: every result checked against a plain Python scan."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cablegate.errors import CablegateError, QueryError
from cablegate.posts import slugify
from cablegate.search import SearchIndex
from cablegate.search import index as index_module
from cablegate.search.schema import words

Doc = dict[str, Any]


def tokens(d: Doc) -> list[list[str]]:
    return [words(d["text"]), words(d["subject"])]


def has_word(w: str) -> Callable[[Doc], bool]:
    return lambda d: any(w in t for t in tokens(d))


def has_phrase(*ws: str) -> Callable[[Doc], bool]:
    n = len(ws)
    return lambda d: any(any(tuple(t[i : i + n]) == ws for i in range(len(t))) for t in tokens(d))


def has_prefix(p: str) -> Callable[[Doc], bool]:
    return lambda d: any(any(x.startswith(p) for x in t) for t in tokens(d))


def refids(docs: list[Doc], match: Callable[[Doc], bool]) -> set[str]:
    return {d["refid"] for d in docs if match(d)}


def found(index: SearchIndex, query: str, **kw: Any) -> set[str]:
    result = index.search(query, per_page=500, facets=False, snippets=False, **kw)
    got = {h.refid for h in result.hits}
    assert result.total == len(got) == len(result.hits)
    return got


def test_count(index: SearchIndex, docs: list[Doc]) -> None:
    assert index.count() == len(docs) >= 50


@pytest.mark.parametrize("word", ["sendero", "coca", "minister", "said", "government", "zanzibar"])
def test_words(index: SearchIndex, docs: list[Doc], word: str) -> None:
    assert found(index, word) == refids(docs, has_word(word))


def test_upper_case_and_accents_are_folded(index: SearchIndex, docs: list[Doc]) -> None:
    assert found(index, "SÉNDERO") == found(index, "sendero") != set()


def test_phrases(index: SearchIndex, docs: list[Doc]) -> None:
    for phrase in (("human", "rights"), ("prime", "minister"), ("sendero", "luminoso")):
        assert found(index, '"' + " ".join(phrase) + '"') == refids(docs, has_phrase(*phrase))
    assert found(index, '"minister said"') <= found(index, "minister said")


def test_boolean(index: SearchIndex, docs: list[Doc]) -> None:
    lima, coca, said = (refids(docs, has_word(w)) for w in ("lima", "coca", "said"))
    assert found(index, "lima AND coca") == found(index, "lima coca") == lima & coca
    assert found(index, "lima OR coca") == lima | coca
    assert found(index, "said NOT coca") == found(index, "said -coca") == said - coca
    assert found(index, "NOT said") == {d["refid"] for d in docs} - said
    assert found(index, "(lima OR coca) -said") == (lima | coca) - said
    assert found(index, "lima OR -said") == lima | ({d["refid"] for d in docs} - said)


def test_prefix(index: SearchIndex, docs: list[Doc]) -> None:
    assert found(index, "terror*") == refids(docs, has_prefix("terror"))
    assert found(index, "terror*") > found(index, "terrorism")


@pytest.mark.parametrize(
    ("query", "match"),
    [
        ("origin:lima", lambda d: d["origin"] == "Embassy Lima"),
        ("origin:embassy-lima", lambda d: d["origin"] == "Embassy Lima"),
        ('origin:"embassy quito"', lambda d: d["origin"] == "Embassy Quito"),
        ("origin:(lima OR quito)", lambda d: d["origin"] in ("Embassy Lima", "Embassy Quito")),
        ("tag:zztest", lambda d: "ZZTEST" in d["tags"]),
        ("tag:ZZ*", lambda d: any(t.startswith("ZZ") for t in d["tags"])),
        ("classification:secret", lambda d: d["classification"] == "SECRET"),
        ("classification:SECRET//NOFORN", lambda d: d["classification"] == "SECRET//NOFORN"),
        ("classification:secret*", lambda d: (d["classification"] or "").startswith("SECRET")),
        ("subject:zanzibar", lambda d: "zanzibar" in words(d["subject"])),
        ("from:quito", lambda d: "quito" in words(d["sender"] or "")),
        ("to:quito", lambda d: any("quito" in words(r) for r in d["recipients"])),
        ("country:PE", lambda d: d["country"] == "PE"),
        ("country:peru", lambda d: d["country"] == "PE"),
        ("region:western-hemisphere", lambda d: d["region"] == "Western Hemisphere"),
        ('region:"Western Hemisphere"', lambda d: d["region"] == "Western Hemisphere"),
        ("refid:09TESTPOST1", lambda d: d["refid"] == "09TESTPOST1"),
        ("refid:09testpost1", lambda d: d["refid"] == "09TESTPOST1"),
        ("09TESTPOST1", lambda d: d["refid"] == "09TESTPOST1"),
        ("created:2009", lambda d: (d["created"] or "").startswith("2009")),
        ("created:2006-01..2006-06", lambda d: "2006-01" <= (d["created"] or "")[:7] <= "2006-06"),
        ("created:..2005", lambda d: (d["created"] or "9") < "2006"),
        ("created:2009-03-05..", lambda d: (d["created"] or "") >= "2009-03-05"),
        ("released:2011-08-30", lambda d: d["released_day"] == "2011-08-30"),
        ("-released:2011-08-30", lambda d: d["released_day"] != "2011-08-30"),
        ("redacted:yes", lambda d: d["redacted"] == "yes"),
        ("redacted:no", lambda d: d["redacted"] == "no"),
        ("island redacted:true", lambda d: d["refid"] == "10TESTPOST2"),
    ],
)
def test_fields(
    index: SearchIndex, docs: list[Doc], query: str, match: Callable[[Doc], bool]
) -> None:
    expected = refids(docs, match)
    assert expected, "a query that matches nothing here would pass with any index"
    assert found(index, query) == expected


def test_facet_counts(index: SearchIndex, docs: list[Doc]) -> None:
    result = index.search("*", facet_limit=10_000)
    got = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert got["origin"] == Counter(d["origin_slug"] for d in docs if d["origin_slug"])
    assert got["country"] == Counter(d["country"] for d in docs if d["country"])
    assert got["region"] == Counter(slugify(d["region"]) for d in docs if d["region"])
    assert got["tag"] == Counter(t for d in docs for t in d["tags"])
    assert got["classification"] == Counter(
        d["classification_slug"] for d in docs if d["classification_slug"]
    )
    assert got["year"] == Counter(d["year"] for d in docs if d["year"])
    assert got["month"] == Counter(d["month"] for d in docs if d["month"])
    assert got["released"] == Counter(d["released_day"] for d in docs if d["released_day"])
    assert got["redacted"] == Counter(d["redacted"] for d in docs)
    assert {v.value: v.label for v in result.facets["redacted"]}["yes"] == (
        "Redacted in some version"
    )
    labels = {v.value: v.label for v in result.facets["origin"]}
    assert labels["embassy-lima"] == "Embassy Lima"
    assert {v.value: v.label for v in result.facets["classification"]}[
        "secret-noforn"
    ] == "SECRET//NOFORN"
    assert result.total == len(docs)


@pytest.mark.parametrize("above", [-1, 10**9], ids=["by-postings", "by-column"])
def test_tag_counts_either_way(
    index: SearchIndex, docs: list[Doc], monkeypatch: pytest.MonkeyPatch, above: int
) -> None:
    monkeypatch.setattr(index_module, "TAGS_BY_POSTINGS_ABOVE", above)
    monkeypatch.setattr(index_module, "TAGS_BY_POSTINGS_ABOVE_POSITIONAL", above)
    for query, match in (
        ("said", has_word("said")),
        ("*", lambda d: True),
        ('"human rights"', has_phrase("human", "rights")),
    ):
        tags = index.search(query, facet_limit=10_000).facets["tag"]
        assert {v.value: v.count for v in tags} == Counter(
            t for d in docs if match(d) for t in d["tags"]
        )


def test_facets_follow_the_query(index: SearchIndex, docs: list[Doc]) -> None:
    result = index.search("said", facet_limit=10_000)
    said = [d for d in docs if has_word("said")(d)]
    assert {v.value: v.count for v in result.facets["origin"]} == Counter(
        d["origin_slug"] for d in said if d["origin_slug"]
    )
    assert result.total == len(said)


def test_filters(index: SearchIndex, docs: list[Doc]) -> None:
    lima = {d["refid"] for d in docs if d["origin_slug"] == "embassy-lima"}
    assert found(index, "*", filters={"origin": ["embassy-lima"]}) == lima
    two = {d["refid"] for d in docs if d["origin_slug"] in ("embassy-lima", "embassy-quito")}
    assert found(index, "*", filters={"origin": ["embassy-lima", "embassy-quito"]}) == two
    both = found(index, "*", filters={"origin": ["embassy-lima"], "tag": ["ZZTEST"]})
    assert both == {"09TESTPOST1"}
    years = {d["refid"] for d in docs if d["year"] == "2009"}
    assert found(index, "*", filters={"year": ["2009"]}) == years
    assert found(index, "*", filters={"month": "2009-03"}) >= {"09TESTPOST1"}
    assert found(index, "*", filters={"released": ["2011-08-30"]}) == {"09TESTPOST1", "10TESTPOST2"}
    assert found(index, "*", filters={"classification": ["SECRET//NOFORN"]}) == {
        d["refid"] for d in docs if d["classification"] == "SECRET//NOFORN"
    }
    assert found(index, "*", filters={"origin": []}) == {d["refid"] for d in docs}
    assert found(index, "*", filters={"redacted": ["yes"]}) == {
        d["refid"] for d in docs if d["redacted"] == "yes"
    }
    with pytest.raises(QueryError, match="unknown filter"):
        index.search("*", filters={"colour": ["red"]})


@pytest.mark.parametrize("sort", ["created", "-created", "released", "-released"])
def test_sort(index: SearchIndex, sort: str) -> None:
    hits = index.search("*", sort=sort, per_page=500, facets=False).hits
    key = sort.lstrip("-")
    values = [getattr(h, key) for h in hits if getattr(h, key)]
    assert len(set(values)) > 1  # else any order would do
    assert values == sorted(values, reverse=sort.startswith("-"))
    assert all(h.score is None for h in hits)


def test_relevance_ranks_subject_matches_high(index: SearchIndex) -> None:
    hits = index.search("zanzibar").hits
    assert hits[0].score is not None and hits[0].score >= hits[-1].score  # type: ignore[operator]
    assert {h.refid for h in hits[:2]} == {"09TESTPOST1", "10TESTPOST2"}


def test_pagination(index: SearchIndex, docs: list[Doc]) -> None:
    first = index.search("*", sort="created", per_page=10, page=1, facets=False)
    second = index.search("*", sort="created", per_page=10, page=2, facets=False)
    both = index.search("*", sort="created", per_page=20, page=1, facets=False)
    assert [h.refid for h in first.hits + second.hits] == [h.refid for h in both.hits]
    assert first.total == second.total == len(docs)
    assert first.pages == -(-len(docs) // 10)
    for page in (1000, 10**12):
        beyond = index.search("*", page=page, facets=False)
        assert beyond.hits == () and beyond.total == len(docs)


def test_page_and_page_size_are_clamped(index: SearchIndex, docs: list[Doc]) -> None:
    assert len(docs) > 1
    for page, per_page, clamped in ((0, 0, (1, 1)), (-3, 10**6, (1, index_module.MAX_PER_PAGE))):
        result = index.search("*", page=page, per_page=per_page, facets=False)
        assert (result.page, result.per_page) == clamped
        assert len(result.hits) == min(clamped[1], len(docs))


def test_filters_narrow_without_changing_scores(index: SearchIndex) -> None:
    """A filter is a must that scores 0: ranking within the filtered set is the query's own."""
    plain = {h.refid: h.score for h in index.search("said", per_page=500, facets=False).hits}
    lima = index.search("said", filters={"origin": ["embassy-lima"]}, per_page=500, facets=False)
    assert 0 < len(lima.hits) < len(plain)
    assert all(h.score == plain[h.refid] for h in lima.hits)


def test_filter_values_are_lists_of_strings(index: SearchIndex) -> None:
    """A lone value, or a number (as JSON gives), means the same as a list of its string."""
    as_list = found(index, "*", filters={"year": ["2009"]})
    assert as_list
    for lone in ("2009", 2009):
        result = index.search("*", filters={"year": lone}, per_page=500, facets=False)  # type: ignore[dict-item]
        assert result.filters == {"year": ["2009"]}
        assert {h.refid for h in result.hits} == as_list


def test_snippets_are_escaped(index: SearchIndex) -> None:
    hits = {h.refid: h for h in index.search("zanzibar").hits}
    snippet = hits["09TESTPOST1"].snippet
    assert "<mark>zanzibar</mark>" in snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in snippet
    assert "&amp;" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0
    # matched on the subject only: the start of the body, escaped, without marks
    assert hits["10TESTPOST2"].snippet.startswith("Nothing about the island")
    assert "<mark>" not in hits["10TESTPOST2"].snippet
    assert "<script>" not in index.search("script").hits[0].snippet


def test_snippet_marks_phrases_and_prefixes(index: SearchIndex) -> None:
    phrase, prefix, negated = (
        index.search(q).hits for q in ('"human rights"', "terror*", "said -coca")
    )
    assert phrase and prefix and negated
    for hit in phrase:
        assert re.search(r"<mark>human\W+rights</mark>", hit.snippet, re.I), hit.snippet
    for hit in prefix:
        assert re.search(r"<mark>terror\w*</mark>", hit.snippet, re.I), hit.snippet
    for hit in negated:
        assert "<mark>said" in hit.snippet.lower() and "<mark>coca" not in hit.snippet.lower()


def test_histogram(index: SearchIndex, docs: list[Doc]) -> None:
    by_year = index.search("*")
    assert by_year.histogram_unit == "year"
    years = [int(b.value) for b in by_year.histogram]
    assert years == list(range(years[0], years[-1] + 1))
    assert sum(b.count for b in by_year.histogram) == sum(1 for d in docs if d["year"])
    for result in (index.search("created:2009"), index.search("*", filters={"year": ["2009"]})):
        assert result.histogram_unit == "month"
        assert [b.value for b in result.histogram] == [f"2009-{m:02d}" for m in range(1, 13)]
        assert sum(b.count for b in result.histogram) == result.total


def test_to_dict(index: SearchIndex) -> None:
    data = index.search("zanzibar").to_dict()
    json.dumps(data)
    assert data["total"] == 2
    assert set(data["hits"][0]) >= {
        "refid",
        "subject",
        "created",
        "origin",
        "classification",
        "snippet",
    }
    assert {"value", "count"} <= set(data["facets"]["origin"][0])
    assert set(data["facets"]) == {
        "origin",
        "country",
        "region",
        "tag",
        "classification",
        "year",
        "month",
        "released",
        "redacted",
        "person",
        "reason",
        "eo",
        "decl",
    }


def test_bad_sort_is_a_query_error(index: SearchIndex) -> None:
    with pytest.raises(QueryError, match="unknown sort"):
        index.search("x", sort="colour")


def test_replace_by_refid_and_clear(
    tmp_path: Path, docs: list[Doc], monkeypatch: pytest.MonkeyPatch
) -> None:
    idx = SearchIndex.open(tmp_path / "x.index", heap_bytes=20_000_000)
    idx.add(docs[:10])
    idx.commit()
    changed = dict(docs[0], subject="QUITE DIFFERENT WOMBAT")
    idx.add([changed, docs[1]])
    idx.commit()
    assert idx.count() == 10
    for above in (-1, 10**9):  # replaced cables are counted once, whichever way tags are counted
        monkeypatch.setattr(index_module, "TAGS_BY_POSTINGS_ABOVE", above)
        monkeypatch.setattr(index_module, "TAGS_BY_POSTINGS_ABOVE_POSITIONAL", above)
        tags = {v.value: v.count for v in idx.search("*", facet_limit=10_000).facets["tag"]}
        assert tags == Counter(t for d in docs[:10] for t in d["tags"])
    assert [h.refid for h in idx.search("wombat").hits] == [docs[0]["refid"]]
    assert found(idx, f"refid:{docs[1]['refid']}") == {docs[1]["refid"]}
    idx.clear()
    idx.commit()
    assert idx.count() == 0
    idx.close()


def test_a_reader_sees_commits_after_reload(tmp_path: Path, docs: list[Doc]) -> None:
    path = tmp_path / "shared.index"
    writer = SearchIndex.open(path, heap_bytes=20_000_000)
    reader = SearchIndex.open(path)
    writer.add(docs[:5])
    writer.commit()
    reader.reload()
    assert reader.count() == 5
    writer.add(docs[5:8])
    assert reader.count() == 5  # not committed yet
    writer.commit()
    reader.reload()
    assert reader.count() == 8
    writer.close()


def test_another_schema_version_asks_for_reindex(tmp_path: Path) -> None:
    path = tmp_path / "old.index"
    SearchIndex.open(path).close()
    (path / "cablegate-search.json").write_text('{"schema_version": 0}')
    with pytest.raises(CablegateError, match="cablegate reindex"):
        SearchIndex.open(path)
    (path / "cablegate-search.json").unlink()
    with pytest.raises(CablegateError, match="cablegate reindex"):
        SearchIndex.open(path)
    fresh = SearchIndex.open(path, recreate=True)
    assert fresh.count() == 0
    fresh.close()


def test_recreate_never_deletes_other_things(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(CablegateError, match="not a search index"):
        SearchIndex.open(tmp_path, recreate=True)
    assert (tmp_path / "notes.txt").exists()


def test_concurrent_searches_agree(index: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """Web workers share one SearchIndex: its facet threads must not mix their answers up."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(index_module, "TAGS_BY_POSTINGS_ABOVE", -1)
    monkeypatch.setattr(index_module, "TAGS_BY_POSTINGS_ABOVE_POSITIONAL", -1)
    queries = ["said", "coca", '"human rights"', "lima OR quito", "terror*", "*"] * 5
    alone = {q: index.search(q).to_dict() for q in set(queries)}
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(index.search, queries))
    for q, result in zip(queries, together, strict=True):
        got, want = result.to_dict(), alone[q]
        got.pop("took_ms")
        want = dict(want)
        want.pop("took_ms")
        assert got == want


def test_an_empty_index_answers(tmp_path: Path) -> None:
    idx = SearchIndex.open(tmp_path / "empty.index")
    result = idx.search("said", filters={"tag": ["PGOV"]})
    assert result.total == 0 and result.hits == () and result.histogram == ()
    assert all(values == [] for values in result.facets.values())
    idx.close()
