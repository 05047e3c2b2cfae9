"""Two ``cablegate serve`` nodes over one PostgreSQL archive, each with its own index, while an
ingest writes in a third process and a load client reads both: every answer is checked, and
every node's search catches up by itself within a measured bound. Another ingest is killed with
SIGKILL mid-run: the nodes keep answering, and the rerun ends with every cable once.

The sample is cut into several files: the ingest writes each as a batch of its own (one
transaction, one generation), so the nodes follow a run of commits, not one.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest

from cablegate.archive import open_store
from cablegate.search.index import MAX_PER_PAGE, SearchIndex
from cablegate.web.urls import browse_url
from tests.slices import records, write_slice

pytestmark = pytest.mark.postgres

SEED = 100  # cables in the archive before the nodes start
FILES = 10  # the other 300 of the sample, as this many files (batches)
BOUND_SECONDS = 10.0  # what a node may lag behind a commit (measured: see docs/deploy.md)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cablegate.cli", *args]


@dataclass
class Node:
    """One ``cablegate serve`` process with its own index."""

    port: int
    index: Path
    proc: subprocess.Popen[bytes]

    def get(self, path: str, timeout: float = 10) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()

    def searched(self) -> list[str]:
        """Every refid this node's search finds, duplicates kept, a page of 100 at a time."""
        refids: list[str] = []
        page = 1
        while True:
            status, body = self.get(f"/search.json?q=*&per_page=100&sort=created&page={page}")
            assert status == 200, body[:300]
            got = json.loads(body)
            refids.extend(h["refid"] for h in got["hits"])
            if page * 100 >= got["total"]:
                return refids
            page += 1

    def total(self) -> int:
        """How many cables its search finds; -1 for no answer (not listening yet)."""
        try:
            status, body = self.get("/search.json?q=*&per_page=1")
        except OSError:
            return -1
        return int(json.loads(body)["total"]) if status == 200 else -1


