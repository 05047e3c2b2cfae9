"""``/cited`` (+ ``.json``): the cables named in the most REF lines, by year and by origin
(``Store.most_cited``, made once per content generation)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from cablegate.errors import NotFound
from cablegate.store.base import AxisValue
from cablegate.web.graphs import CitedPage
from cablegate.web.params import ORIGIN, YEAR
from cablegate.web.render import as_json, html
from cablegate.web.state import archive

LIMIT = 100
PARAMS = ("year", "origin")


def _checked(request: Request, origins: list[AxisValue]) -> tuple[str | None, str | None]:
    """``year`` and ``origin`` as asked; a value not of their form is a 400, an origin the
    archive does not have a 404 (an empty table would look like an answer)."""
    year, origin = YEAR.read(request.query_params), ORIGIN.read(request.query_params)
    if origin is not None and origin not in {v.value for v in origins}:
        raise NotFound(f"no origin {origin!r} in this archive: see /origins")
    return year, origin


async def cited(request: Request) -> Response:
    arch = archive(request)
    origins: list[AxisValue] = arch.aggregate("axis:origin")
    year, origin = _checked(request, origins)
    months: list[AxisValue] = arch.aggregate("axis:date")
    years = tuple(sorted({m.value[:4] for m in months}, reverse=True))
    label = next((v.label or v.value for v in origins if v.value == origin), None)
    items = tuple(arch.store.most_cited(year=year, origin=origin, limit=LIMIT))
    ordered = tuple(sorted(origins, key=lambda v: (v.label or v.value).lower()))
    page = CitedPage(items, year, origin, label, years, ordered, LIMIT)
    if request.url.path.endswith(".json"):
        return as_json(page)
    return html(
        "cited.html",
        page,
        alternate=request.url.path
        + ".json"
        + (f"?{request.url.query}" if request.url.query else ""),
    )
