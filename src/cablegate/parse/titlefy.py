"""Display form of an all-caps subject: ``PM BROWN DOES THE UNEXPECTED`` -> ``PM Brown Does the ...``.

Each word is title-cased except acronyms (``data/cablemap/acronyms.txt`` less the ordinary words
of ``data/titlefy_words.txt``), redactions (``XXXX``), words with digits (``F-16``, ``H1N1``),
small words inside the title (``of``, ``the`` ...), and fixed spellings (``data/titlefy_spellings.csv``).
A subject that is already written in mixed case is returned unchanged.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from cablegate.parse.wordtables import pairs, words

_LEAD = "\"'“‘«([{¿¡"
_TRAIL = '"”’»)]},:;?!'
_APOSTROPHES = "'’"
_ORDINAL = re.compile(r"^(\d+)(ST|ND|RD|TH)$", re.I)
_REDACTION = re.compile(r"^[Xx]{2,}$")
_GLUED_REDACTION = re.compile(r"^(X{4,})([A-Z].*)$")  # "XXXXXXXXXXXXNEED" (07HAVANA252)
_PARTS = re.compile(r"(--+|-|/)")
_SHORT_SUFFIX = 3  # "'S", "'T", "'LL", "'ING" stay lower-case; "D'IVOIRE" does not
_JOINED_SHORT = 3  # the longest part kept in capitals for being joined to an acronym
_MIXED_SHARE = 0.2  # at least this share of words in lower case: the subject is not all caps


@cache
def _small() -> frozenset[str]:
    return words("titlefy_small_words.txt", upper=False)


@cache
def _acronyms() -> frozenset[str]:
    return words("cablemap/acronyms.txt") - words("titlefy_words.txt")


@cache
def _spellings() -> dict[str, str]:
    return pairs("titlefy_spellings.csv")


def _is_mixed_case(subject: str) -> bool:
    """Written in mixed case (keep as is) rather than all caps or all lower case."""
    if not any(c.isupper() for c in subject):
        return False
    toks = [t for t in subject.split() if any(c.isalpha() for c in t)]
    lower = 0
    for tok in toks:
        core = tok.strip(_LEAD + _TRAIL + ".")
        if not any(c.islower() for c in core):
            continue
        if _ORDINAL.match(core) or _REDACTION.match(core) or core.upper() in _spellings():
            continue
        lower += 1
    return lower > 0 and lower >= _MIXED_SHARE * len(toks)


def _is_acronym(word: str) -> bool:
    return word in _acronyms() or (word.endswith(".") and word[:-1] in _acronyms())


def _title(part: str) -> str:
    """One hyphen/slash-free piece of a word, already upper-cased."""
    if not part:
        return part
    if part in _spellings():
        return _spellings()[part]
    if _is_acronym(part) or _REDACTION.match(part):
        return part.upper()
    m = _ORDINAL.match(part)
    if m:
        return m.group(1) + m.group(2).lower()
    if any(c.isdigit() for c in part):
        return part
    glued = _GLUED_REDACTION.match(part)
    if glued:
        return glued.group(1) + _title(glued.group(2))
    for i, c in enumerate(part):
        if c in _APOSTROPHES and 0 < i < len(part) - 1:
            base, suffix = part[:i], part[i + 1 :]
            suffix = suffix.lower() if len(suffix) <= _SHORT_SUFFIX else _title(suffix)
            return _title(base) + c + suffix
    titled = part[:1] + part[1:].lower()
    return titled if len(titled) == len(part) else part


@lru_cache(maxsize=1 << 15)
def _word(core: str) -> str:
    """A word without its surrounding punctuation (``US-EU``, ``GERMANY'S``, ``DUAL-USE``).
    Remembered: subjects draw on one vocabulary, and a page shows several (the cable's, its
    references', its citers')."""
    up = core.upper()
    if len(up) != len(core):
        return core  # a character whose upper case is longer (ß): leave the word alone
    if up in _spellings():
        return _spellings()[up]
    if _is_acronym(up):
        return up
    pieces = _PARTS.split(up)
    if len(pieces) > 1 and any(c.isdigit() for c in up):  # "AH-64D", "G-20": a designation
        return "".join(_title(p) if _ORDINAL.match(p) else _spellings().get(p, p) for p in pieces)
    return "".join(
        p if _PARTS.fullmatch(p) or _joined_acronym(pieces, i) else _title(p)
        for i, p in enumerate(pieces)
    )


def _joined_acronym(pieces: list[str], i: int) -> bool:
    """A short part joined by ``/`` to an acronym is one too: ``S/ES``, ``CA/FPP``.

    Offices and programmes are written so (09CAIRO1054 ``CA/FPP``, 09SANJOSE107 ``WHA/CEN``);
    a part of three letters or fewer next to a known acronym is not an ordinary word.
    """
    part = pieces[i]
    if not (2 <= len(part) <= _JOINED_SHORT and part.isalpha()):
        return False
    for sep, other in ((i - 1, i - 2), (i + 1, i + 2)):
        # "--" joins phrases ("EU--OIL PRICES"), not names: only "/" counts
        if 0 <= other < len(pieces) and pieces[sep] == "/":
            near = pieces[other]
            if len(near) == 1 and near.isalpha() or _is_acronym(near):
                return True
    return False


def _split_token(token: str) -> tuple[str, str, str]:
    start, end = 0, len(token)
    while start < end and token[start] in _LEAD:
        start += 1
    while end > start and token[end - 1] in _TRAIL:
        end -= 1
    return token[:start], token[start:end], token[end:]


@lru_cache(maxsize=8192)
def titlefy(subject: str) -> str:
    """Title-case an all-caps subject for display; mixed-case text comes back unchanged.
    Remembered: a cable page, its JSON, feed and citations each show the subject, and a cable
    is on eight lists."""
    if not subject.strip() or _is_mixed_case(subject):
        return subject
    out: list[str] = []
    for token in subject.split():
        lead, core, trail = _split_token(token)
        if core.lower() in _small() and not lead and out and not out[-1].endswith((":", "-")):
            out.append(core.lower() + trail)
        elif token.upper() in _acronyms():  # "(INCSR)"
            out.append(token.upper())
        elif lead == "(" and trail.startswith(")") and 2 <= len(core) <= 4 and core.isupper():
            out.append(token)  # "(GOE)": an acronym explained in passing
        else:
            out.append(lead + _word(core) + trail)
    return " ".join(out)


def display_subject(subject: str | None) -> str:
    """A subject as pages and search results show it: title-cased, ``(no subject)`` if none."""
    if not subject:
        return "(no subject)"
    try:
        return titlefy(subject)
    except Exception:  # display only: an odd subject must not break a list page
        return subject
