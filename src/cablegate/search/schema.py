"""The index schema: which field is searched, stored, counted or sorted, and how words are cut.

Bump ``SCHEMA_VERSION`` whenever a field or the analyzer changes: an index written with another
version is refused with a message telling to run ``cablegate reindex``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import tantivy

SCHEMA_VERSION = 3  # 2: redacted (yes|no); 3: person, classifier, reason, eo, decl_ts

# Words: tantivy's built-in "default" analyzer: runs of letters and digits, lower-cased, tokens
# over 40 bytes dropped. No stemming: an archive search should find the word typed; ``elect*``
# finds the family. No accent folding at index time either: it costs a third more indexing CPU
# (a custom analyzer chain) for telegram text that is nearly all plain ASCII; the query side
# looks for the unaccented spelling too (``spellings``).
ANALYZER = "default"

# Full-text fields searched by a bare word, with their weight: a word in the subject line says
# more about a cable than the same word deep in its body.
DEFAULT_FIELDS: dict[str, float] = {"text": 1.0, "subject": 2.0}

# Keyword fields hold one exact value each (or several: tags); fast ones are counted for facets.
KEYWORD_FIELDS = (
    "refid",
    "canonical_id",
    "origin_slug",
    "country",
    "region",
    "tag",
    "classification",
    "year",
    "month",
    "released_day",
    "redacted",
    "person",  # surname slugs of the classifiers, signers and named recipients ("struble", "van-voorst")
    "classifier",  # the classifiers' alone
    "reason",  # classification reasons, "1.4(b)"
    "eo",  # the executive order in force: "12958"
)
FAST_KEYWORDS = (
    "origin_slug",
    "tag",
    "classification",
    "month",
    "released_day",
    "redacted",
    "person",
    "reason",
    "eo",
)
TEXT_FIELDS = ("text", "subject", "origin_name", "sender", "recipients")
# The cleaned body is stored for snippets (tantivy compresses its doc store). What a hit shows
# (refid, subject, origin, dates...) is stored once as a small JSON blob in ``hit``.
STORED_TEXT = ("text",)
HIT_FIELD = "hit"
# Minutes since 1970-01-01 UTC (negative before): range queries and sorting by date.
TIME_FIELDS = ("created_ts", "released_ts", "decl_ts")  # decl_ts: the declassification date


@cache
def analyzer() -> tantivy.TextAnalyzer:
    """The same chain as tantivy's "default" analyzer, to cut query words as the index did."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .build()
    )


def words(text: str) -> list[str]:
    """``text`` cut into index terms, exactly as the index cut the cables."""
    return list(analyzer().analyze(text))


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def spellings(text: str) -> list[tuple[str, ...]]:
    """The index terms of ``text`` as typed and, when it has accents, without them: a query
    for "São Paulo" finds the telegram's "SAO PAULO" as well as a "São Paulo"."""
    typed = tuple(words(text))
    folded = tuple(words(_fold(text))) if not text.isascii() else typed
    return [typed] if folded == typed or not folded else [typed, folded]


_REASON = re.compile(r"\s*(\d)\s*\.\s*(\d)\s*\(?\s*([a-hA-H])\s*\)?\s*")


@lru_cache(maxsize=1024)
def reason_key(text: str) -> str:
    """A classification reason as the index holds it: ``1.4(b)`` (from ``1.4b``, ``1.4 (B)``);
    ``""`` for what is no reason."""
    m = _REASON.fullmatch(text)
    return f"{m[1]}.{m[2]}({m[3].lower()})" if m else ""


@cache
def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    for name in TEXT_FIELDS:
        sb.add_text_field(name, stored=name in STORED_TEXT, tokenizer_name=ANALYZER)
    for name in KEYWORD_FIELDS:
        sb.add_text_field(
            name,
            stored=False,
            fast=name in FAST_KEYWORDS,
            tokenizer_name="raw",
            index_option="basic",
        )
    sb.add_bytes_field(HIT_FIELD, stored=True, indexed=False)
    for name in TIME_FIELDS:
        sb.add_integer_field(name, stored=False, indexed=True, fast=True)
    return sb.build()
