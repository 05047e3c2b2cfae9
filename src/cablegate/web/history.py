"""Page contexts of a cable's history (``/cable/{refid}/history``), of the diff between two of its
versions (``/cable/{refid}/diff``) and of the cables whose text changed (``/changes``), and the
diff written as HTML.

The diff is marked up with ``<del>`` and ``<ins>``, each opening with a visible label (what the
text was: removed, added, hidden by a redaction, shown again), so that the change reads without
colour and without JavaScript, and a screen reader that does not announce ``del``/``ins`` still
says it. Every value goes through ``html.escape``.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from markupsafe import Markup

from cablegate.store.base import ChangeList, StoredCable
from cablegate.versions.dating import BASES, SOURCES
from cablegate.versions.diff import Piece, TextDiff
from cablegate.versions.history import History, Version, summary
from cablegate.versions.redaction import count_words, name_key
from cablegate.web.urls import cable_url, diff_url, history_url

# (label of the earlier side, of the later side) of each kind of change
LABELS: dict[str, tuple[str, str]] = {
    "edit": ("removed", "added"),
    "redacted": ("hidden", "redacted as"),
    "lifted": ("redacted as", "shown again"),
    "remarked": ("marked", "marked now"),
}
# the class of each side: the words a redaction hid, or the marks
_CLASSES: dict[str, tuple[str, str]] = {
    "edit": ("", ""),
    "redacted": ("d-hidden", "d-mark"),
    "lifted": ("d-mark", "d-hidden"),
    "remarked": ("d-mark", "d-mark"),
}
CURRENT_RULE = (
    "The current text is the final release's (cables.csv) when the archive has it; else the "
    "page that is whole, with the fewest redactions, then the most words."
)


def _side(kind: str, index: int, text: str, version: int) -> str:
    label = LABELS[kind][index]
    cls = _CLASSES[kind][index]
    tag = "del" if index == 0 else "ins"
    attr = f' class="{cls}"' if cls else ""
    return (
        f'<{tag}{attr} title="{escape(label)} (version {version})">'
        f'<span class="diff-label">{escape(label)}:</span> {escape(text, False)}</{tag}>'
    )


def pieces_html(pieces: tuple[Piece, ...], old: int, new: int, first: int = 1) -> Markup:
    """The later version's text with every change marked; changes numbered from ``first``
    (``id="c1"``...) so that the list of redactions can link to them."""
    out = []
    n = first
    for p in pieces:
        if p.kind == "same":
            out.append(escape("".join(t.space + t.text for t in p.new), False))
            continue
        out.append(escape(p.space, False))
        sides = []
        if p.old:
            sides.append(_side(p.kind, 0, p.old_text, old))
        if p.new:
            sides.append(_side(p.kind, 1, p.new_text, new))
        out.append(f'<span class="change c-{p.kind}" id="c{n}">{"".join(sides)}</span>')
        n += 1
    return Markup("".join(out))


def _version(v: Version, refid: str) -> dict[str, Any]:
    return {
        "number": v.number,
        "current": v.current,
        "first_seen": v.first_seen,
        "last_seen": v.last_seen,
        "redactions": v.redactions,
        "hidden_words": v.hidden.redacted_words,
        "url": f"{history_url(refid)}#v{v.number}",
    }


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """``/cable/{refid}/history``: every version with its sources, and the timeline."""

    stored: StoredCable
    title: str
    history: History

    @property
    def refid(self) -> str:
        return self.stored.refid

    @property
    def rule(self) -> str:
        return CURRENT_RULE

    def source_label(self, source: str) -> str:
        return SOURCES.get(source, source)

    def basis_label(self, basis: str) -> str:
        return BASES.get(basis, basis)

    def to_dict(self) -> dict[str, Any]:
        d = self.history.to_dict()
        d.update(
            {
                "subject": self.stored.cable.subject,
                "title": self.title,
                "current_rule": CURRENT_RULE,
                "links": {
                    "cable": cable_url(self.refid),
                    "html": history_url(self.refid),
                    "json": history_url(self.refid, ".json"),
                },
            }
        )
        for a in d["timeline"]:
            if a["change"]:
                a["change"]["diff_url"] = diff_url(self.refid, a["change"]["from"], a["version"])
        return d


@dataclass(frozen=True, slots=True)
class Redaction:
    """One run (or group) of X in a diff and what it hid, for the list beside the text."""

    number: int  # the change's number (its anchor)
    kind: str  # redacted | lifted | remarked
    mark: str
    hidden: str

    @property
    def words(self) -> int:
        return count_words(self.hidden)

    @property
    def name(self) -> bool:
        return name_key(self.hidden) is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.number,
            "kind": self.kind,
            "mark": self.mark,
            "hidden": self.hidden,
            "hidden_words": self.words,
            "name": self.name,
        }


@dataclass(frozen=True, slots=True)
class DiffPage:
    """``/cable/{refid}/diff?from=A&to=B``: what changed from version A to version B."""

    stored: StoredCable
    title: str
    history: History
    old: Version
    new: Version
    diff: TextDiff

    @property
    def refid(self) -> str:
        return self.stored.refid

    @property
    def summary(self) -> str:
        if self.old.number == self.new.number:
            return f"Version {self.new.number} compared with itself: nothing changed."
        return summary(self.diff.counts(), self.new.first_seen)

    @property
    def header_html(self) -> Markup:
        return pieces_html(self.diff.header, self.old.number, self.new.number)

    @property
    def body_html(self) -> Markup:
        first = 1 + sum(1 for p in self.diff.header if p.kind != "same")
        return pieces_html(self.diff.body, self.old.number, self.new.number, first)

    @property
    def redactions(self) -> list[Redaction]:
        out = []
        changes = [p for p in self.diff.pieces if p.kind != "same"]
        for n, p in enumerate(changes, 1):
            if p.kind in ("redacted", "lifted", "remarked"):
                out.append(Redaction(n, p.kind, p.mark, p.hidden))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "refid": self.refid,
            "subject": self.stored.cable.subject,
            "from": _version(self.old, self.refid),
            "to": _version(self.new, self.refid),
            "summary": self.summary,
            "counts": self.diff.counts().to_dict(),
            "header_changed": self.diff.header_changed,
            "redactions": [r.to_dict() for r in self.redactions],
            "header": [p.to_dict() for p in self.diff.header],
            "body": [p.to_dict() for p in self.diff.body],
            "links": {
                "cable": cable_url(self.refid),
                "history": history_url(self.refid),
                "html": diff_url(self.refid, self.old.number, self.new.number),
            },
        }


@dataclass(frozen=True, slots=True)
class ChangesPage:
    """``/changes``: cables whose text changed, newest change first."""

    listing: ChangeList

    def page_url(self, page: int) -> str:
        return "/changes" + (f"?page={page}" if page > 1 else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "total": self.listing.total,
            "page": self.listing.page,
            "per_page": self.listing.per_page,
            "pages": self.listing.pages,
            "items": [
                {
                    **c.to_dict(),
                    "url": cable_url(c.refid),
                    "history_url": history_url(c.refid),
                }
                for c in self.listing.items
            ],
        }
