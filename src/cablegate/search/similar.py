"""The cables most like one cable, by the words they share: Tantivy's more-like-this query.

The query is built from the cable's stored, cleaned text and its subject
(``more_like_this_document_fields_query``): the form that takes a document address scored
unrelated cables alike in tantivy 0.27 (six cables of six subjects tied at 40.9 for
06MADRID1074 at full scale); the subject added found 52 of 83 cables a REF reply names in the
top five on the shared corpus, against 43 without it. The best ``POOL`` it finds are ranked
again with a prior for time (:func:`in_time`). At full scale (251,287 cables) a lookup took
4.9 ms of CPU p50, 7.2 ms p95 at 25 words and no prior (benchmarks/similar_speed.py, 100 random
cables; 8.8 and 22.9 ms of wall time on the 2-core machine shared with other work); on the
shared corpus 40 words and the prior cost 1.3-1.4x the CPU of that (1.9 against 1.5 ms p50, 1.7
against 1.2, two runs of 200 cables each, alternated), so the live page and its JSON twin
compute it on request; the static mirror leaves it out (251,287 more searches).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any

import tantivy
from tantivy import Occur, Query

from cablegate.search.budget import Budget
from cablegate.search.result import Hit
from cablegate.search.schema import HIT_FIELD, build_schema

SHOWN = 8
# The 40 best words of the cable (by tf-idf), each in at most a tenth of the archive, seen in
# two cables at least, three letters or more; the best POOL of the cables they find are ranked
# again with a prior for time: a cable's score divided by 1 + its distance in days from the
# asked one / HALF_DAYS (half the score at 180 days, a third at a year). Cables that answer one
# another, or a circular re-sent, are days or weeks apart; the same words years apart are most
# often another meeting on another matter (06MADRID779: five Madrid meetings with FM Moratinos of
# other years ranked above the instruction it answers). On the shared corpus, every REF pair
# inside it (1,806: the citing cable asked, the cited expected) and every ordered pair of
# near-duplicates (114): recall at five 0.569 and 0.947 at 25 words and no prior, 0.656 and
# 0.947 with the prior, 0.677 and 0.965 with it at 40 words (REF pairs at 25 words: a half of
# 90 or 365 days 0.656, of 30 days 0.631; a half of 180 days and a pool of 15 0.648, of 50
# 0.660). CPU a look-up on the shared corpus: see the module's docstring.
MAX_QUERY_TERMS = 40
MAX_DOC_SHARE = 0.1
MIN_DOC_FREQUENCY = 2
MIN_WORD_LENGTH = 3
POOL = 30
HALF_DAYS = 180.0
_MINUTES_A_DAY = 1440

_pool = ThreadPoolExecutor(2, thread_name_prefix="cablegate-similar")


def _ranked(searcher: tantivy.Searcher, refid: str, limit: int) -> tuple[Hit, ...] | None:
    schema = build_schema()
    own = Query.term_query(schema, "refid", refid)
    top = searcher.search(own, 1, count=False)
    if not top.hits:
        return None  # not (yet) in the index
    address = top.hits[0][1]
    doc = searcher.doc(address)
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
    found = searcher.search(query, max(POOL, limit), count=False).hits
    return tuple(
        Hit.from_stored(
            json.loads(bytes(searcher.doc(at).get_first(HIT_FIELD) or b"{}")),
            snippet="",
            score=score,
        )
        for score, at in in_time(searcher, address, found)[:limit]
    )


def in_time(
    searcher: tantivy.Searcher, address: Any, found: list[tuple[float, Any]]
) -> list[tuple[float, Any]]:
    """``found`` (score, address) ranked again by score / (1 + days apart / HALF_DAYS), best
    first; a cable without a date keeps its score. The dates are read from the index's fast
    field (no stored document fetched)."""
    if not found:
        return []
    stamps = searcher.fast_field_values("created_ts", [a for _, a in found] + [address])
    mine = stamps[-1]
    scored = []
    for (score, at), ts in zip(found, stamps, strict=False):
        s = float(score)
        if mine is not None and ts is not None:
            s /= 1.0 + abs(ts - mine) / _MINUTES_A_DAY / HALF_DAYS
        scored.append((s, at))
    scored.sort(key=lambda pair: -pair[0])
    return scored


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
