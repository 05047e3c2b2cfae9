"""The lower-cased body, computed once per body for the readers that look for words in it.

Looking for "summ", "comment" or "clas" with ``str.find`` in a lower-cased copy is much faster
than running a case-insensitive regular expression over the whole body.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """``text.lower()``, cached for the few bodies being parsed at a time."""
    return text.lower()
