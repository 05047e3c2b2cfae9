"""The state of a search page as URL parameters: every state bookmarkable, every link a new state.

``?q=sendero&tag=PTER&tag=SNAR&year=2007&sort=created&page=2``: facet filters stack as repeated
parameters; adding or removing one returns to page 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import quote_plus, urlencode

from starlette.datastructures import QueryParams

from cablegate.search.facets import FACETS
from cablegate.web.params import DECL, SEARCH_PAGE, SEARCH_PER_PAGE, SEARCH_SORT

FILTERS: tuple[str, ...] = FACETS  # every facet is also a filter
SORTS: tuple[str, ...] = SEARCH_SORT.values
PER_PAGE = SEARCH_PER_PAGE.default
MAX_PAGE = SEARCH_PAGE.most
MAX_Q = 1000


@dataclass(frozen=True, slots=True)
class SearchState:
    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def from_params(cls, params: QueryParams) -> SearchState:
        """Read the query string: a sort or a page outside what it takes is a ``BadParameter``
        (a 400 naming it); a long query is cut, filters beyond 20 a facet are left out."""
        q = (params.get("q") or "")[:MAX_Q]
        filters: dict[str, tuple[str, ...]] = {}
        for value in params.getlist(DECL.name):
            DECL.parse(value)
        for name in FILTERS:
            values = tuple(
                dict.fromkeys(v.strip()[:100] for v in params.getlist(name) if v.strip())
            )
            if values:
                filters[name] = values[:20]
        return cls(
            q,
            filters,
            SEARCH_SORT.read(params),
            SEARCH_PAGE.read(params),
            SEARCH_PER_PAGE.read(params),
        )

    @property
    def active(self) -> bool:
        return bool(self.q.strip() or self.filters)

    def params(self, **extra: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        for name in FILTERS:
            out += [(name, v) for v in self.filters.get(name, ())]
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        if self.page != 1:
            out.append(("page", str(self.page)))
        if self.per_page != PER_PAGE:
            out.append(("per_page", str(self.per_page)))
        out += list(extra.items())
        return out

    def url(self, path: str = "/search") -> str:
        params = self.params()
        return f"{path}?{urlencode(params)}" if params else path

    def has(self, name: str, value: str) -> bool:
        return value in self.filters.get(name, ())

    def adding(self, name: str, value: str) -> SearchState:
        filters = dict(self.filters)
        filters[name] = tuple(dict.fromkeys((*filters.get(name, ()), value)))
        return replace(self, filters=filters, page=1)

    def removing(self, name: str, value: str) -> SearchState:
        filters = {
            k: tuple(x for x in v if not (k == name and x == value))
            for k, v in self.filters.items()
        }
        return replace(self, filters={k: v for k, v in filters.items() if v}, page=1)

    def toggling(self, name: str, value: str) -> SearchState:
        return self.removing(name, value) if self.has(name, value) else self.adding(name, value)

    def at_page(self, page: int) -> SearchState:
        return replace(self, page=page)

    def sorted_by(self, sort: str) -> SearchState:
        return replace(self, sort=sort, page=1)

    def to_dict(self) -> dict[str, object]:
        return {
            "q": self.q,
            "filters": {k: list(v) for k, v in self.filters.items()},
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
        }


# Facet values recur from page to page (years, tags, origins): each pair is encoded once.
@lru_cache(maxsize=1 << 14)
def _pair(name: str, value: str) -> str:
    """One ``name=value`` of a query string, encoded as ``urlencode`` does."""
    return f"{quote_plus(name)}={quote_plus(value)}"


def _joined(*parts: str) -> str:
    return "&".join(p for p in parts if p)


class ToggleUrls:
    """``state.toggling(name, value).url(path)`` for the ~100 facet values and bars of a search
    page. Each link is the state's query string with one value added (and page 1): its parts
    before and after that value are encoded once here, not once a link (a third of the page's
    CPU went to building states and encoding them again)."""

    def __init__(self, state: SearchState, path: str = "/search") -> None:
        self.state = state
        self.path = path
        groups = {
            name: _joined(*(_pair(name, v) for v in state.filters.get(name, ())))
            for name in FILTERS
        }
        tail = _joined(
            _pair("sort", state.sort) if state.sort != "relevance" else "",
            _pair("per_page", str(state.per_page)) if state.per_page != PER_PAGE else "",
        )
        head = _pair("q", state.q) if state.q else ""
        self._around: dict[str, tuple[str, str]] = {}
        for i, name in enumerate(FILTERS):
            # the toggled facet's values once each, as ``adding`` leaves them
            own = _joined(*(_pair(name, v) for v in dict.fromkeys(state.filters.get(name, ()))))
            before = _joined(head, *(groups[n] for n in FILTERS[:i]), own)
            after = _joined(*(groups[n] for n in FILTERS[i + 1 :]), tail)
            self._around[name] = (before, after)

    def url(self, name: str, value: str) -> str:
        """The address of this page with ``value`` of facet ``name`` toggled."""
        if self.state.has(name, value) or name not in self._around:
            return self.state.toggling(name, value).url(self.path)
        before, after = self._around[name]
        return f"{self.path}?{_joined(before, _pair(name, value), after)}"
