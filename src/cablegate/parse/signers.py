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

# The end-of-message mark is NNNN, but older cables end "NNN" (73TEHRAN7005); their
# "Declassified/Released US Department of State EO Systematic Review 30 JUN 2005" trailer may be
# broken over lines anywhere, and a page-break line can be cut to its first word ("PAGE",
# 08RECIFE34).
_FURNITURE = re.compile(
    r"^(?:[\W_]*|N{3,4}|BT|#?\d+|[\d\s/:.,-]+|End Cable Text|PAGE(?:[ \t]+\d+)?"
    r"|=*\s*CABLE ENDS\s*=*|(?:Declassified|Released)\b.*"
    r"|(?:US )?(?:Department of State )?(?:EO )?(?:Systematic )?Review(?: \d{1,2} [A-Z]{3} \d{4})?"
    r"|(?:US )?Department of State(?: EO)?(?: Systematic)?"
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
    r"[ \t]+(?:N{3,4}\b|Declassified/Released\b|\d{4}[A-Z]+\d+ - |0[ \t]+\d{1,2}/\d{1,2}/\d{4}\b).*$"
    r"|(?:[ \t]+[\d/:.-]+)+[ \t]*$|(?:[\s#*>\"\v]|\\v?)+$|[ \t]*,?[ \t]*\.{2,}$"
)
# What a _TRAILING_JUNK match can end in (besides white space and ".." or "\v"), and how its
# other alternatives begin: tested first, as the expression is slow to fail on a plain line.
_JUNK_LAST = frozenset('#*>"\\')
_JUNK_SEED = re.compile(r"[ \t](?:NNN|Declassified/|[\d/:.-])")
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
    s = (_MARKUP.sub("", line) if "<" in line else line).strip().strip('"\\')
    if not s or _FURNITURE.match(s) or (len(s) < 120 and is_break_line(line)):
        return True
    if _web_possible(s) and _WEB.match(s):
        return _glued(_clean(line), web=True) is None
    # the first word is nearly always the one that is not furniture: split off only that
    tokens = s.replace("/", " ").split(None, 1)
    levels = _furniture_words()
    if tokens and tokens[0].upper() not in levels:
        return False
    return len(tokens) < 2 or all(t.upper() in levels for t in tokens[1].split())


def _web_possible(s: str) -> bool:
    """False when :data:`_WEB` cannot match ``s``: tested first, as it is slow to fail.

    A web address is one or two words with a "." or "/"; a notice says "Web" ("w", "e", "b"
    fold to no other letters).
    """
    if ("." in s or "/" in s) and len(s.split(None, 2)) < 3:
        return True
    return ("b" in s or "B" in s) and "web" in s.lower()


@lru_cache(maxsize=512)
def _clean(line: str) -> str:
    line = _MARKUP.sub("", line) if "<" in line else line
    line = line.strip().lstrip("#* \t")
    head, end = line[:-_JUNK_WINDOW], line[-_JUNK_WINDOW:]
    if _may_end_in_junk(end):
        end = _TRAILING_JUNK.sub("", end)
    return (head + end).strip()


def _may_end_in_junk(end: str) -> bool:
    """False when :data:`_TRAILING_JUNK` cannot match ``end`` (most lines end in a word)."""
    last = end[-1:]
    if last.isspace() or last in _JUNK_LAST or end.endswith(("..", "\\v")):
        return True
    return (" " in end or "\t" in end) and _JUNK_SEED.search(end) is not None


def _name_ok(name: str) -> bool:
    tokens = name.replace(".", "").split()
    stopwords = _stopwords()
    if not tokens or any(t.upper() in stopwords for t in tokens):
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


def _web_notice(line: str) -> bool:
    # "d web" (of "Classified Web site") folds from no other letters: a quick test first
    return "d web" in line.lower() and _WEB_NOTICE.search(line) is not None


def _glued(line: str, *, web: bool = False) -> tuple[str, int] | None:
    """A signature at the end of ``line`` after a sentence (or web-site notice) and its offset."""
    fixed = _REDACTION_GLUE.sub(r"\1 ", line) if "XXXXXXXXXXXX" in line else line
    last = fixed.rstrip(".")[-1:]
    if not (last.isascii() and last.isalpha() or last in "'’-"):
        return None  # a signature ends in a letter of its last word (then up to two dots)
    window = max(0, len(fixed) - 80)
    # a match holds at most three runs of blanks (before a particle, the name, "Jr"), and no
    # other white space: it starts no earlier than the third last run of white space
    words = fixed.rsplit(None, 3)
    if len(words) == 4:
        window = max(window, len(words[0]))
    for pattern in _GLUED:
        m = pattern.search(fixed, window)
        if not m or not _name_ok(m.group("sig")):
            continue
        before = max(0, m.start() - 80)
        if web or _GLUE_AFTER.search(fixed, before, m.start()) or _web_notice(fixed):
            shift = len(fixed) - len(line)
            return m.group("sig"), m.start("sig") - shift
    return None


@lru_cache(maxsize=8)  # the parse reads it for signers, paragraphs and the comment
def read_signature(body: str) -> Signature:
    """Signers as written and the offset where signature and furniture start."""
    base = max(0, len(body) - _TAIL)
    tail = body[base:]
    ends = _CABLE_ENDS.search(tail) if "=" in tail else None
    if ends:
        tail = tail[: ends.start()]
    lines = tail.split("\n")
    i = len(lines) - 1
    while i >= 0 and _is_furniture(lines[i]):
        i -= 1
    if i < 0:
        return Signature((), base if base else len(body))
    line_start = base + _offset(lines, i, len(tail))
    furniture_start = line_start + len(lines[i])
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
        return Signature(tuple(reversed(unique.values())), base + _offset(lines, start, len(tail)))
    cleaned = _clean(lines[i])
    glued = _glued(cleaned)
    if glued:
        offset = lines[i].find(cleaned[:20]) if cleaned else 0
        return Signature((glued[0],), line_start + max(offset, 0) + glued[1])
    return Signature((), furniture_start)


def _offset(lines: list[str], k: int, size: int) -> int:
    """Where line ``k`` starts in the text of ``size`` characters that ``lines`` were split from.

    Counted from the end: the lines below the signature are few.
    """
    return size - sum(map(len, lines[k:])) - (len(lines) - 1 - k)


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
