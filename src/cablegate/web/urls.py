"""Every URL the archive links to, built in one place so that pages, JSON and tests agree."""

from __future__ import annotations

import re
from urllib.parse import quote

from cablegate.posts import post_for_origin, slugify

# axis -> (URL prefix, index page); the browse pages live at /{prefix}/{value}
AXIS_PATHS: dict[str, str] = {
    "date": "date",
    "released": "released",
    "origin": "origin",
    "tag": "tag",
    "classification": "classification",
    "country": "country",
    "year": "year",
}
AXIS_INDEX: dict[str, str] = {
    "date": "/dates",
    "released": "/releases",
    "origin": "/origins",
    "tag": "/tags",
    "classification": "/classifications",
    "country": "/countries",
    "year": "/dates",
}


_URL_SAFE = re.compile(r"[A-Za-z0-9_.~-]*")


def q(value: str) -> str:
    """``value`` as one path segment; most (refids, tags, slugs) need no escape, and a page
    makes dozens."""
    return value if _URL_SAFE.fullmatch(value) else quote(value, safe="")


def cable_url(refid: str, suffix: str = "") -> str:
    """``/cable/07LIMA487`` (+ ``.json``/``.txt``)."""
    return f"/cable/{q(refid)}{suffix}"


def history_url(refid: str, suffix: str = "") -> str:
    """``/cable/07ALGIERS45/history`` (+ ``.json``): every version of a cable."""
    return f"{cable_url(refid)}/history{suffix}"


def similar_url(refid: str, suffix: str = "") -> str:
    """``/cable/07LIMA487/similar`` (+ ``.json``): the cables most like one."""
    return f"{cable_url(refid)}/similar{suffix}"


def thread_url(refid: str, suffix: str = "") -> str:
    """``/cable/07LIMA487/thread`` (+ ``.json``): the exchange a cable belongs to."""
    return f"{cable_url(refid)}/thread{suffix}"


def diff_url(refid: str, old: int | None = None, new: int | None = None, suffix: str = "") -> str:
    """``/cable/07ALGIERS45/diff?from=1&to=2`` (+ ``.json``): what changed between versions."""
    query = f"?from={old}&to={new}" if old is not None and new is not None else ""
    return f"{cable_url(refid)}/diff{suffix}{query}"


def axis_value(axis: str, value: str) -> str:
    """The URL form of a value: slugs lower case, tags upper, countries lower."""
    if axis in ("origin", "classification"):
        return slugify(value)
    if axis == "country":
        return value.lower()
    if axis == "tag":
        return value.upper()
    return value


def browse_url(axis: str, value: str, suffix: str = "") -> str:
    return f"/{AXIS_PATHS[axis]}/{q(axis_value(axis, value))}{suffix}"


def date_url(created: str | None) -> str | None:
    return browse_url("date", created[:7]) if created and len(created) >= 7 else None


def released_url(released: str | None) -> str | None:
    return browse_url("released", released[:10]) if released and len(released) >= 10 else None


def origin_url(origin: str | None) -> str | None:
    return browse_url("origin", origin) if origin and slugify(origin) else None


def classification_url(classification: str | None) -> str | None:
    if not classification or not slugify(classification):
        return None
    return browse_url("classification", classification)


def country_url(origin: str | None) -> str | None:
    post = post_for_origin(origin)
    return browse_url("country", post.iso2) if post and post.iso2 else None


def tag_url(tag: str) -> str:
    return browse_url("tag", tag)


def safe_href(url: str | None) -> str | None:
    """An outside link only when it is http(s) (or scheme-less ``www.``); never ``javascript:``."""
    if not url:
        return None
    u = url.strip()
    low = u.lower()
    if low.startswith("http://http://") or low.startswith("http://https://"):
        u = u[7:]
        low = u.lower()
    if low.startswith(("http://", "https://")):
        return u if " " not in u and '"' not in u else None
    if low.startswith("www.") and " " not in u:
        return "http://" + u
    return None
