"""The facet columns: what the browser counts a match set's facets from, in two files fetched
beside the query (results never wait for them).

``f/profile.z``: origin and year as runs (cables are numbered in reference-id order, which
starts with the year and the station, so a run is a station's year: about 3 % as many runs as
cables), then a byte a cable for the classification. Country and region follow from the origin.
``f/tags.z``: per cable a tag count and its tag ids, ascending, as gaps (ids by frequency, so
most are one byte). ``labels.z`` names the ids: origins (with country and region), years,
classifications, tags. Measured sizes are in docs/static-search.md.
The labels name the values as the live site's facets do (``PE`` is Peru,
``secret-noforn`` is SECRET//NOFORN).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cablegate.posts import post_for_slug, slugify
from cablegate.staticsearch.chunk import Facets
from cablegate.staticsearch.encoding import deflate, varint
from cablegate.vocabulary import CLASSIFICATIONS

PROFILE = "f/profile.z"
TAGS = "f/tags.z"
LABELS = "labels.z"


def _numbered(values: Sequence[str]) -> dict[str, int]:
    return {v: i for i, v in enumerate(sorted(set(values)))}


def _tag_order(facets: Sequence[Facets]) -> list[str]:
    counts = Counter(t for f in facets for t in f.tags)
    return sorted(counts, key=lambda t: (-counts[t], t))


def labels(facets: Sequence[Facets]) -> bytes:
    """``labels.z`` before deflating: the value tables the columns' ids point into, as JSON."""
    origins: dict[str, list[str]] = {}
    for f in facets:
        origins.setdefault(f.origin_slug, [f.origin, f.country, f.region])
    countries = {}
    for slug in origins:
        post = post_for_slug(slug)
        if post is not None:
            countries[post.iso2] = post.country
    tables: dict[str, Any] = {
        "origins": [[slug, *origins[slug]] for slug in sorted(origins)],
        "years": sorted({f.year for f in facets}),
        "classifications": sorted({f.classification for f in facets}),
        "tags": _tag_order(facets),
        "countries": dict(sorted(countries.items())),
        "classification_names": {slugify(c): c for c in CLASSIFICATIONS},
    }
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def profile_column(facets: Sequence[Facets]) -> bytes:
    """``f/profile.z`` before deflating: ``varint runs``, per run ``varint origin, varint year,
    varint length``, then a classification byte a cable."""
    origin = _numbered([f.origin_slug for f in facets])
    year = _numbered([f.year for f in facets])
    cls = _numbered([f.classification for f in facets])
    if len(cls) > 256:  # pragma: no cover - the archive has seven
        raise ValueError("more than 256 classifications: the column holds a byte a cable")
    runs: list[list[int]] = []
    for f in facets:
        key = [origin[f.origin_slug], year[f.year]]
        if runs and runs[-1][:2] == key:
            runs[-1][2] += 1
        else:
            runs.append([*key, 1])
    head = varint(len(runs)) + b"".join(varint(v) for run in runs for v in run)
    return head + bytes(cls[f.classification] for f in facets)


def tag_column(facets: Sequence[Facets]) -> bytes:
    """``f/tags.z`` before deflating: per cable ``varint count``, then its tag ids ascending as
    gaps (the first is the id itself)."""
    tag_id = {t: i for i, t in enumerate(_tag_order(facets))}
    out = bytearray()
    for f in facets:
        ids = sorted({tag_id[t] for t in f.tags})
        out += varint(len(ids))
        prev = 0
        for i in ids:
            out += varint(i - prev)
            prev = i
    return bytes(out)


def write(out: Path, facets: Sequence[Facets]) -> list[int]:
    """Write the two columns; their sizes on disk."""
    (out / "f").mkdir(parents=True, exist_ok=True)
    sizes = []
    for name, data in ((PROFILE, profile_column(facets)), (TAGS, tag_column(facets))):
        blob = deflate(data)
        (out / name).write_bytes(blob)
        sizes.append(len(blob))
    return sizes