@pytest.fixture
def archive(pg_url: str, tmp_path: Path) -> Iterator[tuple[str, list[str]]]:
    """The archive's URL with SEED cables ingested; the refids of all 400."""
    everything = records()
    seed = write_slice(everything[:SEED], tmp_path / "seed.csv")
    subprocess.run(
        _cli("ingest", str(seed), "--db", pg_url, "--index", str(tmp_path / "ingest.index"))
        + ["--no-progress", "--workers", "1"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    store = open_store(pg_url, readonly=True)
    refids = [row[0] for row in store.dump("cables")]
    store.close()
    assert len(refids) == SEED
    yield pg_url, refids


@pytest.fixture
def nodes(archive: tuple[str, list[str]], tmp_path: Path) -> Iterator[list[Node]]:
    """Two serve nodes, each building its own index by itself from nothing; the second runs two
    worker processes, which take turns on its index (one catches up, both reload)."""
    url, _ = archive
    started: list[Node] = []
    try:
        for n in range(2):
            port, index = _free_port(), tmp_path / f"node{n}.index"
            with (tmp_path / f"node{n}.log").open("wb") as log:  # the child keeps its own copy
                proc = subprocess.Popen(
                    _cli("serve", "--db", url, "--index", str(index), "--port", str(port))
                    + ["--workers", str(n + 1), "--no-access-log", "--log-level", "warning"],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            started.append(Node(port, index, proc))
        # starting is not what is measured: spawned workers on a busy machine take a while
        deadline = time.monotonic() + 90
        for n, node in enumerate(started):
            while node.total() != SEED:
                log = (tmp_path / f"node{n}.log").read_text()
                assert node.proc.poll() is None, log
                assert time.monotonic() < deadline, f"node {n} did not build its index: {log}"
                time.sleep(0.1)
        yield started
    finally:
        for node in started:
            os.killpg(node.proc.pid, signal.SIGTERM)
        for node in started:
            try:
                node.proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(node.proc.pid, signal.SIGKILL)
                node.proc.wait()


@dataclass
class Load:
    """Client threads asking both nodes for cable pages, search JSON and browse pages of the
    seeded cables, checking every answer; the errors are kept whole."""

    nodes: list[Node]
    refids: list[str]
    months: dict[str, str]  # refid -> its browse-by-month page
    answers: int = 0
    errors: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, worker: int) -> None:
        conns = [http.client.HTTPConnection("127.0.0.1", n.port, timeout=10) for n in self.nodes]
        i = worker
        while not self.stop.is_set():
            node = i % len(self.nodes)
            refid = self.refids[(i // 3) % len(self.refids)]
            kind = ("cable", "search", "browse")[i % 3]
            path = {
                "cable": f"/cable/{quote(refid)}",
                "search": f"/search.json?q={quote('refid:' + refid)}",
                "browse": self.months[refid] + "?per_page=500",
            }[kind]
            try:
                conns[node].request("GET", path)
                response = conns[node].getresponse()
                body = response.read()
                problem = self._check(kind, refid, response.status, body)
            except (OSError, http.client.HTTPException) as exc:
                conns[node].close()
                problem = f"{type(exc).__name__}: {exc}"
            with self._lock:
                self.answers += 1
                if problem:
                    self.errors.append(f"node {node} {path}: {problem}")
            i += 3
            time.sleep(0.005)
        for conn in conns:
            conn.close()

    @staticmethod
    def _check(kind: str, refid: str, status: int, body: bytes) -> str:
        if status != 200:
            return f"status {status}: {body[:200]!r}"
        if kind == "search":
            hits = [h["refid"] for h in json.loads(body)["hits"]]
            return "" if hits == [refid] else f"hits {hits}"
        return "" if refid.encode() in body else "the cable is not on the page"


@contextmanager
def _loading(load: Load, threads: int = 3) -> Iterator[Load]:
    """The load client running for the block."""
    started = [threading.Thread(target=load.run, args=(w,), daemon=True) for w in range(threads)]
    for t in started:
        t.start()
    try:
        yield load
    finally:
        load.stop.set()
        for t in started:
            t.join(30)


def _months(url: str, refids: list[str]) -> dict[str, str]:
    store = open_store(url, readonly=True)
    try:
        out = {}
        for refid in refids:
            got = store.get(refid, paragraphs=False)
            assert got is not None and got.cable.created
            out[refid] = browse_url("date", got.cable.created[:7])
        return out
    finally:
        store.close()


def _ingest(url: str, files: list[Path], index: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        _cli("ingest", *map(str, files), "--db", url, "--index", str(index))
        + ["--no-progress", "--workers", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _batches(tmp_path: Path) -> list[Path]:
    rest = records()[SEED:]
    size = -(-len(rest) // FILES)
    return [
        write_slice(rest[k : k + size], tmp_path / f"batch{k // size:02d}.csv")
        for k in range(0, len(rest), size)
    ]


def _count(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT count(*) FROM cables").fetchone()
        return int(row[0]) if row else 0


def _stored(url: str) -> list[str]:
    store = open_store(url, readonly=True)
    try:
        return sorted(row[0] for row in store.dump("cables"))
    finally:
        store.close()


def _wait_totals(nodes: list[Node], want: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while (totals := [n.total() for n in nodes]) != [want] * len(nodes):
        assert time.monotonic() < deadline, f"search totals {totals}, expected {want}"
        time.sleep(0.05)


def _lag(in_store: dict[int, float], reached: dict[int, float]) -> float:
    """The longest a count of cables was in the store before this node's search had as many."""
    worst = 0.0
    for count, stored_at in in_store.items():
        found = [t for total, t in reached.items() if total >= count]
        worst = max(worst, (min(found) if found else float("inf")) - stored_at)
    return worst


def test_two_nodes_follow_an_ingest_under_load(
    archive: tuple[str, list[str]], nodes: list[Node], tmp_path: Path
) -> None:
    url, seeded = archive
    total = len(records())
    import psycopg

    with _loading(Load(nodes, seeded, _months(url, seeded))) as load:
        started = time.monotonic()
        ingest = _ingest(url, _batches(tmp_path), tmp_path / "ingest.index")
        in_store: dict[int, float] = {}  # count of cables -> when the store first had it
        reached: list[dict[int, float]] = [{} for _ in nodes]  # search total -> when first seen
        with psycopg.connect(url, autocommit=True) as conn:
            while time.monotonic() < started + 120:  # a limit for a starved machine, not a bound
                row = conn.execute("SELECT count(*) FROM cables").fetchone()
                in_store.setdefault(int(row[0]) if row else 0, time.monotonic())
                totals = [n.total() for n in nodes]
                for seen, got in zip(reached, totals, strict=True):
                    seen.setdefault(got, time.monotonic())
                if ingest.poll() is not None and totals == [total] * len(nodes):
                    break
                time.sleep(0.05)
    _, err = ingest.communicate(timeout=60)
    assert ingest.returncode == 0, err.decode()
    assert [n.total() for n in nodes] == [total] * len(nodes), "the nodes did not catch up"
    assert load.errors == [], f"{len(load.errors)} of {load.answers}: {load.errors[:10]}"
    assert load.answers > 200  # the load ran throughout
    assert len([c for c in in_store if SEED < c < total]) >= 2  # several commits, followed
    stored = _stored(url)
    assert len(stored) == total
    for node in nodes:
        assert sorted(node.searched()) == stored  # every cable once on every node
    lags = [_lag(in_store, seen) for seen in reached]
    print(
        f"\nnodes searched every commit within {max(lags):.2f} s (per node: "
        + ", ".join(f"{x:.2f}" for x in lags)
        + f"); {load.answers} answers checked, {len(in_store)} store counts seen,"
        f" ingest {time.monotonic() - started:.1f} s"
    )
    assert max(lags) < BOUND_SECONDS


def test_an_ingest_killed_mid_run_then_rerun_leaves_every_cable_once(
    archive: tuple[str, list[str]], nodes: list[Node], tmp_path: Path
) -> None:
    url, seeded = archive
    total = len(records())
    files = _batches(tmp_path)
    with _loading(Load(nodes, seeded, _months(url, seeded))) as load:
        ingest = _ingest(url, files, tmp_path / "ingest.index")
        deadline = time.monotonic() + 60
        while (count := _count(url)) <= SEED and ingest.poll() is None:
            assert time.monotonic() < deadline, "the ingest wrote nothing"
            time.sleep(0.01)
        assert ingest.poll() is None, "the ingest finished before it could be killed"
        os.killpg(ingest.pid, signal.SIGKILL)
        ingest.communicate(timeout=30)
        killed_at = _count(url)
        assert SEED < count <= killed_at < total
        _wait_totals(nodes, killed_at, BOUND_SECONDS)  # the nodes follow what was committed
        answered = load.answers
        rerun = _ingest(url, files, tmp_path / "ingest.index")
        _, err = rerun.communicate(timeout=120)
        assert rerun.returncode == 0, err.decode()
        _wait_totals(nodes, total, BOUND_SECONDS)
        assert load.answers > answered  # the nodes answered after the kill
    assert load.errors == [], f"{len(load.errors)} of {load.answers}: {load.errors[:10]}"
    stored = _stored(url)
    assert len(stored) == len(set(stored)) == total
    for node in nodes:
        assert sorted(node.searched()) == stored
    index = SearchIndex.open(tmp_path / "ingest.index")  # the killed ingest's own index too
    try:
        found = index.search("*", per_page=MAX_PER_PAGE, facets=False, snippets=False)
        assert sorted(h.refid for h in found.hits) == stored
    finally:
        index.close()
