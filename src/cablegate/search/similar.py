"""The cables most like one cable, by the words they share: Tantivy's more-like-this query.

The query is built from the cable's stored, cleaned text (``more_like_this_document_fields_query``):
the form that takes a document address scored unrelated cables alike in tantivy 0.27 (six cables
of six subjects tied at 40.9 for 06MADRID1074 at full scale), the text form ranks as expected.
At full scale (251,287 cables) it takes 3.0 ms p50, 5.8 ms p95 (100 random cables,
benchmarks/similar_speed.py), so the live page and its JSON twin compute it on request; the static
mirror leaves it out (251,287 more searches).
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
# two cables at least, three letters or more; 40 words took 4.0 ms p50 against 3.0 at full scale.
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
