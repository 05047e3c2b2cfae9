"""The mirror in a real headless Chromium (Debian's, as the web tests drive it), served by
``python3 -m http.server``: the seed page, a REF link followed, an old-layout address landing on
the new page, the whole tree under a path prefix, the search in the browser (results, facets,
pages, the query in the URL, hostile text, no JavaScript), and nothing a page asks for missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

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
    _ready(page)
    page.locator("#hits li h3 a").first.click()
    page.wait_for_url(f"{served_prefix}/cable/**/")
    assert page.locator("h1").inner_text()[:2].isdigit()
    assert page.failed == []


def _ready(page: Any, before: str = "") -> None:
    """Wait until the search page has drawn a search other than the one stamped ``before``."""
    page.wait_for_function("b => (document.body.dataset.ready || '') !== b", arg=before)


def _stamp(page: Any) -> str:
    return str(page.evaluate("document.body.dataset.ready || ''"))


def _refids(page: Any) -> list[str]:
    return list(page.eval_on_selector_all("#hits li", "els => els.map(e => e.dataset.refid)"))


def _total(page: Any) -> int:
    return int(page.locator("#status .summary strong").inner_text().replace(",", ""))


def test_search_in_the_browser_and_follow_a_result(page: Any, served: str) -> None:
    page.goto(f"{served}/search/")
    _ready(page)
    assert page.is_visible("#intro") and page.is_hidden("#results")
    before = _stamp(page)
    page.fill("#q", '"shining path"')
    page.press("#q", "Enter")
    _ready(page, before)
    assert page.url == f"{served}/search/?q=%22shining+path%22"
    assert SEED in _refids(page) and _total(page) == len(_refids(page))
    assert page.locator("#hits mark").first.inner_text().lower() == "shining"
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.results-layout')).display")
        == "grid"
    )
    page.locator(f'#hits li[data-refid="{SEED}"] h3 a').click()
    page.wait_for_url(f"{served}/cable/{SEED}/")
    assert page.locator("h1").inner_text().startswith(SEED)
    assert page.failed == []


def test_facets_narrow_and_stack_and_the_url_brings_them_back(page: Any, served: str) -> None:
    page.goto(f"{served}/search?q=%22shining+path%22")  # the server redirects to the folder
    page.wait_for_url(f"{served}/search/?q=%22shining+path%22")
    _ready(page)
    total, everything = _total(page), set(_refids(page))
    year = page.locator('ul[data-facet="year"] a[data-value="2007"]')
    shown = int(year.locator("xpath=following-sibling::span").inner_text())
    before = _stamp(page)
    year.click()
    _ready(page, before)
    assert "year=2007" in page.url
    assert _total(page) == shown == len(_refids(page)) < total
    assert SEED in _refids(page) and set(_refids(page)) < everything
    assert page.locator('ul[data-facet="year"] li.on a').get_attribute("data-value") == "2007"
    assert page.locator(".chips a.chip").inner_text().startswith("year: 2007")
    in_2007 = _total(page)
    narrower = page.locator('ul[data-facet="classification"] a').last
    shown = int(narrower.locator("xpath=following-sibling::span").inner_text())
    value = narrower.get_attribute("data-value")
    before = _stamp(page)
    narrower.click()
    _ready(page, before)
    assert "year=2007" in page.url and f"classification={value}" in page.url
    assert _total(page) == shown == len(_refids(page))
    url, found = page.url, _refids(page)
    before = _stamp(page)
    page.go_back()
    _ready(page, before)
    assert _total(page) == in_2007 and "classification=" not in page.url
    page.goto(url)
    _ready(page)
    assert _refids(page) == found and page.input_value("#q") == '"shining path"'
    page.reload()
    _ready(page)
    assert _refids(page) == found
    assert page.failed == []


def test_pages_of_results(page: Any, served: str) -> None:
    page.goto(f"{served}/search/?q=government")
    _ready(page)
    first = _refids(page)
    assert len(first) == 20 and _total(page) > 40
    before = _stamp(page)
    page.locator('.pager a[rel="next"]').click()
    _ready(page, before)
    assert "page=2" in page.url
    assert page.locator('.pager a[aria-current="page"]').inner_text() == "2"
    assert page.locator("#hits").get_attribute("start") == "21"
    assert len(_refids(page)) == 20 and not set(first) & set(_refids(page))


def test_hostile_text_is_text_in_results_and_query(page: Any, served: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{served}/search/?q=xsstestword")
    _ready(page)
    hit = page.locator(f'#hits li[data-refid="{HOSTILE}"]')
    title = hit.locator("h3").inner_text()  # title-cased, as the live site shows it
    assert '<script>alert("subject")</' in title and "<img Src=x" in title
    assert "<script>alert('body')</script>" in hit.locator(".snippet").inner_text()
    assert hit.locator("mark").first.inner_text() == "Xsstestword"
    assert page.locator("#hits script, #hits img, #hits iframe, #hits b").count() == 0
    markup = page.inner_html("#hits")
    assert "\u202e" not in markup and "\u200f" not in markup  # bidi controls could reorder the page
    query = '"><script>alert(1)</script><img src=x onerror=alert(2)> \u202e'
    page.goto(f"{served}/search/?q={quote(query)}")
    _ready(page)
    assert page.input_value("#q") == query
    assert "unbalanced quote" in page.inner_text("#status")
    assert page.locator("main script:not([src]), main img, h1 script").count() == 0
    assert dialogs == []


def test_without_javascript_the_search_page_says_so(browser: Any, served: str) -> None:  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{served}/search?q=coca")
    pg.wait_for_url(f"{served}/search/?q=coca")
    notice = pg.locator("main .notice")
    assert "needs JavaScript" in notice.inner_text()
    assert pg.is_hidden("#results")
    notice.locator("a", has_text="tag").click()
    pg.wait_for_url(f"{served}/tags/")
    assert "Tags" in pg.locator("h1").inner_text()
    context.close()
