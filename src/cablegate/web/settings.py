"""How a server behaves under load: one declarative table, read from defaults, then the
``CABLEGATE_*`` environment, then ``cablegate serve`` flags (which it passes on to its worker
processes through that same environment).

The defaults hold on a 2-core machine at 50 and 200 connections (docs/deploy.md, "Serving under
load"): a page that cannot start within ``queue_ms`` is a quick 503 rather than a wait of
seconds, and a search gets ``search_ms`` before it is answered with "too broad".
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import NamedTuple


class Setting(NamedTuple):
    name: str
    default: int
    help: str
    minimum: int = 1

    @property
    def env(self) -> str:
        return "CABLEGATE_" + self.name.upper()

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


SETTINGS: tuple[Setting, ...] = (
    # A guard against floods, above what queue_ms lets wait: at 64 a wrk -c200 search run (100
    # connections a worker) got 22,904 immediate 503s and 383 pages in 10 s, each refused client
    # asking again at once; at 512 the time bound acts first: 2,557 503s and 1,289 pages.
    Setting(
        "max_waiting",
        512,
        "Requests of one kind (pages, searches) waiting in a worker beyond which the next is"
        " answered 503 at once.",
    ),
    Setting(
        "queue_ms",
        500,
        "A request that waited this long in its worker without starting is answered 503.",
    ),
    Setting("retry_after", 1, "Seconds a 503 asks the client to wait (Retry-After)."),
    Setting(
        "search_ms",
        1000,
        "Time budget of a search: past it the page says the query is too broad.",
    ),
    Setting(
        "facet_ms",
        300,
        "Time budget of a search's facet counts: past it the hits are shown without them.",
    ),
    Setting(
        "query_ms",
        2000,
        "Time budget of one archive query of a page (SQLite progress handler, PostgreSQL"
        " statement_timeout).",
    ),
    # ~3,500 cable pages (18 KB) or 9,000 gzipped ones a worker; at full scale on 2 cores
    # (wrk -c50) a cable page made anew went 1,419/s, a faceted search 204/s, either one
    # answered again from here ~22,000-25,000/s
    Setting(
        "page_cache_mb",
        64,
        "Megabytes of answers each worker keeps to serve again until the archive changes"
        " (0: none).",
        minimum=0,
    ),
)


_DEFAULT = {s.name: s.default for s in SETTINGS}


@dataclass(frozen=True, slots=True)
class ServeSettings:
    """The values in force: see ``SETTINGS`` for what each means."""

    max_waiting: int = _DEFAULT["max_waiting"]
    queue_ms: int = _DEFAULT["queue_ms"]
    retry_after: int = _DEFAULT["retry_after"]
    search_ms: int = _DEFAULT["search_ms"]
    facet_ms: int = _DEFAULT["facet_ms"]
    query_ms: int | None = _DEFAULT["query_ms"]  # None: no budget (the mirror walks whole lists)
    page_cache_mb: int = _DEFAULT["page_cache_mb"]


def from_env(environ: Mapping[str, str] | None = None) -> ServeSettings:
    """The settings from ``CABLEGATE_*`` variables over the defaults; a value that is not a
    positive whole number is an error naming the variable (a typo must not serve unbounded)."""
    env = os.environ if environ is None else environ
    values: dict[str, int] = {}
    for setting in SETTINGS:
        raw = env.get(setting.env)
        if raw is None or not raw.strip():
            continue
        try:
            value = int(raw)
        except ValueError:
            value = -1
        if value < setting.minimum:
            raise ValueError(
                f"{setting.env}={raw!r}: give a whole number of at least {setting.minimum}"
            )
        values[setting.name] = value
    return ServeSettings(**values)


def to_env(settings: ServeSettings) -> dict[str, str]:
    """The environment that gives a worker process these settings."""
    by_name = {s.name: s for s in SETTINGS}
    values = ((f.name, getattr(settings, f.name)) for f in fields(settings))
    return {by_name[name].env: str(value) for name, value in values if value is not None}
