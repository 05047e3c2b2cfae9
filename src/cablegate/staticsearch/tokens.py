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
# Text whose non-ASCII characters are all *inert* (below) is split without the Unicode steps and
# the regex, at a third of their cost: its UTF-8 bytes translated (letters lower-cased, digits
# kept, every other byte a space) and split. 87 % of cables are ASCII; most others only hold
# curly quotes or dashes.
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 else 32 for c in range(256)
)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@cache
def _inert(c: str) -> bool:
    """Does ``c`` separate words and nothing else? Its NFKD holds no letter or digit (so ``℡``
    or a circled letter is not inert) and no mark to drop (a dropped mark joins its neighbours);
    ``str.isalnum`` is the regex's ``[^\\W_]`` (CPython defines both so)."""
    return not any(
        x.isalnum() or unicodedata.category(x) == "Mn"
        for x in unicodedata.normalize(spec()["normalize"], c)
    )


@cache
def _drop_table() -> dict[int, None]:
    if spec()["drop"] != "\\p{Mn}":  # pragma: no cover - the spec and this module move together
        raise ValueError("tokenizer.json: only \\p{Mn} can be dropped")
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Mn"}


def fold(text: str) -> str:
    """``text`` normalized, marks dropped and lower-cased (the steps before the split)."""
    if text.isascii():  # telegram text nearly always is: skip the Unicode work
        return text.lower()
    text = unicodedata.normalize(spec()["normalize"], text)
    # the text's few distinct marks removed one by one: ``translate`` looks every character up
    drop = _drop_table()
    for mark in [c for c in set(text) if ord(c) in drop]:
        text = text.replace(mark, "")
    return text.lower()


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(spec()["stopwords"])


def words(text: str) -> list[str]:
    """The index words of ``text``, in order."""
    limit = spec()["max_word_bytes"]
    stop = _stopwords()
    if text.isascii() or all(map(_inert, set(_NON_ASCII.findall(text)))):
        out = text.encode("utf-8").translate(_ASCII_WORDS).decode("ascii").split()
        longest = max(map(len, out), default=0)  # in ASCII a character is a byte
    else:
        out = _WORD.findall(fold(text))
        longest = max(map(len, out), default=0) * 4  # up to 4 bytes a character
    if longest > limit or stop:
        out = [w for w in out if len(w.encode("utf-8")) <= limit and w not in stop]
    return out


def pairs(tokens: list[str]) -> list[str]:
    """Adjacent words joined by the spec's separator: what a ``"phrase"`` is looked up by."""
    return list(map(spec()["pair_separator"].join, zip(tokens, tokens[1:], strict=False)))


def prepare() -> None:
    """Build the lookup tables now (a second of work), e.g. before forking workers."""
    _drop_table()
