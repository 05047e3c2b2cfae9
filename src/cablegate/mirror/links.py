"""Where each address of the live site lives in the mirror, and its links made relative.

An address without a suffix (``/cable/07LIMA487``, ``/tag/PGOV``) is a folder with an
``index.html``, so any web server answers it (after a redirect to the slash form); an address
with one (``/cable/07LIMA487.json``) is that file. Links are relative to the page that holds
them, so the tree works under any path prefix (``http://host/some/prefix/``).

The rewrite is a regular expression over attributes of our own templates' markup: cable text
reaches a page only through Jinja's autoescape, which writes a quote as ``&#34;``, so no text
of a cable can form ``href="/``.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

from cablegate.vocabulary import AXES

# The host the mirror's in-process requests name: every absolute URL a page builds from its
# request (the cable page's permalink) starts with it, and becomes --base-url or relative.
HOST = "cablegate-mirror.invalid"
ORIGIN = f"http://{HOST}"

# An href, src, action or formaction attribute whose value starts at our root or origin. The
# pattern starts with the literal '="' so that the regex engine looks for it as a string, then
# checks the name behind it: 4x faster over a cable page than trying an attribute name at every
# space.
_ATTR = re.compile(
    r'="(?:(?<=\shref=")|(?<=\ssrc=")|(?<=\saction=")|(?<=\sformaction="))((?:/(?!/)|'
    + re.escape(ORIGIN)
    + r'/)[^"]*)"'
)
_AXES = frozenset(AXES)
_PAGED = _AXES | {"person"}  # lists whose ?page=N is a folder page/N/
# A browse list's exports (``/tag/PGOV.csv``): a static tree holds none. Every field of every
# cable of every list would be the corpus again for each list a cable is on (7 axes and its
# tags: ~10 times 3.6 GB at full scale), and the mirror is at its time limit already.
EXPORTS = (".csv", ".jsonl")


def address(url: str) -> str:
    """The mirror address (relative to the tree's root, no leading slash) that answers ``url``,
    a root-absolute address of the live site with its query and fragment."""
    path, raw_query, raw_fragment = split(url)
    path = path or "/"
    query = parse_qs(raw_query) if raw_query else {}
    fragment = f"#{raw_fragment}" if raw_fragment else ""
    segments = path.strip("/").split("/") if path != "/" else []
    if not segments:
        return "./" + fragment if fragment else ""
    last = segments[-1]
    if segments[0] == "cable" and len(segments) == 3 and last in ("diff", "diff.json"):
        pair = _pair(query)
        if pair is not None:  # each pair of versions is a file of its own
            tail = ".json" if last == "diff.json" else "/"
            return f"{'/'.join(segments[:2])}/diff/{pair[0]}-{pair[1]}{tail}{fragment}"
    if path in ("/search.json", "/search.csv", "/search.jsonl", "/search.atom"):
        # the in-browser search page
        return "search/" + (f"?{raw_query}" if raw_query else "") + fragment
    if segments[0] in _AXES and len(segments) == 2 and last.endswith(EXPORTS):
        return "api/#exports"  # a list's export is streamed by the live site: the API page says so
    if "." in last:  # a file: its query is kept for the static URLs' cache-busting ?v=
        keep = f"?{raw_query}" if raw_query and segments[0] == "static" else ""
        return path.lstrip("/") + keep + fragment
    folder = "/".join(segments) + "/"
    if segments[0] == "search":
        return folder + (f"?{raw_query}" if raw_query else "") + fragment
    if segments[0] == "cable" and len(segments) == 2 and query.get("view") == ["raw"]:
        return f"{path.lstrip('/')}.txt"  # the raw view is the text twin, whole
    if (segments[0] in _PAGED and len(segments) == 2) or segments == ["changes"]:
        page = _page(query)
        return folder + (f"page/{page}/" if page > 1 else "") + fragment
    return folder + fragment


def split(url: str) -> tuple[str, str, str]:
    """Path, query and fragment of a URL, as ``urlsplit`` gives them; for the root-absolute
    printable URLs of our pages (most of them) by two ``partition`` calls, 4x faster (the
    plan works out some 350,000 addresses)."""
    if url.startswith("/") and not url.startswith("//") and url.isprintable():
        rest, _, fragment = url.partition("#")
        path, _, query = rest.partition("?")
        return path, query, fragment
    parts = urlsplit(url)
    return parts.path, parts.query, parts.fragment


def _pair(query: dict[str, list[str]]) -> tuple[int, int] | None:
    """The two versions of a diff's address, when it names two different ones."""
    old, new = query.get("from", [""])[0], query.get("to", [""])[0]
    if not (old.isdigit() and new.isdigit()) or int(old) == int(new):
        return None
    return int(old), int(new)


def _page(query: dict[str, list[str]]) -> int:
    """The page number when the query asks for the default listing; 1 for any other sort (a
    static tree holds one order only)."""
    if query.get("sort", ["created"]) != ["created"] or query.get("order", ["asc"]) != ["asc"]:
        return 1
    if "per_page" in query:
        return 1
    try:
        return max(1, int(query.get("page", ["1"])[0]))
    except ValueError:
        return 1


def file_of(addr: str) -> str:
    """The file that holds a mirror address: ``tag/PGOV/`` -> ``tag/PGOV/index.html``,
    ``tag/ITALIAN%20POLITICS/`` -> ``tag/ITALIAN POLITICS/index.html``."""
    addr = unquote(addr.split("#", 1)[0].split("?", 1)[0])
    return addr + "index.html" if addr == "" or addr.endswith("/") else addr


def up(page_file: str) -> str:
    """The way from the folder of ``page_file`` back to the root: ``cable/X/index.html`` ->
    ``../../``."""
    return "../" * page_file.count("/")


def relative(target: str, page_file: str) -> str:
    """``target`` (a mirror address) as seen from ``page_file``."""
    return _below(up(page_file), target)


def _below(ups: str, target: str) -> str:
    out = ups + target
    return out if out and not out.startswith(("#", "?")) else "./" + out


@lru_cache(maxsize=1 << 16)
def _target(attribute: str) -> str:
    """The mirror address of a link as our markup writes it (escaped, maybe with the origin).
    Remembered: a page holds ~40 links, most of them (navigation, static files, tags) the same
    on every page, and working one out costs ~10 us."""
    return address(html.unescape(attribute).removeprefix(ORIGIN))


def rewrite(markup: str, page_file: str, base_url: str = "") -> str:
    """Every link of our markup made relative to ``page_file``; the request's own origin in
    text (the permalink shown on a cable page) becomes ``base_url`` (or nothing)."""
    ups = up(page_file)

    def one(m: re.Match[str]) -> str:
        attribute = m.group(1)
        if base_url and attribute.startswith(ORIGIN):
            # canonical and permalinks: absolute when asked for
            return f'="{html.escape(f"{base_url}/{_target(attribute)}", quote=True)}"'
        return _relative_attribute(attribute, ups)

    return _ATTR.sub(one, markup).replace(ORIGIN, base_url)


@lru_cache(maxsize=1 << 16)
def _relative_attribute(attribute: str, ups: str) -> str:
    """``="…"`` of a link as written from a page ``ups`` below the root. Remembered: a page's
    navigation, static files and tags are the same on every page at the same depth (measured
    over a cable's files: 0.2 ms of its 2.6 ms)."""
    return f'="{html.escape(_below(ups, _target(attribute)), quote=True)}"'


def absolute(markup: str, base_url: str) -> str:
    """Every link of our markup made absolute under ``base_url`` (``404.html``: a server sends
    it for any address, so links relative to where it is stored would break)."""

    def one(m: re.Match[str]) -> str:
        target = _target(m.group(1))
        target = f"/{target}" if not base_url else f"{base_url}/{target}"
        return f'="{html.escape(target, quote=True)}"'

    return _ATTR.sub(one, markup).replace(ORIGIN, base_url)
