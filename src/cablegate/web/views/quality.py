"""``/quality`` and ``/quality.json``: what the archive could not read well, so that a reader
knows which fields to trust. The report scans every cable row once (``store.quality``): it is
an aggregate, computed once a content generation in the background as the front page's are."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from cablegate.web.caching import aggregate_etag
from cablegate.web.context import QualityPage
from cablegate.web.render import as_json, html
from cablegate.web.state import archive


async def quality_page(request: Request) -> Response:
    arch = archive(request)
    page = QualityPage(arch.aggregate("quality"))
    if request.url.path.endswith(".json"):
        response: Response = as_json(page)
    else:
        response = html("quality.html", page, alternate="/quality.json")
    response.headers["ETag"] = aggregate_etag([arch.aggregate_generation("quality")])
    return response
