"""Query parameters as declared data: each one read by the views and described in the OpenAPI
document from the same object, so that what the schema allows is what the routes accept and a
value outside it is a 400 naming the parameter and what it takes (never silently a default).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from cablegate.errors import CablegateError
from cablegate.export.table import FIELDS
from cablegate.search.query import DECL_STATES
from cablegate.thread import DEPTH, MAX_DEPTH
from cablegate.vocabulary import BROWSE_SORTS, ORDERS, SEARCH_SORTS, keys


class BadParameter(CablegateError):
    """A query parameter outside what it takes: the web answers 400 ``bad_request`` with the
    parameter's name and (for a choice) the values it allows."""

    def __init__(self, name: str, takes: str, raw: str, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(f"{name}= takes {takes}, not {raw[:40]!r}")
        self.name = name
        self.allowed = allowed


@dataclass(frozen=True, slots=True)
class Choice:
    """A parameter that takes one of a fixed list of words (a sort key, an order)."""

    name: str
    values: tuple[str, ...]
    default: str

    def read(self, params: QueryParams) -> str:
        return self.parse(params.get(self.name))

    def parse(self, raw: str | None) -> str:
        if raw is None:
            return self.default
        if raw not in self.values:
            raise BadParameter(self.name, f"one of {', '.join(self.values)}", raw, self.values)
        return raw

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values), "default": self.default}


@dataclass(frozen=True, slots=True)
class Number:
    """A parameter that takes a whole number from ``least`` to ``most`` (a page, a size)."""

    name: str
    default: int
    least: int
    most: int

    def read(self, params: QueryParams) -> int:
        return self.parse(params.get(self.name))

    def parse(self, raw: str | None) -> int:
        if raw is None:
            return self.default
        # ASCII digits only: int() also reads " 7", "+7", "7_0" and other scripts' digits
        if not (raw.isascii() and raw.isdigit()) or not self.least <= int(raw) <= self.most:
            raise BadParameter(self.name, f"a whole number from {self.least} to {self.most}", raw)
        return int(raw)

    def schema(self) -> dict[str, Any]:
        return {
            "type": "integer",
            "minimum": self.least,
            "maximum": self.most,
            "default": self.default,
        }


@dataclass(frozen=True, slots=True)
class Word:
    """A parameter that takes a string of one form (``pattern``, matched whole), described to
    a reader as ``takes``; absent or empty (when the pattern allows it), it is ``None``."""

    name: str
    pattern: str
    takes: str

    def read(self, params: QueryParams) -> str | None:
        raw = params.get(self.name)
        if raw is not None and not re.fullmatch(self.pattern, raw):
            raise BadParameter(self.name, self.takes, raw)
        return raw or None

    def schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^(?:{self.pattern})$"}


def _list_of(words: tuple[str, ...]) -> str:
    one = "|".join(words)
    return f"all|(?:{one})(?:,(?:{one}))*"


# The parameters of the API, each read by its views and described by the OpenAPI document.
BROWSE_SORT = Choice("sort", keys(BROWSE_SORTS), "created")
ORDER = Choice("order", ORDERS, "asc")
PAGE = Number("page", 1, 1, 100_000)
# a list (a browse value's, a person's) up to 500 rows, as JSON and as a page (the node tests
# and readers ask for ?per_page=500 pages: one page of a month, of a tag)
LIST_PER_PAGE = Number("per_page", 50, 1, 500)
SEARCH_SORT = Choice("sort", keys(SEARCH_SORTS), "relevance")
# deep pages of a search are for its CSV export, not for clicking
SEARCH_PAGE = Number("page", 1, 1, 500)
SEARCH_PER_PAGE = Number("per_page", 20, 1, 100)
# the one facet filter with a closed list of values (the others take what the counts show)
DECL = Choice("decl", DECL_STATES, "")
THREAD_DEPTH = Number("depth", DEPTH, 1, MAX_DEPTH)
VERSION = {end: Number(end, 1, 1, 100_000) for end in ("from", "to")}
FIELDS_PARAM = Word("fields", _list_of(tuple(FIELDS)), "all or field names joined by commas")
# empty: any year, any origin (the /cited page's form sends its "Any" choice so)
YEAR = Word("year", r"(?:19|20)[0-9]{2}|", "a year such as 2007, or nothing")
ORIGIN = Word("origin", r"[a-z0-9][a-z0-9-]{0,99}|", "an origin slug such as embassy-lima")
