"""Teaches schemathesis the ``cablegate-query`` string format (the search language of
docs/search.md) that the OpenAPI document gives ``q``: queries made from the grammar's parts
(words, phrases, prefixes, fields, operators, groups), so every query it sends is one the
grammar reads. Loaded by the contract test through ``SCHEMATHESIS_HOOKS``."""

from __future__ import annotations

import schemathesis
from hypothesis import strategies as st

from cablegate.web.openapi import QUERY_FORMAT

WORDS = ("peru", "lima", "shining", "path", "election", "minister", "oil", "gas", "iran", "army")
FIELDS = (
    "tag:PTER", "tag:pgov", "tag:K*", "origin:lima", "origin:embassy-lima", "from:lima",
    "to:secstate", "classification:secret*", "country:PE", "region:\"western hemisphere\"",
    "subject:election", "refid:07LIMA487", "refid:07LIMA*", "created:2007", "created:2006-01..2007-06",
    "released:2011-08-30", "redacted:no", "person:struble", "classifier:struble", "reason:1.4b",
    "eo:12958", "decl:passed", "decl:..2015-06",
)  # fmt: skip

word = st.sampled_from(WORDS)
term = st.one_of(
    word,
    st.tuples(word, word).map(lambda ws: f'"{ws[0]} {ws[1]}"'),
    word.map(lambda w: w[:3] + "*"),
    st.sampled_from(FIELDS),
)
clause = st.tuples(st.sampled_from(("", "-", "NOT ")), term).map("".join)
joined = st.tuples(
    clause, st.lists(st.tuples(st.sampled_from((" ", " AND ", " OR ")), clause), max_size=3)
).map(lambda parts: parts[0] + "".join(op + c for op, c in parts[1]))
query = st.one_of(
    joined,
    st.tuples(joined, joined).map(lambda pair: f"({pair[0]}) AND {pair[1]}"),
)

schemathesis.openapi.format(QUERY_FORMAT, query)
