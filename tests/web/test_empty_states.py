"""Pages over archives that lack something say what is missing and how to load it, instead of a
table of headers over no rows: an archive of the sample's cables without its releases and media,
and one with release data but no cables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.conftest import SAMPLE

NO_RELEASES = "No release data loaded: ingest releases.csv or the pages to see release waves."
NO_LATEST = "No release data loaded: ingest releases.csv or the pages to see the latest released"
NO_CABLES = "No cables loaded: ingest cables.csv or the cable pages"
# a table, list or chart with nothing in it
EMPTY = re.compile(r"<(tbody|ul|ol)\b[^>]*>\s*</\1>")
PAGES = ("/", "/releases", "/people", "/classification-reasons", "/quality", "/changes", "/cited")
PAGES += ("/dates", "/origins", "/tags", "/classifications", "/countries")


def _client(tmp: Path, *sources: Path) -> Iterator[TestClient]:
    from cablegate.cli import main
    from cablegate.web.app import create_app

    db = tmp / "archive.db"
    args = ["ingest", *map(str, sources), "--db", str(db), "--no-progress"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with TestClient(create_app(db), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def no_releases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The sample's cables only: no releases.csv, no media.csv."""
    yield from _client(tmp_path_factory.mktemp("bare"), SAMPLE / "cables.csv")


@pytest.fixture(scope="module")
def no_cables(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The sample's release data only: an archive of no cables."""
    yield from _client(tmp_path_factory.mktemp("none"), SAMPLE / "releases.csv")


def text(markup: str) -> str:
    """The page's words as a reader sees them (tags and entities aside)."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def test_front_page_without_release_data(no_releases: TestClient) -> None:
    page = no_releases.get("/").text
    assert NO_RELEASES in text(page) and NO_LATEST in text(page)
    assert NO_CABLES not in text(page)
    assert 'href="/year/2007"' in page  # what it has is shown: the cables by year
    assert not EMPTY.search(page), EMPTY.search(page)


def test_front_page_without_cables(no_cables: TestClient) -> None:
    words = text(no_cables.get("/").text)
    assert words.count(NO_CABLES) == 4  # classification, years, waves, latest
    assert NO_RELEASES not in words


@pytest.mark.parametrize("url", PAGES)
def test_no_empty_tables_without_releases(no_releases: TestClient, url: str) -> None:
    r = no_releases.get(url)
    assert r.status_code == 200
    assert not EMPTY.search(r.text), (url, EMPTY.search(r.text))


@pytest.mark.parametrize("url", PAGES)
def test_no_empty_tables_without_cables(no_cables: TestClient, url: str) -> None:
    r = no_cables.get(url)
    assert r.status_code == 200
    assert not EMPTY.search(r.text), (url, EMPTY.search(r.text))
    assert 'class="note" role="note"' in r.text or "No cable" in r.text, url


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("/people", "No people: no cable of this archive names who classified or signed it"),
        ("/classification-reasons", "(it holds no classified cable: ingest cables.csv"),
        ("/quality", "No cables loaded: ingest cables.csv or the cable pages to see what"),
        ("/dates", "No cables loaded: ingest cables.csv or the cable pages to see them by date."),
        ("/tags", "to see them by tag."),
        ("/search?q=iran", "No cable matches."),
    ],
)
def test_what_is_missing_is_said(no_cables: TestClient, url: str, says: str) -> None:
    assert says in text(no_cables.get(url).text)


def test_a_full_archive_shows_no_empty_state(client: TestClient) -> None:
    words = text(client.get("/").text)
    assert "No release data loaded" not in words and NO_CABLES not in words
