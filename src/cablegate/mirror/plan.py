"""What the mirror holds and what each page is made from: the keys that let a second run skip
every page whose inputs did not change, without rendering it.

A cable's files (page, ``.json``, ``.txt``, feed, citations, history and diffs) share one key:
its row digests, media and release events, its versions and their sources, the cables before
and after it from its origin, the cables that cite it and which of the cables it cites the
archive holds. A browse list's pages share the key of its
members. Every key also holds :func:`code_key`, so new templates or a new version re-render all.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cablegate.people import Directory, Person
from cablegate.store.base import CableSummary, PersonRow
from cablegate.store.inputs import CableInputs
from cablegate.web.render import STATIC_VERSION

_MASK = (1 << 128) - 1
FORMAT = "mirror-1"  # bump when the mirror's own output changes for the same inputs


@cache
def code_key() -> str:
    """A digest of the templates, static files and package version the pages are rendered by."""
    from cablegate import __version__

    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{FORMAT}|{__version__}|{STATIC_VERSION}".encode())
    templates = resources.files("cablegate.web").joinpath("templates")
    for path in sorted(_walk(templates), key=lambda p: p[0]):
        digest.update(path[0].encode())
        digest.update(path[1])
    return digest.hexdigest()


def _walk(folder: object, prefix: str = "") -> Iterable[tuple[str, bytes]]:
    for item in folder.iterdir():  # type: ignore[attr-defined]
        name = f"{prefix}{item.name}"
        if item.is_dir():
            yield from _walk(item, name + "/")
        else:
            yield name, item.read_bytes()


def key_of(*parts: object) -> str:
    """The key of a page made from ``parts`` by this code (half a million keys a run)."""
    digest = _seeded().copy()
    for part in parts:
        digest.update(str(part).encode())
        digest.update(b"\x1f")
    return digest.hexdigest()


@cache
def _seeded() -> hashlib.blake2b:
    """A digest that has read :func:`code_key`, copied for every key."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(code_key().encode() + b"\x1f")
    return digest


@dataclass(frozen=True, slots=True)
class CableJob:
    """One cable to (re)write, with its neighbours for the previous/next links and the JSON."""

    refid: str
    key: str
    previous: CableSummary | None
    next: CableSummary | None
    versions: int = 0  # the versions its history shows (0: no stored text, no history)


def adjacent(inputs: list[CableInputs]) -> list[tuple[int | None, int | None]]:
    """Where each cable's previous and next cable from its origin by creation time are in
    ``inputs`` (ordered by origin, created, refid), as ``Store.neighbours`` finds them: a
    cable with no origin or no creation time has none and is no cable's."""
    out: list[tuple[int | None, int | None]] = [(None, None)] * len(inputs)
    last: int | None = None
    for i, c in enumerate(inputs):
        if c.origin_slug is None or c.created is None:
            continue
        if last is not None and inputs[last].origin_slug == c.origin_slug:
            out[last] = (out[last][0], i)
            out[i] = (last, None)
        last = i
    return out


def summary_of(c: CableInputs) -> CableSummary:
    """The cable as a list shows it (what ``Store.neighbours`` gives)."""
    return CableSummary(c.refid, c.subject or "", c.created, c.released, c.origin, c.classification)


def cable_jobs(inputs: list[CableInputs], salt: str = "") -> list[CableJob]:
    """Every cable with its key; ``inputs`` in (origin, created, refid) order; ``salt``: the
    options that change the files (base URL, JSON twins or not)."""
    by_canonical: dict[str, CableInputs] = {}
    for c in sorted(inputs, key=lambda c: c.refid):
        by_canonical.setdefault(c.canonical_id, c)
    cited_by: defaultdict[str, list[CableInputs]] = defaultdict(list)
    for c in inputs:
        for cited in c.cites:
            cited_by[cited].append(c)
    jobs = []
    shown = [summary_of(c) for c in inputs]  # one each, shared by both neighbours' jobs
    for c, (i, j) in zip(inputs, adjacent(inputs), strict=True):
        prev = inputs[i] if i is not None else None
        nxt = inputs[j] if j is not None else None
        citers = sorted((s.refid, s.digest) for s in cited_by.get(c.canonical_id, ()))
        cites = [
            (cid, r.refid if (r := by_canonical.get(cid)) else "") for cid in sorted(set(c.cites))
        ]
        key = key_of(
            "cable",
            salt,
            c.refid,
            c.digest,
            c.versions,
            prev and (prev.refid, prev.digest),
            nxt and (nxt.refid, nxt.digest),
            citers,
            cites,
        )
        before = shown[i] if i is not None else None
        after = shown[j] if j is not None else None
        jobs.append(CableJob(c.refid, key, before, after, c.version_count))
    return jobs


