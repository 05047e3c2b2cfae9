"""REF block: canonical ids of cited cables and every item in detail.

:mod:`cablegate.parse.reference_block` finds the block(s), :mod:`cablegate.parse.reference_items`
reads their items; this module picks the complete block and turns cable items into valid
canonical ids (``LIMA 123`` in a 2007 Lima cable is ``07LIMA123``).
"""

from __future__ import annotations

from cablegate.model import Reference
from cablegate.parse.reference_block import blocks
from cablegate.parse.reference_items import Context, read_items
from cablegate.refid import canonical_id, is_cable_id, split_refid

__all__ = ["read_references"]


def _context(year: int | None, refid: str | None) -> tuple[Context, str | None]:
    """Default year and own station of the citing cable, and its canonical id."""
    own = canonical_id(refid) if refid else None
    parts = split_refid(own) if own else None
    yy = f"{year % 100:02d}" if year is not None else (parts[0] if parts else None)
    station = parts[1] if parts and own and is_cable_id(own) else None
    return Context(yy, station), own


def read_references(
    body: str, year: int | None, refid: str | None = None
) -> tuple[list[str], list[Reference]]:
    """Return ``(references, references_detailed)``; ``year`` is the citing cable's year.

    ``references`` holds the valid cable ids in order of first appearance without duplicates,
    ``references_detailed`` every item of the block, other documents as their text. A reference
    to the cable itself is dropped. When the body repeats its header, the block with the most
    cables is the complete one (09NAIROBI1938), and an excerpt cut short by ``...`` yields to a
    full block.
    """
    found = blocks(body or "")
    if not found:
        return [], []
    ctx, own = _context(year, refid)
    best: list[Reference] = []
    best_rank = (False, 0, 0)
    for block, truncated in found:
        items = read_items(block, ctx)
        rank = (not truncated, sum(i.kind == "cable" for i in items), len(items))
        if rank > best_rank:
            best, best_rank = items, rank
    detailed: list[Reference] = []
    refs: dict[str, None] = {}
    for item in best:
        if item.kind == "cable":
            # built from a known canonical station, a 2-digit year and a 1-7 digit serial
            if item.value == own:
                continue
            refs[item.value] = None
        detailed.append(item)
    return list(refs), detailed
