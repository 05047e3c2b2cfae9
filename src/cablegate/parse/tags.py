"""TAGS line: normalised and raw lists, and the kind of a tag."""

from __future__ import annotations


def read_tags(body: str) -> tuple[list[str], list[str]]:
    """Return ``(tags, tags_raw)``."""
    raise NotImplementedError


def tag_kind(tag: str) -> str:
    """geo | person | program | subject | organization | unknown."""
    raise NotImplementedError
