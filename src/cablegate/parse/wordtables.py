"""Small data tables under ``cablegate/data``, read once: word lists and two-column maps.

File format: UTF-8 text, ``#`` starts a comment line, blank lines are ignored. Word lists hold one
entry a line; maps hold ``key,value`` (the first comma splits).
"""

from __future__ import annotations

from functools import cache

from cablegate.data import lines as _lines


@cache
def words(name: str, *, upper: bool = True) -> frozenset[str]:
    """The entries of a word list, upper-cased unless ``upper`` is false."""
    return frozenset(w.upper() if upper else w for w in _lines(name))


@cache
def ordered_words(name: str) -> tuple[str, ...]:
    """The entries of a word list in file order (for lists whose order matters)."""
    return tuple(_lines(name))


@cache
def pairs(name: str, *, upper_keys: bool = True) -> dict[str, str]:
    """A ``key,value`` table as a dict; keys upper-cased unless ``upper_keys`` is false."""
    table: dict[str, str] = {}
    for line in _lines(name):
        key, _, value = line.partition(",")
        table[key.strip().upper() if upper_keys else key.strip()] = value.strip()
    return table
