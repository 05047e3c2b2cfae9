"""People: the classifiers, signers and named recipients of the cables, their name variants
joined into persons.

A cable names its classifier in full ("J. Curtis Struble") and its signer by surname only
("STRUBLE"). A person is one surname at one post (the cable's origin) over one unbroken stretch
of time (``gap_months`` in ``data/person_rules.csv``); inside a stretch, full names whose given
names disagree ("John S. Creamer", "John T. Creamer") are different people, and a bare surname
goes to the full name nearest in time. A join the data cannot settle (a bare surname far from
any full name, two people it could be, a nickname) is kept but marked uncertain.

Pure functions over :class:`Mention` counts: the store groups the rows, this module decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from cablegate.data import lines, rows

ROLES: tuple[str, ...] = ("classifier", "signer", "addressed")
ROLE_LABELS = {"classifier": "Classified", "signer": "Signed", "addressed": "Addressed"}
# Where a person a cable is addressed to is filed (see addressed_post)
WASHINGTON = "Secretary of State"
_NOT_LETTER = re.compile(r"[^A-Z ]+")
_SPACES = re.compile(r"\s+")
_TOKEN = re.compile(r"[^\s.,]+")


@dataclass(frozen=True, slots=True)
class Rules:
    """The joining rule's numbers (``data/person_rules.csv``)."""

    gap_months: int
    near_months: int


@cache
def rules() -> Rules:
    table = {row[0]: int(row[1]) for row in rows("person_rules.csv")}
    return Rules(table["gap_months"], table["near_months"])


@cache
def _nicknames() -> dict[str, str]:
    return {nick: name for nick, name in rows("given_name_nicknames.csv")}


@cache
def _suffixes() -> frozenset[str]:
    return frozenset(lines("name_suffixes.txt"))


@cache
def _particles() -> frozenset[str]:
    return frozenset(lines("surname_particles.txt"))


def _fold(text: str) -> str:
    if text.isascii():
        return text.upper()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _key(text: str) -> str:
    """Letters and single spaces, upper case: ``O'Donohue`` and ``ODONOHUE`` are one key."""
    return _SPACES.sub(" ", _NOT_LETTER.sub("", _fold(text))).strip()


@lru_cache(maxsize=1 << 16)
def split_name(name: str) -> tuple[tuple[str, ...], str]:
    """``"Robert O. Blake, Jr."`` -> ``(("Robert", "O"), "BLAKE")``: the given names as written
    and the surname key. A name of one word (a signer's ``STRUBLE``) has no given names; an
    all-caps name of several (``VAN VOORST``) is a surname alone, as signer lines write them."""
    tokens = [t for t in _TOKEN.findall(name) if _key(t)]
    while tokens and _key(tokens[-1]) in _suffixes():
        tokens.pop()
    if not tokens:
        return (), ""
    if len(tokens) == 1 or name.upper() == name:
        return (), _key(" ".join(tokens))
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1].lower() in _particles():
        start -= 1
    return tuple(tokens[:start]), _key(" ".join(tokens[start:]))


@lru_cache(maxsize=1 << 16)
def surname_key(name: str) -> str:
    """The surname a name is filed under (``""`` for a name with no letters). Remembered: the
    ingest asks it twice a cable of a few thousand distinct names (7 -> 0.1 us a name)."""
    return split_name(name)[1]


@lru_cache(maxsize=1 << 16)
def surname_slug(name: str) -> str:
    """The ``person:`` search value of a name: its surname key as a slug (``van-voorst``)."""
    return "-".join(surname_key(name).lower().split())


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one letter added, dropped, changed or two swapped."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    if len(a) < len(b):
        return a[i:] == b[i + 1 :]
    return a[i + 1 :] == b[i + 1 :] or (
        a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i + 1 : i - 1 or None : -1]
    )


def _given_match(short: str, long: str) -> str | None:
    """How one given name matches another: "same", "initial" (J. for John), "nickname" (Rick
    for Richard, Curt for Curtis), "spelling" (one letter apart: Magaret, Margaret), or None."""
    a, b = short.lower(), long.lower()
    if len(a) == 1 or len(b) == 1:
        return "initial" if a[0] == b[0] else None
    if a == b:
        return "same"
    nick = _nicknames()
    if nick.get(a, a) == nick.get(b, b):
        return "nickname"
    if min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a)):
        return "nickname"
    if min(len(a), len(b)) >= 5 and _one_edit(a, b):
        return "spelling"
    return None


