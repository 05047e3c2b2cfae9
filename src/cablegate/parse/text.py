"""Text helpers shared by the field readers, and ``clean_content`` for indexing."""

from __future__ import annotations

_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n"})


def normalise_text(text: str) -> str:
    """One line-break convention (LF) so that every reader can split on ``\\n``."""
    return text.replace("\r\n", "\n").translate(_LINE_BREAKS)


def clean_content(body: str) -> str:
    """Body text cleaned for indexing (peer_cases ``clean_content``)."""
    raise NotImplementedError
