"""The vocabulary behind TAGS lines: known tags, multi-word phrases, persons, typos, glued tags.

Tables live in ``cablegate/data`` (see the comment header of each file); this module only loads
them once and answers questions about single words, so that :mod:`cablegate.parse.tags` can stay
about the shape of the line.
"""

from __future__ import annotations

from functools import cache

from cablegate.data import records
from cablegate.parse.wordtables import ordered_words, pairs, words

WILDCARD = "<X>"


@cache
def _tag_kinds() -> dict[str, str]:
    """``tags.csv`` as tag -> kind (upper-case keys)."""
    return {row["tag"].strip().upper(): row["kind"].strip() for row in records("tags.csv")}


@cache
def subject_tags() -> frozenset[str]:
    """4-letter subject TAGS (``ECON``, ``PHUM``), from cablemap and ``tags.csv``."""
    extra = {t for t, k in _tag_kinds().items() if k == "subject"}
    return words("cablemap/subject-tags.txt") | extra


@cache
def organization_tags() -> frozenset[str]:
    """Organisation TAGS (``NATO``, ``BA'ATH``), from cablemap and ``tags.csv``."""
    extra = {t for t, k in _tag_kinds().items() if k == "organization"}
    return words("cablemap/organization-tags.txt") | extra


@cache
def geo_tags() -> frozenset[str]:
    return frozenset(t for t, k in _tag_kinds().items() if k == "geo")


@cache
def known_tags() -> frozenset[str]:
    """Every tag the project has a record of, of any kind."""
    return frozenset(_tag_kinds()) | subject_tags() | organization_tags()


@cache
def glue_pieces() -> frozenset[str]:
    """Tags that may be found glued together without a space: geo codes and 4-letter tags."""
    four = {t for t in subject_tags() | frozenset(_tag_kinds()) if len(t) == 4 and t.isalpha()}
    return geo_tags() | four


def is_glue_piece(word: str) -> bool:
    # K-tags are programmes; many real ones (KTIA, KOMC) are in no table yet.
    return word in glue_pieces() or (len(word) == 4 and word[0] == "K" and word.isalpha())


@cache
def typos() -> dict[str, str]:
    return pairs("tag_typos.csv")


@cache
def persons() -> dict[str, str]:
    return pairs("person_tags.csv")


@cache
def glued() -> dict[str, tuple[str, ...]]:
    return {k: tuple(p.strip() for p in v.split("|")) for k, v in pairs("glued_tags.csv").items()}


@cache
def phrases() -> tuple[tuple[str, ...], ...]:
    """Multi-word tags as word tuples, longest first; ``<X>`` matches any one word."""
    found = {tuple(p.upper().split()) for p in ordered_words("multiword_tags.txt")}
    found |= {tuple(k.split()) for k in (*persons(), *typos(), *glued()) if " " in k}
    return tuple(sorted(found, key=lambda p: (-len(p), p)))


@cache
def phrases_by_word() -> tuple[
    dict[str, tuple[tuple[str, ...], ...]], dict[str, tuple[tuple[str, ...], ...]]
]:
    """Phrases indexed by their first word, and (for ``<X> AND <Y>``) by their second word."""
    first: dict[str, list[tuple[str, ...]]] = {}
    second: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases():  # longest first, and so is every list
        if p[0] == WILDCARD:
            second.setdefault(p[1], []).append(p)
        else:
            first.setdefault(p[0], []).append(p)
    return (
        {k: tuple(v) for k, v in first.items()},
        {k: tuple(v) for k, v in second.items()},
    )


@cache
def phrase_words() -> frozenset[str]:
    """Every literal word of a multi-word tag (never split as glued tags)."""
    return frozenset(w for p in phrases() for w in p if w != WILDCARD)


@cache
def labels() -> tuple[tuple[str, bool], ...]:
    """TAGS label variants as (label, colon required), longest first."""
    rows = [(k, v.lower() == "required") for k, v in pairs("tag_labels.csv").items()]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def distribution_markers() -> frozenset[str]:
    return words("distribution_markers.txt")
