"""Typed page contexts: one dataclass per page, rendered as HTML, as its JSON twin, and later
by the static export. ``to_dict()`` is the JSON twin; templates read the attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from cablegate.model import Cable
from cablegate.posts import Post
from cablegate.search.result import SearchResult
from cablegate.similarity import Similarity
from cablegate.store.base import AxisValue, CableSummary, ListPage, StoredCable
from cablegate.store.quality import Quality
from cablegate.versions.history import History
from cablegate.web.charts import Point
from cablegate.web.fragments import header_lines_html, reading_html
from cablegate.web.glossary import Reason
from cablegate.web.header import HeaderView
from cablegate.web.query import MAX_PAGE, SearchState
from cablegate.web.reading import Reading
from cablegate.web.urls import cable_url, history_url


def _summary(s: CableSummary | None) -> dict[str, Any] | None:
    return None if s is None else {**s.to_dict(), "url": cable_url(s.refid)}


@dataclass(frozen=True, slots=True)
class TagLink:
    tag: str
    meaning: str
    kind: str

    def to_dict(self) -> dict[str, str]:
        return {"tag": self.tag, "meaning": self.meaning, "kind": self.kind}


@dataclass(frozen=True, slots=True)
class RefLink:
    """One REF item; ``refid`` is the published id when the cited cable is in the archive."""

    kind: str
    value: str
    bullet: str | None
    refid: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "bullet": self.bullet,
            "in_archive": self.refid is not None,
            "refid": self.refid,
        }


@dataclass(frozen=True, slots=True)
class MediaLink:
    url: str
    href: str | None  # None when the stored value is not a safe http(s) link


@dataclass(frozen=True, slots=True)
class CablePage:
    """``/cable/{refid}``: the cable, its header decoded, its body laid out, its neighbours."""

    stored: StoredCable
    title: str
    header: HeaderView
    reading: Reading
    tags: tuple[TagLink, ...]
    references: tuple[RefLink, ...]
    reasons: tuple[Reason, ...]
    cited_by: tuple[CableSummary, ...]
    previous: CableSummary | None
    next: CableSummary | None
    media: tuple[MediaLink, ...]
    post: Post | None
    neighbours_loaded: bool = True  # HTML pages link /previous and /next instead (see views)
    distribution: tuple[tuple[str, str], ...] = ()  # (marker, meaning)
    view: str = "reading"  # or "raw"
    base_url: str = ""
    history: History | None = None  # its versions (see cablegate.versions)
    similarity: Similarity | None = None  # the live site's only (a search a page)

    @property
    def cable(self) -> Cable:
        return self.stored.cable

    @property
    def refid(self) -> str:
        return self.stored.refid

    @property
    def permalink(self) -> str:
        return self.base_url + cable_url(self.refid)

    @property
    def reading_html(self) -> Markup:
        return reading_html(self.reading)

    @property
    def header_lines_html(self) -> Markup:
        return header_lines_html(self.header.lines)

    @property
    def description(self) -> str:
        """For search engines and link previews: what the cable is (id, subject, kind, origin,
        day), then its summary, else the opening of its first paragraph (the page's
        ``<meta name="description">`` cuts it to length)."""
        c = self.cable
        what = f"{self.refid}: {self.title}" if c.subject else self.refid
        kind = f"{c.classification.lower()} cable" if c.classification else "cable"
        facts = f"A {kind} from {c.origin or 'an unknown origin'}"
        if c.created:
            facts += f", {c.created[:10]}"
        text = self.cable.summary or next(
            (ch.text for b in self.reading.blocks for ch in b.chunks if ch.text.strip()), ""
        )
        return " ".join(f"{what}. {facts}. {text}".split())

    @property
    def citation(self) -> str:
        """A reference-list entry: origin, subject, id, date, classification, release, link."""
        c = self.cable
        parts = [c.origin or "Unknown origin", f"\u201c{self.title}\u201d" if c.subject else ""]
        parts.append(f"cable {self.refid}")
        if c.created:
            parts.append(c.created.replace("T", " ") + " UTC")
        if c.classification:
            parts.append(c.classification)
        if c.released:
            parts.append(f"released by WikiLeaks {c.released[:10]}")
        return ", ".join(p for p in parts if p) + f". {self.permalink}"

    @property
    def legacy_url(self) -> str | None:
        created = self.cable.created or ""
        if len(created) < 7:
            return None
        return f"/cable/{created[:4]}/{created[5:7]}/{self.refid}.html"

    def to_dict(self) -> dict[str, Any]:
        """The ``show --json`` object plus what the page adds (decoded header, links)."""
        d = self.stored.to_dict()
        d["title"] = self.title
        d["tag_meanings"] = {t.tag: t.meaning for t in self.tags}
        d["references_resolved"] = [r.to_dict() for r in self.references]
        d["classification_reasons_explained"] = [r.to_dict() for r in self.reasons]
        d["header_decoded"] = self.header.to_dict()
        d["cited_by"] = [_summary(s) for s in self.cited_by]
        if self.neighbours_loaded:
            d["previous"] = _summary(self.previous)
            d["next"] = _summary(self.next)
        d["links"] = {
            "html": cable_url(self.refid),
            "json": cable_url(self.refid, ".json"),
            "txt": cable_url(self.refid, ".txt"),
            "legacy": self.legacy_url,
            "history": history_url(self.refid),
        }
        if self.similarity is not None:
            d.update(self.similarity.to_dict())
        if self.history is not None:
            d["history"] = {
                "versions": len(self.history.versions),
                "current": self.history.current.number,
                "timeline": [a.to_dict() for a in self.history.timeline],
            }
        return d


@dataclass(frozen=True, slots=True)
class BrowsePage:
    """``/{axis}/{value}``: a sortable, paginated list of cables on one value of an axis."""

    axis: str
    value: str
    title: str
    description: str
    listing: ListPage
    path: str
    index_url: str
    index_label: str
    timeline: tuple[Point, ...] = ()  # by month of creation, on a list's first page

    def page_url(
        self, page: int | None = None, sort: str | None = None, order: str | None = None
    ) -> str:
        s = sort or self.listing.sort
        o = order or self.listing.order
        p = page or 1
        url = f"{self.path}?sort={s}&order={o}" + (f"&page={p}" if p > 1 else "")
        return url + (f"&per_page={self.listing.per_page}" if self.listing.per_page != 50 else "")

    def sort_url(self, key: str) -> str:
        """Sort by ``key``; on the column already sorted, flip the order."""
        same = key == self.listing.sort
        order = ("asc" if self.listing.order == "desc" else "desc") if same else "asc"
        return self.page_url(1, key, order)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"axis": self.axis, "value": self.value, "title": self.title}
        d.update(self.listing.to_dict())
        d["items"] = [_summary(s) for s in self.listing.items]
        if self.timeline:
            d["timeline"] = [{"month": p.label, "count": p.count} for p in self.timeline]
        return d


@dataclass(frozen=True, slots=True)
class AxisGroup:
    """A heading on an index page (a region, a tag kind, a year) and the values under it."""

    label: str
    values: tuple[AxisValue, ...]
    children: tuple[AxisGroup, ...] = ()

    @property
    def count(self) -> int:
        return sum(v.count for v in self.values) + sum(c.count for c in self.children)

    def all_values(self) -> list[tuple[str, AxisValue]]:
        out = [(self.label, v) for v in self.values]
        for child in self.children:
            out += [(f"{self.label}/{g}", v) for g, v in child.all_values()]
        return out


@dataclass(frozen=True, slots=True)
class AxisIndexPage:
    """``/origins``, ``/tags``, ``/dates``...: every value of an axis with its count, grouped."""

    axis: str
    title: str
    intro: str
    groups: tuple[AxisGroup, ...]
    chart: tuple[Point, ...] = ()  # the release waves by month, on /releases

    def to_dict(self) -> dict[str, Any]:
        from cablegate.web.urls import browse_url

        return {
            "axis": self.axis,
            "title": self.title,
            "values": [
                {
                    "value": v.value,
                    "label": v.label or v.value,
                    "count": v.count,
                    "group": label,
                    "url": browse_url(self.axis, v.value),
                }
                for g in self.groups
                for label, v in g.all_values()
            ],
        }


@dataclass(frozen=True, slots=True)
class FacetValue:
    name: str
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True, slots=True)
class Facet:
    name: str
    title: str
    values: tuple[FacetValue, ...]
    open: bool = False  # shown unfolded


@dataclass(frozen=True, slots=True)
class Bar:
    """One histogram bar: a year (or a month within a year) that filters when clicked."""

    label: str
    count: int
    height: int  # percent of the tallest bar
    url: str
    selected: bool


@dataclass(frozen=True, slots=True)
class InBrowser:
    """The search page as a static copy serves it: no results from the server; a script reads
    a static index and draws them in the same markup. ``cable_url`` is a cable page's address
    relative to the search page, with ``{refid}`` to fill in. ``modules`` and ``data``: files the
    page asks for at once (``modulepreload``, ``preload``), beside it, so that the script's
    imports and the index's first files load with the page, not one after another."""

    script: str
    cable_url: str
    modules: tuple[str, ...] = ()
    data: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SearchPage:
    state: SearchState
    total: int = 0
    hits: tuple[Any, ...] = ()
    facets: tuple[Facet, ...] = ()
    histogram: tuple[Bar, ...] = ()
    histogram_unit: str = "year"
    error: str | None = None
    error_position: int | None = None
    took_ms: float = 0.0
    result: SearchResult | None = None  # what the JSON twin shows
    in_browser: InBrowser | None = None
    too_broad: str | None = None  # the search missed its time budget: why, and ``hint``
    hint: str = ""
    facets_cut: bool = False  # the facets missed theirs: the hits come without them
    facets_left_out: tuple[str, ...] = ()  # titles of the facets not counted for so many
    timeline: tuple[Point, ...] = ()  # matches by month, from the month facet

    @property
    def pages(self) -> int:
        """Pages a reader can click through (deeper results are for the CSV export)."""
        return min(MAX_PAGE, max(1, -(-self.total // self.state.per_page)))

    def page_url(self, page: int) -> str:
        return self.state.at_page(page).url()

    @property
    def chips(self) -> list[tuple[str, str, str]]:
        """Active filters as (name, value, URL that removes it)."""
        return [
            (name, value, self.state.removing(name, value).url())
            for name, values in self.state.filters.items()
            for value in values
        ]

    def sort_url(self, sort: str) -> str:
        return self.state.sorted_by(sort).url()

    def to_dict(self) -> dict[str, Any]:
        """The JSON twin (built only when asked for: the HTML page never needs it)."""
        d: dict[str, Any] = {"state": self.state.to_dict()}
        if self.result is not None:
            d.update(self.result.to_dict())
            d["query"] = self.state.q
            for hit in d["hits"]:
                hit["url"] = cable_url(hit["refid"])
        return d


@dataclass(frozen=True, slots=True)
class HomePage:
    """The front page: key figures (rows of label, count, link, bar width %) and the latest."""

    stats: dict[str, Any]
    latest: tuple[CableSummary, ...]
    seed: str | None
    by_classification: tuple[tuple[str, int, str, int], ...] = ()
    by_year: tuple[tuple[str, int, str, int], ...] = ()
    release_months: tuple[tuple[str, int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"stats": self.stats, "latest": [_summary(s) for s in self.latest]}


@dataclass(frozen=True, slots=True)
class QualityPage:
    """``/quality``: what the archive could not read well (``store.quality``)."""

    report: Quality

    def to_dict(self) -> dict[str, Any]:
        return self.report.to_dict()


@dataclass(frozen=True, slots=True)
class HelpPage:
    slug: str
    title: str
    reasons: tuple[Reason, ...] = ()
    markings: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"slug": self.slug, "title": self.title}


@dataclass(frozen=True, slots=True)
class ApiPage:
    spec: dict[str, Any]
    examples: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return self.spec


@dataclass(frozen=True, slots=True)
class ErrorPage:
    """Every error, HTML or JSON: ``{"error": {"status", "code", "message", ...}}``."""

    status: int
    code: str
    message: str
    position: int | None = None
    query: str = ""
    suggestion: str = ""
    parameter: str = ""  # the query parameter at fault
    allowed: tuple[str, ...] = ()  # the values that parameter takes, when a list

    def to_dict(self) -> dict[str, Any]:
        err: dict[str, Any] = {"status": self.status, "code": self.code, "message": self.message}
        if self.position is not None:
            err["position"] = self.position
        if self.query:
            err["query"] = self.query
        if self.parameter:
            err["parameter"] = self.parameter
        if self.allowed:
            err["allowed"] = list(self.allowed)
        return {"error": err}
