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
_NO_WORD_RE = re.compile(r" (?:[^\w ]|_)+(?= )")  # in squeezed text: a word of neither
_TAGS_LINE_RE = re.compile(r"(?im)^([ \t]*TAGS\b)([^\n]*)")
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
    """How many runs of X ``text`` holds (``versions.csv``'s ``redaction_spans``)."""
    return len(RUN_RE.findall(text))


def count_words(text: str) -> int:
    """Words a reader sees: white-space separated words with a letter or digit, redaction
    marks not counted."""
    return len(_WORDY_RE.findall(RUN_RE.sub(" ", text)))


class TextFacts(NamedTuple):
    """What the ingest records of every text (see ``text_facts``)."""

    key: str
    runs: int
    words: int


def text_facts(header: str, body: str) -> TextFacts:
    """``text_key``, ``count_runs`` and ``count_words`` of a whole text, in one pass over its
    words: the ingest computes them for every cable, where the three apart cost 0.66 ms a cable
    (a third of the parse) and this 0.14 ms. A text without a run of X (most of them) has its
    words counted on its white-space-squeezed form: every word less those with no letter or
    digit (``TAGS: PGOV,PREL`` is two words, as it is on the site)."""
    if "xxx" not in body.lower():
        squeezed = " ".join(tags_without_commas(body).split())
        words = squeezed.count(" ") + 1 if squeezed else 0
        words -= len(_NO_WORD_RE.findall(f" {squeezed} "))
        return TextFacts(_digest(header, squeezed), 0, words)
    return TextFacts(
        text_key(header, body), count_runs(body), count_words(tags_without_commas(body))
    )


def tags_without_commas(body: str) -> str:
    """``body`` with the TAGS line's commas as spaces (the site re-rendered ``TAGS: PGOV,
    PREL`` as ``TAGS: PGOV PREL``): how a text is compared and its words counted."""
    if "TAGS" not in body and "tags" not in body.lower():
        return body
    return _TAGS_LINE_RE.sub(lambda m: m.group(1) + m.group(2).replace(",", " "), body)


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
