"""The mirror's pages, rendered by the live site's own views and templates.

A :class:`Renderer` holds one :class:`SiteClient` (the app, its lifespan run once) and turns a
job into files. Most fixed pages are asked of the app by address. A cable's three files come from
one read of the cable through the functions its view calls (``build_page``, ``cable_markup``,
``to_dict``, ``plain_text``), since three requests would read and decode it three times; every
page of a list comes from one walk of the list through the functions the browse view calls
(``browse_page``, ``browse_markup``, ``to_dict``), since a request per page would count the list
and step over the rows before the page again for each page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from importlib import resources
from urllib.parse import unquote

from cablegate.export.atom import feed_xml
from cablegate.export.citation import FORMATS as CITATIONS
from cablegate.mirror import links, pointers, search
from cablegate.mirror.client import SiteClient
from cablegate.mirror.plan import CableJob
from cablegate.mirror.tree import MirrorError
from cablegate.mirror.versions import history_pages
from cablegate.similarity import JSON_KEYS
from cablegate.web import render
from cablegate.web.app import create_app
from cablegate.web.context import InBrowser, SearchPage
from cablegate.web.people_context import PER_PAGE as PERSON_PER_PAGE
from cablegate.web.people_context import person_url
from cablegate.web.query import SearchState
from cablegate.web.settings import ServeSettings
from cablegate.web.urls import axis_value, browse_url, cable_url
from cablegate.web.views import browse, feeds, icons, people
from cablegate.web.views.cable import build_page, cable_markup, plain_text
from cablegate.web.views.citation import citation_of

ORIGIN_B = links.ORIGIN.encode()


@dataclass(frozen=True, slots=True)
class File:
    path: str
    data: bytes


class Renderer:
    """Pages of one archive, in one process (each ``--jobs`` worker has its own)."""

    def __init__(self, db: str, base_url: str = "", with_json: bool = True) -> None:
        # no time budget on queries: a list is read in one walk, as long as it takes, and
        # the server's settings in the environment are not the mirror's; no page is asked twice
        app = create_app(db, settings=ServeSettings(query_ms=None, page_cache_mb=0), follow=False)
        self.client = SiteClient(app, host=links.HOST).__enter__()
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

    def browse_list(self, axis: str, stored: str) -> Iterator[tuple[int, list[File]]]:
        """Every page of the list of a stored value with its files, from one walk of the list
        in the store (``Store.browse_pages``) through the browse view's own page builder and
        template, given the value as the view gets it from the list's address; the first
        page's files hold the list's feed (the newest cables, linked from each of its pages)."""
        value = axis_value(axis, stored)
        if not browse.valid_value(axis, value):
            return  # a stored value that is no valid address: the live site has no page
        for listing in self.store.browse_pages(axis, value, per_page=browse.PER_PAGE):
            months = browse.list_months(self.store, axis, value) if listing.page == 1 else []
            page = browse.browse_page(axis, value, listing, months)
            html_file, json_file = list_files(axis, stored, listing.page)
            markup = links.rewrite(browse.browse_markup(page), html_file, self.base_url)
            out = [File(html_file, markup.encode())]
            if listing.page == 1:
                feed = browse_url(axis, stored, ".atom")
                out.append(self.page(feed, links.file_of(links.address(feed))))
            if self.with_json:
                out.append(File(json_file, self._json(page.to_dict())))
            yield listing.page, out

    def person_list(self, slug: str) -> Iterator[tuple[int, list[File]]]:
        """Every page of a person's cables with its files, from one walk of the person's rows
        (``Store.person_pages``) through the person view's own page builder and template."""
        found = self.client.app.state.archive.aggregate("people")
        p = found.by_slug.get(slug)
        if p is None:
            raise MirrorError(
                f"the archive lost the person {slug} while the mirror was being built"
            )
        for listing in people.person_pages(self.store, p, PERSON_PER_PAGE):
            page = people.person_page(found, p, listing)
            html_file, json_file = person_files(slug, listing.page)
            markup = links.rewrite(people.person_markup(page), html_file, self.base_url)
            out = [File(html_file, markup.encode())]
            if self.with_json:
                out.append(File(json_file, self._json(page.to_dict())))
            yield listing.page, out

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
        reader = InBrowser(
            script=search.SCRIPT,
            cable_url=unquote(cable),
            modules=search.MODULES,
            data=search.FIRST_FILES,
        )
        markup = render.ENV.get_template("search.html").render(
            page=SearchPage(SearchState(), in_browser=reader), alternate=None
        )
        return File(file, links.rewrite(markup, file, self.base_url).encode())

    def not_found(self) -> File:
        """``404.html``: served for any missing address, so its links are absolute (under
        ``--base-url``, else from the server's root)."""
        response = self.client.get("/mirror-404")
        return File("404.html", links.absolute(response.body.decode(), self.base_url).encode())

    def pointer(self, p: pointers.Pointer) -> File:
        """An old address's page: the new page relative to it, canonical under ``--base-url``
        (else relative too)."""
        target = links.address(p.url)
        here = links.relative(target, p.file)
        canonical = f"{self.base_url}/{target}" if self.base_url else here
        return File(p.file, pointers.page(here, canonical, p.title))

    def icons(self) -> list[File]:
        """The site's icons at the tree's root, where browsers ask for them."""
        return [File(i.path.lstrip("/"), icons.icon_bytes(i.file)) for i in icons.ICONS]

    def static(self) -> list[File]:
        folder = resources.files("cablegate.web").joinpath("static")
        return [
            File(f"static/{item.name}", item.read_bytes())
            for item in sorted(folder.iterdir(), key=lambda i: i.name)
            if item.is_file()
        ]

    # -- a cable's files from one read -----------------------------------------------------

    def cable(self, job: CableJob) -> list[File]:
        stored = self.store.get(job.refid)
        if stored is None:
            raise MirrorError(f"the archive lost {job.refid} while the mirror was being built")
        # the neighbours come from the plan (one scan of the archive), not a look-up a cable
        page = build_page(self.store, stored, links.ORIGIN, neighbours=False)
        markup = live_only(_neighbour_links(cable_markup(page), job))
        page = replace(page, previous=job.previous, next=job.next, neighbours_loaded=True)
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
            out.append(File(f"cable/{job.refid}.json", self._json(page.to_dict())))
        if page.history is not None:
            for name, body in history_pages(stored, page.history, self.with_json):
                if isinstance(body, str):
                    out.append(File(name, links.rewrite(body, name, self.base_url).encode()))
                else:
                    out.append(File(name, body.replace(ORIGIN_B, self.base_url.encode())))
        return out

    def _json(self, data: object) -> bytes:
        """A JSON twin as the live site serves it, its request origin made ``--base-url``."""
        return render.dumps(data).replace(ORIGIN_B, self.base_url.encode())


