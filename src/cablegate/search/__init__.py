"""Full-text search: the query language, the Tantivy index beside the SQLite file, facets, snippets.

Public face (used by the CLI, the web app and the benchmarks)::

    from cablegate.search import SearchIndex, SearchResult, index_fields
    idx = SearchIndex.open(path)              # creates the directory when missing
    idx.add([index_fields(cable, ...), ...])  # replaces documents by refid
    idx.commit()
    result = idx.search("iran AND nuclear", filters={"origin": ["embassy-lima"]},
                        sort="relevance", page=1, per_page=20)
"""

from __future__ import annotations

from cablegate.search.document import index_fields, to_document
from cablegate.search.facets import FACETS
from cablegate.search.index import SORTS, SearchIndex
from cablegate.search.query import compile_query
from cablegate.search.result import FacetValue, Hit, SearchResult
from cablegate.search.syntax import FIELDS

__all__ = [
    "FACETS",
    "FIELDS",
    "SORTS",
    "FacetValue",
    "Hit",
    "SearchIndex",
    "SearchResult",
    "compile_query",
    "index_fields",
    "to_document",
]
