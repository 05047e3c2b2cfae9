"""``Classified By`` statement: the classifier(s) and the section 1.4 reasons."""

from __future__ import annotations


def read_classified_by(body: str) -> tuple[list[str], list[str], list[str]]:
    """Return ``(classified_by, classified_by_raw, classification_reasons)``."""
    raise NotImplementedError
