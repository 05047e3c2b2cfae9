"""Page contexts of the REF graph: a cable's thread (``/cable/X/thread``) and the most cited
cables (``/cited``). ``to_dict()`` is each page's JSON twin; templates read the attributes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from cablegate.store.base import AxisValue, CitedCount
from cablegate.thread import Layout, Thread, ThreadNode
from cablegate.web.charts import thread_svg
from cablegate.web.urls import cable_url, thread_url


@dataclass(frozen=True, slots=True)
class ThreadPage:
    """``/cable/{refid}/thread``: the walk, its layout, and what the page says of both."""

    thread: Thread
    layout: Layout
    title: str  # the cable's subject as shown

    @property
    def refid(self) -> str:
        return self.thread.refid

    @property
    def start(self) -> ThreadNode:
        return self.thread.nodes[0]

    @property
    def answered(self) -> int:
        """Cables shown up the graph (what it answers)."""
        return sum(1 for n in self.thread.nodes if n.depth < 0)

    @property
    def answers(self) -> int:
        """Cables shown down the graph (what answered it)."""
        return sum(1 for n in self.thread.nodes if n.depth > 0)

    @property
    def missing(self) -> int:
        return sum(1 for n in self.thread.nodes if not n.in_archive)

    @property
    def graph_desc(self) -> str:
        return (
            f"{len(self.thread.nodes)} cables in up to {self.thread.depth} steps each way:"
            f" {self.answered} that {self.refid} answers (to its left, oldest first in each"
            f" column), {self.answers} that answered it (to its right); arrows point from a"
            f" cable to the one its REF line names. {self.missing} of them are not in this"
            " archive (dashed). The list above holds the same cables."
        )

    @property
    def graph(self) -> Markup:
        return thread_svg(
            self.layout, "tg", f"The thread of {self.refid} as a graph", self.graph_desc
        )

    def to_dict(self) -> dict[str, Any]:
        d = self.thread.to_dict()
        for node in d["nodes"]:
            node["url"] = cable_url(node["key"]) if node["in_archive"] else None
        d["links"] = {"html": thread_url(self.refid), "cable": cable_url(self.refid)}
        return d


@dataclass(frozen=True, slots=True)
class CitedPage:
    """``/cited``: the cables named in the most REF lines, for a year or an origin or all."""

    items: tuple[CitedCount, ...]
    year: str | None
    origin: str | None
    origin_label: str | None
    years: tuple[str, ...]  # the filter's choices
    origins: tuple[AxisValue, ...]
    limit: int

    @property
    def heading(self) -> str:
        where = f" from {self.origin_label}" if self.origin_label else ""
        when = f" created in {self.year}" if self.year else ""
        return f"The most cited cables{where}{when}"

    def to_dict(self) -> dict[str, Any]:
        items = []
        for rank, c in enumerate(self.items, 1):
            item = c.to_dict()
            item["rank"] = rank
            item["url"] = cable_url(c.cable.refid) if c.cable else None
            items.append(item)
        return {
            "year": self.year,
            "origin": self.origin,
            "limit": self.limit,
            "items": items,
        }
