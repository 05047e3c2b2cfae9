"""REF block: canonical ids of cited cables and every item in detail."""

from __future__ import annotations

from cablegate.model import Reference


def read_references(
    body: str, year: int | None, refid: str | None = None
) -> tuple[list[str], list[Reference]]:
    """Return ``(references, references_detailed)``; ``year`` is the citing cable's year."""
    raise NotImplementedError
