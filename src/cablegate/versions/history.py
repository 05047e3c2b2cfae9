"""A cable's history: its versions in the order their sources are dated, and what changed.

Built from what the store keeps (every distinct text and the sources that carried it), with no
I/O of its own. The timeline is every source's sighting in date order (see ``dating``), with
consecutive sightings of one text merged: a text that comes back (a redaction added, then
lifted again) appears twice. Versions are numbered by their first appearance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cablegate.versions.dating import Sighting
from cablegate.versions.diff import Counts, TextDiff, diff_texts


@dataclass(frozen=True, slots=True)
class Text:
    """One distinct text of a cable as the store keeps it, with every source that carried it."""

    text_key: str
    header: str
    body: str
    redactions: int
    words: int
    current: bool
    sightings: tuple[Sighting, ...]
    damaged: str = ""  # why no source carried it whole


@dataclass(frozen=True, slots=True)
class Version:
    """A numbered version: a text, when it was seen, and what it hides of the current text."""

    number: int
    text: Text
    first_seen: str
    last_seen: str
    hidden: Counts  # the diff from the current text to this one: what this one withholds

    @property
    def current(self) -> bool:
        return self.text.current

    @property
    def redactions(self) -> int:
        return self.text.redactions

    @property
    def sightings(self) -> tuple[Sighting, ...]:
        return self.text.sightings

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "current": self.current,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "redacted": self.redactions > 0,
            "redactions": self.redactions,
            "hidden_words": self.hidden.redacted_words,
            "hidden_names": self.hidden.redacted_names,
            "words": self.text.words,
            "damaged": self.text.damaged or None,
            "text_key": self.text.text_key,
            "sources": [s.to_dict() for s in sorted(self.sightings, key=Sighting.order)],
            "header": self.text.header,
            "body": self.text.body,
        }


@dataclass(frozen=True, slots=True)
class Change:
    """What changed from one version to the next in the timeline, in numbers and one line."""

    from_version: int
    to_version: int
    counts: Counts
    summary: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_version,
            "to": self.to_version,
            "summary": self.summary,
            **self.counts.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class Appearance:
    """A stretch of the timeline where the sources carried one version."""

    version: int
    first_seen: str
    last_seen: str
    sightings: tuple[Sighting, ...]
    change: Change | None  # from the version before, None for the first

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "sources": [s.name for s in self.sightings],
            "change": self.change.to_dict() if self.change else None,
        }


@dataclass(frozen=True, slots=True)
class Facts:
    """What lists and counts across the archive need of one history (kept by the store)."""

    refid: str
    versions: int
    changed: str  # the day of the newest change of text
    redacted: bool  # some version holds a redaction
    hidden_words: int  # the most words a version withholds of the current text
    hidden_names: int
    summary: str  # the newest change in one line


@dataclass(frozen=True, slots=True)
class History:
    refid: str
    versions: tuple[Version, ...]
    timeline: tuple[Appearance, ...]
    damaged: tuple[Text, ...] = ()  # texts only damaged pages carried, left out above
    _diffs: dict[tuple[str, str], TextDiff] = field(default_factory=dict, compare=False)

    @property
    def current(self) -> Version:
        return next((v for v in self.versions if v.current), self.versions[-1])

    def version(self, number: int) -> Version | None:
        return self.versions[number - 1] if 1 <= number <= len(self.versions) else None

    def diff(self, old: Version, new: Version) -> TextDiff:
        """The diff between two versions (computed once per history)."""
        return _diff(self._diffs, old.text, new.text)

    @property
    def changes(self) -> list[Change]:
        return [a.change for a in self.timeline if a.change is not None]

    def facts(self) -> Facts:
        last = self.changes[-1] if self.changes else None
        most = max(self.versions, key=lambda v: (v.hidden.redacted_words, -v.number))
        return Facts(
            self.refid,
            len(self.versions),
            self.timeline[-1].first_seen if last else self.versions[0].first_seen,
            any(v.redactions for v in self.versions),
            most.hidden.redacted_words,
            most.hidden.redacted_names,
            last.summary if last else "",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "refid": self.refid,
            "current": self.current.number,
            "versions": [v.to_dict() for v in self.versions],
            "timeline": [a.to_dict() for a in self.timeline],
            "damaged": [
                {"damaged": t.damaged, "sources": [s.to_dict() for s in t.sightings]}
                for t in self.damaged
            ],
        }


def _diff(cache: dict[tuple[str, str], TextDiff], old: Text, new: Text) -> TextDiff:
    key = (old.text_key, new.text_key)
    if key not in cache:
        cache[key] = diff_texts(old.header, old.body, new.header, new.body)
    return cache[key]


def summary(counts: Counts, day: str) -> str:
    """One line for a change, e.g. "3 passages redacted in the 2010-12-08 version: 41 words,
    2 names; 1 other edit (4 words removed or added)"."""
    clauses: list[tuple[str, str]] = []
    if counts.redacted:
        tail = ": " + _words_names(counts.redacted_words, counts.redacted_names)
        clauses.append((f"{_n(counts.redacted, 'passage')} redacted", tail))
    if counts.lifted:
        tail = f": {_n(counts.lifted_words, 'word')} shown again" + (
            f", {_n(counts.lifted_names, 'name')}" if counts.lifted_names else ""
        )
        clauses.append((f"{_n(counts.lifted, 'redaction')} lifted", tail))
    if counts.edits:
        words = counts.words_removed + counts.words_added
        head = _n(counts.edits, "other edit" if clauses else "edit")
        clauses.append((head, f" ({_n(words, 'word')} removed or added)"))
    if not clauses:
        return f"the {day} version differs only in how it is written"
    (head, tail), rest = clauses[0], clauses[1:]
    return "; ".join([f"{head} in the {day} version{tail}", *(h + t for h, t in rest)])


