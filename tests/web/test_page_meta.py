"""What every page tells browsers and search engines about itself: a ``<meta name="description">``
built from what the page is (escaped, one line, cut to length), and the site's icons."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

from cablegate.web.render import DESCRIPTION_CHARS
from cablegate.web.views.icons import ICONS, icon_bytes
from tests.conftest import ROOT
from tests.web.conftest import HOSTILE, SEED


class Head(HTMLParser):
    """The descriptions and icon links of a page, as a browser parses them."""

    def __init__(self) -> None:
        super().__init__()
        self.descriptions: list[str] = []
        self.icons: list[tuple[str, str]] = []  # (rel, href)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "description":
            self.descriptions.append(a.get("content") or "")
        if tag == "link" and a.get("rel") in ("icon", "apple-touch-icon"):
            self.icons.append((a["rel"] or "", a.get("href") or ""))


def head(markup: str) -> Head:
    parser = Head()
    parser.feed(markup)
    return parser


def description(markup: str) -> str:
    found = head(markup).descriptions
    assert len(found) == 1, found
    return found[0]


# (address, status, what its description must say): every kind of page
PAGES = [
    ("/", 200, "U.S. diplomatic cables, 1966"),
    (f"/cable/{SEED}", 200, f"{SEED}: Peru: Government Plan to Take Back Its Territory. A secret"),
    (f"/cable/{SEED}", 200, "Embassy Lima, 2007-02-20"),
    (f"/cable/{SEED}/history", 200, f"Every version of cable {SEED}"),
    (f"/cable/{SEED}/thread", 200, f"The exchange cable {SEED} belongs to"),
    (f"/cable/{SEED}/similar", 200, f"Cables similar to {SEED}"),
    ("/search?q=shining+path&tag=PTER", 200, "for shining path, tag PTER:"),
    ("/search", 200, "Search the U.S. diplomatic cables"),
    ('/search?q="unclosed', 400, "the query could not be read"),
    ("/tag/PTER", 200, "Cables tagged PTER: 7"),
    ("/tag/PTER", 200, "Terrorists and Terrorism"),
    ("/tag/PTER?page=2", 200, "page 2 of"),
    ("/origin/embassy-lima", 200, "Cables from Embassy Lima:"),
    ("/date/2007-02", 200, "Cables created in February 2007:"),
    ("/year/2007", 200, "Cables created in 2007:"),
    ("/released/2011-08-30", 200, "Cables released on 2011-08-30:"),
    ("/classification/secret", 200, "Cables classified SECRET:"),
    ("/country/pe", 200, "Cables from posts in Peru:"),
    ("/tags", 200, "Tags of the U.S. diplomatic cables"),
    ("/origins", 200, "Origins of the U.S. diplomatic cables"),
    ("/releases", 200, "Release days of the U.S. diplomatic cables"),
    ("/cited", 200, "the U.S. diplomatic cables named in the most REF lines"),
    ("/changes", 200, "redactions added or lifted"),
    ("/quality", 200, "Data quality of the Cablegate archive: of 402 cables"),
    ("/people", 200, "The classifiers and signers of the U.S. diplomatic cables: "),
    ("/people/S", 200, "whose surname begins with S"),
    ("/person/struble-embassy-lima-2005", 200, "J. Curtis Struble at Embassy Lima"),
    ("/classification-reasons", 200, "section 1.4 reasons"),
    ("/help", 200, "Help for the Cablegate archive"),
    ("/help/search", 200, "The search syntax"),
    ("/help/cable", 200, "How to read a U.S. diplomatic cable"),
    ("/help/classification", 200, "reasons a to h"),
    ("/help/faq", 200, "Frequently asked questions"),
    ("/api", 200, "The JSON API of the Cablegate archive"),
    ("/no/such/page", 404, "404: There is no page at this address."),
]


@pytest.mark.parametrize(("url", "status", "says"), PAGES, ids=[f"{u} {s}" for u, _, s in PAGES])
def test_every_page_describes_itself(client: TestClient, url: str, status: int, says: str) -> None:
    r = client.get(url)
    assert r.status_code == status, url
    text = description(r.text)
    assert says in text
    assert len(text) <= DESCRIPTION_CHARS and "\n" not in text and "  " not in text


def test_descriptions_differ_by_page(client: TestClient) -> None:
    """Built from the page, not one sentence for all: the pages of one kind differ too."""
    urls = {u for u, status, _ in PAGES if status == 200}
    texts = {description(client.get(u).text) for u in urls}
    assert len(texts) == len(urls)


def test_a_long_description_is_cut_at_a_word(client: TestClient) -> None:
    text = description(client.get(f"/cable/{SEED}").text)
    assert text.endswith("\u2026") and len(text) <= DESCRIPTION_CHARS
    body = " ".join(client.get(f"/cable/{SEED}.txt").text.split())
    assert text[:-1].rsplit(" ", 1)[-1] in body  # a whole word before the ellipsis


@pytest.mark.parametrize(
    "url",
    [
        f"/cable/{HOSTILE}",
        f"/cable/{HOSTILE}/history",
        '/search?q="<script>alert(1)</script>"',
        "/search?q=x&origin=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
    ],
)
def test_markup_in_a_description_is_text(client: TestClient, url: str) -> None:
    """The cable's subject or the query reach the attribute escaped once: a parser reads them
    back as the text they were (nothing ends the attribute early, no entity shows)."""
    r = client.get(url)
    text = description(r.text)
    assert "&lt;" not in text and "&amp;" not in text and "&#34;" not in text
    raw = r.text.split('<meta name="description" content="', 1)[1].split('">', 1)[0]
    assert "<" not in raw and '"' not in raw
    assert any(m in text for m in ("<script>alert", "<img src=x", "onerror=alert(1)>"))


def test_icons_are_served_and_linked(client: TestClient) -> None:
    for icon in ICONS:
        r = client.get(icon.path)
        assert r.status_code == 200, icon.path
        assert r.headers["content-type"].split(";")[0] == icon.media_type
        assert r.content == icon_bytes(icon.file) and r.content
        assert "max-age=86400" in r.headers["cache-control"]
    assert client.get("/favicon.ico").content[:4] == b"\0\0\1\0"  # an ICO header
    assert client.get("/apple-touch-icon.png").content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get("/icon.svg").text.startswith("<svg ")
    for url in ("/", f"/cable/{SEED}", "/search?q=iran", "/no/such/page"):
        links = dict(head(client.get(url).text).icons)
        assert links["apple-touch-icon"] == "/apple-touch-icon.png", url
        hrefs = {h for rel, h in head(client.get(url).text).icons if rel == "icon"}
        assert hrefs == {"/favicon.ico", "/icon.svg"}, url


def test_icons_are_what_the_script_draws() -> None:
    """The committed icons are the output of scripts/make_icons.py (no hand-edited binary)."""
    script = ROOT / "scripts" / "make_icons.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
