"""The search page in a real headless Chromium (Debian's, through Playwright), over the sample's
index served by a plain static file server on loopback: no application server at all."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.staticsearch.conftest import SampleIndex

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base(sample_index: SampleIndex) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(sample_index.path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    assert errors == []


def _count(page: Any) -> int:
    return int(re.match(r"[\d,]+", page.inner_text("#status")).group().replace(",", ""))  # type: ignore[union-attr]


def _wait(page: Any, before: str) -> None:
    page.wait_for_function("b => (document.body.dataset.ready || '') !== b", arg=before)


def test_search_facet_and_url(page: Any, base: str) -> None:
    page.goto(base + "index.html")
    page.wait_for_selector("body[data-ready]")
    assert page.is_hidden("#results") and page.is_visible("#intro")
    before = page.evaluate("document.body.dataset.ready")
    page.fill("#q", '"shining path"')
    page.press("#q", "Enter")
    _wait(page, before)
    assert page.is_hidden("#intro")
    assert page.locator('#hits li[data-refid="07LIMA487"]').count() == 1
    assert "q=%22shining+path%22" in page.url
    total = _count(page)
    assert total == page.locator("#hits li").count() == 9
    year = page.locator('ul[data-facet="year"] a[data-value="2007"]')
    shown = int(year.locator("xpath=following-sibling::span").inner_text())
    before = page.evaluate("document.body.dataset.ready")
    year.click()
    _wait(page, before)
    assert "year=2007" in page.url
    assert _count(page) == shown < total
    assert page.locator('ul[data-facet="year"] li.on a').get_attribute("data-value") == "2007"
    assert page.locator(".chips a.chip").inner_text().startswith("year: 2007")
    assert page.locator('#hits li[data-refid="07LIMA487"]').count() == 1
    before = page.evaluate("document.body.dataset.ready")
    page.go_back()
    _wait(page, before)
    assert _count(page) == total


def test_linked_search_and_escaping(page: Any, base: str) -> None:
    page.goto(base + "index.html?q=xsstestword&tag=PGOV")
    page.wait_for_selector("body[data-ready]")
    assert page.input_value("#q") == "xsstestword"
    hit = page.locator('#hits li[data-refid="08LIMA9999"]')
    assert "<script>" in hit.inner_text()  # shown as text, never run
    assert page.locator("#hits script, #hits img, #hits iframe").count() == 0
    assert hit.locator("mark").first.inner_text() == "Xsstestword"


def test_error_and_paging(page: Any, base: str) -> None:
    page.goto(base + "index.html?q=%22shining")
    page.wait_for_selector("body[data-ready]")
    assert "unbalanced quote" in page.inner_text("#status")
    page.goto(base + "index.html?q=government")
    page.wait_for_selector("body[data-ready]")
    first = page.locator("#hits li").first.get_attribute("data-refid")
    before = page.evaluate("document.body.dataset.ready")
    page.click("a[rel=next]")
    _wait(page, before)
    assert "page=2" in page.url
    assert page.locator("#hits li").count() == 20
    assert page.locator("#hits li").first.get_attribute("data-refid") != first


def test_without_javascript_the_page_says_so(browser: Any, base: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "index.html?q=peru")
    assert "needs JavaScript" in page.inner_text("body")
    context.close()
