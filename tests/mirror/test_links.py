"""Mirror addresses and relative links (``cablegate.mirror.links``): tables of live URL ->
mirror address, and the rewrite never touching text that merely looks like a link."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cablegate.mirror.links import ORIGIN, absolute, address, file_of, relative, rewrite, split

ADDRESSES = [
    ("/", ""),
    ("/cable/07LIMA487", "cable/07LIMA487/"),
    ("/cable/07LIMA487.json", "cable/07LIMA487.json"),
    ("/cable/07LIMA487.txt", "cable/07LIMA487.txt"),
    ("/cable/07LIMA487?view=raw#h-body", "cable/07LIMA487.txt"),
    ("/cable/07LIMA487#par3", "cable/07LIMA487/#par3"),
    ("/tag/PGOV", "tag/PGOV/"),
    ("/tag/PGOV?sort=created&order=asc&page=3", "tag/PGOV/page/3/"),
    ("/tag/PGOV?sort=created&order=asc", "tag/PGOV/"),
    ("/tag/PGOV?sort=subject&order=asc&page=3", "tag/PGOV/"),  # one order only: page 1
    ("/tag/PGOV?sort=created&order=asc&page=2&per_page=20", "tag/PGOV/"),
    ("/tag/ITALIAN%20POLITICS", "tag/ITALIAN%20POLITICS/"),
    ("/date/2007-02?page=2", "date/2007-02/page/2/"),
    ("/dates", "dates/"),
    ("/dates.json", "dates.json"),
    ("/search?q=coca&sort=created", "search/?q=coca&sort=created"),
    ("/search.json?q=coca", "search/?q=coca"),
    ("/search.csv?q=coca", "search/?q=coca"),
    ("/static/style.css?v=abc", "static/style.css?v=abc"),
    ("/help/classification#reason-c", "help/classification/#reason-c"),
    ("/api/openapi.json", "api/openapi.json"),
]


@pytest.mark.parametrize(("url", "expected"), ADDRESSES, ids=[a[0] for a in ADDRESSES])
def test_address(url: str, expected: str) -> None:
    assert address(url) == expected


FILES = [
    ("", "index.html"),
    ("cable/07LIMA487/", "cable/07LIMA487/index.html"),
    ("cable/07LIMA487.json", "cable/07LIMA487.json"),
    ("tag/PGOV/page/2/#x", "tag/PGOV/page/2/index.html"),
    ("search/?q=x", "search/index.html"),
    ("tag/ITALIAN%20POLITICS/", "tag/ITALIAN POLITICS/index.html"),
]


@pytest.mark.parametrize(("addr", "expected"), FILES, ids=[f[1] for f in FILES])
def test_file_of(addr: str, expected: str) -> None:
    assert file_of(addr) == expected


RELATIVE = [
    ("cable/X/", "index.html", "cable/X/"),
    ("", "index.html", "./"),
    ("", "cable/X/index.html", "../../"),
    ("tag/PGOV/", "cable/X/index.html", "../../tag/PGOV/"),
    ("cable/X.txt", "cable/2007/02/X.html", "../../../cable/X.txt"),
    ("#par1", "index.html", "./#par1"),
]


@pytest.mark.parametrize(("target", "page", "expected"), RELATIVE)
def test_relative(target: str, page: str, expected: str) -> None:
    assert relative(target, page) == expected


def test_rewrite_touches_only_our_attributes() -> None:
    """Cable text reaches a page autoescaped: a quote is ``&#34;``, so text that spells a link
    is never rewritten; protocol-relative and outside links stay as they are."""
    page = (
        '<a href="/tag/PGOV">PGOV</a> <form action="/search">'
        '<p>href=&#34;/cable/EVIL&#34; src=&#39;/x&#39; "/cable/Y"</p>'
        '<a href="//evil.example/x">x</a> <a href="http://elcomercio.pe">e</a>'
        f'<link rel="canonical" href="{ORIGIN}/cable/X"> {ORIGIN}/cable/X#par1'
    )
    out = rewrite(page, "cable/X/index.html")
    assert '<a href="../../tag/PGOV/">' in out
    assert 'action="../../search/"' in out
    assert 'href=&#34;/cable/EVIL&#34; src=&#39;/x&#39; "/cable/Y"' in out
    assert 'href="//evil.example/x"' in out and 'href="http://elcomercio.pe"' in out
    assert 'rel="canonical" href="../../cable/X/"' in out
    assert " /cable/X#par1" in out and ORIGIN not in out


def test_rewrite_with_base_url_makes_canonical_absolute() -> None:
    page = f'<link rel="canonical" href="{ORIGIN}/cable/X"><a href="/tags">t</a> {ORIGIN}/cable/X'
    out = rewrite(page, "cable/X/index.html", "https://example.org/cables")
    assert 'href="https://example.org/cables/cable/X/"' in out
    assert 'href="../../tags/"' in out  # links between pages stay relative
    assert " https://example.org/cables/cable/X" in out


@pytest.mark.parametrize(
    ("base", "expected"),
    [("", 'href="/tags/"'), ("https://example.org/c", 'href="https://example.org/c/tags/"')],
)
def test_absolute_for_the_404_page(base: str, expected: str) -> None:
    assert expected in absolute('<a href="/tags">t</a>', base)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
@example("//host/path?q#f")
@example("/a?b#c?d#e")
@example("/a\tb?c")
@example("")
def test_split_is_urlsplit(url: str) -> None:
    """The fast split of our links gives what ``urlsplit`` gives, for any text."""
    for candidate in (url, "/" + url):
        try:
            parts = urlsplit(candidate)
        except ValueError:  # "//[": urlsplit rejects a bracketed host; our links have none
            continue
        assert split(candidate) == (parts.path, parts.query, parts.fragment), candidate
