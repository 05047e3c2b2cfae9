"""The cables most like one cable, by the words they share: Tantivy's more-like-this query.

The query is built from the cable's stored, cleaned text and its subject
(``more_like_this_document_fields_query``): the form that takes a document address scored
unrelated cables alike in tantivy 0.27 (six cables of six subjects tied at 40.9 for
06MADRID1074 at full scale); the subject added found 52 of 83 cables a REF reply names in the
top five on the shared corpus, against 43 without it. At full scale (251,287 cables) a lookup
takes 4.9 ms of CPU p50, 7.2 ms p95 (benchmarks/similar_speed.py, 100 random cables; 8.8 and
22.9 ms of wall time on the 2-core machine shared with other work), so the live page and its
JSON twin compute it on request; the static mirror leaves it out (251,287 more searches).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

import tantivy
from tantivy import Occur, Query

from cablegate.search.budget import Budget
from cablegate.search.result import Hit
from cablegate.search.schema import HIT_FIELD, build_schema

SHOWN = 8
# The 25 best words of the cable (by tf-idf), each in at most a tenth of the archive, seen in
# two cables at least, three letters or more. 100 words find one more of the 20 pairs of
# tests/search/test_similar.py (19) and all 43 near-duplicate pairs of the corpus (40 at 25),
# for twice the CPU at full scale (9.6 ms p50 against 5.0; 50 words: 6.7 ms, no better).
MAX_QUERY_TERMS = 25
MAX_DOC_SHARE = 0.1
MIN_DOC_FREQUENCY = 2
MIN_WORD_LENGTH = 3

_pool = ThreadPoolExecutor(2, thread_name_prefix="cablegate-similar")


def _ranked(searcher: tantivy.Searcher, refid: str, limit: int) -> tuple[Hit, ...] | None:
    schema = build_schema()
    own = Query.term_query(schema, "refid", refid)
    top = searcher.search(own, 1)
    if not top.hits:
        return None  # not (yet) in the index
    doc = searcher.doc(top.hits[0][1])
    text = str(doc.get_first("text") or "")
    subject = json.loads(bytes(doc.get_first(HIT_FIELD) or b"{}")).get("subject") or ""
    fields = {"text": [text]} | ({"subject": [subject]} if subject else {})
    if not (text.strip() or subject.strip()):
        return ()
    like = Query.more_like_this_document_fields_query(
        schema,
        fields,
        min_doc_frequency=MIN_DOC_FREQUENCY,
        max_doc_frequency=max(MIN_DOC_FREQUENCY, int(searcher.num_docs * MAX_DOC_SHARE)),
        min_term_frequency=1,
        max_query_terms=MAX_QUERY_TERMS,
        min_word_length=MIN_WORD_LENGTH,
    )
    query = Query.boolean_query([(Occur.Must, like), (Occur.MustNot, own)])
    return tuple(
        Hit.from_stored(
            json.loads(bytes(searcher.doc(address).get_first(HIT_FIELD) or b"{}")),
            snippet="",
            score=float(score),
        )
        for score, address in searcher.search(query, limit).hits
    )


def similar_cables(
    searcher: tantivy.Searcher, refid: str, *, limit: int = SHOWN, budget: Budget | None = None
) -> tuple[Hit, ...] | None:
    """The ``limit`` cables most like ``refid``, best first, itself left out; ``None`` when the
    cable is not in the index or the search missed the budget (the search runs on, on a pool;
    tantivy lets go of the GIL meanwhile)."""
    if budget is None:
        return _ranked(searcher, refid, limit)
    job = _pool.submit(_ranked, searcher, refid, limit)
    try:
        return job.result(timeout=budget.search_s)
    except FutureTimeout:
        return None
