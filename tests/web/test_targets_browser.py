"""Tap targets in a real Chromium on a phone-sized screen: the bars of the front page's years and
of a search's histogram are links at least 24 px wide and tall (WCAG 2.5.8), and a row of more
bars than fit scrolls on its own instead of widening the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.test_browser import (
    CHROMIUM,
    browser,  # noqa: F401  (the shared Chromium fixture)
    server,  # noqa: F401  (cablegate serve over the web tests' archive)
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]
MIN = 24


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.mark.parametrize(
    ("url", "bars"),
    [("/", "ol.spark a"), ("/search?q=embassy", "figure.histogram a")],
)
def test_bars_are_big_enough_to_tap(phone: Any, server: str, url: str, bars: str) -> None:  # noqa: F811
    phone.goto(server + url)
    boxes = phone.eval_on_selector_all(
        bars,
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.getAttribute('href'), r.width, r.height]; })",
    )
    assert len(boxes) > 10, boxes
    small = [b for b in boxes if b[1] < MIN or b[2] < MIN]
    assert not small, small
    # the page itself does not scroll sideways: only the row of bars does
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
