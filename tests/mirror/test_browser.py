"""The mirror in a real headless Chromium (Debian's, as the web tests drive it), served by
``python3 -m http.server``: the seed page, a REF link followed, an old-layout address landing on
the new page, the whole tree under a path prefix, and nothing a page asks for missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import HOSTILE, SEED
from tests.web.test_browser import (
    CHROMIUM,
    browser,  # noqa: F401  (the shared Chromium fixture)
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:  # noqa: F811  (the fixture imported above)
    """A page that records every response of 400 or more (a missing stylesheet, a script)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.failed = []
    pg.on("response", lambda r: r.status >= 400 and pg.failed.append(r.url))
    yield pg
    context.close()


def test_seed_page_and_a_ref_link(page: Any, served: str) -> None:
    page.goto(f"{served}/cable/{SEED}")
    page.wait_for_url(f"**/cable/{SEED}/")
    assert SEED in page.title()
    assert page.locator("h1").inner_text().startswith(SEED)
    assert page.evaluate("getComputedStyle(document.body).margin") is not None
    # the hostile cable cites the seed: "Cited by" leads there, its REF leads back
    page.locator(f'.cited-by a[href="../../cable/{HOSTILE}/"]').click()
    page.wait_for_url(f"**/cable/{HOSTILE}/")
    page.locator(f'ul.refs a[href="../../cable/{SEED}/"]').click()
    page.wait_for_url(f"**/cable/{SEED}/")
    # a tag, then the next page of its list
    page.locator('a[href="../../tag/PGOV/"]').first.click()
    page.wait_for_url("**/tag/PGOV/")
    assert "Cables tagged PGOV" in page.locator("h1").inner_text()
    page.locator('.pager a[rel="next"]').click()
    page.wait_for_url("**/tag/PGOV/page/2/")
    assert page.locator('.pager a[aria-current="page"]').inner_text() == "2"
    assert page.failed == []


def test_an_old_layout_address_lands_on_the_new_page(page: Any, served: str) -> None:
    page.goto(f"{served}/cable/2007/02/{SEED}.html")
    page.wait_for_url(f"**/cable/{SEED}/")
    assert page.locator("h1").inner_text().startswith(SEED)
    page.goto(f"{served}/tag/PGOV_1.html")
    page.wait_for_url("**/tag/PGOV/page/2/")
    assert page.failed == []


def test_the_tree_under_a_path_prefix(page: Any, served_prefix: str) -> None:
    page.goto(f"{served_prefix}/cable/{SEED}")
    page.wait_for_url(f"{served_prefix}/cable/{SEED}/")
    assert page.evaluate("document.styleSheets.length") >= 1
    page.locator(".topbox a", has_text="Embassy Lima").first.click()
    page.wait_for_url(f"{served_prefix}/origin/embassy-lima/")
    page.locator("a.brand").click()
    page.wait_for_url(f"{served_prefix}/")
    page.get_by_label("Search the cables", exact=True).first.fill("coca")
    page.get_by_label("Search the cables", exact=True).first.press("Enter")
    page.wait_for_url(f"{served_prefix}/search/?q=coca")
    assert page.failed == []
