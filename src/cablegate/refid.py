"""Reference ids: split, canonicalise, and the station and malformed-id tables beside them.

A reference id is a two-digit year, the sending station and the station's serial without leading
zeros (``07LIMA487``). The release holds 203 malformed ids (``data/malformed_ids.csv``) and REF
blocks spell stations in many ways (``data/stations.csv``); both tables are loaded once.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from cablegate.data import lines, rows

__all__ = [
    "canonical_id",
    "canonical_station",
    "is_cable_id",
    "known_stations",
    "lookup_candidates",
    "lookup_station",
    "malformed_ids",
    "split_refid",
]

# Words that prefix a station in ids and REF blocks ("05EMBASSYVIENNA1", "USMISSION GENEVA 12").
_PREFIXES = ("USMISSION", "AMEMBASSY", "EMBASSY", "AMCONSUL")

# year, station (letters, an OCR zero, '-', '.', apostrophes; at most one leading zero), serial.
_ID = re.compile(r"([0-9]{2})(0?[A-Z][A-Z0.'\u2019\-]*?)([0-9]+)")
_SPACE = re.compile(r"\s+")
_STATION_JUNK = str.maketrans(
    {"-": None, ".": None, "'": None, "\u2019": None, " ": None, "0": "O"}
)

# Ids are short; longer input is not an id and must not cost quadratic regex time.
_MAX_ID_LEN = 64


@cache
def _aliases() -> dict[str, str]:
    """alias -> canonical station, chains resolved (an alias never maps to another alias)."""
    table = {normalise_station(a): s.strip() for a, s, *_ in rows("stations.csv")}
    for alias, station in table.items():
        seen = {alias}
        while station in table and table[station] != station and station not in seen:
            seen.add(station)
            station = table[station]
        table[alias] = station
    return table


@cache
def known_stations() -> frozenset[str]:
    """Every station a real cable id can carry: the release's, posts.csv's, and stations.csv's targets."""
    return frozenset(set(lines("stations_known.txt")) | set(_aliases().values()))


@cache
def malformed_ids() -> dict[str, tuple[str, str]]:
    """Malformed published id -> (correct id, kind); kind is ``duplicate`` or ``invalid``."""
    return {m.strip(): (c.strip(), k.strip()) for m, c, k, *_ in rows("malformed_ids.csv")}


@cache
def _invalid_twins() -> dict[str, tuple[str, ...]]:
    """Canonical id -> the malformed published ids that stand for it (only kind ``invalid``)."""
    twins: dict[str, list[str]] = {}
    for bad, (good, kind) in malformed_ids().items():
        if kind == "invalid":
            twins.setdefault(canonical_id(good), []).append(bad)
    return {k: tuple(v) for k, v in twins.items()}


def normalise_station(name: str) -> str:
    """Upper-case, drop spaces, dots, apostrophes and hyphens, read OCR zeros as O."""
    return name.upper().translate(_STATION_JUNK)


def _strip_prefixes(station: str) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            if station.startswith(prefix) and len(station) > len(prefix):
                station = station[len(prefix) :]
                changed = True
    return station


def _exact_station(key: str) -> str | None:
    aliases = _aliases()
    for candidate in (key, _strip_prefixes(key)):
        if candidate in aliases:
            return aliases[candidate]
        if candidate in known_stations():
            return candidate
    return None


def _one_edit_apart(a: str, b: str) -> bool:
    """True when b is a with one letter changed, dropped, added, or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1 :]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@cache
def _deletion_index() -> dict[str, frozenset[str]]:
    """Each known station under itself and every one-letter deletion of it (symmetric delete)."""
    index: dict[str, set[str]] = {}
    for station in known_stations():
        for variant in _deletions(station) | {station}:
            index.setdefault(variant, set()).add(station)
    return {k: frozenset(v) for k, v in index.items()}


@lru_cache(maxsize=16384)
def _fuzzy_station(key: str) -> str | None:
    # A typo of a station (COLOMOBO, BEIJINJG) is one edit away from exactly one known station.
    # Short keys are too ambiguous (ROMA/ROME, LIMB/LIMA), plurals are English (STATES).
    if len(key) < 6:
        return None
    index = _deletion_index()
    candidates: set[str] = set()
    for variant in _deletions(key) | {key}:
        candidates |= index.get(variant, frozenset())
    hits = [s for s in candidates if len(s) >= 5 and _one_edit_apart(key, s)]
    if len(hits) != 1 or key == hits[0] + "S":
        return None
    return hits[0]


@lru_cache(maxsize=65536)  # REF blocks of the whole release try some 10^5 word groups
def lookup_station(name: str, fuzzy: bool = True) -> str | None:
    """The canonical station a written station name stands for, or ``None`` when it is no station."""
    key = normalise_station(name)
    if not key.isalpha():
        return None
    found = _exact_station(key)
    if found is None and fuzzy:
        found = _fuzzy_station(_strip_prefixes(key))
    return found


def canonical_station(name: str) -> str:
    """``SECSTATE`` -> ``STATE``, ``RIO DE JAN`` -> ``RIODEJANEIRO``; unknown names only cleaned."""
    key = normalise_station(name)
    found = lookup_station(key) if key.isalpha() else None
    return found or _strip_prefixes(key) or key


def split_refid(refid: str) -> tuple[str, str, str] | None:
    """``07LIMA000487`` -> ``("07", "LIMA", "000487")``, parts as written; ``None`` if not id-shaped."""
    s = _SPACE.sub("", str(refid)).upper()
    if len(s) > _MAX_ID_LEN:
        return None
    m = _ID.fullmatch(s)
    return (m[1], m[2], m[3]) if m else None


def canonical_id(refid: str) -> str:
    """``06TAIPEI2654`` -> ``06AITTAIPEI2654``; idempotent; never raises.

    Known malformed ids become their correct id, the station its canonical name, the serial loses
    its leading zeros. A string that is not an id comes back upper-cased and stripped.
    """
    s = str(refid).strip().upper()
    key = _SPACE.sub("", s)
    fixed = malformed_ids().get(key)
    if fixed:
        key = fixed[0]
    parts = split_refid(key)
    if parts is None:
        return s
    year, station, serial = parts
    return f"{year}{canonical_station(station)}{serial.lstrip('0') or '0'}"


def is_cable_id(s: str) -> bool:
    """True for ``07LIMA487``: two-digit year, a known station as written, a 1-7 digit serial."""
    parts = split_refid(s)
    if parts is None:
        return False
    _, station, serial = parts
    return station in known_stations() and len(serial) <= 7 and serial.strip("0") != ""


def lookup_candidates(refid: str) -> list[str]:
    """Published ids a user asking for ``refid`` may mean, best first, for a store's id lookup.

    The id as asked, its canonical form, then for a correct id that the release only publishes
    under a malformed one (kind ``invalid``) that malformed id: ``06ANKARA4972`` ->
    ``["06ANKARA4972", "06EFTOANKARA4972"]``.
    """
    asked = _SPACE.sub("", str(refid)).upper()
    canonical = canonical_id(asked)
    return list(dict.fromkeys([asked, canonical, *_invalid_twins().get(canonical, ())]))
