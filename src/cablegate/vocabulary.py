"""The archive's words, defined once: browse axes, sort keys with their labels, orders,
classifications and months. The CLI, the API, the OpenAPI document, the stores and the templates
all import them from here, so that a new sort or axis is one line, not six.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Choice:
    """One allowed value of a parameter and how a page names it."""

    key: str
    label: str


def keys(choices: tuple[Choice, ...]) -> tuple[str, ...]:
    return tuple(c.key for c in choices)


# Browse axes: /{axis}/{value}. ``year`` is a view of ``date`` (it has no index page of its own).
AXES: tuple[str, ...] = ("date", "released", "origin", "tag", "classification", "country", "year")
# The name of each axis's value in API paths (/date/{month}.json, /tag/{tag}.atom).
AXIS_PARAMS: dict[str, str] = {
    "date": "month",
    "year": "year",
    "released": "day",
    "origin": "slug",
    "tag": "tag",
    "classification": "slug",
    "country": "iso2",
}
# The axes whose index pages the home page and the navigation show, in that order.
AXES_SHOWN: tuple[str, ...] = ("origin", "tag", "date", "released", "classification", "country")

# Sorting a browse list: a column, then an order.
BROWSE_SORTS: tuple[Choice, ...] = (
    Choice("created", "Created"),
    Choice("released", "Released"),
    Choice("refid", "Reference ID"),
    Choice("origin", "Origin"),
    Choice("classification", "Classification"),
    Choice("subject", "Subject"),
)
ORDERS: tuple[str, ...] = ("asc", "desc")

# Sorting search hits: relevance, or a date with its direction in the key ("-" for newest first).
SEARCH_SORTS: tuple[Choice, ...] = (
    Choice("relevance", "Relevance"),
    Choice("created", "Created, oldest first"),
    Choice("-created", "Created, newest first"),
    Choice("released", "Released, earliest first"),
    Choice("-released", "Released, latest first"),
)

# The six markings of the release's classification column, lowest first.
CLASSIFICATIONS: tuple[str, ...] = (
    "UNCLASSIFIED",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "CONFIDENTIAL",
    "CONFIDENTIAL//NOFORN",
    "SECRET",
    "SECRET//NOFORN",
)

# Python keeps the C locale for these unless a program calls setlocale, which cablegate never
# does: the names are English, as the cables' date-time groups are.
MONTHS: tuple[str, ...] = tuple(calendar.month_abbr[1:])  # Jan … Dec
MONTH_NAMES: tuple[str, ...] = tuple(calendar.month_name[1:])  # January … December
MONTH_CODES: tuple[str, ...] = tuple(m.upper() for m in MONTHS)  # JAN … DEC, as cables write them


def month_name(ym: str) -> str:
    """``2007-02`` -> ``February 2007``; anything else comes back as it was."""
    month = int(ym[5:7]) if len(ym) >= 7 and ym[5:7].isdigit() else 0
    return f"{MONTH_NAMES[month - 1]} {ym[:4]}" if 1 <= month <= 12 else ym
