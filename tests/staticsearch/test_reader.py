"""The JavaScript reader over the sample's index answers what a brute-force scan answers."""

from __future__ import annotations

import json
import math
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from cablegate.staticsearch.encoding import PROBES, own_file, own_hash, probes, term_hash
from cablegate.staticsearch.merge import impacts
from tests.staticsearch import brute
from tests.staticsearch.conftest import Node, SampleIndex, needs_node

pytestmark = needs_node

# (query, filters): words, phrases, prefixes, operators, fields, facets stacked
CASES: list[tuple[str, dict[str, list[str]]]] = [
    ("sendero", {}),
    ('"shining path"', {}),
    ('"human rights"', {}),
    ("terror*", {}),
    ("iran AND nuclear", {}),
    ("oil OR gas", {}),
    ("china NOT taiwan", {}),
    ("china -taiwan", {}),
    ("(oil OR gas) -nigeria", {}),
    ("*", {}),
    ("São Paulo", {}),
    ("al-Qaida", {}),
    ("tag:PTER peru", {}),
    ("tag:K* lima", {}),
    ("xsstestword", {}),
    ("nosuchwordanywhere", {}),
    ("peru", {"year": ["2007"]}),
    ("peru", {"year": ["2007", "2008"], "classification": ["secret"]}),
    ("*", {"tag": ["PGOV"], "origin": ["embassy-lima"]}),
    ("government", {"country": ["BR"], "tag": ["PREL", "ECON"]}),
]


def _all_pages(reader: Node, query: str, filters: dict[str, list[str]]) -> list[dict[str, Any]]:
    first = reader.ask([{"op": "search", "q": query, "filters": filters, "page": 1}])[0]
    assert "thrown" not in first and "error" not in first, first
    pages = math.ceil(first["total"] / first["per"])
    rest = reader.ask(
        [{"op": "search", "q": query, "filters": filters, "page": p} for p in range(2, pages + 1)]
    )
    return [first, *rest]


@pytest.mark.parametrize(("query", "filters"), CASES, ids=[f"{q} {f}" for q, f in CASES])
def test_hits_and_facets_are_the_brute_force_ones(
    reader: Node, sample_index: SampleIndex, query: str, filters: dict[str, list[str]]
) -> None:
    corpus = brute.docs(sample_index.cables)
    expected, counts = brute.search(corpus, query, filters)
    pages = _all_pages(reader, query, filters)
    refids = [h["refid"] for p in pages for h in p["hits"]]
    assert len(refids) == len(set(refids)), "a cable on two pages"
    assert set(refids) == expected
    assert pages[0]["total"] == len(expected)
    assert all(len(p["hits"]) == 20 for p in pages[:-1])
    for field, shown in pages[0]["facets"].items():
        top = dict(counts[field].most_common())
        assert {v["value"]: v["count"] for v in shown} == {
            v["value"]: top[v["value"]] for v in shown
        }
        assert len(shown) == min(len(top), 30 if field != "year" else len(top))


def test_hits_are_ranked_by_impact(reader: Node, sample_index: SampleIndex) -> None:
    """A phrase in fewer cables than ``TOP``: its hits in the order of their stored impacts."""
    corpus = brute.docs(sample_index.cables)
    found = [(i, d) for i, d in enumerate(corpus) if "shining path" in d.pairs]
    freq = np.array([brute.frequency(sample_index.cables[i], "shining path") for i, _ in found])
    norm = np.array([brute.length(c) for c in sample_index.cables], dtype=np.float64)
    norm /= norm.mean()
    imp = impacts(freq, norm[[i for i, _ in found]])
    ranked = sorted(zip(found, imp.tolist(), strict=True), key=lambda x: (-x[1], x[0][0]))
    expected = [d.refid for (_, d), _ in ranked]
    answer = reader.ask([{"op": "search", "q": '"shining path"'}])[0]
    assert [h["refid"] for h in answer["hits"]] == expected
    assert expected[0] == "08LIMA1552"  # four times in a short cable


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"shining', "unbalanced quote"),
        ("oil OR", "OR has nothing to work on"),
        ("sujbect:x", 'unknown field "sujbect:"'),
        ("t*", "at least 2 letters"),
        ("released:2011-08-30", "not searchable in the mirror"),
    ],
)
def test_unreadable_queries_say_why(reader: Node, query: str, message: str) -> None:
    answer = reader.ask([{"op": "search", "q": query}])[0]
    assert message in answer["error"]


def test_term_hash_is_the_writers(reader: Node) -> None:
    """The browser finds a term's partition and shard by the hash the writer filed it under."""
    terms = ["sendero", "shining path", "sao paulo", "2007", "北京", "é x", "a " + "b" * 40]
    (answer,) = reader.ask([{"op": "hash", "terms": terms}])
    assert answer["hashes"] == [term_hash(t) for t in terms]
    assert answer["own"] == [own_hash(t) for t in terms]


