"""The search language -> a tantivy ``Query``, and the facet filters beside it.

``syntax`` reads the text into a tree; this module gives each term its meaning per field (words
in the body, an exact tag, a date range...). User text never reaches tantivy's own query parser:
every query is built from term, phrase, regex and range queries.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

import tantivy
from tantivy import Occur, Query

from cablegate.errors import QueryError
from cablegate.posts import all_posts, slugify
from cablegate.refid import canonical_id
from cablegate.search import syntax
from cablegate.search.dates import Span, parse_span
from cablegate.search.schema import DEFAULT_FIELDS, build_schema, reason_key, spellings
from cablegate.search.snippet import Highlight, Terms
from cablegate.search.syntax import And, Everything, Node, Not, Or, Term

# Field of the language -> the text field it searches (words, phrases, prefixes).
TEXT_FIELD = {"subject": "subject", "from": "sender", "to": "recipients"}
DATE_FIELD = {"created": "created_ts", "released": "released_ts", "decl": "decl_ts"}
# decl:passed / decl:pending: the declassification date before / after now (the query's time)
DECL_STATES = ("passed", "pending")
# Filters (facet values) -> keyword field of the index.
FILTER_FIELD = {
    "origin": "origin_slug",
    "country": "country",
    "region": "region",
    "tag": "tag",
    "classification": "classification",
    "year": "year",
    "month": "month",
    "released": "released_day",
    "redacted": "redacted",
    "person": "person",
    "reason": "reason",
    "eo": "eo",
    "decl": "decl_ts",  # passed | pending: a range on the declassification date, not a term
}
# redacted:yes|no ("redacted in some version"), and the spellings people try for them
_YES_NO = {"yes": "yes", "y": "yes", "true": "yes", "1": "yes", "no": "no", "n": "no",
           "false": "no", "0": "no"}  # fmt: skip
MIN_PREFIX = 2  # "a*" would union the postings of every word starting with a
_REFID = re.compile(r"\d{2}[A-Za-z]+\d+")
_REGEX_META = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation character


@dataclass(frozen=True, slots=True)
class Compiled:
    """A query ready to run; ``year`` is set when it only matches cables created in that year,
    ``terms`` are the body words to highlight (see ``snippet``)."""

    query: Query
    node: Node
    year: int | None = None
    terms: Terms = ()


@cache
def _country_codes() -> dict[str, str]:
    """Country name slug -> ISO code, so that ``country:peru`` works as well as ``country:PE``."""
    return {slugify(p.country): p.iso2 for p in all_posts() if p.iso2}


def keyword_value(field: str, value: str) -> str:
    """A filter or field value in the form the index holds it."""
    value = value.strip()
    if field in ("tag", "refid", "canonical_id"):
        return value.upper()
    if field == "country":
        return _country_codes().get(slugify(value), value.upper())
    if field in ("year", "month", "released_day"):
        return value
    if field == "redacted":
        return _YES_NO.get(value.lower(), slugify(value))
    if field == "reason":
        return reason_key(value) or value.lower()
    if field == "eo":
        return value.upper().removeprefix("E.O.").removeprefix("EO").strip()
    return slugify(value)


def _regex_prefix(prefix: str) -> str:
    return _REGEX_META.sub(r"\\\1", prefix) + ".*"


class _Builder:
    def __init__(self, query: str) -> None:
        self.text = query
        self.schema = build_schema()

    def error(self, message: str, pos: int) -> QueryError:
        return QueryError(message, pos, self.text)

    # --- tree -> query ------------------------------------------------------------------------

    def build(self, node: Node) -> Query | None:
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Everything):
            return Query.all_query()
        if isinstance(node, Not):
            inner = self.build(node.child)
            return None if inner is None else _minus(Query.all_query(), [inner])
        children = node.children
        if isinstance(node, Or):
            parts = [q for q in (self.build(c) for c in children) if q is not None]
            if not parts:
                return None
            return parts[0] if len(parts) == 1 else _should(parts)
        return self.conjunction(node)

    def conjunction(self, node: And) -> Query | None:
        musts: list[Query] = []
        nots: list[Query] = []
        for child in node.children:
            if isinstance(child, Not):
                q = self.build(child.child)
                if q is not None:
                    nots.append(q)
            else:
                q = self.build(child)
                if q is not None:
                    musts.append(q)
        if not nots:
            if not musts:
                return None
            return musts[0] if len(musts) == 1 else _must(musts)
        base = musts[0] if len(musts) == 1 else _must(musts) if musts else Query.all_query()
        return _minus(base, nots)

    # --- one term -----------------------------------------------------------------------------

    def term(self, t: Term) -> Query | None:
        field = t.field
        if field == "decl" and t.text.strip().lower() in DECL_STATES:
            return decl_query(t.text.strip().lower())
        if field in DATE_FIELD:
            if t.prefix:
                raise self.error(
                    f"{field}: dates take no *, e.g. {field}:2007 or {field}:2007-03", t.pos
                )
            span = parse_span(t.text, t.pos, self.text)
            return date_query(field, span)
        if field is None:
            queries = [self.text_query(f, t, boost) for f, boost in DEFAULT_FIELDS.items()]
            if not t.phrase and not t.prefix and _REFID.fullmatch(t.text):
                queries.append(self.keyword("refid", t))  # a bare 07LIMA487 finds that cable
            return _any(queries)
        if field in TEXT_FIELD:
            return self.text_query(TEXT_FIELD[field], t)
        if field == "origin":
            return _any([self.text_query("origin_name", t), self.keyword("origin_slug", t)])
        if field == "refid":
            return _any(
                [self.keyword("refid", t), self.keyword("canonical_id", t), self.canonical(t)]
            )
        return self.keyword(field, t)  # tag, classification, country, region

    def text_query(self, field: str, t: Term, boost: float = 1.0) -> Query | None:
        variants = [v for v in spellings(t.text) if v]
        if t.prefix and not variants:
            raise self.error(
                f'"{t.text}*" has no word to complete: give at least {MIN_PREFIX} letters '
                "or digits before *",
                t.pos,
            )
        if t.prefix and len(variants[0]) == 1 and len(variants[0][0]) < MIN_PREFIX:
            raise self.error(
                f'"{t.text}*" is too short: give at least {MIN_PREFIX} letters before *', t.pos
            )
        q = _any([self.words_query(field, tokens, t) for tokens in variants])
        return q if q is None or boost == 1.0 else Query.boost_query(q, boost)

    def words_query(self, field: str, tokens: tuple[str, ...], t: Term) -> Query:
        if t.prefix:
            if len(tokens) == 1:
                return self.regex(field, _regex_prefix(tokens[0]), t)
            return Query.phrase_prefix_query(self.schema, field, list(tokens))
        if len(tokens) == 1:
            return Query.term_query(self.schema, field, tokens[0])
        # a quoted phrase, or one word the analyzer cuts in several: al-Qaida, U.S.
        return Query.phrase_query(self.schema, field, list(tokens))

    def keyword(self, field: str, t: Term) -> Query | None:
        index_field = FILTER_FIELD.get(field, field)
        value = keyword_value(index_field, t.text)
        if t.prefix:
            if not value:
                raise self.error(f'"{t.field}:*" needs a value before the *', t.pos)
            return self.regex(index_field, _regex_prefix(value), t)
        if not value:
            return None
        values = {value, t.text.strip()} if index_field == "refid" else {value}
        return _any([Query.term_query(self.schema, index_field, v) for v in sorted(values)])

    def canonical(self, t: Term) -> Query | None:
        if t.prefix:
            return None
        try:
            canon = canonical_id(t.text.strip())
        except Exception:  # not written yet, or an id it cannot read: the other spellings remain
            return None
        return Query.term_query(self.schema, "canonical_id", canon) if canon else None

    def regex(self, field: str, pattern: str, t: Term) -> Query:
        try:
            return Query.regex_query(self.schema, field, pattern)
        except ValueError:
            raise self.error(f'cannot search for "{t.text}*"', t.pos) from None


def _must(parts: Sequence[Query]) -> Query:
    return Query.boolean_query([(Occur.Must, q) for q in parts])


def _should(parts: Sequence[Query]) -> Query:
    return Query.boolean_query([(Occur.Should, q) for q in parts])


def _minus(base: Query, nots: Sequence[Query]) -> Query:
    return Query.boolean_query([(Occur.Must, base), *((Occur.MustNot, q) for q in nots)])


def _any(parts: Sequence[Query | None]) -> Query | None:
    found = [q for q in parts if q is not None]
    if not found:
        return None
    return found[0] if len(found) == 1 else _should(found)


def date_query(field: str, span: Span) -> Query:
    return Query.range_query(
        build_schema(),
        DATE_FIELD[field],
        tantivy.FieldType.Integer,
        span.start,
        span.end,
        include_lower=True,
        include_upper=span.end is None,  # tantivy: an open side must be called inclusive
    )


def decl_query(state: str, now: int | None = None) -> Query:
    """Cables whose declassification date has passed (``passed``) or not (``pending``) at
    ``now`` (minutes since 1970; default: this minute, UTC)."""
    now = minutes_now() if now is None else now
    start, end = (None, now) if state == "passed" else (now, None)
    return Query.range_query(
        build_schema(),
        "decl_ts",
        tantivy.FieldType.Integer,
        start,
        end,
        include_lower=True,
        include_upper=end is None,
    )


def minutes_now() -> int:
    return int(time.time()) // 60


def _single_year(node: Node, text: str) -> int | None:
    """The year a query is confined to by a ``created:`` range it must match, if any."""
    terms = node.children if isinstance(node, And) else (node,)
    for t in terms:
        if isinstance(t, Term) and t.field == "created" and not t.prefix:
            year = parse_span(t.text, t.pos, text).single_year()
            if year is not None:
                return year
    return None


def _highlight_terms(node: Node) -> Terms:
    """The words a body match can show: bare terms, not under a NOT."""
    if isinstance(node, Term):
        if node.field is not None:
            return ()
        return tuple(Highlight(words, node.prefix) for words in spellings(node.text) if words)
    if isinstance(node, And | Or):
        return tuple(t for c in node.children for t in _highlight_terms(c))
    return ()


def compile_query(text: str) -> Compiled:
    """Read ``text`` and build its tantivy query; any fault is a :class:`QueryError`."""
    node = syntax.parse(text)
    query = _Builder(text).build(node)
    if query is None:
        raise QueryError(
            "nothing to search for: the query has no letters or digits to look up", 0, text
        )
    terms = tuple(dict.fromkeys(_highlight_terms(node)))
    return Compiled(query, node, _single_year(node, text), terms)


class Filters(NamedTuple):
    """Facet filters as queries (one per field), and the single year they confine to, if any."""

    queries: list[Query]
    year: int | None


def filter_query(filters: Mapping[str, Sequence[str]]) -> Filters:
    """Facet filters -> one query per field (values OR-ed; fields AND-ed), and the single year
    they confine the search to, if any."""
    schema = build_schema()
    queries: list[Query] = []
    years: set[str] = set()
    for name, values in filters.items():
        if name not in FILTER_FIELD:
            raise QueryError(f'unknown filter "{name}"; the filters are ' + ", ".join(FILTER_FIELD))
        if isinstance(values, str):
            values = [values]
        field = FILTER_FIELD[name]
        if name == "decl":
            states = sorted({str(v).strip().lower() for v in values if str(v).strip()})
            for s in states:
                if s not in DECL_STATES:
                    raise QueryError(f'decl filter "{s}": the values are passed, pending')
            if states:
                queries.append(_any([decl_query(s) for s in states]) or Query.all_query())
            continue
        terms = sorted({keyword_value(field, str(v)) for v in values if str(v).strip()})
        if not terms:
            continue
        if name in ("year", "month"):
            years.update(v[:4] for v in terms)
        queries.append(
            Query.term_query(schema, field, terms[0])
            if len(terms) == 1
            else Query.term_set_query(schema, field, terms)
        )
    year = int(next(iter(years))) if len(years) == 1 and next(iter(years)).isdigit() else None
    return Filters(queries, year)
