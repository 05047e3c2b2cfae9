"""Redactions in a cable's text: the runs of ``X`` the site put where it withheld words.

Pure functions over text, shared by the ingest (counts for every text), the diff (which lines a
run of X up with the words it hid) and the pages. A redaction is a run of three or more ``x``
or ``X`` starting a word: the site wrote ``XXXXXXXXXXXX`` in most cables and ``xxxxxxxxxxxx``
in some, of varying length, sometimes glued to a word (``too,xxxxxxxxxxxx``, ``XXXXXXXXXXXXs``).
Counted that way, every one of the 140 pages in ``corpus/versions`` has the number of runs its
``versions.csv`` row gives.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache, lru_cache
from typing import NamedTuple

from cablegate import data

# One token: its leading white space, then a run of X, a word, or one other character.
TOKEN_RE = re.compile(r"(\s*)([xX]{3,}|[^\W_]+|\S)")
RUN_RE = re.compile(r"[xX]{3,}")
_WORDY_RE = re.compile(r"[^\W_]\S*")  # from a word's first letter or digit to its end
# Runs of X found in the text in lower case: the pattern opens with a literal, found by a fast
# search, where a character class is tried at every character. (No character but X lowers to x.)
_LOWER_RUN_RE = re.compile("xxx+")
# A word that is only a redaction mark: runs of X with punctuation around or between them.
# Possessive (``*+``, ``{3,}+``, ``++``): the classes never overlap, so nothing is lost, and a
# long run of X glued to a letter (``XXXX…Xa``) is not tried split every way (60 X: minutes).
_MARK = r"(?:[^\w ]*+[xX]{3,}+)++[^\w ]*+"
_MARK_WORD_FULL_RE = re.compile(_MARK)
_MARK_WORD_RE = re.compile(f" {_MARK}(?= )")  # in a text squeezed to single spaces
_POSSESSIVE_RE = re.compile(r"(?:['’,]s|['’])$")
_EDGE_PUNCT = "\"'“”‘’()[],.;:!?"
# A capitalised word with a lower-case letter after its capital: `Mellal`, `al-Humaydan`,
# `Sa’ad`, `McDonald`; not `MELLAL`, `Embassy's` is cut to `Embassy` before this.
_NAME_WORD_RE = re.compile(r"(?:[^\W\d_]+[-’'])*[^\W\d_a-z]\w*[a-z]\w*(?:[-’'][^\W\d_]+)*\.?")


class Token(NamedTuple):
    """One token of a text and the white space before it (kept to show the text as written).

    A named tuple, not a dataclass: a long cable has 10,000 tokens, and building frozen
    dataclasses took a third of the time of a diff."""

    space: str
    text: str

    @property
    def is_run(self) -> bool:
        """A run of X: a redaction mark."""
        return RUN_RE.fullmatch(self.text) is not None

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


@lru_cache(maxsize=64)
def tokens(text: str) -> tuple[Token, ...]:
    """``text`` cut into runs of X, words and single other characters, each with the white
    space before it; white space at the very end is dropped. (Kept for the last few texts: a
    history diffs each version against several others.)"""
    return tuple(Token(*m.groups()) for m in TOKEN_RE.finditer(text))


def count_runs(text: str) -> int:
    """How many runs of X ``text`` holds (``versions.csv``'s ``redaction_spans``). Most texts
    hold none: a substring test tells at once."""
    low = text.lower()
    return len(_LOWER_RUN_RE.findall(low)) if "xxx" in low else 0


def count_words(text: str) -> int:
    """Words of a passage: white-space separated words with a letter or digit, redaction marks
    not counted (what the summaries of a diff count)."""
    return len(_WORDY_RE.findall(RUN_RE.sub(" ", text)))


def length_in_words(text: str) -> int:
    """The length of a whole text: its white-space separated words less the redaction marks
    (a word made of runs of X and the punctuation around them, ``XXXXXXXXXXXX,``). Unlike
    ``count_words`` a word of punctuation (``--``) counts: this needs no look at each word."""
    words = text.split()
    if "xxx" not in text.lower():
        return len(words)
    return len(words) - len(_MARK_WORD_RE.findall(f" {' '.join(words)} "))


class TextFacts(NamedTuple):
    """What the ingest records of every text (see ``text_facts``)."""

    key: str
    runs: int
    words: int


def text_facts(header: str, body: str) -> TextFacts:
    """``text_key``, ``count_runs`` and ``length_in_words`` of a whole text with one split:
    the ingest computes them for every cable. The split and the digest are most of it
    (0.17 ms a cable of 7.6 KB; the three rules apart, 0.7 ms)."""
    words = tags_without_commas(body).split()
    squeezed = " ".join(words)
    key = _digest(header, squeezed)
    if "xxx" not in body.lower():
        return TextFacts(key, 0, len(words))
    runs, marks = _runs_and_marks(squeezed)
    return TextFacts(key, runs, len(words) - marks)


def _runs_and_marks(squeezed: str) -> tuple[int, int]:
    """Runs of X in a text squeezed to single spaces, and its words that are only a mark
    (``count_runs`` and what ``length_in_words`` takes off): the runs are found in the text
    in lower case, and only the words that hold one are tried as a mark."""
    low = squeezed.lower()
    if len(low) != len(squeezed):  # a character lowers to two: positions would not match
        return count_runs(squeezed), len(_MARK_WORD_RE.findall(f" {squeezed} "))
    runs = marks = 0
    last = -1
    for run in _LOWER_RUN_RE.finditer(low):
        runs += 1
        start = low.rfind(" ", 0, run.start()) + 1
        if start == last:
            continue
        last = start
        end = low.find(" ", run.end())
        if _MARK_WORD_FULL_RE.fullmatch(squeezed, start, len(low) if end < 0 else end):
            marks += 1
    return runs, marks


def tags_without_commas(body: str) -> str:
    """``body`` with the commas of its TAGS line(s) as spaces (the site re-rendered ``TAGS:
    PGOV, PREL`` as ``TAGS: PGOV PREL``): how two texts are compared. A TAGS line starts, after
    spaces or tabs, with ``TAGS``, ``Tags`` or ``tags`` and a character that is not a letter or
    digit; found with ``str.find``, not a multi-line pattern (that cost 0.07 ms a cable)."""
    found = sorted(
        i
        for word in ("TAGS", "Tags", "tags")
        for i in _all(body, word)
        if _starts_line(body, i)
        and not (body[i + 4 : i + 5].isalnum() or body[i + 4 : i + 5] == "_")
    )
    if not found:
        return body
    parts, last = [], 0
    for i in found:
        end = body.find("\n", i)
        end = len(body) if end < 0 else end
        parts += [body[last:i], body[i:end].replace(",", " ")]
        last = end
    return "".join([*parts, body[last:]])


def _all(text: str, word: str) -> list[int]:
    out, i = [], text.find(word)
    while i >= 0:
        out.append(i)
        i = text.find(word, i + 1)
    return out


def _starts_line(text: str, i: int) -> bool:
    start = text.rfind("\n", 0, i) + 1
    return not text[start:i].strip(" \t")


def _digest(header: str, squeezed_body: str) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(" ".join(header.split()).encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(squeezed_body.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def text_key(header: str, body: str) -> str:
    """What makes two texts one version: the same words in the same order.

    Differences in white space (line breaks, the trailing spaces ``cables.csv`` keeps) and the
    commas of the TAGS line (the site re-rendered ``TAGS: PGOV, PREL`` as ``TAGS: PGOV PREL``)
    are how a site drew a text, not changes to it; any other difference makes another version.
    """
    return _digest(header, " ".join(tags_without_commas(body).split()))


@cache
def _name_words() -> tuple[frozenset[str], frozenset[str]]:
    """Particles that may sit inside a name, and words that open a passage but never a name."""
    particles = frozenset(w.lower() for w in data.lines("name_particles.txt"))
    stops = frozenset(w.lower() for w in data.lines("name_stopwords.txt"))
    return particles, stops


def name_key(passage: str) -> str | None:
    """The surname of ``passage`` when it reads as a person's name (1 to 4 capitalised words,
    particles such as ``al`` or ``bin`` allowed, not opening with a word like ``The``), else
    None. Two passages naming one person (``Nadia Mellal``, ``Mellal's``) share the key.

    A heuristic for the one-line summary: text in capitals throughout (older cables) never
    counts, a name cannot be told from other words there.
    """
    parts = passage.split()
    if len(parts) > 8:  # a passage, not a name (and a long one would be read word by word)
        return None
    particles, stops = _name_words()
    words = [_POSSESSIVE_RE.sub("", w.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT) for w in parts]
    words = [w for w in words if w]
    if not 1 <= len(words) <= 4 or words[0].lower() in stops:
        return None
    capitalised = 0
    for w in words:
        if w.lower() in particles:
            continue
        if not _NAME_WORD_RE.fullmatch(w):
            return None
        capitalised += 1
    return words[-1].lower() if capitalised else None
