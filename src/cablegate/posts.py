"""Posts (sending stations): origin name -> station code, host country, ISO code, region, slug."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from cablegate.data import records


@dataclass(frozen=True, slots=True)
class Post:
    code: str
    origin: str
    country: str
    iso2: str
    region: str

    @property
    def slug(self) -> str:
        return slugify(self.origin)


_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """URL form of a name: lower case, words joined by ``-`` (``Embassy Lima`` -> ``embassy-lima``)."""
    return _NON_WORD.sub("-", text.lower()).strip("-")


@cache
def all_posts() -> tuple[Post, ...]:
    return tuple(Post(**row) for row in records("posts.csv"))


@cache
def _by_origin() -> dict[str, Post]:
    return {p.origin.lower(): p for p in all_posts()}


@cache
def _by_slug() -> dict[str, Post]:
    return {p.slug: p for p in all_posts()}


def post_for_origin(origin: str | None) -> Post | None:
    """The post whose origin name is ``origin`` (case-insensitive), if it is a known post."""
    if not origin:
        return None
    return _by_origin().get(origin.strip().lower())


def post_for_slug(slug: str) -> Post | None:
    return _by_slug().get(slug.lower())
