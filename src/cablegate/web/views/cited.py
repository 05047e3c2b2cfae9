"""``/cited`` (+ ``.json``): the cables named in the most REF lines, by year and by origin
(``Store.most_cited``, made once per content generation)."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from cablegate.store.base import AxisValue
from cablegate.web.graphs import CitedPage
from cablegate.web.render import as_json, html
from cablegate.web.state import archive

LIMIT = 100
PARAMS = ("year", "origin")
_YEAR = re.compile(r"(19|20)\d\d")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")


def _checked(request: Request, origins: list[AxisValue]) -> tuple[str | None, str | None]:
    """``year`` and ``origin`` as asked; a value that names no year or no origin of the
    archive is a 400 (an empty table would look like an answer)."""
    params = request.query_params
    year = params.get("year") or None
    origin = params.get("origin") or None
    if year is not None and not _YEAR.fullmatch(year):
        raise HTTPException(400, f"year= takes a year such as 2007, not {year[:40]!r}")
    if origin is not None and (
        not _SLUG.fullmatch(origin) or origin not in {v.value for v in origins}
    ):
        raise HTTPException(
            400, f"origin= takes an origin of this archive (see /origins), not {origin[:40]!r}"
        )
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
