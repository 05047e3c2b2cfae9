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


def _word(text: str, start: int) -> Tok:
    return Tok("word", text, text.upper().rstrip("."), start, start + len(text))


def _part(text: str, start: int) -> list[Tok]:
    """One hyphen-free piece of a raw token."""
    end = start + len(text)
    core = text.rstrip(".")
    if core.isdigit():
        return [Tok("num", core, core, start, end)]
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
                out.append(_word(m[g], s) if m[g].isalpha() else Tok("num", m[g], m[g], s, s + len(m[g])))
        return out
    if _OCR_NUMBER.fullmatch(core):
        digits = "0" + core[1:]
        return [Tok("num", digits, digits, start, end)]
    if _OCR_WORD.fullmatch(core):
        return [_word(core.replace("0", "O"), start)]
    return [Tok("mixed", text, text.upper(), start, end)]


def tokens(text: str) -> list[Tok]:
    """The tokens of ``text``, positions pointing into it."""
    out: list[Tok] = []
    for m in _RAW.finditer(text):
        raw = m[0]
        start = m.start()
        if len(raw) == 1 and not raw.isalnum():
            out.append(Tok("p", raw, raw, start, start + 1))
        elif raw.isalpha():
            out.append(Tok("word", raw, raw.upper(), start, start + len(raw)))
        elif raw.isdigit():
            out.append(Tok("num", raw, raw, start, start + len(raw)))
        elif "-" in raw and not _WORD.fullmatch(raw):
            pos = start
            for i, piece in enumerate(raw.split("-")):
                if i:
                    out.append(Tok("p", "-", "-", pos, pos + 1))
                    pos += 1
                if piece:
                    out.extend(_part(piece, pos))
                pos += len(piece)
        else:
            out.extend(_part(raw, start))
    return out
