"""The mirror's pages describe themselves as the live site's do (one ``<meta name="description">``
each, from the same templates), and the tree holds the icons every page links."""

from __future__ import annotations

import json
from pathlib import Path

import httpx2 as httpx
import pytest

from cablegate.mirror.tree import MANIFEST
from cablegate.web.views.icons import ICONS, icon_bytes
from tests.web.conftest import SEED
from tests.web.test_page_meta import description, head


def _pages(site: Path) -> list[str]:
    files = json.loads((site / MANIFEST).read_text())["files"]
    return sorted(f for f in files if f.endswith("/index.html") or f in ("index.html", "404.html"))


def test_every_page_of_the_tree_has_a_description(site: Path) -> None:
    pages = _pages(site)
    assert len(pages) > 800
    for file in pages:
        text = description((site / file).read_text(encoding="utf-8"))
        assert text.strip(), file


def test_every_pointer_page_has_a_description(site: Path) -> None:
    """The original viewer's addresses (``cable/2007/02/07LIMA487.html``, ``tag/PTER_0.html``):
    small pages that point to the new one, described all the same."""
    files = json.loads((site / MANIFEST).read_text())["files"]
    moved = [f for f in files if f.endswith(".html") and not f.endswith("index.html")]
    moved = [f for f in moved if f != "404.html"]
    assert len(moved) > 400 and "cable/2007/02/07LIMA487.html" in moved
    for file in moved:
        text = description((site / file).read_text(encoding="utf-8"))
        assert "has moved" in text, file


@pytest.mark.parametrize(
    ("file", "says"),
    [
        ("index.html", "U.S. diplomatic cables, 1966"),
        (f"cable/{SEED}/index.html", f"{SEED}: Peru: Government Plan to Take Back Its Territory."),
        ("tag/PTER/index.html", "Cables tagged PTER: 7"),
        ("tag/PGOV/page/2/index.html", "page 2 of"),
        ("search/index.html", "Search the U.S. diplomatic cables in your browser"),
        ("help/search/index.html", "The search syntax"),
        ("404.html", "404: There is no page at this address."),
    ],
)
def test_a_mirrored_page_says_what_it_is(site: Path, file: str, says: str) -> None:
    assert says in description((site / file).read_text(encoding="utf-8"))


def test_the_icons_are_in_the_tree_and_served(site: Path, served: str) -> None:
    for icon in ICONS:
        assert (site / icon.path.lstrip("/")).read_bytes() == icon_bytes(icon.file)
        r = httpx.get(served + icon.path, timeout=10)
        assert r.status_code == 200 and r.content == icon_bytes(icon.file), icon.path
    # a page deep in the tree links them relative to itself
    links = head((site / f"cable/{SEED}/index.html").read_text(encoding="utf-8")).icons
    assert set(links) == {
        ("icon", "../../favicon.ico"),
        ("icon", "../../icon.svg"),
        ("apple-touch-icon", "../../apple-touch-icon.png"),
    }