def given_match(a: Sequence[str], b: Sequence[str]) -> str | None:
    """Whether two lists of given names can be one person's, and how surely: the shorter must
    match the longer in order, word by word ("Curtis" in "J. Curtis"; "J." for "John").
    ``"same"`` (sure enough), ``"nickname"`` or ``"spelling"`` (uncertain), or None."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return "same"
    how = "same"
    i = 0
    for word in short:
        while i < len(long):
            m = _given_match(word, long[i])
            i += 1
            if m is not None:
                if m in ("nickname", "spelling"):
                    how = m
                break
        else:
            return None
    return how


@dataclass(frozen=True, slots=True)
class Mention:
    """One name form at one post in one month in one role, with how many cables: what the store
    counts, and all the rule reads."""

    surname: str  # surname_key(name)
    name: str  # as the parser normalised it: "J. Curtis Struble", "STRUBLE"
    post: str  # origin slug
    month: str  # YYYY-MM
    role: str  # classifier | signer | addressed
    count: int = 1


@dataclass(frozen=True, slots=True)
class Variant:
    """A name form of a person, and whether joining it is certain (``why`` says if not)."""

    name: str
    count: int
    certain: bool = True
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "cables": self.count, "certain": self.certain, "why": self.why}


@dataclass(frozen=True, slots=True)
class Person:
    """One person: a surname at a post over a stretch of time, with every name form joined."""

    slug: str
    name: str
    surname: str
    post: str
    first: str  # YYYY-MM
    last: str
    variants: tuple[Variant, ...]
    mentions: tuple[Mention, ...]

    @property
    def certain(self) -> bool:
        return all(v.certain for v in self.variants)

    @property
    def cables(self) -> int:
        return sum(m.count for m in self.mentions)

    def count(self, role: str) -> int:
        return sum(m.count for m in self.mentions if m.role == role)

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "name": self.name,
            "surname": self.surname,
            "post": self.post,
            "first": self.first,
            "last": self.last,
            "certain": self.certain,
            "classified": self.count("classifier"),
            "signed": self.count("signer"),
            "addressed": self.count("addressed"),
            "variants": [v.to_dict() for v in self.variants],
        }


def _months(ym: str) -> int:
    return int(ym[:4]) * 12 + int(ym[5:7]) - 1


def _stretches(mentions: list[Mention], gap: int) -> Iterable[list[Mention]]:
    """Mentions (sorted by month) cut where a gap between two is longer than ``gap`` months."""
    run: list[Mention] = []
    for m in mentions:
        if run and _months(m.month) - _months(run[-1].month) > gap:
            yield run
            run = []
        run.append(m)
    if run:
        yield run


_DOUBTS = {
    "nickname": "joined by a short form of the given name",
    "spelling": "joined by a given name spelt one letter apart",
}


@dataclass
class _Group:
    """Full names joined as one person inside a stretch (mutable while the rule runs)."""

    given: dict[str, tuple[str, ...]]  # name form -> its given names
    months: list[int]
    how: dict[str, str]  # name form -> how it matched the group's first form


def _place_named(named: dict[str, tuple[str, ...]], mentions: list[Mention]) -> list[_Group]:
    """Full-name forms into groups: a form joins the first group whose every form it matches."""
    groups: list[_Group] = []
    weight: dict[str, int] = defaultdict(int)
    for m in mentions:
        weight[m.name] += m.count
    # most used forms first: "Gene A. Cretz" (94) anchors "Gene Cretz" (27), not the reverse
    for name in sorted(named, key=lambda n: (-weight[n], -len(named[n]), n)):
        for g in groups:
            hows = [given_match(named[name], other) for other in g.given.values()]
            if all(h is not None for h in hows):
                g.given[name] = named[name]
                break
        else:
            groups.append(_Group({name: named[name]}, [], {name: "same"}))
    for g in groups:  # each form is judged against the group's anchor: its fullest given name
        g.how = {
            n: given_match(given, g.given[_anchor(g, weight)]) or "same"
            for n, given in g.given.items()
        }
    for m in mentions:
        for g in groups:
            if m.name in g.given:
                g.months.append(_months(m.month))
    return groups


def _anchor(g: _Group, weight: dict[str, int]) -> str:
    """The form the others are judged against: the longest given name ("Curtis" over "Curt",
    "Richard" over "Rick"), then the most used; never a misspelling of a more used form
    ("Ruessell" against "Russell")."""

    def misspelt(n: str) -> bool:
        return any(
            weight[o] > weight[n] and given_match(g.given[n], g.given[o]) == "spelling"
            for o in g.given
        )

    candidates = [n for n in g.given if not misspelt(n)] or list(g.given)
    return max(candidates, key=lambda n: (max(map(len, g.given[n])), weight[n], len(g.given[n]), n))


def join(mentions: Iterable[Mention], rule: Rules | None = None) -> list[Person]:
    """Every person the mentions make, ordered by surname, post and first month."""
    rule = rule or rules()
    by_key: defaultdict[tuple[str, str], list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.surname and len(m.month) >= 7:
            by_key[(m.surname, m.post)].append(m)
    people: list[Person] = []
    for (surname, post), found in sorted(by_key.items()):
        found.sort(key=lambda m: (m.month, m.role, m.name))
        for stretch in _stretches(found, rule.gap_months):
            people.extend(_people_of(surname, post, stretch, rule))
    return _with_slugs(people)


def _people_of(surname: str, post: str, stretch: list[Mention], rule: Rules) -> list[Person]:
    named = {m.name: g for m in stretch if (g := split_name(m.name)[0])}
    groups = _place_named(named, stretch)
    members: list[list[Mention]] = [[] for _ in groups] or [[]]
    why: list[dict[str, str]] = [{} for _ in members]
    for m in stretch:
        at = next((i for i, g in enumerate(groups) if m.name in g.given), None)
        if at is not None:
            members[at].append(m)
            how = groups[at].how[m.name]
            if how != "same":
                why[at][m.name] = _DOUBTS[how]
            continue
        if not groups:  # bare surnames only: nothing is joined, nothing to doubt
            members[0].append(m)
            continue
        month = _months(m.month)
        distance = [min(abs(month - x) for x in g.months) for g in groups]
        at = min(range(len(groups)), key=lambda i: (distance[i], i))
        members[at].append(m)
        if len(groups) > 1:
            why[at].setdefault(m.name, f"surname only: {len(groups)} people of this name here")
        elif distance[at] > rule.near_months:
            why[at].setdefault(
                m.name, f"surname only, {distance[at]} months from the nearest full name"
            )
    out = []
    for ms, doubts in zip(members, why, strict=True):
        if ms:
            out.append(_person(surname, post, ms, doubts))
    return out


def _person(surname: str, post: str, ms: list[Mention], doubts: dict[str, str]) -> Person:
    counts: defaultdict[str, int] = defaultdict(int)
    for m in ms:
        counts[m.name] += m.count
    variants = tuple(
        Variant(n, c, n not in doubts, doubts.get(n, ""))
        for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    full = [v for v in variants if split_name(v.name)[0] and v.certain]
    name = max(full, key=lambda v: (v.count, len(v.name))).name if full else surname.title()
    months = sorted(m.month for m in ms)
    return Person("", name, surname, post, months[0][:7], months[-1][:7], variants, tuple(ms))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _with_slugs(people: list[Person]) -> list[Person]:
    """``struble-embassy-lima-2007``: surname, post, first year; the given names too when two
    people of one stretch would share it."""
    base = [f"{_slug(p.surname)}-{p.post}-{p.first[:4]}" for p in people]
    seen: defaultdict[str, int] = defaultdict(int)
    for b in base:
        seen[b] += 1
    out = []
    taken: set[str] = set()
    for p, b in zip(people, base, strict=True):
        slug = b
        if seen[b] > 1:
            slug = f"{b}-{_slug(p.name)}"
        while slug in taken:
            slug += "-2"
        taken.add(slug)
        out.append(Person(slug, *_fields(p)))
    return out


def _fields(p: Person) -> tuple[Any, ...]:
    return (p.name, p.surname, p.post, p.first, p.last, p.variants, p.mentions)


def cable_names(
    classified_by: Sequence[str],
    signers: Sequence[str],
    addressed: Sequence[tuple[str, str]] = (),
) -> list[tuple[str, str, str | None]]:
    """A cable's (role, name, post) triples to file, repeats dropped: its classifiers and signers
    at the cable's post (``None``), and the persons it is addressed to (``(name, office)``) at
    :func:`addressed_post` of the office their address line names."""
    out: dict[tuple[str, str, str | None], None] = {}
    for role, names in (("classifier", classified_by), ("signer", signers)):
        for n in names:
            if surname_key(n):
                out[(role, n, None)] = None
    for n, office in addressed:
        if surname_key(n):
            out[("addressed", n, addressed_post(office))] = None
    return list(out)


@lru_cache(maxsize=4096)
def addressed_post(office: str) -> str:
    """The post a person a cable is addressed to is filed under: the post the address line
    names (``LONDON FOR KOLKER``: Embassy London), else the Department (``WASHINGTON``). A
    cable is addressed to the Department (SECSTATE WASHDC) and the lines name who in
    Washington should read it: a bureau (``WHA FOR A/S SHANNON``), the NSC, USTR, Treasury, or
    nothing (``FOR SECRETARY CLINTON``). Filing them all at the Department joins the Assistant
    Secretary a post writes to with the same man classifying the Department's own cables; two
    Washington people of one surname and years (NSC and a bureau) are joined, a cost the people
    pages show as the variants of one person."""
    from cablegate.posts import post_for_origin
    from cablegate.refid import lookup_station

    for word in office.split()[-1:] if office else []:
        station = lookup_station(word.strip(".,:;"), fuzzy=False)
        post = _post_of_station(station) if station else None
        if post and post_for_origin(post) and station not in ("STATE", "WASHDC", "SECSTATE"):
            return post
    return WASHINGTON


@cache
def _station_posts() -> dict[str, str]:
    from cablegate.posts import all_posts

    return {p.code: p.origin for p in all_posts()}


def _post_of_station(station: str) -> str | None:
    return _station_posts().get(station)


@dataclass(frozen=True, slots=True)
class Directory:
    """Every person, in order, and by slug."""

    people: tuple[Person, ...]
    by_slug: dict[str, Person]


def directory(mentions: Iterable[Mention]) -> Directory:
    people = tuple(join(mentions))
    return Directory(people, {p.slug: p for p in people})
