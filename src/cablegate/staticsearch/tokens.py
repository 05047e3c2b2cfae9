"""Index words, cut by the rules of ``tokenizer.json``: the one spec the browser reader loads too.

The steps, in the spec's order: Unicode NFKD, drop nonspacing marks (``São`` -> ``sao``), lower
case, split into runs of letters and digits, drop words over ``max_word_bytes`` of UTF-8 (as the
live index does) and stopwords. Phrases are indexed as pairs of adjacent words.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from functools import cache
from importlib.resources import files
from typing import Any

SPEC_FILE = "tokenizer.json"


@cache
def spec() -> dict[str, Any]:
    """The spec, as both sides read it."""
    return dict(json.loads(files(__package__).joinpath(SPEC_FILE).read_text("utf-8")))


def spec_bytes() -> bytes:
    """The spec file as shipped beside the index, byte for byte."""
    return files(__package__).joinpath(SPEC_FILE).read_bytes()


# Python's ``re`` has no \p{..}: ``[^\W_]`` is "alphanumeric", i.e. categories L* and N*, which
# is the spec's word; tests/staticsearch/test_tokens.py checks the two agree on every code point.
_WORD = re.compile(r"[^\W_]+")


@cache
def _drop_table() -> dict[int, None]:
    if spec()["drop"] != "\\p{Mn}":  # pragma: no cover - the spec and this module move together
        raise ValueError("tokenizer.json: only \\p{Mn} can be dropped")
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Mn"}


def fold(text: str) -> str:
    """``text`` normalized, marks dropped and lower-cased (the steps before the split)."""
    if text.isascii():  # telegram text nearly always is: skip the Unicode work
        return text.lower()
    return unicodedata.normalize(spec()["normalize"], text).translate(_drop_table()).lower()


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(spec()["stopwords"])


def words(text: str) -> list[str]:
    """The index words of ``text``, in order."""
    limit = spec()["max_word_bytes"]
    stop = _stopwords()
    folded = fold(text)
    out = _WORD.findall(folded)
    # in ASCII a character is a byte: only a word over the limit in characters needs a look
    longest = max(map(len, out), default=0) * (1 if folded.isascii() else 4)
    if longest > limit or stop:
        out = [w for w in out if len(w.encode("utf-8")) <= limit and w not in stop]
    return out


def pairs(tokens: list[str]) -> list[str]:
    """Adjacent words joined by the spec's separator: what a ``"phrase"`` is looked up by."""
    return list(map(spec()["pair_separator"].join, zip(tokens, tokens[1:], strict=False)))


def prepare() -> None:
    """Build the lookup tables now (a second of work), e.g. before forking workers."""
    _drop_table()
