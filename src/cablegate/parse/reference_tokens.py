"""Tokens of a REF item: numbers, words, punctuation, with the forms of real cables spelled out.

``09CAIRO0561`` becomes ``09`` ``CAIRO`` ``0561``, ``2005PANAMA2342`` and ``HK05511`` likewise,
``10-OTTAWA-57`` and ``4525-91`` are split at the hyphens, OCR errors are read back (``0TTAWA``,
``COTON0U``, ``SANTIAG0`` are words, ``O4`` and ``O1512`` are numbers), and letters glued to
digits in any other way (``R162245Z``, ``1.4``) are ``mixed``: message numbers, never a station.
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["Tok", "tokens"]

_RAW = re.compile(r"[A-Za-z0-9]+(?:['\u2019.\-][A-Za-z0-9]+)*\.?|\S")
_COMPACT = re.compile(r"(\d{2}|\d{4})?([A-Za-z]{2,})(\d{1,8})")
_GLUED_YEAR = re.compile(r"(\d{2}|\d{4})([A-Za-z]{3,})")
_OCR_NUMBER = re.compile(r"[Oo]\d+")
_OCR_WORD = re.compile(r"[A-Za-z0]*[A-Za-z][A-Za-z0]*")
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019.\-][A-Za-z]+)*\.?")


class Tok(NamedTuple):
    kind: str  # num | word | mixed | p
    text: str  # as written, OCR errors repaired
    up: str  # upper case without a final dot (words); the text otherwise
    start: int
    end: int


_new = tuple.__new__  # builds a Tok without NamedTuple's slow __new__ (tokens are many)


def _tok(kind: str, text: str, up: str, start: int, end: int) -> Tok:
    return _new(Tok, (kind, text, up, start, end))


def _word(text: str, start: int) -> Tok:
    return _tok("word", text, text.upper().rstrip("."), start, start + len(text))


def _part(text: str, start: int) -> list[Tok]:
    """One hyphen-free piece of a raw token."""
    end = start + len(text)
    core = text.rstrip(".")
    if core.isdigit():
        return [_tok("num", core, core, start, end)]
    if core.isalpha() or _WORD.fullmatch(text):
        return [_word(text, start)]
    m = _COMPACT.fullmatch(core)
    if m is None or m[3].strip("0") == "":  # SANTIAG0 is a word, not SANTIAG 0
        m = _GLUED_YEAR.fullmatch(core)
    if m:
        out: list[Tok] = []
        for g in range(1, (m.lastindex or 0) + 1):
            if m[g]:
                s = start + m.start(g)
                text_g = m[g]
                if text_g.isalpha():
                    out.append(_word(text_g, s))
                else:
                    out.append(_tok("num", text_g, text_g, s, s + len(text_g)))
        return out
    if _OCR_NUMBER.fullmatch(core):
        digits = "0" + core[1:]
        return [_tok("num", digits, digits, start, end)]
    if _OCR_WORD.fullmatch(core):
        return [_word(core.replace("0", "O"), start)]
    return [_tok("mixed", text, text.upper(), start, end)]


def tokens(text: str) -> list[Tok]:
    """The tokens of ``text``, positions pointing into it."""
    out: list[Tok] = []
    append = out.append
    for m in _RAW.finditer(text):
        raw = m[0]
        start = m.start()
        if raw.isalpha():  # most tokens: station names and words
            append(_new(Tok, ("word", raw, raw.upper(), start, start + len(raw))))
        elif raw.isdigit():
            append(_new(Tok, ("num", raw, raw, start, start + len(raw))))
        elif len(raw) == 1 and not raw.isalnum():
            append(_new(Tok, ("p", raw, raw, start, start + 1)))
        elif "-" in raw and not _WORD.fullmatch(raw):
            pos = start
            for i, piece in enumerate(raw.split("-")):
                if i:
                    append(_tok("p", "-", "-", pos, pos + 1))
                    pos += 1
                if piece:
                    out.extend(_part(piece, pos))
                pos += len(piece)
        else:
            out.extend(_part(raw, start))
    return out
