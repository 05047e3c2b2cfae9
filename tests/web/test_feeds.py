"""Atom feeds and the OpenSearch description: each feed parsed by ``feedparser`` (no bozo flag)
and checked for RFC 4287's required elements, byte-stable, escaped; the search feed's OpenSearch
paging; the ``<link>`` elements that offer them on the pages."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from cablegate.export.atom import Entry, Feed, feed_xml, rfc3339, tag_uri
from tests.conftest import CORPUS, needs_corpus
from tests.web.conftest import HOSTILE, MARKUP, SEED

A = "{http://www.w3.org/2005/Atom}"
OS = "{http://a9.com/-/spec/opensearch/1.1/}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
# one feed of every kind: every browse axis, a search, cited-by, releases, changes
FEEDS = [
    "/tag/PTER.atom",
    "/origin/embassy-lima.atom",
    "/date/2007-02.atom",
    "/year/2007.atom",
    "/released/2011-08-30.atom",
    "/classification/secret.atom",
    "/country/pe.atom",
    "/search.atom?q=sendero&sort=-created",
    f"/cable/{SEED}/cited-by.atom",
    "/releases.atom",
    "/changes.atom",
]


def _rfc4287(body: bytes) -> ET.Element:
    """The elements RFC 4287 requires (4.1.1, 4.1.2), checked on the document itself."""
    feed = ET.fromstring(body)
    assert feed.tag == f"{A}feed"
    for name in ("id", "title", "updated"):
        assert len(feed.findall(f"{A}{name}")) == 1, name
    assert RFC3339.fullmatch(feed.findtext(f"{A}updated") or "")
    assert urlsplit(feed.findtext(f"{A}id") or "").scheme  # an absolute IRI
    selfs = [link for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
    assert len(selfs) == 1 and selfs[0].get("href", "").startswith("http")
    feed_author = feed.find(f"{A}author/{A}name") is not None
    ids = []
    for entry in feed.findall(f"{A}entry"):
        for name in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{name}")) == 1, name
        assert RFC3339.fullmatch(entry.findtext(f"{A}updated") or "")
        assert feed_author or entry.find(f"{A}author/{A}name") is not None
        # no content element: an alternate link is then required, and a summary we promise
        assert entry.find(f"{A}content") is None
        assert any(link.get("rel") == "alternate" for link in entry.findall(f"{A}link"))
        assert (entry.findtext(f"{A}summary") or "").strip()
        ids.append(entry.findtext(f"{A}id"))
    assert len(ids) == len(set(ids)), "entry ids repeat"
    return feed


@pytest.mark.parametrize("url", FEEDS)
def test_feed_is_valid_atom(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, url
    assert r.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(r.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    _rfc4287(r.content)
    if url not in ("/changes.atom",):  # the web archive holds no changed text
        assert parsed.entries, url
    assert client.get(url).content == r.content  # nothing from the clock


def test_browse_feed_lists_the_newest_released_first(client: TestClient) -> None:
    parsed = feedparser.parse(client.get("/tag/PTER.atom").content)
    listing = client.get("/tag/PTER.json?sort=released&order=desc&per_page=50").json()
    assert [e.link.rsplit("/", 1)[1] for e in parsed.entries] == [
        i["refid"] for i in listing["items"]
    ]
    assert parsed.feed.updated == rfc3339(listing["items"][0]["released"])
    first = parsed.entries[0]
    assert first.id == tag_uri(f"/cable/{first.link.rsplit('/', 1)[1]}")
    assert first.summary.startswith(listing["items"][0]["classification"])


def test_search_feed_pages_like_opensearch(client: TestClient) -> None:
    data = client.get("/search.json?q=sendero&per_page=5&page=2").json()
    r = client.get("/search.atom?q=sendero&per_page=5&page=2")
    feed = ET.fromstring(r.content)
    assert feed.findtext(f"{OS}totalResults") == str(data["total"])
    assert feed.findtext(f"{OS}startIndex") == "6"
    assert feed.findtext(f"{OS}itemsPerPage") == "5"
    assert feed.find(f"{OS}Query").get("searchTerms") == "sendero"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
    assert links["self"].endswith("/search.atom?q=sendero&page=2&per_page=5")
    assert links["previous"].endswith("/search.atom?q=sendero&per_page=5")
    assert links["next"].endswith("page=3&per_page=5")
    refids = [e.findtext(f"{A}link") or "" for e in feed.findall(f"{A}entry")]
    assert len(refids) == len(data["hits"]) == 5
    titles = [e.findtext(f"{A}title") or "" for e in feed.findall(f"{A}entry")]
    assert [t.split(":", 1)[0] for t in titles] == [h["refid"] for h in data["hits"]]


def test_search_feed_takes_the_filters_and_reports_bad_queries(client: TestClient) -> None:
    feed = feedparser.parse(client.get("/search.atom?q=sendero&classification=secret").content)
    assert feed.entries and all("SECRET" in e.summary for e in feed.entries)
    assert client.get("/search.atom?q=%22").status_code == 400
    assert client.get("/search.atom").status_code == 200  # no query: every cable, as q=*


def test_cited_by_feed_and_unknown_addresses(client: TestClient) -> None:
    parsed = feedparser.parse(client.get(f"/cable/{SEED}/cited-by.atom").content)
    cited_by = client.get(f"/cable/{SEED}.json").json()["cited_by"]
    assert {e.link.rsplit("/", 1)[1] for e in parsed.entries} == {c["refid"] for c in cited_by}
    r = client.get("/cable/07lima487/cited-by.atom")
    assert r.status_code == 301 and r.headers["location"] == f"/cable/{SEED}/cited-by.atom"
    assert client.get("/cable/NOPE/cited-by.atom").status_code == 404
    assert client.get("/tag/NOSUCHTAG.atom").status_code == 404


def test_hostile_text_is_text_in_feeds(client: TestClient) -> None:
    """The hostile cable cites the seed: its subject and summary reach the cited-by feed, and
    its search snippet the search feed, only as escaped text."""
    for url in (f"/cable/{SEED}/cited-by.atom", "/search.atom?q=xsstestword"):
        body = client.get(url).content
        low = body.decode().lower()
        assert not any(m in low for m in MARKUP), url
        parsed = feedparser.parse(body)
        assert not parsed.bozo
        (entry,) = [e for e in parsed.entries if e.link.endswith(HOSTILE)]
        # feedparser reads a text construct as text: the markup comes back as characters
        assert "<script>" in entry.title.lower() or "<script>" in entry.summary.lower(), url


@given(st.text(max_size=200))
def test_any_text_makes_well_formed_atom(text: str) -> None:
    when = "2011-08-30T00:00:00Z"
    entry = Entry(tag_uri("/cable/X"), text, when, "http://h/cable/X?a=1&b=2", text, text)
    feed = Feed(tag_uri("/x"), text, text, when, "http://h/x.atom", None, (entry,), author=text)
    root = ET.fromstring(feed_xml(feed))  # raises on any ill-formed byte
    kept = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]", "", text)
    assert root.findtext(f"{A}title") == kept.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2007-02-20T22:45", "2007-02-20T22:45:00Z"),
        ("2011-08-30", "2011-08-30T00:00:00Z"),
        ("2007-02", "2007-02-01T00:00:00Z"),
        ("2026-12-07T00:00:50", "2026-12-07T00:00:50Z"),
        ("", None),
        ("soon", None),
    ],
)
def test_rfc3339(value: str, expected: str | None) -> None:
    assert rfc3339(value) == expected


def test_pages_offer_their_feed_and_the_search(client: TestClient) -> None:
    for url, feed in (
        ("/tag/PTER", "/tag/PTER.atom"),
        ("/search?q=sendero&page=2", "/search.atom?q=sendero"),
        (f"/cable/{SEED}", f"/cable/{SEED}/cited-by.atom"),
        ("/releases", "/releases.atom"),
        ("/", "/releases.atom"),
    ):
        page = client.get(url).text
        assert (
            f'<link rel="alternate" type="application/atom+xml" title="Atom feed of this page"'
            f' href="{feed.replace("&", "&amp;")}">' in page
        ), url
    for url in ("/", "/help", "/tags", f"/cable/{SEED}", "/nothing/here"):
        assert 'rel="search" type="application/opensearchdescription+xml"' in client.get(url).text


def test_opensearch_description(client: TestClient) -> None:
    r = client.get("/opensearch.xml")
    assert r.headers["content-type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(r.content)
    urls = {u.get("type"): u.get("template") or "" for u in root.findall(f"{OS}Url")}
    assert root.findtext(f"{OS}ShortName")
    html_search = urls["text/html"].replace("{searchTerms}", "sendero")
    assert client.get(html_search).status_code == 200
    atom_search = re.sub(r"\{\w+\?\}", "", urls["application/atom+xml"])
    parsed = feedparser.parse(client.get(atom_search.replace("{searchTerms}", "sendero")).content)
    assert not parsed.bozo and parsed.entries


@needs_corpus
def test_changes_feed_lists_changed_cables(tmp_path: Path, cli: Callable[..., Result]) -> None:
    """A re-ingest with another text keeps the old one as a version: the cable is in
    ``/changes.atom``, once, with the number of older texts."""
    from cablegate.web.app import create_app

    db = tmp_path / "changes.db"
    seed = (CORPUS / "seed-07LIMA487.csv").read_text(encoding="utf-8")
    changed = tmp_path / "changed.csv"
    changed.write_text(seed.replace("Garcia government", "XXXXXX government"), encoding="utf-8")
    for source in (CORPUS / "seed-07LIMA487.csv", changed):
        cli("ingest", str(source), "--db", str(db), "--no-progress", ok=True)
    with TestClient(create_app(db)) as client:
        body = client.get("/changes.atom").content
    parsed = feedparser.parse(body)
    assert not parsed.bozo
    _rfc4287(body)
    (entry,) = parsed.entries
    assert entry.link == f"http://testserver/cable/{SEED}"
    assert entry.title.startswith(f"{SEED} changed: ")
    assert "keeps 1 older text." in entry.summary
    assert parsed.feed.updated == entry.updated
