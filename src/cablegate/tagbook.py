"""What a TAGS code means: kind and meaning from ``data/tags.csv``, for tag pages and tooltips.

``tags.csv`` holds 884 tags (subject, program, geo, organization) with their meaning; tags that
are not in it still get a kind from :func:`cablegate.parse.tags.tag_kind` and no meaning.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from cablegate.data import records
from cablegate.parse.tags import tag_kind

__all__ = ["TagInfo", "tag_info", "tag_meaning"]


@dataclass(frozen=True, slots=True)
class TagInfo:
    """One tag as a page shows it: the tag, its kind and (when known) what it stands for."""

    tag: str
    kind: str
    meaning: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"tag": self.tag, "kind": self.kind, "meaning": self.meaning}


@cache
def _book() -> dict[str, tuple[str, str]]:
    """tag (upper case) -> (kind, meaning), read once."""
    return {
        row["tag"].strip().upper(): (row["kind"].strip(), row["meaning"].strip())
        for row in records("tags.csv")
    }


def tag_meaning(tag: str) -> str | None:
    """What ``tag`` stands for (``PGOV`` -> ``Political Affairs--Government; ...``), or ``None``."""
    entry = _book().get(tag.strip().upper())
    return entry[1] or None if entry else None


def tag_info(tag: str) -> TagInfo:
    """Kind and meaning of ``tag``; the kind comes from ``tags.csv`` when the tag is listed there.

    Person tags (``CLINTON, HILLARY``) and tags outside the table get :func:`tag_kind`'s answer.
    """
    key = tag.strip().upper()
    entry = _book().get(key)
    if entry:
        return TagInfo(key, entry[0], entry[1] or None)
    return TagInfo(key, tag_kind(key), None)
