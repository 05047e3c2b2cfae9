"""The sample's static index, built once a session, and the JavaScript reader under node."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cablegate.model import Cable
from cablegate.staticsearch import write_index
from cablegate.store.sqlite import SqliteStore

ASSETS = Path(__file__).resolve().parents[2] / "src" / "cablegate" / "staticsearch" / "assets"
CLI = Path(__file__).with_name("reader_cli.mjs")
NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is missing: the JS reader is not tested")

HOSTILE = Cable(
    refid="08LIMA9999",
    created="2008-01-02T10:00",
    classification="SECRET",
    origin="Embassy Lima",
    subject='<script>alert("subject")</script> Xsstestword',
    tags=("PGOV", "PE"),
    body=(
        "1. (S) <script>alert('body')</script> The Xsstestword plan <img src=x onerror=alert(5)>"
        ' and <iframe src="https://evil.example/"></iframe> \u202eevil\u202c against Sendero.'
    ),
)


class Node:
    """One node process answering JSON requests a line at a time (see reader_cli.mjs)."""

    def __init__(self, index: Path | None, bundle: Path | None = None) -> None:
        assert NODE is not None
        args = [NODE, str(CLI), str(ASSETS), str(index) if index else "-"]
        args += [str(bundle)] if bundle else []
        self.proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
        )

    def ask(self, requests: list[dict[str, Any]]) -> list[dict[str, Any]]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write("".join(json.dumps(r) + "\n" for r in requests))
        self.proc.stdin.flush()
        return [json.loads(self.proc.stdout.readline()) for _ in requests]

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=10)
        if self.proc.stdout:
            self.proc.stdout.close()


@dataclass(frozen=True)
class SampleIndex:
    path: Path
    cables: list[Cable]


@pytest.fixture(scope="session")
def sample_index(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> SampleIndex:
    store = SqliteStore.open(sample_db, readonly=True)
    cables = [row.cable() for row in store.iter_encoded()] + [HOSTILE]
    store.close()
    out = tmp_path_factory.mktemp("static") / "search"
    write_index(cables, out)
    return SampleIndex(out, cables)


def _reader_of(index: Path) -> Iterator[Node]:
    if NODE is None:
        pytest.skip("node is missing: the JS reader is not tested")
    node = Node(index)
    yield node
    node.close()


@pytest.fixture(scope="session")
def reader(sample_index: SampleIndex) -> Iterator[Node]:
    yield from _reader_of(sample_index.path)


# postings over this many bytes go to a file of their own in ``big_index``: the sample's common
# words do, as ~700 cables' words do at full scale (merge.INLINE)
SMALL_INLINE = 64


@pytest.fixture(scope="session")
def big_index(sample_index: SampleIndex, tmp_path_factory: pytest.TempPathFactory) -> SampleIndex:
    """The sample's index with its common terms in files of their own."""
    out = tmp_path_factory.mktemp("static-big") / "search"
    write_index(sample_index.cables, out, inline=SMALL_INLINE)
    return SampleIndex(out, sample_index.cables)


@pytest.fixture(scope="session")
def big_reader(big_index: SampleIndex) -> Iterator[Node]:
    yield from _reader_of(big_index.path)


@pytest.fixture(scope="session")
def js_tokenizer() -> Iterator[Node]:
    if NODE is None:
        pytest.skip("node is missing: the JS tokenizer is not tested")
    node = Node(None)
    yield node
    node.close()
