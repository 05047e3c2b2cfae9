"""A thread in a real headless Chromium (see ``test_browser``): the chain 05BRASILIA1922 ->
1849 -> 1682 -> 1631 -> 1602 -> 1544 of the shared corpus (each answers the next), followed
through the SVG graph's links, then through the nested list alone with the graph taken out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import serving
from tests.web.test_browser import ARGS, ARTIFACTS, CHROMIUM

CHAIN = "05BRASILIA1631"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]


@pytest.fixture(scope="module")
def server(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(web_db, tmp_path_factory.mktemp("serve-thread")) as base:
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


def test_the_thread_through_its_graph(page: Any, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{server}/cable/{CHAIN}")
    page.locator(f'a[href="/cable/{CHAIN}/thread"]').click()
    page.wait_for_url(f"**/cable/{CHAIN}/thread")
    assert page.locator("h1").inner_text() == f"Thread of {CHAIN}"
    graph = page.get_by_role("img", name=f"The thread of {CHAIN} as a graph")
    assert graph.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"thread-{CHAIN}.png"), full_page=True)
    # every cable of the chain is a box; the boxes of those in the archive are links
    for refid in ("05BRASILIA1544", "05BRASILIA1602", "05BRASILIA1682", "05BRASILIA1849"):
        assert page.locator(f'svg.thread-graph a[href="/cable/{refid}"]').count() == 1, refid
    assert page.locator("svg.thread-graph g.node.missing").count() == 3  # named, not here
    box = page.locator('svg.thread-graph a[href="/cable/05BRASILIA1602"]')
    box.click()
    page.wait_for_url("**/cable/05BRASILIA1602")
    # and on from there: its own thread holds the cable we came from, one step down
    page.goto(f"{server}/cable/05BRASILIA1602/thread")
    page.locator(f'svg.thread-graph a[href="/cable/{CHAIN}"]').click()
    page.wait_for_url(f"**/cable/{CHAIN}")


def test_the_thread_without_its_graph(page: Any, server: str) -> None:
    """The nested lists alone: the graph removed (a reader that shows no SVG), the chain
    three answers deep is there in order and followed by keyboard."""
    page.goto(f"{server}/cable/{CHAIN}/thread")
    page.evaluate("document.querySelectorAll('svg').forEach(s => s.remove())")
    assert page.locator("svg").count() == 0
    answered = page.locator("section[aria-labelledby=h-answered] ul.thread")
    chain = answered.locator(
        'li:has(> a[href="/cable/05BRASILIA1682"]) > ul > '
        'li:has(> a[href="/cable/05BRASILIA1849"]) > ul > li > a[href="/cable/05BRASILIA1922"]'
    )
    assert chain.count() == 1
    answers = page.locator("section[aria-labelledby=h-answers] ul.thread > li > a")
    assert "05BRASILIA1602" in answers.all_inner_texts()
    # by keyboard: Tab to the deepest answer, Enter follows it
    target = page.locator('a[href="/cable/05BRASILIA1922"]')
    for _ in range(200):
        page.keyboard.press("Tab")
        if target.evaluate("a => a === document.activeElement"):
            break
    else:
        pytest.fail("the keyboard never reached the answer three steps down")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cable/05BRASILIA1922")
