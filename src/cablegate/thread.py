"""A cable's thread: the exchange it belongs to, walked through the REF graph both ways, and
laid out in layers by distance for a small graph.

Up the graph are the cables it answers (its references, theirs, ...), down it the cables that
answered it (those whose REF names it, theirs, ...). The walk stops after ``depth`` steps and at
``max_nodes`` cables, and says what it left out: a cable cited by thousands (a hub) stays a
page of ``max_nodes`` entries. Cables named but not in the archive are nodes too, never walked
past (their own references are unknown).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cablegate.refid import canonical_id
from cablegate.store.base import CableSummary, RefEdge, Store

DEPTH = 3  # steps each way: a request, its answer, the answer's follow-up
MAX_DEPTH = 6
MAX_NODES = 60  # a page that reads in one screenful of list, and a graph of ~10 rows a layer


@dataclass(frozen=True, slots=True)
class ThreadNode:
    """One cable of a thread: ``key`` is its published refid, or the canonical id a REF line
    names when the cable is not in the archive (``cable`` None). ``depth``: 0 the cable the
    thread is of, -n n steps up its references, +n n steps down what cited it; ``via``: the
    node one step nearer through which the walk met it first (the nested list's parent)."""

    key: str
    depth: int
    cable: CableSummary | None
    via: str | None = None

    @property
    def in_archive(self) -> bool:
        return self.cable is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "depth": self.depth,
            "via": self.via,
            "in_archive": self.in_archive,
            "cable": self.cable.to_dict() if self.cable else None,
        }


@dataclass(frozen=True, slots=True)
class ThreadEdge:
    """``citing`` names ``cited`` in its REF line (both node keys)."""

    citing: str
    cited: str


@dataclass(frozen=True, slots=True)
class Thread:
    refid: str
    nodes: tuple[ThreadNode, ...]  # in the order the walk met them, the cable first
    edges: tuple[ThreadEdge, ...]  # between shown nodes
    depth: int
    max_nodes: int
    left_out: int  # cables one step from a shown one that ``max_nodes`` kept out
    deeper: bool  # the thread goes on past ``depth`` steps

    def children(self, key: str, direction: int) -> list[ThreadNode]:
        """The nodes the walk met through ``key`` going up (-1) or down (+1): the nested
        list's items under ``key``, each node under one parent only."""
        return [n for n in self.nodes if n.via == key and (n.depth < 0) == (direction < 0)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "refid": self.refid,
            "depth": self.depth,
            "max_nodes": self.max_nodes,
            "left_out": self.left_out,
            "deeper": self.deeper,
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [{"citing": e.citing, "cited": e.cited} for e in self.edges],
        }


def walk(store: Store, refid: str, depth: int = DEPTH, max_nodes: int = MAX_NODES) -> Thread:
    """The thread of the stored cable ``refid`` (a published id): one ``ref_edges`` and one
    ``resolve_many`` a step, then one ``summaries`` for the cables shown."""
    met: dict[str, tuple[int, str | None]] = {refid: (0, None)}  # key -> (depth, via)
    seen: list[RefEdge] = []
    names: dict[str, str] = {}  # canonical id -> published refid, for those in the archive
    up, down = [refid], [refid]
    left_out: set[str] = set()
    deeper = False
    for step in range(1, depth + 2):  # one step past ``depth``: is there more?
        if not up and not down:
            break
        found = store.ref_edges(list(dict.fromkeys(up + down)))
        seen += found
        names.update(store.resolve_many({e.cited for e in found} - names.keys()))
        stored = set(names.values())
        ups = set(up)
        downs = {canonical_id(r): r for r in down}
        # references first, in REF order: a hub's thousand answers must not crowd them out
        candidates = [
            (names.get(e.cited, e.cited), -step, e.citing) for e in found if e.citing in ups
        ]
        candidates += [(e.citing, step, downs[e.cited]) for e in found if e.cited in downs]
        up, down = [], []
        for key, at, via in candidates:
            if key in met:
                continue
            if step > depth:
                deeper = True
            elif len(met) >= max_nodes:
                left_out.add(key)
            else:
                met[key] = (at, via)
                # a cable not in the archive is a leaf: its own REF line is unknown
                if at > 0 or key in stored:
                    (up if at < 0 else down).append(key)
    cables = store.summaries(list(met))
    nodes = tuple(ThreadNode(k, d, cables.get(k), via) for k, (d, via) in met.items())
    edges = dict.fromkeys(
        ThreadEdge(e.citing, names.get(e.cited, e.cited))
        for e in seen
        if e.citing in met and names.get(e.cited, e.cited) in met
    )
    return Thread(refid, nodes, tuple(edges), depth, max_nodes, len(left_out), deeper)


# -- layout ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Placed:
    """A node's box: its centre at (``x``, ``y``)."""

    node: ThreadNode
    x: int
    y: int


@dataclass(frozen=True, slots=True)
class Link:
    """An edge drawn from the citing box to the cited one."""

    citing: Placed
    cited: Placed


@dataclass(frozen=True, slots=True)
class Layout:
    width: int
    height: int
    box_width: int
    box_height: int
    nodes: tuple[Placed, ...]
    links: tuple[Link, ...]


def _order(node: ThreadNode) -> tuple[str, str]:
    return ((node.cable.created or "") if node.cable else "", node.key)


def layout(
    thread: Thread, *, column: int = 220, row: int = 44, box: tuple[int, int] = (184, 30)
) -> Layout:
    """Columns by depth, the references to the left of the cable and its answers to the
    right; in a column, oldest first (then by id; cables not in the archive, undated, first),
    each column centred on the tallest. Depends only on the thread's nodes and edges, not on
    the order the walk met them."""
    layers: dict[int, list[ThreadNode]] = {}
    for n in thread.nodes:
        layers.setdefault(n.depth, []).append(n)
    tallest = max((len(v) for v in layers.values()), default=1)
    first = min(layers, default=0)
    width = column * len(layers) - (column - box[0]) + 20
    height = row * tallest - (row - box[1]) + 20
    placed: dict[str, Placed] = {}
    for d in sorted(layers):
        nodes = sorted(layers[d], key=_order)
        top = 10 + (tallest - len(nodes)) * row // 2 + box[1] // 2
        x = 10 + (d - first) * column + box[0] // 2
        for i, n in enumerate(nodes):
            placed[n.key] = Placed(n, x, top + i * row)
    links = tuple(
        Link(placed[e.citing], placed[e.cited])
        for e in sorted(thread.edges, key=lambda e: (e.citing, e.cited))
    )
    ordered = tuple(placed[k] for k in sorted(placed, key=lambda k: (placed[k].x, placed[k].y)))
    return Layout(width, height, box[0], box[1], ordered, links)
