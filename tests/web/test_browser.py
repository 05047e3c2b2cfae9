"""The archive through a real headless Chromium (Debian's ``chromium``, driven by Playwright's
``executable_path``; never a browser download) against ``cablegate serve`` on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import HOSTILE, SEED, serving

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="/usr/bin/chromium is missing: install Debian's chromium (apt-get install -y chromium)",
    ),
]


@pytest.fixture(scope="module")
def server(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``cablegate serve`` over the web tests' archive, on a free loopback port."""
    with serving(web_db, tmp_path_factory.mktemp("serve")) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def test_seed_cable_links(page: Any, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server}/cable/{SEED}")
    assert SEED in page.title()
    assert page.locator("h1").inner_text().startswith(SEED)
    page.screenshot(path=str(ARTIFACTS / "cable-07LIMA487.png"), full_page=True)

    # a paragraph anchor: the fourth paragraph (printed "14.") is #par4
    page.locator('a.pilcrow[href="#par4"]').click()
    assert page.url.endswith("#par4")
    assert "Substantively" in page.locator("#par4").inner_text()
    assert page.evaluate("document.querySelector(':target').id") == "par4"

    # a TAG link, with its meaning on the way
    page.locator('a[href="/tag/PTER"]').first.click()
    page.wait_for_url("**/tag/PTER")
    assert "Cables tagged PTER" in page.locator("h1").inner_text()
    assert page.locator("table.list tbody tr").count() > 0
    page.goto(f"{server}/tag/PTER?per_page=500")  # every PTER cable on one page: the seed too
    assert page.locator(f'table.list a[href="/cable/{SEED}"]').count() == 1

    # a REF link: the test cable cites the seed; "Cited by" leads there, its REF leads back
    page.goto(f"{server}/cable/{SEED}")
    page.locator(f'.cited-by a[href="/cable/{HOSTILE}"]').click()
    page.wait_for_url(f"**/cable/{HOSTILE}")
    page.locator(f'ul.refs a[href="/cable/{SEED}"]').click()
    page.wait_for_url(f"**/cable/{SEED}")

    # a browse link from the top box
    page.locator('.topbox a[href="/origin/embassy-lima"]').click()
    page.wait_for_url("**/origin/embassy-lima")
    assert "Embassy Lima" in page.locator("h1").inner_text()
    assert page.locator("table.list tbody tr").count() > 0


def test_search_facets_and_pages(page: Any, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(server + "/")
    page.get_by_label("Search the cables", exact=True).first.fill("government")
    page.get_by_label("Search the cables", exact=True).first.press("Enter")
    page.wait_for_url("**/search?q=government")
    total_text = page.locator(".summary strong").inner_text()
    total = int(total_text.replace(",", ""))
    assert total > 20
    page.screenshot(path=str(ARTIFACTS / "search-government.png"), full_page=True)

    # add a facet: the first tag
    tag_link = page.locator('details.facet:has(summary:text("Tag")) li a').first
    if not tag_link.is_visible():
        page.locator('details.facet summary:text("Tag")').click()
    tag_link.click()
    page.wait_for_url("**tag=*")
    filtered = int(page.locator(".summary strong").inner_text().replace(",", ""))
    assert 0 < filtered <= total
    assert page.locator(".chips a.chip").count() == 1

    # stack a second facet: a classification
    page.locator('details.facet:has(summary:text("Classification")) li a').first.click()
    page.wait_for_url("**classification=*")
    assert page.locator(".chips a.chip").count() == 2
    stacked = int(page.locator(".summary strong").inner_text().replace(",", ""))
    assert stacked <= filtered

    # remove them again
    page.locator(".chips a.chip").first.click()
    page.wait_for_load_state()
    assert page.locator(".chips a.chip").count() == 1
    page.locator(".chips a.chip").first.click()
    page.wait_for_load_state()
    assert page.locator(".chips a.chip").count() == 0
    assert int(page.locator(".summary strong").inner_text().replace(",", "")) == total

    # page through the results
    first_hit = page.locator("ol.hits li h3 a").first.inner_text()
    page.locator('.pager a[rel="next"]').click()
    page.wait_for_url("**page=2*")
    assert page.locator("ol.hits li h3 a").first.inner_text() != first_hit
    assert page.locator('.pager a[aria-current="page"]').inner_text() == "2"
    page.locator('.pager a[rel="prev"]').click()
    page.wait_for_load_state()
    assert page.locator("ol.hits li h3 a").first.inner_text() == first_hit

    # the histogram filters by year
    page.locator("figure.histogram li a").last.click()
    page.wait_for_url("**year=*")
    assert "month" in page.locator("figure.histogram figcaption").inner_text()


def test_works_without_javascript(browser: Any, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{server}/search?q=sendero")
    assert pg.locator("ol.hits li").count() > 0
    pg.goto(f"{server}/cable/{SEED}")
    assert pg.locator("#par1").count() == 1
    context.close()


def test_bad_query_in_the_browser(page: Any, server: str) -> None:
    page.goto(f"{server}/search?q=%22shining")
    assert page.locator('[role="alert"]').count() == 1


def test_opensearch_description_works_in_the_browser(page: Any, server: str) -> None:
    """The ``<link rel="search">`` of a page is found, Chromium fetches and parses the
    description it names, and each of its URL templates answers."""
    page.goto(f"{server}/help")
    link = page.locator('link[rel="search"]')
    assert link.get_attribute("type") == "application/opensearchdescription+xml"
    found = page.evaluate(
        """async () => {
            const href = document.querySelector('link[rel="search"]').href;
            const text = await (await fetch(href)).text();
            const doc = new DOMParser().parseFromString(text, "application/xml");
            if (doc.querySelector("parsererror")) return {error: text};
            const urls = {};
            for (const u of doc.getElementsByTagName("Url")) urls[u.getAttribute("type")] = u.getAttribute("template");
            return {href, name: doc.getElementsByTagName("ShortName")[0].textContent, urls};
        }"""
    )
    assert "error" not in found, found
    assert found["href"] == f"{server}/opensearch.xml" and found["name"] == "Cablegate"
    page.goto(found["urls"]["text/html"].replace("{searchTerms}", "shining path"))
    assert page.locator("h1").inner_text() == "Search: shining path"
    assert page.locator("ol.hits > li").count() > 0
    feed_url = found["urls"]["application/atom+xml"].replace("{searchTerms}", "sendero")
    entries = page.evaluate(
        """async (url) => {
            const text = await (await fetch(url.replace(/\\{\\w+\\?\\}/g, ""))).text();
            const doc = new DOMParser().parseFromString(text, "application/xml");
            return doc.querySelector("parsererror") ? -1 : doc.getElementsByTagName("entry").length;
        }""",
        feed_url,
    )
    assert entries > 0


def test_cite_a_paragraph_without_javascript(browser: Any, server: str) -> None:
    """The citation helper's paragraph form: pick a paragraph and a format, get that file."""
    context = browser.new_context(java_script_enabled=False, accept_downloads=True)
    pg = context.new_page()
    try:
        pg.goto(f"{server}/cable/{SEED}")
        pg.select_option("#cite-par", "4")
        with pg.expect_download() as download:
            pg.locator("form.cite-par button", has_text="RIS").click()
        text = Path(download.value.path()).read_text(encoding="utf-8")
        assert "TY  - GOVDOC" in text and f"/cable/{SEED}#par4" in text
    finally:
        context.close()
