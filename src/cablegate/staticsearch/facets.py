"""The facet columns: what the browser counts a match set's facets from.

Origin, year and classification are one *profile* per cable (an id into the list of distinct
triples, a uint16 column); country and region follow from the origin. Tags are a list per cable
(a count byte, then tag ids as varints; ids by frequency, so most are one byte). Deflated, the
columns cost about 2 bytes a cable, downloaded once and kept. The labels name the values as the
live site's facets do (``PE`` is Peru, ``secret-noforn`` is SECRET//NOFORN).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cablegate.posts import post_for_slug, slugify
from cablegate.staticsearch.chunk import Facets
from cablegate.staticsearch.encoding import deflate, varint
from cablegate.vocabulary import CLASSIFICATIONS

FILE = "facets.z"
LABELS = "labels.z"


def _profile(f: Facets) -> tuple[str, str, str]:
    return (f.origin_slug, f.year, f.classification)


def _tag_order(facets: Sequence[Facets]) -> list[str]:
    counts = Counter(t for f in facets for t in f.tags)
    return sorted(counts, key=lambda t: (-counts[t], t))


def labels(facets: Sequence[Facets]) -> bytes:
    """``labels.z`` before deflating: the value tables the columns' ids point into, as JSON."""
    profiles = sorted({_profile(f) for f in facets})
    origins: dict[str, list[str]] = {}
    for f in facets:
        origins.setdefault(f.origin_slug, [f.origin, f.country, f.region])
    countries = {}
    for slug in origins:
        post = post_for_slug(slug)
        if post is not None:
            countries[post.iso2] = post.country
    tables: dict[str, Any] = {
        "profiles": [list(p) for p in profiles],
        "origins": {slug: origins[slug] for slug in sorted(origins)},
        "tags": _tag_order(facets),
        "countries": dict(sorted(countries.items())),
        "classifications": {slugify(c): c for c in CLASSIFICATIONS},
    }
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def write(out: Path, facets: Sequence[Facets]) -> list[int]:
    """``facets.z``: uint16 profile per cable, then per cable its tag count and tag ids."""
    profiles = {p: i for i, p in enumerate(sorted({_profile(f) for f in facets}))}
    if len(profiles) > 65535:  # pragma: no cover - 251,287 cables have a few thousand
        raise ValueError("too many (origin, year, classification) profiles for a uint16")
    tag_id = {t: i for i, t in enumerate(_tag_order(facets))}
    column = np.array([profiles[_profile(f)] for f in facets], dtype="<u2").tobytes()
    tags = b"".join(
        varint(len(f.tags)) + b"".join(varint(tag_id[t]) for t in f.tags) for f in facets
    )
    data = deflate(column + tags)
    (out / FILE).write_bytes(data)
    return [len(data)]
