"""The original viewer's addresses, each a small page that points to the new one.

WikiLeaks' cable viewer (and its 1,000+ mirrors) used ``cable/2007/02/07LIMA487.html``,
``tag/PGOV_0.html``, ``date/2007-02_0.html``, ``reldate/2011-08-30_0.html``,
``origin/179_0.html`` and ``classification/3_0.html`` (``_0`` is the first page of a list). A
static server cannot redirect, so each such file holds a canonical link, a refresh and a visible
link: ``wget -m`` of an old mirror's URLs, a search engine and a reader all land on the new page.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from cablegate import data
from cablegate.posts import slugify
from cablegate.web.urls import browse_url, cable_url

# /classification/N_0.html of every generation of the original viewer (the link texts)
LEGACY_CLASSIFICATIONS = {
    "1": "CONFIDENTIAL",
    "2": "CONFIDENTIAL//NOFORN",
    "3": "SECRET",
    "4": "SECRET//NOFORN",
    "5": "UNCLASSIFIED",
    "6": "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
}
_LEGACY_AXIS = {"tag": "tag", "date": "date", "released": "reldate"}


@dataclass(frozen=True, slots=True)
class Pointer:
    """An old address (a file of the tree) and the live-site URL it points to."""

    file: str
    url: str
    title: str


@cache
def legacy_origins() -> dict[str, str]:
    """origin slug -> the number the final original viewer gave it."""
    return {slugify(origin): number for number, origin in data.rows("legacy_origins.csv")}


def cable_pointer(refid: str, created: str | None) -> Pointer | None:
    if not created or len(created) < 7:
        return None
    return Pointer(f"cable/{created[:4]}/{created[5:7]}/{refid}.html", cable_url(refid), refid)


def browse_pointers(axis: str, value: str, pages: int) -> Iterator[Pointer]:
    """``tag/PGOV_0.html`` ... one per page of the list, for the axes the original viewer had."""
    if axis == "origin":
        name = legacy_origins().get(value)
    elif axis == "classification":
        slugs = {slugify(c): n for n, c in LEGACY_CLASSIFICATIONS.items()}
        name = slugs.get(value)
    elif axis in _LEGACY_AXIS:
        name = value
    else:
        return
    if name is None:
        return
    folder = _LEGACY_AXIS.get(axis, axis)
    for n in range(pages):
        url = browse_url(axis, value) + (f"?page={n + 1}" if n else "")
        yield Pointer(f"{folder}/{name}_{n}.html", url, f"{axis} {value}, page {n + 1}")


def fixed_pointers() -> tuple[Pointer, ...]:
    """The original viewer's own pages that have a new home."""
    return (
        Pointer("static/html/faq.html", "/help/faq", "Frequently asked questions"),
        Pointer("support.html", "/help", "Help"),
    )


# part of each pointer page's key: bump when ``page`` writes other bytes for the same address,
# so that a tree made before is brought up to date (its other pages are not rendered again)
PAGE_FORMAT = 2


def page(target: str, canonical: str, title: str) -> bytes:
    """The pointer page: ``target`` relative to it, ``canonical`` absolute when known."""
    t, c, name = (html.escape(s, quote=True) for s in (target, canonical, title))
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {name} | Cablegate archive</title>\n"
        f'<meta name="description" content="The original viewer\'s address of {name}:'
        " this page has moved to the Cablegate archive's own address.\">\n"
        f'<link rel="canonical" href="{c}">\n'
        f'<meta http-equiv="refresh" content="0; url={t}">\n'
        '<meta name="robots" content="noindex">\n</head>\n<body>\n'
        f'<p>This page has moved: <a href="{t}">{name}</a>.</p>\n</body>\n</html>\n'
    ).encode()
