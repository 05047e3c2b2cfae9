"""HTML snippets: about 200 characters of the body around the first matched word.

Cables hold raw ``<``, ``&`` and even markup, so every piece of cable text is escaped here and
the only markup is our own ``<mark>``. The words are found with one regular expression built
from the query's terms, not with tantivy's ``SnippetGenerator``: that one re-tokenizes the whole
body of every hit (~0.25 ms a cable, 5 ms a page), this one stops at the first match.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

SNIPPET_CHARS = 200
_BEFORE = 60  # characters of context shown before the first match
_SPACE = re.compile(r"\s+")
# The index cuts words at every character that is not a letter or digit: so do we.
_START = r"(?<![^\W_])"
_END = r"(?![^\W_])"
_GAP = r"[\W_]+"
_MORE = r"[^\W_]*"


class Highlight(NamedTuple):
    """A term to mark in the body: its words, and whether the last one is a prefix:
    ``Highlight(("human", "rights"), False)``, ``Highlight(("nucl",), True)``."""

    words: tuple[str, ...]
    prefix: bool


Terms = tuple[Highlight, ...]


def _longest_first(term: Highlight) -> int:
    """Sort key: a longer term is tried first, so a phrase wins over its own first word."""
    return -sum(map(len, term.words))


@lru_cache(maxsize=256)
def _pattern(terms: Terms) -> re.Pattern[str] | None:
    alternatives = []
    for term in sorted(terms, key=_longest_first):
        if term.words:
            body = _GAP.join(re.escape(w) for w in term.words)
            alternatives.append(_START + body + (_MORE if term.prefix else _END))
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def _escape(text: str) -> str:
    """Escaped, with line breaks and runs of blanks shown as one space."""
    return html.escape(_SPACE.sub(" ", text))


def lead(text: str, size: int = SNIPPET_CHARS) -> str:
    """The start of the body, for hits whose match is not in the body (subject, tag, origin...)."""
    flat = _SPACE.sub(" ", text[: size * 3]).strip()
    if len(flat) <= size:
        return html.escape(flat)
    cut = flat.rfind(" ", 0, size)
    return html.escape(flat[: cut if cut > size // 2 else size]) + " …"


def snippet(text: str, terms: Sequence[tuple[tuple[str, ...], bool]]) -> str:
    """HTML of the body around the first match of ``terms``, matches in ``<mark>``; the start
    of the body when none matches."""
    rx = _pattern(tuple(Highlight(*term) for term in terms))
    first = rx.search(text) if rx else None
    if rx is None or first is None:
        return lead(text)
    start = max(0, first.start() - _BEFORE)
    if start:
        space = text.find(" ", start, first.start())
        start = space + 1 if space >= 0 else start
    end = min(len(text), max(start + SNIPPET_CHARS, first.end()))
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > first.end() else end
    parts = ["… "] if start else []
    at = start
    for m in rx.finditer(text, start, end):
        parts.append(_escape(text[at : m.start()]))
        parts.append("<mark>" + html.escape(m.group()) + "</mark>")
        at = m.end()
    parts.append(_escape(text[at:end]))
    if end < len(text):
        parts.append(" …")
    return "".join(parts).strip()
