"""A cable's history and a diff in a real headless Chromium, with JavaScript off: the History
section leads to the diff, each change reads by its label and its line (not colour alone), and
the form that picks two versions works."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import VersionsArchive
from tests.web.conftest import serving
from tests.web.test_browser import (
    ARTIFACTS,
    CHROMIUM,
    browser,  # noqa: F401  (the shared Chromium fixture)
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing"),
]


@pytest.fixture(scope="module")
def server(
    versions_archive: VersionsArchive, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    with serving(versions_archive.db, tmp_path_factory.mktemp("serve-versions")) as base:
        yield base


def test_history_and_diff_without_javascript(browser: Any, server: str) -> None:  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{server}/cable/07ALGIERS45")
    history = page.locator("section.history")
    assert "2 versions of this text" in history.inner_text()
    history.get_by_role("link", name="Show the changes").click()
    page.wait_for_url("**/cable/07ALGIERS45/diff?from=1&to=2")
    assert "7 passages redacted in the 2010-12-02 version" in page.locator(".summary").inner_text()

    first = page.locator("#c1")
    hidden, mark = first.locator("del"), first.locator("ins")
    assert hidden.inner_text() == "HIDDEN: Nadia Mellal"  # the label, in capitals
    assert mark.inner_text() == "REDACTED AS: XXXXXXXXXXXX"
    # not colour alone: the deleted words are struck through, the marks underlined
    styles = page.evaluate(
        """() => [...document.querySelectorAll('#c1 del, #c1 ins')].map(
            e => getComputedStyle(e).textDecorationLine)"""
    )
    assert styles == ["line-through", "underline"]
    page.screenshot(path=str(ARTIFACTS / "diff-07ALGIERS45.png"), full_page=True)

    # the list of redactions leads to each one
    page.locator('.redactions a[href="#c7"]').click()
    assert page.evaluate("document.querySelector(':target').id") == "c7"
    assert "Helilou" in page.locator("#c7 del").inner_text()

    # the form picks the other direction, with no script
    page.select_option("#from", "2")
    page.select_option("#to", "1")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**/diff?from=2&to=1")
    assert "7 redactions lifted" in page.locator(".summary").inner_text()
    assert page.locator("pre.diff ins.d-hidden").count() == 7

    page.goto(f"{server}/cable/07ALGIERS45/history")
    assert page.locator("section.version").count() == 2
    page.locator("#v2 details summary").click()
    assert "XXXXXXXXXXXX" in page.locator("#v2 details pre").inner_text()
    page.goto(f"{server}/changes")
    assert page.locator("table.changes tbody tr").count() == 47
    context.close()
