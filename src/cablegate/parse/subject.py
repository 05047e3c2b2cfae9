"""SUBJECT line: normalised and raw."""

from __future__ import annotations


def read_subject(body: str) -> tuple[str, str]:
    """Return ``(subject, subject_raw)``; ``("", "")`` when the cable has none."""
    raise NotImplementedError
