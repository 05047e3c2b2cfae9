"""The lower-cased body, computed once per body for the readers that look for words in it.

Looking for "summ", "comment" or "clas" with ``str.find`` in a lower-cased copy is much faster
than running a case-insensitive regular expression over the whole body. The readers use the
offsets found there in the body itself, so the copy keeps every character at its offset.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """``text.lower()`` with the same length, cached for the few bodies being parsed at a time.

    A few characters lower-case to two ("İ" to "i̇"); those are kept as they are, so that an
    offset in the copy is the same offset in ``text``.
    """
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
