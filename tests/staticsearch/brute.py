"""The meaning of a query, by brute force over a list of cables: what the index must answer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cablegate.model import Cable
from cablegate.search.document import index_fields
from cablegate.search.syntax import And, Everything, Node, Not, Or, Term, parse
from cablegate.staticsearch.chunk import SUBJECT_WEIGHT
from cablegate.staticsearch.tokens import pairs, words


@dataclass(frozen=True)
class Doc:
    refid: str
    words: frozenset[str]
    pairs: frozenset[str]
    facets: Mapping[str, tuple[str, ...]]


def docs(cables: Sequence[Cable]) -> list[Doc]:
    out = []
    for cable in cables:
        f = index_fields(cable)
        body, subject = words(f["text"]), words(f["subject"])
        facets = {
            "classification": (f["classification_slug"],),
            "year": (f["year"],),
            "origin": (f["origin_slug"],),
            "country": (f["country"],),
            "region": (f["region"],),
            "tag": tuple(f["tags"]),
        }
        out.append(
            Doc(
                f["refid"],
                frozenset(body + subject),
                frozenset(pairs(body) + pairs(subject)),
                {k: tuple(v for v in vs if v) for k, vs in facets.items()},
            )
        )
    return out


def _term(t: Term, d: Doc) -> bool:
    if t.field == "tag":
        return any(
            v.startswith(t.text.upper()) if t.prefix else v == t.text.upper()
            for v in d.facets["tag"]
        )
    tokens = words(t.text)
    if not tokens:
        return False
    if t.prefix:
        *rest, last = tokens
        return all(w in d.words for w in rest) and any(w.startswith(last) for w in d.words)
    if len(tokens) == 1:
        return tokens[0] in d.words
    return all(p in d.pairs for p in pairs(tokens))


def matches(node: Node, d: Doc) -> bool:
    if isinstance(node, Everything):
        return True
    if isinstance(node, Not):
        return not matches(node.child, d)
    if isinstance(node, And):
        return all(matches(c, d) for c in node.children)
    if isinstance(node, Or):
        return any(matches(c, d) for c in node.children)
    return _term(node, d)


def search(
    corpus: Sequence[Doc], query: str, filters: Mapping[str, Sequence[str]]
) -> tuple[set[str], dict[str, Counter[str]]]:
    """The refids matching, and the facet counts over them."""
    tree = parse(query)
    found = [
        d
        for d in corpus
        if matches(tree, d) and all(set(vs) & set(d.facets[f]) for f, vs in filters.items() if vs)
    ]
    counts = {f: Counter(v for d in found for v in d.facets[f]) for f in corpus[0].facets}
    return {d.refid for d in found}, counts


def frequency(cable: Cable, term: str) -> int:
    """Weighted frequency of a word or pair, as the writer counts it (subject words twice)."""
    f = index_fields(cable)
    body, subject = words(f["text"]), words(f["subject"])
    return (body + pairs(body)).count(term) + SUBJECT_WEIGHT * (subject + pairs(subject)).count(
        term
    )


def length(cable: Cable) -> int:
    f = index_fields(cable)
    return len(words(f["text"])) + SUBJECT_WEIGHT * len(words(f["subject"]))
