"""Page contexts of ``/people``, ``/person/{slug}`` and ``/classification-reasons``: one typed
context each, rendered as HTML and as its JSON twin."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from cablegate.people import ROLES, Person
from cablegate.posts import post_for_slug
from cablegate.reasons import ReasonTable, meaning
from cablegate.store.base import PersonList
from cablegate.web.charts import Point, month_points


def post_label(slug: str) -> str:
    post = post_for_slug(slug)
    return post.origin if post else slug


def person_url(slug: str, suffix: str = "") -> str:
    return f"/person/{slug}{suffix}"


def person_summary(p: Person) -> dict[str, Any]:
    return {**p.to_dict(), "post_label": post_label(p.post), "url": person_url(p.slug)}


PER_PAGE = 50  # a person's cables a page, as a browse list's
TOP = 50  # people /people shows beside the letters: the most cables classified and signed


def letters_url(letter: str, suffix: str = "") -> str:
    return f"/people/{letter}{suffix}"


@dataclass(frozen=True, slots=True)
class PeoplePage:
    """``/people``: how many people each first letter of a surname has, and the people with
    the most cables; or ``/people/{letter}``: every person of one letter (``letter`` set). At
    full scale there are tens of thousands of people: one page of them all was 8 MB."""

    people: tuple[Person, ...]  # of the letter, or all
    letter: str = ""

    @property
    def letters(self) -> list[tuple[str, int]]:
        return [
            (k, sum(1 for _ in g)) for k, g in groupby(self.people, key=lambda p: p.surname[:1])
        ]

    @property
    def shown(self) -> tuple[Person, ...]:
        if self.letter:
            return self.people
        return tuple(sorted(self.people, key=lambda p: (-p.cables, p.slug))[:TOP])

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"total": len(self.people)}
        if self.letter:
            out["letter"] = self.letter
            out["people"] = [person_summary(p) for p in self.people]
        else:
            out["letters"] = [
                {"letter": k, "people": n, "url": letters_url(k)} for k, n in self.letters
            ]
            out["top"] = [person_summary(p) for p in self.shown]
        return out


@dataclass(frozen=True, slots=True)
class YearRow:
    year: str
    classified: int
    signed: int
    addressed: int


@dataclass(frozen=True, slots=True)
class PersonPage:
    """One person: name forms and how surely each is joined, cables by year and role, the
    other people of the same surname (kept apart by the rule), and one page of the person's
    cables (the HTML shows the rest on page 1 only, as a browse list its timeline)."""

    person: Person
    listing: PersonList
    others: tuple[Person, ...]

    @property
    def post_label(self) -> str:
        return post_label(self.person.post)

    @property
    def post_linked(self) -> bool:
        """Whether the post's browse page exists for sure: a classifier's or signer's post is
        the origin of the cable that names them; a post a cable was only addressed to (Embassy
        Bucharest for BUCHAREST FOR STURM) may have sent none of the archive's cables."""
        return any(m.role != "addressed" for m in self.person.mentions)

    @property
    def years(self) -> tuple[YearRow, ...]:
        """From the person's mention counts: no cable read."""
        counts: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for m in self.person.mentions:
            counts[m.month[:4]][ROLES.index(m.role)] += m.count
        return tuple(YearRow(y, a, b, c) for y, (a, b, c) in sorted(counts.items()))

    @property
    def timeline(self) -> tuple[Point, ...]:
        """Cables a month in either role (one in both counts twice), from the mention counts."""
        counts: defaultdict[str, int] = defaultdict(int)
        for m in self.person.mentions:
            counts[m.month] += m.count
        return month_points(counts.items())

    def page_url(self, page: int) -> str:
        url = person_url(self.person.slug) + (f"?page={page}" if page > 1 else "")
        if self.listing.per_page != PER_PAGE:
            url += ("&" if page > 1 else "?") + f"per_page={self.listing.per_page}"
        return url

    def to_dict(self) -> dict[str, Any]:
        return {
            **person_summary(self.person),
            "by_year": [
                {
                    "year": y.year,
                    "classified": y.classified,
                    "signed": y.signed,
                    "addressed": y.addressed,
                }
                for y in self.years
            ],
            "timeline": [{"month": p.label, "count": p.count} for p in self.timeline],
            "others": [person_summary(p) for p in self.others],
            **self.listing.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class ReasonsPage:
    """The share of each classification reason by year and by post."""

    table: ReasonTable

    def meaning(self, reason: str) -> str:
        return meaning(reason)

    def post_label(self, slug: str) -> str:
        return post_label(slug)

    def to_dict(self) -> dict[str, Any]:
        return self.table.to_dict()
