"""``/people``, ``/person/{slug}`` (+ ``.json``) and ``/classification-reasons`` (+ ``.json``):
views over the cached people directory and reason counts (``state.aggregates``)."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response

from cablegate.errors import NotFound
from cablegate.people import Directory
from cablegate.web.caching import aggregate_etag
from cablegate.web.people_context import (
    PeoplePage,
    PersonPage,
    ReasonsPage,
    letters_url,
    person_url,
)
from cablegate.web.render import as_json, html, split_suffix
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


async def person(request: Request) -> Response:
    slug, _fmt = split_suffix(request.path_params["slug"])
    arch = archive(request)
    found: Directory = arch.aggregate("people")
    p = found.by_slug.get(slug) if _SLUG.fullmatch(slug) else None
    if p is None:
        raise NotFound(f"no person {slug!r} in this archive: see /people")
    names = sorted({v.name for v in p.variants})
    cables = arch.store.person_cables(p.surname, p.post, p.first, p.last, names)
    others = tuple(o for o in found.people if o.surname == p.surname and o.slug != p.slug)
    page = PersonPage(p, tuple(cables), others)
    return _respond(request, "person.html", page, person_url(slug), "people")


async def reasons(request: Request) -> Response:
    table = archive(request).aggregate("reasons")
    path = "/classification-reasons"
    return _respond(request, "reasons.html", ReasonsPage(table), path, "reasons")
