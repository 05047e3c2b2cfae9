"""Help pages: the structure of a cable, search syntax, classification reasons, FAQ."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from cablegate.errors import NotFound
from cablegate.web.context import HelpPage
from cablegate.web.glossary import REASONS, explain_marking, explain_reason
from cablegate.web.render import html

PAGES: dict[str, str] = {
    "index": "Help",
    "cable": "The structure of a cable",
    "search": "Search syntax",
    "classification": "Classification and the §1.4 reasons",
    "faq": "Frequently asked questions",
}
_MARKINGS = ("U", "SBU", "C", "C/NF", "S", "S/NF")


async def help_page(request: Request) -> Response:
    slug = request.path_params.get("slug", "index")
    if slug not in PAGES:
        raise NotFound(f"There is no help page {slug!r}.")
    page = HelpPage(
        slug,
        PAGES[slug],
        reasons=tuple(explain_reason(f"1.4({letter})", letter) for letter in REASONS),
        markings=tuple((m, explain_marking(m)) for m in _MARKINGS),
    )
    return html(f"help/{slug}.html", page)
