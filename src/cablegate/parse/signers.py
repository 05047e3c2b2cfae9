"""The signing surname(s) at the end of the body, and where the closing furniture starts.

A body ends with the last paragraph, then the signature (``STRUBLE``, ``DE PREE``, ``Murphy``,
two lines for two signers), then furniture: a classification banner, ``NNNN``, a
``Declassified/Released`` note, a ``CABLE ENDS`` rule, page-break lines. Bodies rebuilt from web
pages often glue the signature to the last sentence (``... the current legal ambiguity
provides. SCOBEY``). Only the last ~600 characters are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from cablegate.parse.pagebreaks import is_break_line
from cablegate.parse.wordtables import pairs, words

_TAIL = 600
_SENTENCE_END = tuple(".!?:;\"')]”’")

_FURNITURE = re.compile(
    r"^(?:[\W_]*|NNNN|BT|#?\d+|[\d\s/:.,-]+|End Cable Text"
    r"|=*\s*CABLE ENDS\s*=*|Declassified/Released\b.*|(?:EO )?(?:Systematic )?Review \d{1,2} [A-Z]{3} \d{4}"
    r"|NOTE\b.*\b(?:BY|PASSED)\b.*|\d{4}[A-Z]+\d+ - .*|.*\bC O R R E C T E D\b.*"
    r"|SENSITIVE BUT UNCLASSIFIED|SELECT \* FROM .*|<_protect>.*)$",
    re.IGNORECASE,
)
# The post's web-site notice; a signature is sometimes glued to its end.
_WEB = re.compile(
    r"^(?:.*\bClassified Web ?site\b.*|\S*(?:https?://|www\.|\.gov\b)\S*(?:\s+\S+)?)$",
    re.IGNORECASE,
)
_WEB_NOTICE = re.compile(r"Classified Web ?site", re.IGNORECASE)
_CABLE_ENDS = re.compile(r"=+\s*CABLE ENDS\s*=+")
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")
_TRAILING_JUNK = re.compile(
    r"[ \t]+(?:NNNN\b|\d{4}[A-Z]+\d+ - |0[ \t]+\d{1,2}/\d{1,2}/\d{4}\b).*$"
    r"|(?:[ \t]+[\d/:.-]+)+[ \t]*$|(?:[\s#*>\"\v]|\\v?)+$|[ \t]*,?[ \t]*\.{2,}$"
)
_JUNK_WINDOW = 72  # trailing junk is short; only the end of a long line is cleaned
_WORD = r"[A-Z][A-Za-z'’-]*"
_PARTICLE = r"(?:van|von|de|del|da|du|di|le|la)"
_JR = r"(?:[ \t]+[Jj][Rr]\.?)?"
_SIGNER_LINE = re.compile(rf"(?:{_PARTICLE}\s+)?{_WORD}(?:\s+{_WORD})?{_JR}\.?")
_GLUED = (
    re.compile(
        rf"(?:[ \t]+[#.]?|(?<=[a-z0-9)]\.))(?P<sig>(?:{_PARTICLE}[ \t]+)?{_WORD}[ \t]+{_WORD})\.?$"
    ),
    re.compile(rf"(?:[ \t]+[#.]?|(?<=[a-z0-9)]\.))(?P<sig>(?:{_PARTICLE}[ \t]+)?{_WORD}{_JR})\.?$"),
)
# What may come right before a signature glued to the last line: a sentence end, a redaction,
# an END TEXT/COMMENT/NOTE marker, a rule of asterisks, the address of the post's web site.
_GLUE_AFTER = re.compile(
    r"(?:[.!?\"'”’)\]]|[Xx]{4,}|\*{3,}|\b(?:END|End|end)[ \t]+(?:TEXT|COMMENT|NOTE|Text|Comment|Note)"
    r"|\.[ \t]?c[ \t]?f[ \t]?m|https?://\S+)[ \t]*$"
)
_REDACTED_END = re.compile(r"[Xx]{4,}$")
_REDACTION_GLUE = re.compile(r"(X{12})(?=[A-Z])")
_SPLIT = re.compile(r"[\s/]+")


@dataclass(frozen=True, slots=True)
class Signature:
    """What :func:`read_signature` found: names as written and where the tail starts."""

    names: tuple[str, ...]
    start: int  # offset in the body where the signature (or trailing furniture) begins


@cache
def _stopwords() -> frozenset[str]:
    return words("signer_stopwords.txt") | words("classification_words.txt")


@cache
def _furniture_words() -> frozenset[str]:
    return words("classification_words.txt") | words("distribution_markers.txt")


def _is_furniture(line: str) -> bool:
    s = _MARKUP.sub("", line).strip().strip('"\\')
    if not s or _FURNITURE.match(s) or (len(s) < 120 and is_break_line(line)):
        return True
    if _WEB.match(s):
        return _glued(_clean(line), web=True) is None
    tokens = [t for t in _SPLIT.split(s.upper()) if t]
    levels = _furniture_words()
    return all(t in levels for t in tokens)


@lru_cache(maxsize=512)
def _clean(line: str) -> str:
    line = _MARKUP.sub("", line) if "<" in line else line
    line = line.strip().lstrip("#* \t")
    head, end = line[:-_JUNK_WINDOW], line[-_JUNK_WINDOW:]
    return (head + _TRAILING_JUNK.sub("", end)).strip()


def _name_ok(name: str) -> bool:
    tokens = name.replace(".", "").split()
    if not tokens or any(t.upper() in _stopwords() for t in tokens):
        return False
    return all(len(t) > 1 or t.islower() for t in tokens)


def _signer_line(line: str) -> str | None:
    if len(line) > 80:
        return None
    s = _clean(line)
    if not _SIGNER_LINE.fullmatch(s):
        return None
    name = s.rstrip(".")
    if " " in name and name.split()[0] == name.split()[-1]:
        name = name.split()[0]  # "KUBISKE KUBISKE": the signature printed twice
    return name if _name_ok(name) else None


def _separated(line: str) -> bool:
    """True when ``line`` (the one above a signature) cannot run on into it."""
    s = _clean(line)
    if not s or s.endswith(_SENTENCE_END) or _REDACTED_END.search(s) or _is_furniture(line):
        return True
    return bool(_signer_line(line))


def _glued(line: str, *, web: bool = False) -> tuple[str, int] | None:
    """A signature at the end of ``line`` after a sentence (or web-site notice) and its offset."""
    fixed = _REDACTION_GLUE.sub(r"\1 ", line)
    window = max(0, len(fixed) - 80)
    for pattern in _GLUED:
        m = pattern.search(fixed, window)
        if not m or not _name_ok(m.group("sig")):
            continue
        before = max(0, m.start() - 80)
        if web or _GLUE_AFTER.search(fixed, before, m.start()) or _WEB_NOTICE.search(fixed):
            shift = len(fixed) - len(line)
            return m.group("sig"), m.start("sig") - shift
    return None


@lru_cache(maxsize=8)  # the parse reads it for signers, paragraphs and the comment
def read_signature(body: str) -> Signature:
    """Signers as written and the offset where signature and furniture start."""
    base = max(0, len(body) - _TAIL)
    tail = body[base:]
    ends = _CABLE_ENDS.search(tail)
    if ends:
        tail = tail[: ends.start()]
    lines = tail.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    i = len(lines) - 1
    while i >= 0 and _is_furniture(lines[i]):
        i -= 1
    if i < 0:
        return Signature((), base if base else len(body))
    furniture_start = base + starts[i] + len(lines[i])
    above = lines[i - 1] if i > 0 else ""
    name = _signer_line(lines[i])
    if name and not _separated(above):
        last = _clean(lines[i])
        if not last.isupper() or last.endswith("."):
            name = None  # a short last line of a paragraph ("Washington."), not a signature
    if name:
        names = [name]
        start = i
        second = _signer_line(above) if i > 0 else None
        if second and (i < 2 or _separated(lines[i - 2])):
            names.insert(0, second)
            start = i - 1
        unique = {n.upper(): n for n in reversed(names)}  # "Scobey" / "SCOBEY": one signer
        return Signature(tuple(reversed(unique.values())), base + starts[start])
    cleaned = _clean(lines[i])
    glued = _glued(cleaned)
    if glued:
        offset = lines[i].find(cleaned[:20]) if cleaned else 0
        return Signature((glued[0],), base + starts[i] + max(offset, 0) + glued[1])
    return Signature((), furniture_start)


def signature_start(body: str) -> int:
    """Offset where the closing signature and furniture of ``body`` begin (``len`` if none)."""
    return read_signature(body).start


def _normalise(name: str) -> list[str]:
    key = name.upper()
    glued = pairs("signer_glued.csv").get(key.replace(" ", ""))
    if glued:
        return glued.split()
    return [pairs("signer_typos.csv").get(key, key)]


def read_signers(body: str) -> tuple[list[str], list[str]]:
    """Return ``(signers, signers_raw)``: normalised upper-case surnames and as written."""
    raw = list(read_signature(body).names)
    signers: list[str] = []
    for name in raw:
        for s in _normalise(name):
            if s not in signers:
                signers.append(s)
    return signers, raw
