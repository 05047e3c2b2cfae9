"""``Classified By`` statement: the classifier(s) and the section 1.4 reasons.

``Classified By: Ambassador J. Curtis Struble for reasons 1.4(c) and (d).`` gives
``["J. Curtis Struble"]`` and ``["1.4(c)", "1.4(d)"]``. The statement was typed as one long line
and hard-wrapped by the system at column 71, often inside a word (``Hoyt Y`` / ``ee``), so
lines of exactly that width are re-joined without a space. Which words are titles is data
(``classifier_roles.txt``); the name is what remains at the end of the role part.
"""

from __future__ import annotations

import re

from cablegate.parse.casefold import lowered
from cablegate.parse.classifier_names import extract_names, normalise_name
from cablegate.parse.pagebreaks import remove_breaks

_SEARCH = 6000  # the statement sits in the header area, or in paragraph 1 of older cables
_WRAP = 71  # the system's hard-wrap column for the statement
_MAX_LINES = 7

_LABEL = re.compile(
    r"\bclass?i?fi?e?d(?:[ \t]+(?:confidential|secret))?[ \t]+by\b(?![\"'\s]+line)[ \t]*:?",
    re.IGNORECASE,
)
# "Classified By: Classified by ...", "Classified By: (C) CLASSIFIED BY", "Classified By: 1.
# CLASSIFIED BY", "Classified By: DOS CLASSIFICATION GUIDE BY": the later label wins.
_REPEAT = re.compile(
    r"[ \t]*(?:\([A-Z]{1,3}\)|\d\.)?[ \t]*(?:[A-Z]{2,4}[ \t]+)?"
    r"class\w*(?:[ \t]+(?:confidential|secret|guide))?[ \t]+by\b[ \t]*:?",
    re.IGNORECASE,
)
_PARAGRAPH = re.compile(r"^[ \t]*¶?[ \t]*\d{1,3}[ \t]*[.)][ \t]*(?!\d)\S")
# A wrapped line that starts a reason clause was not cut inside a word: "SHARON WIENER" /
# "FOR REASONS" (01PARIS11204) is joined with a space.
_REASON_LINE = re.compile(r"[ \t]*(?:for[ \t]+reas|reasons?\b)", re.IGNORECASE)
# The statement ends at a rule, a summary, or the marking block of derived classification
# ("SECRET//FGI//NOFORN//MR" / "Declassify on: ...", 08STATE116943).
_STOP_LINE = re.compile(
    r"^[ \t]*(?:-{3,}|={3,}|summary\b|begin summary|declassify\b"
    r"|(?:top secret|secret|confidential|unclassified)//)",
    re.IGNORECASE,
)

# Where the name part ends: the reason clause, E.O. citation or section number. "FO R REASONS"
# (09CAIRO1531) and a reason word split by the wrap ("Moeling. Re" / "asons", 09BEIJING2063)
# count; "Under Secretary Bill Burns" (10STATE13750) is a title, not "under section".
# Every alternative starts at a word boundary with one of the letters of the lookahead, which lets
# the engine skip other offsets quickly.
_REASON_START = re.compile(
    r"\b(?=[fupbdre1])(?:\bf[o0]?[ \t]?r[ \t]+(?:r\w*|1[ \t]*[.,/]|e\.?[ \t]?o\b|sec\w*)"
    r"|\b(?:under|per)[ \t]+(?:sec(?!retar)\w*|1[ \t]*[.,/]|e\.?[ \t]?o\b|reason)"
    r"|\b(?:re|rea|reas|reaso)[ \t](?:asons?|sons?|ons?|ns?)\b"
    r"|\bbased[ \t]+(?:[o0]n|upon)\b|\bdue[ \t]+to\b|\bpursuant\b"
    r"|\br(?:e?a|e)(?:s[o0]?n|on)s?(?:\(s\))?(?![a-z])|\breas\b|\brea(?=\s+sons?\b)"
    r"|\be\.?[ \t]?o\.?[ \t]*1\d{4}|\b1[ \t]?[.,/][ \t]?\d[ \t]*\(|\b1[ \t]?[.,/][ \t]?[45]\b)",
    re.IGNORECASE,
)
# "1.4" not after a digit or dot; the lookbehind follows the literal "1" so that the engine skips
# to the next "1" quickly instead of trying the lookbehind at every offset.
_SECTION = re.compile(r"1(?<![\d.]1)[ \t]?[.,/:]?[ \t]?([45])(?![\d])")
# A reason word with letters but no usable section number ("reasons (b) and (d)", "REASONS 1 (B)").
_BARE = re.compile(r"\breasons?\b[\s:,]*(?:1[ \t]*(?=\())?(?=\(?[ \t]*[a-hA-H](?![A-Za-z]))", re.I)
_DEFAULT_SECTION = "1.4"
_REASON_TOKEN = re.compile(
    r"[\s\n]*(?:(?P<sec>1[ \t]?[.,/:][ \t]?[45])(?!\d)|\([ \t]*(?P<pl>[a-hA-H])[ \t]*\.?\)"
    r"|(?P<l>[a-hA-H])(?![A-Za-z0-9])(?!\.?[ \t]?O\.?[ \t]?1\d{4})(?!\.(?![a-hA-H](?:[.\s),]|$))[A-Za-z])"
    r"|(?P<sep>(?:and|or)(?![A-Za-z])|[&+,/()]|\.(?!\d)))",
    re.IGNORECASE,
)
_TRUNCATED = re.compile(r"\w*\.\.\.|\w+\.\.\s*$")  # only where ".." is (see _truncated)
_REASON_WORD = re.compile(r"\breasons?\b", re.IGNORECASE)


