"""``/people``, ``/person/{slug}`` (+ ``.json``, ``?page=N``) and ``/classification-reasons``
(+ ``.json``): views over the cached people directory and reason counts (``state.aggregates``);
a person's cables are paged by the store, as a browse list."""

from __future__ import annotations

import re
from collections.abc import Iterator

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from cablegate.errors import NotFound
from cablegate.people import Directory, Person
from cablegate.store.base import PersonList, Store
from cablegate.web.caching import aggregate_etag
from cablegate.web.params import LIST_PER_PAGE, PAGE
from cablegate.web.people_context import (
    PER_PAGE,
    PeoplePage,
    PersonPage,
    ReasonsPage,
    letters_url,
    person_url,
)
from cablegate.web.render import PAGE_HEADERS, as_json, html, markup, split_suffix
from cablegate.web.state import archive

_LETTER = re.compile(r"[A-Z]")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){0,40}")


def _respond(request: Request, template: str, page: object, path: str, key: str) -> Response:
    fmt = "json" if request.url.path.endswith(".json") else "html"
    response: Response = (
        as_json(page)  # type: ignore[arg-type]
        if fmt == "json"
        else html(template, page, alternate=f"{path}.json")
    )
    response.headers["ETag"] = aggregate_etag([archive(request).aggregate_generation(key)])
    return response


async def people_index(request: Request) -> Response:
    found: Directory = archive(request).aggregate("people")
    return _respond(request, "people.html", PeoplePage(found.people), "/people", "people")


async def people_letter(request: Request) -> Response:
    letter, _fmt = split_suffix(request.path_params["letter"])
    found: Directory = archive(request).aggregate("people")
    if not _LETTER.fullmatch(letter):
        raise NotFound(f"no letter {letter!r}: /people/A to /people/Z")
    people = tuple(p for p in found.people if p.surname[:1] == letter)
    page = PeoplePage(people, letter)
    return _respond(request, "people.html", page, letters_url(letter), "people")


def person_listing(store: Store, p: Person, page: int = 1, per_page: int = PER_PAGE) -> PersonList:
    """One page of a person's cables: the rows that give one of the person's name forms at
    the person's post in the person's months."""
    names = sorted({v.name for v in p.variants})
    return store.person_cables(
        p.surname, p.post, p.first, p.last, names, page=page, per_page=per_page
    )


def person_pages(store: Store, p: Person, per_page: int = PER_PAGE) -> Iterator[PersonList]:
    """Every page of ``person_listing``, from one walk (the mirror's)."""
    names = sorted({v.name for v in p.variants})
    yield from store.person_pages(p.surname, p.post, p.first, p.last, names, per_page=per_page)


def person_page(found: Directory, p: Person, listing: PersonList) -> PersonPage:
    others = tuple(o for o in found.people if o.surname == p.surname and o.slug != p.slug)
    return PersonPage(p, listing, others)


def person_markup(page: PersonPage) -> str:
    """The page's HTML (its JSON twin is ``page.to_dict()``)."""
    return markup("person.html", page, person_url(page.person.slug, ".json"))


async def person(request: Request) -> Response:
    slug, fmt = split_suffix(request.path_params["slug"])
    arch = archive(request)
    found: Directory = arch.aggregate("people")
    p = found.by_slug.get(slug) if _SLUG.fullmatch(slug) else None
    if p is None:
        raise NotFound(f"no person {slug!r} in this archive: see /people")
    page, per_page = PAGE.read(request.query_params), LIST_PER_PAGE.read(request.query_params)
    listing = person_listing(arch.store, p, page, per_page)
    if page > listing.pages:
        raise NotFound(f"{p.name} has {listing.pages} page(s) of cables, not {page}")
    ctx = person_page(found, p, listing)
    response: Response = (
        as_json(ctx) if fmt == "json" else HTMLResponse(person_markup(ctx), headers=PAGE_HEADERS)
    )
    response.headers["ETag"] = aggregate_etag([arch.aggregate_generation("people")])
    return response


async def reasons(request: Request) -> Response:
    table = archive(request).aggregate("reasons")
    path = "/classification-reasons"
    return _respond(request, "reasons.html", ReasonsPage(table), path, "reasons")
