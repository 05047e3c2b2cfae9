"""The mirror's pages, rendered by the live site's own views and templates.

A :class:`Renderer` holds one :class:`SiteClient` (the app, its lifespan run once) and turns a
job into files. Browse and fixed pages are asked of the app by address; a cable's three files
come from one read of the cable through the same functions its view calls (``build_page``, the
``cable.html`` template, ``as_json``, ``plain_text``), since three requests would read and
decode it three times.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from importlib import resources
from urllib.parse import unquote

from cablegate.export.atom import feed_xml
from cablegate.export.citation import FORMATS as CITATIONS
from cablegate.mirror import links, search
from cablegate.mirror.client import SiteClient
from cablegate.mirror.plan import CableJob
from cablegate.mirror.tree import MirrorError
from cablegate.web import render
from cablegate.web.app import create_app
from cablegate.web.context import InBrowser, SearchPage
from cablegate.web.query import SearchState
from cablegate.web.urls import browse_url, cable_url
from cablegate.web.views import feeds
from cablegate.web.views.cable import build_page, plain_text
from cablegate.web.views.citation import citation_of


@dataclass(frozen=True, slots=True)
class File:
    path: str
    data: bytes


class Renderer:
    """Pages of one archive, in one process (each ``--jobs`` worker has its own)."""

    def __init__(self, db: str, base_url: str = "", with_json: bool = True) -> None:
        self.client = SiteClient(create_app(db), host=links.HOST).__enter__()
        self.store = self.client.app.state.archive.store
        self.base_url = base_url.rstrip("/")
        self.with_json = with_json

    def close(self) -> None:
        self.client.__exit__(None, None, None)

    # -- pages asked of the app ----------------------------------------------------------

    def fetch(self, url: str, *, expect: int = 200) -> bytes:
        response = self.client.get(url)
        if response.status != expect:
            raise MirrorError(f"the site answered {url} with {response.status}, not {expect}")
        return response.body

    def page(self, url: str, file: str) -> File:
        """The HTML page at ``url``, its links made relative to ``file``."""
        body = self.fetch(url).decode()
        return File(file, links.rewrite(body, file, self.base_url).encode())

    def data(self, url: str, file: str) -> File:
        """A JSON (or other) response as served, its request origin made ``--base-url``."""
        body = self.fetch(url)
        return File(file, body.replace(links.ORIGIN.encode(), self.base_url.encode()))

    def browse(self, axis: str, value: str, page: int) -> list[File]:
        query = f"?page={page}" if page > 1 else ""
        url = browse_url(axis, value) + query
        response = self.client.get(url)
        if response.status == 404:
            return []  # a stored value that is no valid address: the live site has no page
        if response.status != 200:
            raise MirrorError(f"the site answered {url} with {response.status}, not 200")
        file = links.file_of(links.address(url))
        out = [File(file, links.rewrite(response.body.decode(), file, self.base_url).encode())]
        if page == 1:  # one feed a list: the newest cables, linked from each of its pages
            feed = browse_url(axis, value, ".atom")
            out.append(self.page(feed, links.file_of(links.address(feed))))
        if self.with_json:
            name = links.file_of(links.address(url).rstrip("/") + ".json")
            out.append(self.data(browse_url(axis, value, ".json") + query, name))
        return out

    def opensearch(self) -> File:
        """The description browsers add: the static tree's search page (the in-browser search);
        relative to the description itself without ``--base-url``."""
        base = f"{self.base_url}/" if self.base_url else ""
        return File(
            "opensearch.xml", feeds.opensearch_description(base, "search/?q={searchTerms}", None)
        )

    def search_page(self) -> File:
        """``search/index.html``: the live search page's template, its results drawn in the
        browser by the reader beside it (``cablegate.mirror.search``)."""
        file = f"{search.FOLDER}/index.html"
        cable = links.relative(links.address(cable_url("{refid}")), file)
        reader = InBrowser(script=search.SCRIPT, cable_url=unquote(cable))
        markup = render.ENV.get_template("search.html").render(
            page=SearchPage(SearchState(), in_browser=reader), alternate=None
        )
        return File(file, links.rewrite(markup, file, self.base_url).encode())

    def not_found(self) -> File:
        """``404.html``: served for any missing address, so its links are absolute (under
        ``--base-url``, else from the server's root)."""
        response = self.client.get("/mirror-404")
        return File("404.html", links.absolute(response.body.decode(), self.base_url).encode())

    def static(self) -> list[File]:
        folder = resources.files("cablegate.web").joinpath("static")
        return [
            File(f"static/{item.name}", item.read_bytes())
            for item in sorted(folder.iterdir(), key=lambda i: i.name)
            if item.is_file()
        ]

    # -- a cable's three files from one read ---------------------------------------------

    def cable(self, job: CableJob) -> list[File]:
        stored = self.store.get(job.refid)
        if stored is None:
            raise MirrorError(f"the archive lost {job.refid} while the mirror was being built")
        page = build_page(self.store, stored, links.ORIGIN, neighbours=True)
        markup = render.ENV.get_template("cable.html").render(
            page=page,
            alternate=cable_url(stored.refid, ".json"),
            feed=cable_url(stored.refid, "/cited-by.atom"),
        )
        markup = _neighbour_links(markup, job)
        file = f"cable/{job.refid}/index.html"
        feed = f"cable/{job.refid}/cited-by.atom"
        atom = feed_xml(feeds.cited_by(self.store, stored, list(page.cited_by), links.ORIGIN))
        out = [
            File(file, links.rewrite(markup, file, self.base_url).encode()),
            File(f"cable/{job.refid}.txt", plain_text(stored).encode()),
            File(feed, links.rewrite(atom.decode(), feed, self.base_url).encode()),
        ]
        # citations: the whole cable (a static server ignores the form's ?par=N)
        cite = citation_of(stored, self.base_url or links.ORIGIN)
        for f in CITATIONS:
            text = f.write(cite).replace(links.ORIGIN, self.base_url)
            out.append(File(f"cable/{job.refid}{f.suffix}", text.encode()))
        if self.with_json:
            body = render.dumps(page.to_dict())
            out.append(
                File(
                    f"cable/{job.refid}.json",
                    body.replace(links.ORIGIN.encode(), self.base_url.encode()),
                )
            )
        return out


def _neighbour_links(markup: str, job: CableJob) -> str:
    """``/cable/X/previous`` and ``/next`` (resolved by the live site when followed) made
    links to the neighbours themselves; a side with no neighbour loses its link."""
    for side, other in (("previous", job.previous), ("next", job.next)):
        href = f'href="{html.escape(cable_url(job.refid))}/{side}"'
        if other:
            markup = markup.replace(href, f'href="{html.escape(cable_url(other))}"', 1)
        else:
            markup = re.sub(rf"<li><a {re.escape(href)}[^>]*>.*?</a></li>\n?", "", markup, count=1)
    return markup
