"""Atom feeds (RFC 4287) and OpenSearch descriptions, written as plain, deterministic XML.

No clock is read: every ``updated`` comes from the archive's data, so the same archive gives the
same bytes. Every text goes through :func:`xml_text`, which also drops the characters XML 1.0
cannot hold (cable bodies carry form feeds and other control characters).

Ids are ``tag:`` URIs (RFC 4151) built from the archive's own paths, not from the host a feed was
asked of: a reader that follows the live site and a static mirror of it sees one entry per cable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ATOM_TYPE = "application/atom+xml"
OPENSEARCH_TYPE = "application/opensearchdescription+xml"
# tag:AUTHORITY,DATE:path; the date is the first day of the Cablegate release.
TAG_AUTHORITY = "cablegate,2010-11-28"

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ISO = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?")


def xml_text(value: object) -> str:
    """``value`` as XML character data or attribute text."""
    text = _NOT_XML.sub("", str(value))
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def rfc3339(value: str | None) -> str | None:
    """An archive time (``2007-02-20T22:45``, ``2011-08-30``, ``2007-02``: UTC) as RFC 3339."""
    m = _ISO.fullmatch((value or "").strip())
    if not m:
        return None
    year, month, day, hour, minute, second = m.groups()
    return f"{year}-{month or '01'}-{day or '01'}T{hour or '00'}:{minute or '00'}:{second or '00'}Z"


def tag_uri(path: str) -> str:
    """The permanent id of what lives at ``path`` on the site (``/cable/07LIMA487``)."""
    return f"tag:{TAG_AUTHORITY}:{path.lstrip('/')}"


@dataclass(frozen=True, slots=True)
class Category:
    term: str
    label: str = ""
    scheme: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    updated: str  # RFC 3339
    link: str  # the page, absolute
    summary: str
    author: str
    published: str | None = None
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True, slots=True)
class Paging:
    """A page of a search feed: the OpenSearch response elements, and where the pages are."""

    total: int
    start_index: int  # 1-based, of the first entry
    per_page: int
    search_terms: str
    first: str
    previous: str | None
    next: str | None
    last: str


@dataclass(frozen=True, slots=True)
class Feed:
    id: str
    title: str
    subtitle: str
    updated: str  # RFC 3339: the newest entry's, or the archive's when there is none
    self_url: str
    html_url: str | None
    entries: tuple[Entry, ...]
    author: str = "Cablegate archive"
    author_uri: str = ""
    paging: Paging | None = None


def _link(href: str, rel: str, type_: str = "") -> str:
    kind = f' type="{type_}"' if type_ else ""
    return f'<link rel="{rel}"{kind} href="{xml_text(href)}"/>'


def _entry(e: Entry) -> list[str]:
    out = [
        "<entry>",
        f"<id>{xml_text(e.id)}</id>",
        f"<title>{xml_text(e.title)}</title>",
        f"<updated>{e.updated}</updated>",
    ]
    if e.published:
        out.append(f"<published>{e.published}</published>")
    out.append(f"<author><name>{xml_text(e.author)}</name></author>")
    out.append(_link(e.link, "alternate", "text/html"))
    for c in e.categories:
        attrs = f'term="{xml_text(c.term)}"'
        attrs += f' scheme="{xml_text(c.scheme)}"' if c.scheme else ""
        attrs += f' label="{xml_text(c.label)}"' if c.label else ""
        out.append(f"<category {attrs}/>")
    out.append(f"<summary>{xml_text(e.summary)}</summary>")
    out.append("</entry>")
    return out


def feed_xml(feed: Feed) -> bytes:
    """The feed as an Atom document, UTF-8."""
    ns = ' xmlns="http://www.w3.org/2005/Atom"'
    if feed.paging:
        ns += ' xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"'
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed{ns} xml:lang="en">',
        f"<id>{xml_text(feed.id)}</id>",
        f"<title>{xml_text(feed.title)}</title>",
        f"<subtitle>{xml_text(feed.subtitle)}</subtitle>",
        f"<updated>{feed.updated}</updated>",
        _link(feed.self_url, "self", ATOM_TYPE),
    ]
    if feed.html_url:
        out.append(_link(feed.html_url, "alternate", "text/html"))
    author = f"<name>{xml_text(feed.author)}</name>"
    if feed.author_uri:
        author += f"<uri>{xml_text(feed.author_uri)}</uri>"
    out.append(f"<author>{author}</author>")
    p = feed.paging
    if p is not None:
        out += [
            f"<opensearch:totalResults>{p.total}</opensearch:totalResults>",
            f"<opensearch:startIndex>{p.start_index}</opensearch:startIndex>",
            f"<opensearch:itemsPerPage>{p.per_page}</opensearch:itemsPerPage>",
            f'<opensearch:Query role="request" searchTerms="{xml_text(p.search_terms)}"'
            f' startIndex="{p.start_index}"/>',
            _link(p.first, "first", ATOM_TYPE),
        ]
        out += [_link(p.previous, "previous", ATOM_TYPE)] if p.previous else []
        out += [_link(p.next, "next", ATOM_TYPE)] if p.next else []
        out.append(_link(p.last, "last", ATOM_TYPE))
    for e in feed.entries:
        out += _entry(e)
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode()


@dataclass(frozen=True, slots=True)
class SearchUrl:
    """One ``<Url>`` of an OpenSearch description: a media type and its URL template."""

    type: str
    template: str


def opensearch_xml(short_name: str, description: str, urls: tuple[SearchUrl, ...]) -> bytes:
    """An OpenSearch 1.1 description document (what a browser adds as a search engine)."""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">',
        f"<ShortName>{xml_text(short_name)}</ShortName>",
        f"<Description>{xml_text(description)}</Description>",
        "<InputEncoding>UTF-8</InputEncoding>",
        "<OutputEncoding>UTF-8</OutputEncoding>",
    ]
    out += [f'<Url type="{u.type}" template="{xml_text(u.template)}"/>' for u in urls]
    out.append("</OpenSearchDescription>")
    return ("\n".join(out) + "\n").encode()