def _truncated(text: str) -> re.Match[str] | None:
    return _TRUNCATED.search(text) if ".." in text else None


def _find_label(body: str, start: int) -> re.Match[str] | None:
    """The first label at or after ``start``, found from the word "clas" outward (speed)."""
    low = lowered(body)
    i = low.find("clas", start, _SEARCH)
    while i >= 0:
        m = _LABEL.match(body, i, _SEARCH)
        if m:
            return m
        i = low.find("clas", i + 4, _SEARCH)
    return None


def _statement(body: str, start: int = 0, *, cross_blank: bool = False) -> tuple[str, int] | None:
    """The statement text after its label (wrapped lines re-joined) and its end offset.

    A statement cut short by the site (``Classified By: Amb...``) is skipped for a later one.
    """
    m = _find_label(body, start)
    if not m:
        return None
    pos = m.end()
    while rep := _REPEAT.match(body, pos):
        pos = rep.end()
    lines = remove_breaks(body[pos : pos + 700]).split("\n")
    text = lines[0]
    wrapped = len(_line_at(body, pos).rstrip(" \t")) == _WRAP
    used = len(lines[0])
    blanks = 0
    for line in lines[1:_MAX_LINES]:
        if _truncated(text):
            break
        used += len(line) + 1
        if not line.strip():
            if (wrapped or cross_blank) and blanks == 0:  # "FOR REA" / blank / "SONS 1.4"
                blanks += 1
                continue
            break
        if _PARAGRAPH.match(line) or _STOP_LINE.match(line):
            break
        glued = wrapped and not _REASON_LINE.match(line)
        text = text.rstrip(" \t") + line if glued else f"{text} {line}"
        wrapped = len(line.rstrip(" \t")) == _WRAP
        blanks = 0
    cut = _truncated(text)
    if cut:
        later = _statement(body, m.end(), cross_blank=cross_blank)
        if later:
            return later
        text = text[: cut.start()]
    return text, pos + used


def _line_at(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return text[start : len(text) if end < 0 else end]


def _letters(text: str, pos: int, section: str, out: list[str]) -> None:
    while (tok := _REASON_TOKEN.match(text, pos)) and tok.end() > pos:
        pos = tok.end()
        if tok.group("sec"):
            section = "1." + tok.group("sec")[-1]
        elif letter := tok.group("pl") or tok.group("l"):
            reason = f"{section}({letter.lower()})"
            if reason not in out:
                out.append(reason)


def read_reasons(text: str) -> list[str]:
    """``["1.4(b)", "1.4(d)"]`` from ``1.4 (b) and (d)``, ``1.5 (B), (C) AND (D)``, ``1.4(b/d)``."""
    out: list[str] = []
    for m in _SECTION.finditer(text):
        _letters(text, m.end(), f"1.{m.group(1)}", out)
        if out:
            return out
    bare = _BARE.search(text)
    if bare:
        _letters(text, bare.end(), _DEFAULT_SECTION, out)
    return out


def _read(body: str, cross_blank: bool) -> tuple[list[str], list[str]] | None:
    found = _statement(body, cross_blank=cross_blank)
    if not found:
        return None
    text, end = found
    text = " ".join(remove_breaks(text).split())
    cut = _REASON_START.search(text)
    raw = extract_names(text[: cut.start()] if cut else text)
    clause = text[cut.start() :] if cut else ""
    reasons = read_reasons(clause)
    if not reasons:
        # the reason clause may follow a page break or a blank line ("REASON:" / "1.4 (b)")
        after = remove_breaks(body[end : end + 400])
        w = _REASON_WORD.search(after)
        if w and w.start() < 200:
            reasons = read_reasons(after[w.start() :])
        elif clause and not _SECTION.search(clause):
            reasons = read_reasons(after[:40])
    return raw, reasons


def read_classified_by(body: str) -> tuple[list[str], list[str], list[str]]:
    """Return ``(classified_by, classified_by_raw, classification_reasons)``."""
    got = _read(body, False)
    if got and not got[0]:
        # "Classified By: Political Counselor" / blank / "Political Counselor Richard Mills reasons"
        again = _read(body, True)
        if again and again[0]:
            got = again
    if not got:
        return [], [], []
    raw, reasons = got
    return [normalise_name(n) for n in raw], raw, reasons


_REASON_LETTER = re.compile(r"\(\s*([a-zA-Z])\s*\)|^1\.4\s*([a-hA-H])\b|^([a-hA-H])$")


def reason_letter(code: str) -> str:
    """The §1.4 letter a reason cites (``1.4(c)`` -> ``c``); ``""`` when it names none."""
    m = _REASON_LETTER.search(code.strip())
    return next((g for g in (m.groups() if m else ()) if g), "").lower()
