"""Reference ids: split, canonicalise, and the malformed-id tables (data files beside it)."""

from __future__ import annotations


def canonical_id(refid: str) -> str:
    """``06TAIPEI2654`` -> ``06AITTAIPEI2654``; idempotent."""
    raise NotImplementedError
