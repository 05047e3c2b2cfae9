"""The persons a cable is addressed to by name, from the address lines at the top of its body.

Under the banner, before ``E.O.``/``TAGS``/``SUBJECT``, a cable names who in the receiving
offices should read it: ``WHA FOR A/S NORIEGA``, ``NSC FOR TOM SHANNON, MIKE DEMPSEY``,
``FOR SECRETARY CLINTON FROM AMBASSADOR SMITH``, ``DEPT FOR EUR/WE (MENNUTI)``,
``STATE PASS TO USTR FOR DAVID WEINER``. Most of what these lines name are offices
(``EUR/WE``, ``POLAD``, ``USAU``); a name is taken only where it reads as one: after a title
(``data/addressee_titles.txt``), as given name(s) and surname, as an initial and surname, in
parentheses or after a dash beside an office, or as a single word that is no office
(``data/addressee_offices.txt``). Only the first ~30 lines are read, and only lines that hold
an opener (``data/addressee_openers.txt``): the rule costs a few microseconds a cable.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from cablegate.model import NamedRecipient
from cablegate.parse.wordtables import ordered_words, words

_TOP_LINES = 30
_TOP_CHARS = 2500
# where the address lines end: the E.O. line, TAGS, SUBJECT, REF, the classifier, paragraph 1
_END = re.compile(
    r"^[ \t]*(?:E\.?\s?O\.?\s*\d|EO\s+\d|E\.O\b|TAGS\b|SUBJ|REFS?\b|CLASSIFIED\s+BY|\(?\w{0,3}\)?\s*1\.\s)",
    re.IGNORECASE | re.MULTILINE,
)
# glued on the same line (pages rebuilt from the web): "... NSC FOR AGUIRRE E.O. 12958: N/A"
_GLUED_END = re.compile(r"\s(?:E\.\s?O\.\s*\d|EO\s+\d{5}|TAGS:?\s|SUBJECT:)", re.IGNORECASE)
_FROM = re.compile(r"\bFROM\b.*$", re.IGNORECASE)
_PARENS = re.compile(r"\(([^()]*)\)")
_ITEM_SPLIT = re.compile(r"\s*(?:[,;]|\bAND\b|&)\s*", re.IGNORECASE)
_FOR = re.compile(r"\bFOR\b", re.IGNORECASE)
_DASH = re.compile(r"\s+-+\s*|\s*-{2,}\s*|:\s*")
_INITIAL_GLUED = re.compile(r"^([A-Za-z])\.([A-Za-z][A-Za-z'-]+)$")
_WORD = re.compile(r"^[A-Za-z][A-Za-z'-]*\.?$")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'.-]*(?:/[A-Za-z0-9.'-]*)*")
_OFFICE_SPLIT = re.compile(r"[\s:]+")
_DIGIT = re.compile(r"\d")
_VOWEL = re.compile(r"[AEIOUY]", re.IGNORECASE)


@cache
def _opener() -> re.Pattern[str]:
    alternatives = "|".join(
        re.escape(o).replace(r"\ ", r"\s+") for o in ordered_words("addressee_openers.txt")
    )
    return re.compile(rf"(?<![A-Za-z/])(?:{alternatives})(?![A-Za-z])", re.IGNORECASE)


@cache
def _titles() -> frozenset[str]:
    return words("addressee_titles.txt")


@cache
def _offices() -> frozenset[str]:
    return words("addressee_offices.txt")


@cache
def _skips() -> tuple[str, ...]:
    return tuple(w.upper() for w in ordered_words("addressee_skips.txt"))


@cache
def _markers() -> frozenset[str]:
    return words("distribution_markers.txt") | words("classification_words.txt")


@cache
def _two_letter_given() -> frozenset[str]:
    return words("given_two_letters.txt")


@cache
def _onsets() -> frozenset[str]:
    return words("name_onsets.txt")


def address_lines(body: str) -> list[str]:
    """The logical lines at the top of ``body`` that hold an opener, wrapped lines joined."""
    head = body[:_TOP_CHARS]
    end = _END.search(head)  # one search for the end, then the lines above it alone
    if end is not None:
        head = head[: end.start()]
    upper = head.upper()
    if "FOR" not in upper and "PASS" not in upper and "ATT" not in upper:
        return []  # 2 cables in 5: no opener above the E.O. line (and a kept line has one)
    glued = _GLUED_END.search(head) if _may_end(upper) else None
    if glued is not None:  # "... NSC FOR AGUIRRE E.O. 12958: N/A": the address ends there
        head = head[: glued.start()]
    out: list[str] = []
    pending = ""
    for line in head.split("\n", _TOP_LINES)[:_TOP_LINES]:
        line = line.strip()
        if not line:
            continue
        if pending:
            line = f"{pending} {line}"
            pending = ""
        if _continues(line):
            pending = line
            continue
        out.append(line)
    if pending:
        out.append(pending)
    kept: list[str] = []
    follows = False  # the line before was an address line: a line without an opener goes on it
    for line in out:
        if _opener().search(line):
            kept.append(line)
            follows = True
        elif follows and not _marker(line):
            kept[-1] = f"{kept[-1]} {line}"  # "ENERGY FOR GINA" / "ERIKSON" (08TRIPOLI113)
        else:
            follows = False
    return [line for line in kept if not _skipped(line)]


def _may_end(u: str) -> bool:
    """False when :data:`_GLUED_END` cannot match upper-cased text ``u`` (its words absent):
    tested first, as the expression tries every blank."""
    return "O" in u and ("E.O" in u or "E. O" in u or "EO " in u) or "TAGS" in u or "SUBJECT:" in u


def _continues(line: str) -> bool:
    """The line runs on to the next: it ends in a comma, "AND", "FOR", "(", "/" or "-"."""
    if line.endswith((",", ";", "(", "/", "-")):
        return True
    tail = line[-4:].upper()
    return tail.endswith(" AND") or tail in ("AND",) or tail.endswith(" FOR") or tail == "FOR"


def _marker(line: str) -> bool:
    """A handling line (``SIPDIS``, ``NOFORN``, ``LIMITED OFFICIAL USE``), no address."""
    markers = _markers()
    return all(w.upper() in markers for w in line.replace("/", " ").split())


def _skipped(line: str) -> bool:
    upper = line.upper()
    return any(s in upper for s in _skips())


def read_addressees(body: str) -> list[NamedRecipient]:
    """The persons named as addressees, in order, each once."""
    found: dict[str, NamedRecipient] = {}
    for line in address_lines(body):
        for person in _line_names(line):
            found.setdefault(person.name.upper(), person)
    return list(found.values())


# A post writes the same address lines on cable after cable ("DEPT FOR WHA/CEN", "NSC FOR
# AGUIRRE"): the shared corpus holds 5,813 address lines, 3,789 distinct; each is read once.
@lru_cache(maxsize=32768)
def _line_names(line: str) -> tuple[NamedRecipient, ...]:
    return tuple(_read_line(line))


def _read_line(line: str) -> list[NamedRecipient]:
    upper = line.upper()
    if "FROM" in upper:
        line = _FROM.sub("", line)
    m = _opener().search(line)
    if m is None:
        return []
    rest = line[m.end() :]
    if not may_name(rest):
        return []
    office = _office(line[: m.start()])
    out: list[NamedRecipient] = []
    # names in parentheses beside an office: "EUR/WE (MENNUTI)", "(GLANTZ, KARAGIANNIS)"
    if "(" in rest:
        for inner in _PARENS.findall(rest):
            for item in _ITEM_SPLIT.split(inner):
                out.extend(_name(item, office))
        rest = _PARENS.sub(",", rest)
    item_office = office
    items: list[tuple[str, str]] = []
    for item in _ITEM_SPLIT.split(rest):
        parts = _FOR.split(item) if "FOR" in item.upper() else None
        if (
            parts is not None and len(parts) > 1
        ):  # "WHA FOR A/S NORIEGA": the office of this item and those after it
            item_office = _office(parts[-2]) or item_office
            item = parts[-1]
        items.append((item, item_office))
    # a line that writes one name e-mail style writes all so: "USTR FOR JYOUNG, CPADILLA,
    # AMALITO" is J. Young, C. Padilla, A. Malito (05SANJOSE1713)
    singles = [
        _unprefixed([i.strip(" .").split("/")[-1]])[0] for i, _ in items if len(i.split()) == 1
    ]
    glued = sum(1 for w in singles if _glued(w)) > 0 and len(singles) > 1
    for item, item_office in items:
        out.extend(_name(item, item_office, glued=glued and len(item.split()) == 1))
    return out


def may_name(text: str) -> bool:
    """False when no word of ``text`` can be (part of) a name: every word is an office, a
    title, a joining word or a short office path (``DEPT FOR WHA/CEN, EUR/WE AND PM``, half the
    address lines). A shortcut, tested against the whole rule (tests/parse/test_addressees.py)."""
    skip = _not_names()
    for w in _WORDS.findall(text):
        if "/" in w:
            tail = w.rsplit("/", 1)[1].rstrip(".").upper()
            if len(tail) >= 5 and tail not in skip:  # "EUR/UBI/HOLLIDAY"
                return True
        elif w.upper().rstrip(".") not in skip:
            return True
    return False


@cache
def _not_names() -> frozenset[str]:
    return _offices() | _titles() | {"AND", "FOR", "ALSO", "TO", "PLS", "ONLY", "THE"}


def _office(text: str) -> str:
    words_ = [
        w
        for w in _OFFICE_SPLIT.split(text.strip(" -:;,."))
        if w and w.upper() not in ("PLEASE", "PLS", "ALSO", "PASS", "TO", "-", "STATE-")
    ]
    return " ".join(words_[-2:]) if words_ else ""


# Items repeat more than lines do ("EUR/WE", "NSC FOR AGUIRRE"'s AGUIRRE): the 5,731 cables
# of the shared corpus hold 9,669 items, 4,372 distinct; each is read once.
def _name(item: str, office: str, *, glued: bool = False) -> list[NamedRecipient]:
    return [NamedRecipient(*found, office) for found in _item_names(item, glued)]


@lru_cache(maxsize=65536)  # some 10 MB when full
def _item_names(item: str, glued: bool) -> tuple[tuple[str, str, str, str], ...]:
    """(name, surname, given, title) of the person an item names (none or one)."""
    return tuple(_read_item(item, glued=glued))


def _read_item(item: str, *, glued: bool = False) -> list[tuple[str, str, str, str]]:
    item = item.strip(" .,:;-")
    if not item or "@" in item or _DIGIT.search(item):
        return []
    pieces = _DASH.split(item)  # "AF/S - MS. BLACKFORD", "NEA/FO--CATALANO", "USTR:EEISSENSTAT"
    item = pieces[-1].strip(" .")
    tokens = _unprefixed(item.split())
    slashed = [i for i, t in enumerate(tokens) if "/" in t and t.upper() not in _titles()]
    if slashed:
        after = tokens[slashed[-1] + 1 :]
        tail = tokens[slashed[-1]].rsplit("/", 1)[1]
        if after:  # "SA/FO AMBASSADOR TAYLOR", "OES/OA BALTON", "WHA/AMBASSADOR SHANNON"
            tokens = [tail, *after] if tail.upper() in _titles() else after
        else:  # "EUR/UBI/HOLLIDAY": the path's last part, when long enough for a name
            tokens = [tail] if len(tail) >= 5 else []
    return _person(tokens, glued=glued)


def _unprefixed(tokens: list[str]) -> list[str]:
    """Office words before a name dropped: ``WHA TOM SHANNON`` (06BUENOSAIRES1632), and an
    office joined to a name by a hyphen: ``DRL/ILCSR-SMORGAN`` (10MANAMA56)."""
    offices = _offices()
    out = []
    for t in tokens:
        head, dash, tail = t.rpartition("-")
        if dash and head.rsplit("/", 1)[-1].upper() in offices and tail:
            t = tail
        out.append(t)
    while len(out) > 2 and out[0].upper() in offices:
        out = out[1:]
    return out


def _glued(word: str) -> bool:
    """An initial glued to a surname: two consonants no surname begins with, then 4+ letters."""
    onset = word[:2].upper()
    return len(word) >= 5 and not _VOWEL.search(onset) and onset not in _onsets()


def _person(tokens: list[str], *, glued: bool = False) -> list[tuple[str, str, str, str]]:
    split: list[str] = []
    for t in tokens:
        initial = _INITIAL_GLUED.match(t)
        split.extend((f"{initial.group(1)}.", initial.group(2)) if initial else (t,))
    titles = _titles()
    last_title = max((i for i, t in enumerate(split) if t.upper() in titles), default=-1)
    title_words = split[: last_title + 1]
    if title_words and title_words[0].upper() not in titles and last_title > 3:
        return []  # "SENIOR AFRICA DIRECTOR MICHELLE GAVIN": a title holds two other words at most
    name = split[last_title + 1 :]
    if name[:2] and name[0].upper() == "OF" and len(name) > 2:  # "SECRETARY OF ENERGY ABRAHAM"
        title_words += name[:2]
        name = name[2:]
    if not name or len(name) > 4 or not all(_WORD.match(t) for t in name):
        return []
    not_names = _not_names()  # a name's words follow its title: none of them is one
    if any(t.strip(".").upper() in not_names for t in name):
        return []
    surname = name[-1].strip(".")
    given = [t if t.endswith(".") or len(t) > 1 else f"{t}." for t in name[:-1]]
    if len(surname) < 2 or not _VOWEL.search(surname):
        return []
    if any(len(g.strip(".")) == 2 and g.upper() not in _two_letter_given() for g in given):
        return []
    if any(len(g.strip(".")) > 1 and not _VOWEL.search(g) for g in given):
        return []
    if not given and not title_words:
        if len(surname) < 3:
            return []
        if glued or _glued(surname):  # "JMEYERS": J. Meyers
            given, surname = [f"{surname[0].upper()}."], surname[1:]
    title = " ".join(title_words)
    shown = _display(given, surname)
    return [(shown, shown.rsplit(" ", 1)[-1], " ".join(shown.split()[:-1]), title)]


def _display(given: list[str], surname: str) -> str:
    """ "Tom Shannon", "E. Millard"; a surname alone in capitals ("NORIEGA"), as signers are."""
    if not given:
        return surname.upper()

    def cap(w: str) -> str:
        return w if not w.isupper() or len(w.strip(".")) == 1 else w.capitalize()

    return " ".join([*(cap(g) for g in given), cap(surname)])
