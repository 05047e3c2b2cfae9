"""Text of a WikiLeaks cable page's ``<pre>`` blocks and its "Appears in these articles" links.

The ``<pre>`` blocks are cut out of the raw HTML by hand, not through a DOM: the cable text is
written unescaped (``<``, ``&`` and ``"`` appear raw, even ``<<142612>`` or ``<br>`` from the
original database), so an HTML parser would eat some of it as tags. Only the site's own markup
is removed: the ``¶`` paragraph anchors, the tag links (their text is kept) and the
``&#x000A;`` line breaks.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# `<a id='par1' href='#par1'>¶</a>`: the site's per-paragraph anchor; the text reads `1. (C)`.
# Mirrors that rewrote links for offline reading wrote `href='07ALGIERS45.html#par1'`: the
# same anchor (without this, every page of such a mirror read as a new version of its cable).
_PAR_ANCHOR_RE = re.compile(
    r"""<a\s+(?:id|name)=['"]?par[\w-]*['"]?\s+href=['"]?[^'"<>#\s]*#par[\w-]*['"]?\s*>(?:¶|&para;|&#182;)?</a>"""
)
# `<a href='/tag/PGOV_0.html'>PGOV</a>` (and other site links): keep the link text.
_LINK_RE = re.compile(
    r"""<a\s+href=['"][^'"<>]*['"](?:\s+[a-z]+=['"][^'"<>]*['"])*\s*>([^<]*)</a>"""
)
_NUMERIC_ENTITY_RE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|(\d{1,7}));")
# An artefact of the site's database export: a backslash closing a line (`UNCLAS BEIRUT 01725 \`).
_LINE_END_BACKSLASH_RE = re.compile(r"\\[ \t]*(?=\n|$)")
_XML_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'", "&amp;": "&"}
_XML_ENTITY_RE = re.compile(r"&(?:lt|gt|quot|apos|amp);")
_PRE_OPEN_RE = re.compile(r"<pre\b[^>]*>", re.IGNORECASE)
_PRE_CLOSE_RE = re.compile(r"</pre\s*>", re.IGNORECASE)
_SCHEMES = ("http://", "https://")
_DOUBLED_SCHEME_RE = re.compile(r"^(?:https?://)+(?=https?://)", re.IGNORECASE)


def pre_blocks(html: str, start: int = 0) -> tuple[list[str], bool]:
    """The raw contents of the ``<pre>`` blocks after ``start``; True when the last is cut off."""
    blocks: list[str] = []
    pos = start
    while m := _next_pre(html, pos):
        close = html.find("</pre>", m.end())
        if close < 0 and (late := _PRE_CLOSE_RE.search(html, m.end())):
            close = late.start()
        if close < 0:
            blocks.append(html[m.end() :])
            return blocks, True
        blocks.append(html[m.end() : close])
        pos = close + 6
    return blocks, False


def _next_pre(html: str, pos: int) -> re.Match[str] | None:
    """Every generation writes ``<pre>`` in lower case: find it fast, the regex only confirms."""
    while (i := html.find("<pre", pos)) >= 0:
        if m := _PRE_OPEN_RE.match(html, i):
            return m
        pos = i + 4
    return None


def pre_text(raw: str, *, escaped: bool = False) -> str:
    """Cable text of one ``<pre>`` block: site markup dropped, entities and line breaks decoded.

    ``escaped`` says the page escapes ``<``/``&`` inside the block (no generation seen so far
    does); then the XML entities are decoded too.
    """
    text = _PAR_ANCHOR_RE.sub("", raw)
    text = _LINK_RE.sub(r"\1", text)
    text = text.replace("&#x000A;", "\n")
    if "&#" in text:
        text = _NUMERIC_ENTITY_RE.sub(_numeric_entity, text)
    if escaped:
        text = _XML_ENTITY_RE.sub(lambda m: _XML_ENTITIES[m.group()], text)
    text = text.replace("\r\n", "\n")
    return _LINE_END_BACKSLASH_RE.sub("", text)


def _numeric_entity(m: re.Match[str]) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return m.group()  # not a character: keep the text as written
    return chr(code)


def media_url(href: str | None, text: str | None = None) -> str | None:
    """A real article URL from an "Appears in these articles" link, else None.

    The site prefixed every word of its free-text field with ``http://``, giving
    ``http://http://www.x.com`` for real links and ``http://Yedioth`` or ``http://WL:`` for
    words; only a scheme plus a host with a dot counts.
    """
    for candidate in (href, text):
        if not candidate:
            continue
        url = candidate.strip()
        if not url.lower().startswith(_SCHEMES):
            url = "http://" + url
        url = _DOUBLED_SCHEME_RE.sub("", url)
        if _is_real_url(url):
            return url
    return None


def _is_real_url(url: str) -> bool:
    if any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port (`http://WL:x`)
    except ValueError:
        return False
    if parts.scheme.lower() not in ("http", "https") or "." not in host:
        return False
    labels = host.split(".")
    return all(labels) and all(_host_label_ok(label) for label in labels) and labels[-1].isalpha()


def _host_label_ok(label: str) -> bool:
    return all(c.isalnum() or c == "-" for c in label)