def list_files(axis: str, value: str, page: int) -> tuple[str, str]:
    """The files of page ``page`` of a list: the page and its JSON twin."""
    addr = links.address(browse_url(axis, value) + (f"?page={page}" if page > 1 else ""))
    return links.file_of(addr), links.file_of(addr.rstrip("/") + ".json")


def person_files(slug: str, page: int) -> tuple[str, str]:
    """The files of page ``page`` of a person's cables: the page and its JSON twin."""
    addr = links.address(person_url(slug) + (f"?page={page}" if page > 1 else ""))
    return links.file_of(addr), links.file_of(addr.rstrip("/") + ".json")


# The link to a cable's thread: its page is not written (a walk and a graph for each of 251,287
# cables cost more than the mirror's time allows; README, "Addresses a static tree cannot answer").
_THREAD_LINK = re.compile(r'<p class="thread-link">.*?</p>\n')
# The similar cables and near-duplicates: a search a cable (README, as above); the mirror renders
# pages without them (``build_page``'s ``similarity`` left out), the live site with them.
_SIMILAR = re.compile(r'<section class="similar".*?</section>\n', re.S)
# ... and the keys of a cable's JSON twin that hold them
LIVE_ONLY_KEYS = JSON_KEYS


def live_only(markup: str) -> str:
    """A cable page without what only the live site has: its link to the thread, its similar
    cables (a no-op on the mirror's own pages, rendered without them)."""
    return _SIMILAR.sub("", _THREAD_LINK.sub("", markup, count=1), count=1)


def _neighbour_links(markup: str, job: CableJob) -> str:
    """``/cable/X/previous`` and ``/next`` (resolved by the live site when followed) made
    links to the neighbours themselves; a side with no neighbour loses its link."""
    for side, other in (("previous", job.previous), ("next", job.next)):
        href = f'href="{html.escape(cable_url(job.refid))}/{side}"'
        if other:
            markup = markup.replace(href, f'href="{html.escape(cable_url(other.refid))}"', 1)
        else:
            markup = re.sub(rf"<li><a {re.escape(href)}[^>]*>.*?</a></li>\n?", "", markup, count=1)
    return markup
