"""Names in the role part of a ``Classified By`` statement: titles dropped, names kept.

The role part (``Acting Deputy Chief of Mission Marc Wall``, ``Rose E. Gottemoeller, Assistant
Secretary``, ``AF KARL WYCOFF, ACTING AND S/CT DAS SHARI VILLAROSA``) is split at ``and`` into
classifiers and at commas into segments; in each classifier the first segment that ends in a
name gives it. The name is read right to left from the end of the segment until a title word
(``classifier_roles.txt``, one typo allowed for long words), a place name (countries and posts,
once two name words are read), or, in mixed-case text, an all-capitals acronym (``AIT``, ``DPO``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from cablegate.data import records
from cablegate.parse.wordtables import pairs, words

_AND = re.compile(r"\s+(?:and|AND|And)\s+")
_SEGMENT = re.compile(r",(?<!\b[OD],)|;")  # "O,Grady" is a name with a comma for an apostrophe
_TOKEN_SPLIT = re.compile(r"[\s:]+")
_NAME_TOKEN = re.compile(r"(?:[A-Z]|0(?=[A-Z.]))[A-Za-z0'’.,-]*")
_REDACTED = re.compile(r"X{4,}")
_INITIAL = re.compile(r"[A-Z]\.")
_SLASH_NAME = re.compile(r"(.*/)([A-Z][a-z][\w'’.-]*)")  # "DCM/Ted"
_LEADING_MARK = re.compile(r"^\s*\((?:U|C|S|SBU)\)\s*")
_COMMA_APOSTROPHE = re.compile(r"\b([OD]),(?=[A-Za-z])")  # "O,Grady" -> "O'Grady"
_ROMAN = frozenset({"II", "III", "IV", "VI"})
_SUFFIX = frozenset({"JR", "SR", "II", "III", "IV"})
_PARTICLES = frozenset({"de", "del", "della", "van", "von", "da", "di", "le", "la", "du", "dos"})
_FUNCTION = frozenset(
    {"for", "of", "the", "on", "to", "at", "in", "per", "by", "and", "or", "as", "from"}
)
_OFFICE_LINK = frozenset({"FOR", "OF"})  # "Director for Development", "Chief of Mission"
_COMPOUND_MIN = 5  # "POLMC" is the shortest compound title seen
_MAX_WORDS = 4
_PLACE_STOP = 2  # a place name ends the name only once this many name words are read


@cache
def _roles() -> frozenset[str]:
    return words("classifier_roles.txt")


@cache
def _places() -> frozenset[str]:
    """Country, region and post names: in titles (``PRT Kirkuk``), never part of a name."""
    names: set[str] = set()
    names.update(r["meaning"] for r in records("tags.csv") if r["kind"] == "geo")
    for r in records("posts.csv"):
        names.update((r["origin"], r["country"], r["region"]))
    out = {w.upper() for n in names for w in re.findall(r"[A-Za-z]{4,}", n)}
    return frozenset(out - {"EMBASSY", "CONSULATE", "MISSION", "REGIONAL", "CODE", "FORMER"})


@cache
def _fuzzy() -> tuple[frozenset[str], frozenset[str]]:
    """Long role words and their one-deletion variants, to accept one typo (``Ambassaor``)."""
    long_words = frozenset(w for w in _roles() if len(w) >= 6 and w.isalpha())
    deletions = frozenset(w[:i] + w[i + 1 :] for w in long_words for i in range(len(w)))
    return long_words, deletions


@lru_cache(maxsize=8192)  # titles and names repeat across cables
def _near_role(key: str) -> bool:
    if len(key) < 6 or not key.isalpha():
        return False
    long_words, deletions = _fuzzy()
    if key in deletions:  # one letter missing: AMBSSADOR
        return True
    variants = {key[:i] + key[i + 1 :] for i in range(len(key))}
    if variants & long_words:  # one letter too many: AMABASSADOR
        return True
    if len(key) >= 8 and variants & deletions:  # one letter wrong: AMBASSADOT (not CHARLES)
        return True
    swaps = {key[:i] + key[i + 1] + key[i] + key[i + 2 :] for i in range(len(key) - 1)}
    return bool(swaps & long_words)  # two letters swapped: DIRECOTR


@lru_cache(maxsize=8192)
def _key(token: str) -> str:
    # "Charge' Bob Blake" (05NEWDELHI8162): an apostrophe typed for the accent of Chargé
    key = token.strip(".,;:()[]?'’").upper().replace("’", "'")
    return key.replace("0", "O") if any(c.isalpha() for c in key) else key


@lru_cache(maxsize=8192)
def _compound_role(key: str) -> bool:
    """A title typed as one word from role words: ``DEPPOLCOUNS``, ``PERMREP``, ``POLCHIEF``.

    Seen in 2007-2010 cables (``DepPolCouns Lawrence Cohen``, ``ESTOff Trevor Evans``); each
    part must be a listed role word of two letters or more.
    """
    if len(key) < _COMPOUND_MIN or not key.isalpha():
        return False
    roles = _roles() - {w.upper() for w in _FUNCTION}  # "COLIN" is no "COL" + "IN"
    ends = [False] * (len(key) + 1)
    ends[0] = True
    for i in range(len(key)):
        if ends[i]:
            for j in range(i + 2, len(key) + 1):
                if key[i:j] in roles:
                    ends[j] = True
    # the whole word is a split, and not only the word itself (a listed role)
    return ends[-1] and key not in roles


@lru_cache(maxsize=8192)
def _is_role(token: str, mixed: bool) -> bool:
    if _INITIAL.fullmatch(token):
        return False
    if token.startswith("(") or "/" in token:
        return True
    key = _key(token)
    if not key or key in _roles():
        return True
    if "-" in key and all(p in _roles() or _near_role(p) for p in key.split("-") if p):
        return True
    if _compound_role(key):
        return True
    if mixed and len(key) >= 2 and key not in _ROMAN and "." not in key:
        letters = key.replace("&", "")
        if letters.isalpha() and token.strip(".,;:") == key:  # an acronym in mixed-case text
            return True
    return _near_role(key)


@lru_cache(maxsize=8192)
def _is_name(token: str) -> bool:
    return (
        bool(_NAME_TOKEN.fullmatch(token)) and ".." not in token and not _REDACTED.fullmatch(token)
    )


def _full_word(token: str) -> bool:
    key = _key(token)
    return len(key.replace(".", "")) > 1 and key not in _SUFFIX


def _tokens(segment: str) -> list[str]:
    out: list[str] = []
    for tok in _TOKEN_SPLIT.split(segment.strip()):
        if not tok:
            continue
        if tok.upper() == "I." and out and out[-1].upper() == "A.":
            out[-1] = "a.i."  # "CHARGE D'AFFAIRES A. I. CAROL URBAN"
            continue
        m = _SLASH_NAME.fullmatch(tok) if "/" in tok else None
        if m and _key(m.group(2)) not in _roles():
            out.extend((m.group(1), m.group(2)))
        elif (
            out
            and tok.isalpha()
            and tok.islower()
            and len(tok) <= 5
            and tok not in _FUNCTION
            and tok.upper() not in _roles()
            and tok not in _PARTICLES
            and _is_name(out[-1])
            and _key(out[-1]) not in _roles()
        ):
            out[-1] += tok  # a name broken by the wrap: "Hoyt Y" + "ee", "Blah" + "a"
        else:
            out.append(tok)
    return out


def _name_in(tokens: list[str], mixed: bool) -> str | None:
    i = len(tokens) - 1
    while i >= 0 and (not _is_name(tokens[i]) or _is_role(tokens[i], mixed)):
        i -= 1
    found: list[str] = []
    full = 0
    while i >= 0 and full < _MAX_WORDS:
        tok = tokens[i]
        if tok in _PARTICLES and found and i > 0 and _is_name(tokens[i - 1]):
            found.insert(0, tok)
            i -= 1
            continue
        if not _is_name(tok) or _is_role(tok, mixed):
            break
        if full >= _PLACE_STOP and _key(tok) in _places():
            break
        found.insert(0, tok)
        full += _full_word(tok)
        i -= 1
    if not full or all(_key(t) in _places() for t in found if _full_word(t)):
        return None
    if i >= 1 and _key(tokens[i]) in _OFFICE_LINK and _is_role(tokens[i - 1], mixed):
        return None  # an office named after a title: "Director for Development" (09KABUL3890)
    return " ".join(found).rstrip(",")


def _has_lower(token: str) -> bool:
    if token.isascii():  # a constant-time test; then upper-casing changes exactly a-z
        return token.upper() != token
    return any(c.islower() for c in token)


@lru_cache(maxsize=8192)  # the same role parts recur across a post's cables
def _classifier(part: str) -> str | None:
    segments = [s for s in _SEGMENT.split(part)]
    all_tokens = [_tokens(s) for s in segments]
    mixed = any(
        _has_lower(t) and _is_name(t) and not _is_role(t, False)
        for toks in all_tokens
        for t in toks
    )
    for attempt in (mixed, False) if mixed else (False,):
        for j, toks in enumerate(all_tokens):
            name = _name_in(toks, attempt)
            if not name:
                continue
            if j + 1 < len(segments):
                nxt = segments[j + 1].strip()
                if _key(nxt) in _SUFFIX:
                    name = f"{name}, {nxt}"
            return name
    return None


def _clean_raw(name: str) -> str:
    name = " ".join(name.split()).rstrip(",;:-")
    if name.endswith(".") and not name.upper().endswith("JR."):
        name = name[:-1]
    return name


def extract_names(role_part: str) -> list[str]:
    """The classifier names in the part of a statement before its reason clause, as written."""
    part = _LEADING_MARK.sub("", role_part)
    names: list[str] = []
    for piece in _AND.split(part):
        name = _classifier(piece)
        if name:
            cleaned = _clean_raw(name)
            if cleaned and cleaned not in names:
                names.append(cleaned)
    return names


@lru_cache(maxsize=8192)
def _title_token(token: str) -> str:
    key = _key(token)
    fixed = pairs("classifier_name_typos.csv").get(key)
    if fixed:
        return fixed + token[len(token.rstrip(".,;:")) :]
    if "0" in token and any(c.isalpha() for c in token):
        token = token.replace("0", "O")
    if token == "0.":
        token = "O."
    if key in _ROMAN:
        return token.upper()
    if not any(c.islower() for c in token):
        return token.title()
    return token


def normalise_name(raw: str) -> str:
    """Display form: all-capital words title-cased, ``JR.`` -> ``Jr.``, typos fixed."""
    name = " ".join([_title_token(t) for t in raw.split(" ")])
    return _COMMA_APOSTROPHE.sub(r"\1'", name) if "," in name else name
