"""cablegate: parse, store, search, browse and mirror the Cablegate diplomatic cables."""

from __future__ import annotations

from cablegate.model import Cable, Paragraph, Recipient, Reference
from cablegate.parse import parse
from cablegate.parse.page import parse_page
from cablegate.parse.tags import tag_kind
from cablegate.parse.text import clean_content
from cablegate.parse.titlefy import titlefy
from cablegate.refid import canonical_id

__all__ = [
    "Cable",
    "Paragraph",
    "Recipient",
    "Reference",
    "canonical_id",
    "clean_content",
    "parse",
    "parse_page",
    "tag_kind",
    "titlefy",
]
__version__ = "0.1.0"