def _n(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _words_names(words: int, names: int) -> str:
    return _n(words, "word") + (f", {_n(names, 'name')}" if names else "")


def build(refid: str, texts: Sequence[Text]) -> History:
    """The history of one cable from every text the store keeps of it."""
    whole = [t for t in texts if not t.damaged]
    damaged = tuple(t for t in texts if t.damaged) if whole else ()
    texts = whole or list(texts)
    seen = sorted(((s, t) for t in texts for s in t.sightings), key=lambda st: st[0].order())
    runs: list[tuple[Text, list[Sighting]]] = []
    for s, t in seen:
        if runs and runs[-1][0].text_key == t.text_key:
            runs[-1][1].append(s)
        else:
            runs.append((t, [s]))
    for t in texts:  # a text no source is known for (cannot happen in a healthy archive)
        if not t.sightings:
            runs.append((t, []))
    numbers: dict[str, int] = {}
    for t, _ in runs:
        numbers.setdefault(t.text_key, len(numbers) + 1)
    by_key = {t.text_key: t for t in texts}
    current = next((t for t in texts if t.current), runs[-1][0])
    cache: dict[tuple[str, str], TextDiff] = {}
    versions = []
    for key, n in sorted(numbers.items(), key=lambda kv: kv[1]):
        t = by_key[key]
        days = sorted(s.seen for s in t.sightings) or [""]
        hidden = Counts() if t is current else _diff(cache, current, t).counts()
        versions.append(Version(n, t, days[0], days[-1], hidden))
    timeline = []
    for i, (t, sightings) in enumerate(runs):
        days = [s.seen for s in sightings] or [""]
        change = None
        if i:
            before = runs[i - 1][0]
            counts = _diff(cache, before, t).counts()
            summary_line = summary(counts, days[0])
            change = Change(numbers[before.text_key], numbers[t.text_key], counts, summary_line)
        timeline.append(
            Appearance(numbers[t.text_key], days[0], days[-1], tuple(sightings), change)
        )
    return History(refid, tuple(versions), tuple(timeline), damaged, cache)