def _big_terms(index: Path) -> list[str]:
    """The terms whose shard entry says they have a file of their own."""
    found = []
    for shard in index.glob("s/*/*.z"):
        data = zlib.decompress(shard.read_bytes())
        i = 0

        def varint(data: bytes = data) -> int:
            nonlocal i
            n = shift = 0
            while True:
                byte = data[i]
                i += 1
                n |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    return n

        for _ in range(varint()):
            size = varint()
            term = data[i : i + size].decode("utf-8")
            i += size
            if varint():
                found.append(term)
            else:
                size = varint()  # read first: ``i += varint()`` would add to the old ``i``
                i += size
    return sorted(found)


def test_big_terms_are_fetched_without_their_shard(
    big_reader: Node, big_index: SampleIndex
) -> None:
    """Each big term's file is named by its hashes and passed by the filter of big terms: the
    reader asks for that file alone; a small term still comes from its shard."""
    big = _big_terms(big_index.path)
    assert len(big) > 100 and "said" in big and "shining path" not in big
    meta = json.loads((big_index.path / "meta.json").read_text())
    bits = np.unpackbits(
        np.frombuffer(zlib.decompress((big_index.path / "big.z").read_bytes()), np.uint8),
        bitorder="little",
    )
    assert len(bits) == meta["big"]["bits"]
    for term in big:
        h = term_hash(term)
        p = h % len(meta["shards"])
        assert (big_index.path / "t" / str(p) / own_file(term, h)).is_file(), term
        assert all(bits[probes(h, own_hash(term), len(bits))]), term
    big_reader.ask([{"op": "loaded"}])
    (answer,) = big_reader.ask([{"op": "search", "q": "said", "page": 1}])
    assert answer["total"] > 100
    (loaded,) = big_reader.ask([{"op": "loaded"}])
    terms = [f for f in loaded["files"] if not f.startswith(("d/", "f/", "labels"))]
    assert len(terms) == 1 and terms[0].startswith("t/"), loaded
    big_reader.ask([{"op": "search", "q": '"shining path"', "page": 1}])
    (loaded,) = big_reader.ask([{"op": "loaded"}])
    assert [f for f in loaded["files"] if f.startswith(("s/", "t/"))][0].startswith("s/")


def test_a_mistake_of_the_filter_costs_a_request_not_an_answer(
    big_reader: Node, big_index: SampleIndex
) -> None:
    """~1 % of small terms pass the filter: their own file is missing, the shard answers."""
    meta = json.loads((big_index.path / "meta.json").read_text())
    bits = np.unpackbits(
        np.frombuffer(zlib.decompress((big_index.path / "big.z").read_bytes()), np.uint8),
        bitorder="little",
    )
    big = set(_big_terms(big_index.path))
    corpus = brute.docs(big_index.cables)
    words = sorted({w for d in corpus for w in d.words} - big)
    passed = [w for w in words if all(bits[probes(term_hash(w), own_hash(w), len(bits))])]
    assert 0 < len(passed) < 0.05 * len(words), (len(passed), len(words))
    word = passed[0]
    big_reader.ask([{"op": "loaded"}])
    (answer,) = big_reader.ask([{"op": "search", "q": word, "page": 1}])
    expected, _ = brute.search(corpus, word, {})
    assert answer["total"] == len(expected) > 0
    assert {h["refid"] for h in answer["hits"]} <= expected
    (loaded,) = big_reader.ask([{"op": "loaded"}])
    asked = [f for f in loaded["files"] if f.startswith(("s/", "t/"))]
    assert [f[:2] for f in asked] == ["t/", "s/"], asked  # the missing file, then the shard
    assert not (big_index.path / asked[0]).exists()
    assert meta["big"]["probes"] == PROBES


@pytest.mark.parametrize(("query", "filters"), CASES, ids=[f"{q} {f}" for q, f in CASES])
def test_big_terms_give_the_same_answers(
    reader: Node, big_reader: Node, query: str, filters: dict[str, list[str]]
) -> None:
    """Every case answered from an index whose common terms have files of their own is the
    answer of the index that keeps them in their shards."""
    ask = [{"op": "search", "q": query, "filters": filters, "page": p} for p in (1, 2)]
    assert big_reader.ask(ask) == reader.ask(ask)


def test_hostile_cable_is_escaped(reader: Node) -> None:
    answer = reader.ask([{"op": "search", "q": "xsstestword"}])[0]
    (hit,) = answer["hits"]
    assert hit["refid"] == "08LIMA9999"
    html = hit["snippet"]
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;script&gt;" in html and "<mark>Xsstestword</mark>" in html
    assert "\u202e" not in html
