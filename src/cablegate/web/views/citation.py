"""``/cable/{refid}.bib``, ``.ris`` and ``.csl.json``: the cable (``?par=N``: one paragraph of
it) as a reference manager imports it. The formats are ``export.citation``'s."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from cablegate.errors import NotFound
from cablegate.export.citation import FORMATS, Citation, Format
from cablegate.parse.titlefy import display_subject
from cablegate.store.base import StoredCable
from cablegate.web.state import archive
from cablegate.web.urls import cable_url

__all__ = ["FORMATS", "citation_of", "citation_view"]


_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")  # of a file name in a header


def citation_of(stored: StoredCable, base_url: str, paragraph: int | None = None) -> Citation:
    c = stored.cable
    return Citation(
        refid=stored.refid,
        title=display_subject(c.subject),
        author=c.origin or "Unknown origin",
        created=c.created,
        released=c.released,
        classification=c.classification,
        url=base_url + cable_url(stored.refid),
        paragraph=paragraph,
    )


def _paragraph(stored: StoredCable, raw: str | None) -> int | None:
    if raw is None:
        return None
    numbers = {p.number for p in stored.cable.paragraphs}
    if not raw.isdigit() or int(raw) not in numbers:
        raise NotFound(f"{stored.refid} has no paragraph {raw[:20]!r}.")
    return int(raw)


def citation_view(fmt: Format) -> Callable[[Request], Awaitable[Response]]:
    async def view(request: Request) -> Response:
        name = request.path_params["refid"]
        raw_par = request.query_params.get("par")
        stored = archive(request).store.get(name, paragraphs=raw_par is not None)
        if stored is None:
            raise NotFound(f"There is no cable {name!r} in this archive.")
        if stored.refid != name:
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(cable_url(stored.refid, fmt.suffix) + query, status_code=301)
        paragraph = _paragraph(stored, raw_par)
        base = f"{request.url.scheme}://{request.url.netloc}"
        text = fmt.write(citation_of(stored, base, paragraph))
        filename = _UNSAFE.sub("", stored.refid) + (f"-par{paragraph}" if paragraph else "")
        filename += fmt.suffix
        return Response(
            text,
            media_type=f"{fmt.media_type}; charset=utf-8",
            headers={
                "Content-Disposition": f'inline; filename="{filename}"',
                "Access-Control-Allow-Origin": "*",
            },
        )

    view.__name__ = f"citation_{fmt.label.lower().replace('-', '_')}"
    return view