def memberships(c: CableInputs) -> Iterator[tuple[str, str]]:
    """Every list a cable is on, as (axis, value) the way the store groups them (an empty
    value too: it has a list, if no page)."""
    if c.created is not None:
        yield "date", c.created[:7]
        yield "year", c.created[:4]
    if c.released is not None:
        yield "released", c.released[:10]
    if c.origin_slug is not None:
        yield "origin", c.origin_slug
    if c.class_slug is not None:
        yield "classification", c.class_slug
    if c.country is not None:
        yield "country", c.country
    for tag in dict.fromkeys(c.tags):
        yield "tag", tag


def list_keys(inputs: list[CableInputs], salt: str = "") -> dict[tuple[str, str], str]:
    """(axis, value) -> the key of its list: how many cables it holds and the sum of a 128-bit
    digest of each one's refid and inputs, a digest of the set that needs no order (the
    sorted rows of all lists, printed and hashed, took seconds at full scale)."""
    sums: defaultdict[tuple[str, str], int] = defaultdict(int)
    counts: defaultdict[tuple[str, str], int] = defaultdict(int)
    for c in inputs:
        mark = hashlib.blake2b(f"{c.refid}\x1f{c.digest}".encode(), digest_size=16).digest()
        number = int.from_bytes(mark)
        for member in memberships(c):
            sums[member] += number
            counts[member] += 1
    return {m: key_of("list", salt, *m, counts[m], total & _MASK) for m, total in sums.items()}


@dataclass(frozen=True, slots=True)
class PersonKey:
    """A person's page key and rows (a cable and a role), as ``Store.person_cables`` finds
    them, and whether any of its cables is among ``touched`` ones (``--since``)."""

    key: str
    rows: int
    touched: bool


def _shown(p: Person) -> tuple[object, ...]:
    """What a person's page shows of the person besides the cables (name forms, counts, years
    as the mentions give them)."""
    return (
        p.slug,
        p.name,
        p.post,
        p.first,
        p.last,
        p.variants,
        sorted((m.month, m.role, m.count) for m in p.mentions),
    )


def person_keys(
    found: Directory,
    rows: Iterable[PersonRow],
    inputs: list[CableInputs],
    salt: str = "",
    keep: set[str] | None = None,
) -> dict[str, PersonKey]:
    """slug -> the key of a person's pages: its rows counted and their cables' digests summed
    (as :func:`list_keys`), with what the page shows of the person and of the other people of
    its surname. A row is a person's as the store's query picks it: same surname and post,
    created in the person's months, one of its name forms."""
    digests = {c.refid: c.digest for c in inputs}
    by_place: defaultdict[tuple[str, str], list[tuple[str, str, frozenset[str], str]]] = (
        defaultdict(list)
    )
    for p in found.people:
        names = frozenset(v.name for v in p.variants)
        by_place[(p.surname, p.post)].append((p.first, p.last + "~", names, p.slug))
    sums: defaultdict[str, int] = defaultdict(int)
    counts: defaultdict[str, int] = defaultdict(int)
    hit: set[str] = set()
    marks: dict[str, int] = {}
    for r in rows:
        for first, last, names, slug in by_place.get((r.surname, r.post), ()):
            if first <= r.created < last and r.name in names:
                mark = marks.get(r.refid)
                if mark is None:  # a cable is the row of one to three people: digest it once
                    text = f"{r.refid}\x1f{digests.get(r.refid, '')}".encode()
                    mark = int.from_bytes(hashlib.blake2b(text, digest_size=16).digest())
                    marks[r.refid] = mark
                sums[slug] += mark
                counts[slug] += 1
                if keep is not None and r.refid in keep:
                    hit.add(slug)
    surnames: defaultdict[str, list[tuple[str, str, str, str, str]]] = defaultdict(list)
    for p in found.people:
        surnames[p.surname].append((p.slug, p.name, p.post, p.first, p.last))
    # one digest a surname, not its people's list again in each of them: a surname held by
    # 218 people (full-scale corpus) made that quadratic, 4.3 of the plan's seconds
    others = {surname: key_of("surname", people) for surname, people in surnames.items()}
    out = {}
    for p in found.people:
        key = key_of(
            "person", salt, _shown(p), others[p.surname], counts[p.slug], sums[p.slug] & _MASK
        )
        out[p.slug] = PersonKey(key, counts[p.slug], p.slug in hit)
    return out


def touched(inputs: list[CableInputs], since: str) -> set[str]:
    """Cables written since ``since`` (an ISO date or time), with the cables whose pages show
    them: their neighbours and the cables they cite."""
    changed = {c.refid for c in inputs if (c.updated_at or "") >= since}
    out = set(changed)
    by_canonical = {c.canonical_id: c.refid for c in inputs}
    for c, sides in zip(inputs, adjacent(inputs), strict=True):
        if c.refid in changed:
            out.update(inputs[j].refid for j in sides if j is not None)
            out.update(by_canonical[cid] for cid in c.cites if cid in by_canonical)
    return out
