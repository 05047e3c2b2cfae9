"""A cheap upper bound of how many cables a query matches, from term document frequencies.

It decides how the tag facet is counted before the query runs: by the tag column of each match
(fast for a few thousand matches) or by the postings of each tag (a fixed ~7 ms at full scale,
but independent of the number of matches; 30 ms saved on a query like ``said``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from cablegate.search.query import FILTER_FIELD, TEXT_FIELD, keyword_value
from cablegate.search.schema import DEFAULT_FIELDS, spellings
from cablegate.search.syntax import And, Node, Not, Or, Term

DocFreq = Callable[[str, str], int]
_KEYWORD = {
    "tag": "tag",
    "classification": "classification",
    "country": "country",
    "region": "region",
}


def _term(t: Term, doc_freq: DocFreq, total: int) -> int:
    if t.prefix or t.field in ("created", "released", "decl", "origin", "refid"):
        return total  # not worth a lookup: assume the worst
    if t.field in _KEYWORD:
        field = _KEYWORD[t.field]
        return doc_freq(field, keyword_value(field, t.text))
    fields = [TEXT_FIELD[t.field]] if t.field in TEXT_FIELD else list(DEFAULT_FIELDS)
    # a phrase or an AND of words matches no more cables than its rarest word
    return sum(
        min(doc_freq(f, w) for w in tokens)
        for tokens in spellings(t.text)
        if tokens
        for f in fields
    )


def matches_at_most(
    node: Node,
    filters: Mapping[str, Sequence[str]],
    doc_freq: DocFreq,
    total: int,
) -> int:
    """An upper bound of the cables matching ``node`` and ``filters`` (``total`` when unsure)."""

    def walk(n: Node) -> int:
        if isinstance(n, Term):
            return _term(n, doc_freq, total)
        if isinstance(n, And):
            return min(walk(c) for c in n.children)
        if isinstance(n, Or):
            return min(total, sum(walk(c) for c in n.children))
        return total  # Not, Everything

    bound = walk(node)
    for name, values in filters.items():
        field = FILTER_FIELD.get(name)
        if field and values and name != "decl":  # a date range, not terms: no estimate
            bound = min(bound, sum(doc_freq(field, keyword_value(field, v)) for v in values))
    return min(bound, total)


def has_positions(node: Node) -> bool:
    """Whether the query reads word positions or expands prefixes: every run of it is then
    costly (~10 ms for "human rights" at full scale), which changes how tags are best counted."""
    if isinstance(node, Term):
        return node.field not in ("created", "released") and (
            node.prefix or any(len(s) > 1 for s in spellings(node.text))
        )
    if isinstance(node, And | Or):
        return any(has_positions(c) for c in node.children)
    if isinstance(node, Not):
        return has_positions(node.child)
    return False
