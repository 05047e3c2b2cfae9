"""Turning a page context into a response: HTML through precompiled Jinja templates, or its JSON
twin. Templates are loaded once per process and autoescape everything.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any, Protocol

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.responses import HTMLResponse, Response

from cablegate.export.citation import FORMATS as CITATION_FORMATS
from cablegate.people import ROLE_LABELS
from cablegate.search.facets import EXTRA_UP_TO
from cablegate.versions.dating import SOURCES
from cablegate.vocabulary import BROWSE_SORTS, SEARCH_SORTS
from cablegate.web import cable_html, charts, urls
from cablegate.web.fragments import addressees_html
from cablegate.web.glossary import explain_marking, marking_class
from cablegate.web.people_context import person_url, post_label
from cablegate.web.search_html import facet_list_html, histogram_html


def _static_version() -> str:
    """A digest of the static files: their URLs change with them (they are cached for a year)."""
    digest = hashlib.sha1()
    static = resources.files("cablegate.web").joinpath("static")
    for name in ("style.css", "app.js"):
        digest.update(static.joinpath(name).read_bytes())
    return digest.hexdigest()[:10]


STATIC_VERSION = _static_version()


class Context(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


def _number(n: int | None) -> str:
    return f"{n:,}" if isinstance(n, int) else ""


def _when(value: str | None) -> str:
    """``2007-02-20T22:45`` -> ``2007-02-20 22:45`` (the seed page's form)."""
    return (value or "").replace("T", " ")


# Search engines show about this much of a description; a longer one is cut at a word.
DESCRIPTION_CHARS = 200


def meta_text(text: str) -> Markup:
    """A ``<meta name="description">`` value: the rendered block as one line of at most
    DESCRIPTION_CHARS characters, escaped once (the block's own escaping is undone first, so an
    entity is never cut in half nor escaped twice)."""
    plain = text.unescape() if isinstance(text, Markup) else str(text)
    plain = " ".join(plain.split())
    if len(plain) > DESCRIPTION_CHARS:
        plain = plain[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"
    return escape(plain)


def page_window(current: int, pages: int, width: int = 2) -> list[int | None]:
    """Page numbers to show in a pager: first, last, and ``width`` around the current one;
    ``None`` marks a gap."""
    wanted = sorted({1, pages, *range(max(1, current - width), min(pages, current + width) + 1)})
    out: list[int | None] = []
    for n in wanted:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def _make_env() -> Environment:
    env = Environment(
        loader=PackageLoader("cablegate.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        cache_size=-1,
    )
    env.globals.update(
        cable_url=urls.cable_url,
        history_url=urls.history_url,
        thread_url=urls.thread_url,
        similar_url=urls.similar_url,
        timeline_html=charts.timeline_html,
        diff_url=urls.diff_url,
        browse_url=urls.browse_url,
        date_url=urls.date_url,
        released_url=urls.released_url,
        origin_url=urls.origin_url,
        classification_url=urls.classification_url,
        country_url=urls.country_url,
        tag_url=urls.tag_url,
        static_version=STATIC_VERSION,
        page_window=page_window,
        addressees_html=addressees_html,
        tags_html=cable_html.tags_html,
        references_html=cable_html.references_html,
        cited_by_html=cable_html.cited_by_html,
        cable_rows_html=cable_html.cable_rows_html,
        cited_shown=cable_html.CITED_SHOWN,
        extra_up_to=EXTRA_UP_TO,
        citation_formats_html=cable_html.citation_formats_html,
        paragraph_options_html=cable_html.paragraph_options_html,
        citation_buttons_html=cable_html.citation_buttons_html,
        facet_list_html=facet_list_html,
        histogram_html=histogram_html,
        browse_sorts=BROWSE_SORTS,
        search_sorts=SEARCH_SORTS,
        source_labels=SOURCES,
        citation_formats=CITATION_FORMATS,
        person_url=person_url,
        role_labels=ROLE_LABELS,
        post_label=post_label,
    )
    env.filters.update(
        number=_number,
        when=_when,
        meta=meta_text,
        display=cable_html.display,
        marking_class=marking_class,
        explain_marking=explain_marking,
        zip=lambda a, b: zip(a, b, strict=True),
    )
    return env


ENV = _make_env()


# Pages run no inline script and load nothing from elsewhere; data from cables can never run.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; frame-ancestors 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def markup(template: str, page: Any, alternate: str | None = None, feed: str | None = None) -> str:
    """A page's HTML: the body of its response, and what the static mirror writes.
    ``alternate``: the page's JSON twin; ``feed``: its Atom feed (both linked from ``<head>``)."""
    return ENV.get_template(template).render(page=page, alternate=alternate, feed=feed)


def html(
    template: str,
    page: Any,
    *,
    status: int = 200,
    alternate: str | None = None,
    feed: str | None = None,
) -> HTMLResponse:
    """``alternate``: the page's JSON twin; ``feed``: its Atom feed (both linked from ``<head>``)."""
    body = markup(template, page, alternate, feed)
    return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)


def dumps(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


class JSONResponse(Response):
    """Compact UTF-8 JSON, readable by any client; CORS-open because the data is public."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return dumps(content)


def as_json(page: Context, *, status: int = 200) -> JSONResponse:
    return JSONResponse(
        page.to_dict(), status_code=status, headers={"Access-Control-Allow-Origin": "*"}
    )


def split_suffix(name: str, allowed: tuple[str, ...] = (".json",)) -> tuple[str, str]:
    """``07LIMA487.json`` -> (``07LIMA487``, ``json``); no known suffix -> ``html``."""
    for suffix in allowed:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix[1:]
    return name, "html"


def preload() -> None:
    """Compile every template now, so the first requests of a worker are not the slow ones."""
    for name in ENV.list_templates(extensions=["html"]):
        ENV.get_template(name)
