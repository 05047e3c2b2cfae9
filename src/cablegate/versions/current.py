"""Which text of a cable the archive shows: the most complete one, whatever the ingest order.

Every text a source carried is kept as a version; one of them is the cable's current text (its
page, its search document, its JSON). The rule, applied to each row as it is stored:

1. The final release (``cables.csv``) wins over any page: it is the whole text as the release
   published it. Between two ``cables.csv`` rows, the one ingested last wins: re-ingesting a
   corrected file is how an archive is fixed.
2. Between pages: a whole page wins over a damaged one (cut off, or with bytes that were not
   text); then the text with the fewest redactions (runs of X); then the one that shows the
   most words (an excerpt loses to the whole); then, for texts equal in all that, a fixed order
   of their content, so that the choice never depends on the ingest order.
3. One text carried by several pages takes its rendering and release metadata from the latest
   of them (later sites fixed mistakes, such as the minutes of the creation time).

Fewest redactions comes before most words on purpose: versions that differ in both are most
often an original text and a re-typed copy of it with passages withheld and the re-typer's
additions (a newspaper's record header). In ``corpus/versions`` it picks the unredacted
original for every cable that has one, except 08KYIV2414, whose one unredacted copy is a
re-typed excerpt without its subject line (the price of a rule that never looks at content).
"""

from __future__ import annotations

FINAL = "1"  # the currency of every cables.csv row: any later one replaces it


def currency(
    *,
    final: bool,
    damaged: bool,
    redactions: int,
    words: int,
    text_key: str,
    text_hash: str,
    seen: str,
    site_count: int | None,
    meta_hash: str,
) -> str:
    """A string that sorts as the rule above ranks a row: a store replaces a cable's current
    row by a new one when the new one's currency is greater (or, for two ``cables.csv`` rows,
    equal)."""
    if final:
        return FINAL
    whole = 0 if damaged else 1
    fewer = max(0, 9_999_999 - redactions)
    more = min(words, 999_999_999)
    return (
        f"0{whole}{fewer:07d}{more:09d}{text_key}{seen}{site_count or 0:09d}{text_hash}{meta_hash}"
    )
