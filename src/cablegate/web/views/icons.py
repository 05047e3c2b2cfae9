"""The site's icons at the addresses browsers ask for without being told (``/favicon.ico``,
``/apple-touch-icon.png``) and the SVG icon pages link; drawn by ``scripts/make_icons.py``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# Not content-hashed like /static (their addresses are fixed): a day, then revalidated.
ICON_CACHE = "public, max-age=86400"


@dataclass(frozen=True, slots=True)
class Icon:
    path: str  # the address, and the file of the static mirror
    file: str  # in cablegate/web/icons/
    media_type: str
    what: str


ICONS = (
    Icon("/favicon.ico", "favicon.ico", "image/x-icon", "16, 32 and 48 px, for tabs"),
    Icon("/icon.svg", "icon.svg", "image/svg+xml", "any size"),
    Icon("/apple-touch-icon.png", "apple-touch-icon.png", "image/png", "180 px, for home screens"),
)


@cache
def icon_bytes(file: str) -> bytes:
    return resources.files("cablegate.web").joinpath("icons", file).read_bytes()


def _view(icon: Icon) -> Callable[[Request], Awaitable[Response]]:
    async def view(request: Request) -> Response:
        return Response(
            icon_bytes(icon.file),
            media_type=icon.media_type,
            headers={"Cache-Control": ICON_CACHE},
        )

    return view


ROUTES = [Route(icon.path, _view(icon)) for icon in ICONS]
