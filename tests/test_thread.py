"""``cablegate.thread``: the walk both ways (depth limit, cycles, cables not in the archive, the
cap on a hub) and the layout (the same for the same thread, whatever order it was met in)."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import replace

import pytest

from cablegate.refid import canonical_id
from cablegate.store.base import CableSummary, RefEdge
from cablegate.thread import Thread, ThreadNode, layout, walk


class Graph:
    """The three store methods a walk reads, over REF lines given as citing -> cited ids."""

    def __init__(self, refs: dict[str, list[str]], stored: Iterable[str]) -> None:
        self.refs = refs
        self.stored = {canonical_id(r): r for r in stored}
        self.calls = 0

    def ref_edges(self, refids: Sequence[str]) -> list[RefEdge]:
        self.calls += 1
        wanted, cids = set(refids), {canonical_id(r) for r in refids}
        out = {
            RefEdge(citing, canonical_id(cited), i)
            for citing, cited_list in self.refs.items()
            for i, cited in enumerate(cited_list)
            if citing in wanted or canonical_id(cited) in cids
        }
        return sorted(out, key=lambda e: (e.citing, e.position))

    def resolve_many(self, cids: Iterable[str]) -> dict[str, str]:
        return {c: self.stored[c] for c in cids if c in self.stored}

    def summaries(self, refids: Sequence[str]) -> dict[str, CableSummary]:
        here = set(self.stored.values())
        return {
            r: CableSummary(r, f"SUBJECT {r}", f"20{r[:2]}-01-01T00:00", None, "Embassy Lima", None)
            for r in refids
            if r in here
        }


def _walk(graph: Graph, refid: str, **kw: int) -> Thread:
    return walk(graph, refid, **kw)  # type: ignore[arg-type]


def _depths(t: Thread) -> dict[str, int]:
    return {n.key: n.depth for n in t.nodes}


# A chain 07LIMA1 <- 07LIMA2 <- 07LIMA3 <- 07LIMA4 <- 07LIMA5 (each answers the one before)
CHAIN = {f"07LIMA{i}": [f"07LIMA{i - 1}"] for i in range(2, 6)}
CHAIN_CABLES = [f"07LIMA{i}" for i in range(1, 6)]


@pytest.mark.parametrize(
    ("start", "depth", "expected", "deeper"),
    [
        ("07LIMA3", 1, {"07LIMA3": 0, "07LIMA2": -1, "07LIMA4": 1}, True),
        (
            "07LIMA3",
            2,
            {"07LIMA3": 0, "07LIMA2": -1, "07LIMA1": -2, "07LIMA4": 1, "07LIMA5": 2},
            False,
        ),
        ("07LIMA5", 3, {"07LIMA5": 0, "07LIMA4": -1, "07LIMA3": -2, "07LIMA2": -3}, True),
        ("07LIMA1", 6, {f"07LIMA{i}": i - 1 for i in range(1, 6)}, False),
    ],
    ids=["one-step", "two-steps-all", "cut-at-three", "down-only"],
)
def test_the_walk_stops_at_its_depth_and_says_so(
    start: str, depth: int, expected: dict[str, int], deeper: bool
) -> None:
    t = _walk(Graph(CHAIN, CHAIN_CABLES), start, depth=depth)
    assert _depths(t) == expected
    assert t.deeper is deeper
    assert t.left_out == 0


def test_a_cycle_is_walked_once_and_its_edges_kept() -> None:
    refs = {"07LIMA1": ["07LIMA2"], "07LIMA2": ["07LIMA3"], "07LIMA3": ["07LIMA1"]}
    t = _walk(Graph(refs, refs), "07LIMA1", depth=6)
    assert _depths(t) == {"07LIMA1": 0, "07LIMA2": -1, "07LIMA3": 1}
    assert {(e.citing, e.cited) for e in t.edges} == {
        ("07LIMA1", "07LIMA2"),
        ("07LIMA2", "07LIMA3"),
        ("07LIMA3", "07LIMA1"),
    }
    assert not t.deeper


def test_a_cable_not_in_the_archive_is_a_leaf_shown_as_such() -> None:
    refs = {"07LIMA2": ["07STATE9", "07LIMA1"], "07STATE9": ["07LIMA0"]}
    t = _walk(Graph(refs, ["07LIMA1", "07LIMA2"]), "07LIMA2", depth=3)
    assert _depths(t) == {"07LIMA2": 0, "07STATE9": -1, "07LIMA1": -1}
    missing = [n for n in t.nodes if not n.in_archive]
    assert [n.key for n in missing] == ["07STATE9"]  # its own REF line is not walked
    assert [n.key for n in t.children("07LIMA2", -1)] == ["07STATE9", "07LIMA1"]  # REF order


def test_a_hub_is_capped_and_what_is_left_out_counted() -> None:
    citers = {f"08LIMA{i}": ["07LIMA1"] for i in range(100, 400)}  # cited by 300 cables
    refs = {"07LIMA1": ["06LIMA5", "06STATE7"], **citers}
    graph = Graph(refs, ["07LIMA1", "06LIMA5", *citers])
    t = _walk(graph, "07LIMA1", max_nodes=20)
    assert len(t.nodes) == 20
    # its references come first: a hub's answers never crowd out what it answers
    assert [n.key for n in t.nodes[:3]] == ["07LIMA1", "06LIMA5", "06STATE7"]
    assert t.left_out == 300 - 17
    assert graph.calls <= 4  # one look-up a step, however many cables a step holds


def test_nested_list_parents_cover_every_node_once() -> None:
    refs = {"07LIMA4": ["07LIMA2", "07LIMA3"], "07LIMA3": ["07LIMA2"], "07LIMA2": ["07LIMA1"]}
    t = _walk(Graph(refs, ["07LIMA1", "07LIMA2", "07LIMA3", "07LIMA4"]), "07LIMA4")
    listed: list[str] = []

    def visit(key: str) -> None:
        for child in t.children(key, -1):
            listed.append(child.key)
            visit(child.key)

    visit("07LIMA4")
    assert sorted(listed) == ["07LIMA1", "07LIMA2", "07LIMA3"]


def test_the_layout_is_the_same_whatever_order_the_nodes_were_met_in() -> None:
    refs = {**CHAIN, "07LIMA6": ["07LIMA3", "07STATE1"], "07LIMA7": ["07LIMA3"]}
    t = _walk(Graph(refs, [*CHAIN_CABLES, "07LIMA6", "07LIMA7"]), "07LIMA3")
    first = layout(t)
    nodes = list(t.nodes)
    for seed in range(5):
        random.Random(seed).shuffle(nodes)
        shuffled = replace(t, nodes=tuple(nodes), edges=tuple(reversed(t.edges)))
        assert layout(shuffled) == first
    # references left of the cable, answers right; one column a depth
    x = {p.node.key: p.x for p in first.nodes}
    assert x["07LIMA1"] < x["07LIMA2"] < x["07LIMA3"] < x["07LIMA4"] < x["07LIMA5"]
    assert x["07LIMA6"] == x["07LIMA4"] == x["07LIMA7"]
    assert "07STATE1" not in x  # an answer's other references are not its thread's
    # no two boxes overlap, every box inside the drawing
    boxes = {(p.x, p.y) for p in first.nodes}
    assert len(boxes) == len(first.nodes)
    assert all(0 < p.x < first.width and 0 < p.y < first.height for p in first.nodes)


def test_a_lone_cable_is_a_thread_of_one() -> None:
    t = _walk(Graph({}, ["07LIMA1"]), "07LIMA1")
    assert t.nodes == (ThreadNode("07LIMA1", 0, t.nodes[0].cable, None),)
    assert t.edges == () and not t.deeper
    assert len(layout(t).nodes) == 1
