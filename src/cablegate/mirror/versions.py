"""A cable's history and diff pages in the mirror, and where their addresses live.

The live site answers ``/cable/X/history`` for every cable and ``/cable/X/diff?from=A&to=B``
for any two of its versions. A static server ignores the query, so each pair is a folder of
its own, ``cable/X/diff/A-B/`` (with ``cable/X/diff/A-B.json``), where
:func:`cablegate.mirror.links.address` sends the links of our pages; ``cable/X/diff/`` holds the diff the live site shows without a
query. A history of n versions has n(n-1) pairs: cables have a handful of versions at most.
"""

from __future__ import annotations

from collections.abc import Iterator

from cablegate.store.base import StoredCable
from cablegate.versions.history import History
from cablegate.web.history import DiffPage, HistoryPage
from cablegate.web.render import dumps, markup
from cablegate.web.urls import cable_url, diff_url, history_url
from cablegate.web.views.history import default_from, diff_page, history_page


def history_files(refid: str, versions: int, with_json: bool) -> list[str]:
    """The files of a cable's history (any cable with a stored text) and of its diffs (two
    versions or more): each page, and its JSON twin when ``with_json``."""
    base = cable_url(refid)[1:]
    out = []
    for folder, _pair in _pages(versions):
        out.append(f"{base}/{folder}/index.html")
        if with_json:
            out.append(f"{base}/{folder}.json")
    return out


def _pages(versions: int) -> list[tuple[str, tuple[int, int] | None]]:
    """Each page's folder under the cable's and the pair of versions it compares: None for
    the history and for the diff the live site shows without a query."""
    if versions < 1:
        return []
    pages: list[tuple[str, tuple[int, int] | None]] = [("history", None)]
    if versions > 1:
        pages.append(("diff", None))
        pages += [
            (f"diff/{a}-{b}", (a, b))
            for a in range(1, versions + 1)
            for b in range(1, versions + 1)
            if a != b
        ]
    return pages


def history_pages(
    stored: StoredCable, found: History, with_json: bool
) -> Iterator[tuple[str, str | bytes]]:
    """(file, content) of every history and diff file of a cable: HTML as markup whose links
    are still the live site's (the caller makes them relative), JSON as served."""
    refid = stored.refid
    base = cable_url(refid)[1:]
    new_n = found.current.number
    for folder, pair in _pages(len(found.versions)):
        if folder == "history":
            page: HistoryPage | DiffPage = history_page(stored, found)
            html = markup("history.html", page, alternate=history_url(refid, ".json"))
        else:
            a, b = pair or (default_from(found, new_n), new_n)
            page = diff_page(stored, found, a, b)
            html = markup("diff.html", page, alternate=diff_url(refid, a, b, ".json"))
        yield f"{base}/{folder}/index.html", html
        if with_json:
            yield f"{base}/{folder}.json", dumps(page.to_dict())
