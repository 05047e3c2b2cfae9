"""The exceptions the library raises; the CLI and web layers turn each into one clear message."""

from __future__ import annotations


class CablegateError(Exception):
    """Base of every error the library raises on purpose."""


class SourceError(CablegateError):
    """A source could not be read at all (missing file, unknown format)."""


class QueryError(CablegateError):
    """A search query that cannot be read; ``position`` is the 0-based offset of the fault."""

    def __init__(self, message: str, position: int | None = None, query: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.position = position
        self.query = query

    def __str__(self) -> str:
        if self.position is None:
            return self.message
        return f"{self.message} (at character {self.position + 1})"


class NotFound(CablegateError):
    """No cable, tag, origin or page by that name."""


class QueryTooBroad(CablegateError):
    """A search that cannot be answered within its time budget: it matches or expands to too
    much. ``hint`` says how to narrow it; the web answers 400 with the code ``too_broad``."""

    def __init__(self, message: str, query: str = "", hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.query = query
        self.hint = hint or (
            "Narrow it: give more letters before a *, use fewer OR-ed words, add a word that"
            " must match, or filter by year, origin or tag."
        )

    def __str__(self) -> str:
        return f"{self.message} {self.hint}"
