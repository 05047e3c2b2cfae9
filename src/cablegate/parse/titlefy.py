"""Display form of an all-caps subject."""

from __future__ import annotations


def titlefy(subject: str) -> str:
    raise NotImplementedError
