"""The top of the body: spaced classification banner, distribution markers, E.O. and DECL."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BannerFields:
    classification: str | None = None  # "SECRET" from "S E C R E T LIMA 000487"
    distribution: tuple[str, ...] = ()  # SIPDIS, NOFORN, EXDIS, NODIS ... in order, no duplicates
    eo: str | None = None  # "12958"
    decl: str | None = None  # the DECL value as written: "02/14/2017", "1.6X1", "N/A"
    declassify_on: str | None = None  # "2017-02-14" when decl is a date


def read_banner(body: str) -> BannerFields:
    raise NotImplementedError
