"""Finding a slow pattern's matches only where a fast, literal-led hint says one may start.

In CPython's regex engine a pattern that opens with a lookbehind, a character class or a
case-insensitive group is tried at every offset of the text; one that opens with a literal jumps
to the next occurrence of it. A hint made of literal-led alternatives finds the candidates, and
the slow pattern is only tried there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator


def label_hint(labels: Iterable[str]) -> re.Pattern[str]:
    """Where one of ``labels`` may start, in any case: its first two letters, the first as a
    literal in either case (the engine skips to the next one quickly)."""
    heads = {label[:2] for label in labels}
    return re.compile(
        "|".join(
            sorted(
                f"{re.escape(c)}(?i:{re.escape(h[1:])})"
                for h in heads
                for c in {h[0].lower(), h[0].upper()}
            )
        )
    )


def hinted_finditer(
    pattern: re.Pattern[str], hint: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, trying ``pattern`` only where ``hint`` matches. Text beyond
    ASCII (where case folding may map other letters onto the hint's) is searched in full."""
    if not text.isascii():
        yield from pattern.finditer(text)
        return
    candidate = hint.search(text)
    while candidate:
        m = pattern.match(text, candidate.start())
        if m:
            yield m
            candidate = hint.search(text, m.end())
        else:
            candidate = hint.search(text, candidate.start() + 1)
