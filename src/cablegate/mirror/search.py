"""The mirror's in-browser search: the static index (``cablegate.staticsearch``) under ``search/``.

The index is one whole made from every cable, so it has one key: the (refid, digest) of every
cable, with a digest of the code that writes it. A run whose key matches the manifest's keeps
the index without building it; any other run builds it in a scratch folder of the tree and
moves each file into place through ``Tree.move`` (a file whose bytes did not change is not
touched, and files no longer produced go the way of any other page's). The reader's scripts are written
on every run, like the fixed pages; ``search/index.html`` is the live search page's template,
rendered by :meth:`cablegate.mirror.pages.Renderer.search_page`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from cablegate.mirror.tree import KEY, Tree
from cablegate.staticsearch import write_index
from cablegate.staticsearch.bundle import page_script
from cablegate.staticsearch.writer import ASSETS
from cablegate.store.base import Store
from cablegate.store.inputs import CableInputs

FOLDER = "search"
SCRIPT = "page.js"  # the page's script, beside it: every module of the reader (bundle.py)
# what the page loads before it can search: the reader's modules (a chain of imports, loaded one
# level at a time unless named up front) and the index's first files
MODULES: tuple[str, ...] = ()  # none to name: the one script holds them
FIRST_FILES = ("meta.json", "tokenizer.json", "big.z")
MARK = f"{FOLDER}/meta.json"  # written by every build: its key is the index's
SCRATCH = ".cablegate-search"  # built here: on the tree's disk (a system /tmp may be memory)
FORMAT = "search-1"  # bump when the mirror lays the index out differently


@cache
def code_key() -> str:
    """A digest of the writer's modules and tokenizer spec and of the package version: a new
    writer rebuilds the index; a change of the reader's scripts only rewrites them."""
    from cablegate import __version__

    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"{FORMAT}|{__version__}".encode())
    package = resources.files("cablegate.staticsearch")
    for item in sorted(package.iterdir(), key=lambda i: i.name):
        if item.is_file() and item.name.endswith((".py", ".json")):
            digest.update(item.name.encode() + b"\x1f" + item.read_bytes())
    return digest.hexdigest()


def index_key(inputs: list[CableInputs]) -> str:
    """The key of the index of the cables ``inputs`` describes (in any order)."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(code_key().encode())
    for refid, cable_digest in sorted((c.refid, c.digest) for c in inputs):
        digest.update(f"\x1e{refid}\x1f{cable_digest}".encode())
    return digest.hexdigest()


def build(
    store: Store, tree: Tree, inputs: list[CableInputs], *, workers: int = 1
) -> dict[str, float] | None:
    """Bring ``search/`` up to date: the index (when its key changed) and the reader's scripts.
    The seconds of each step of the build (map, merge, finish, move), or None when the index
    in the tree was kept."""
    key = index_key(inputs)
    phases = None if _keep(tree, key) else _write(store, tree, key, workers)
    for name, data in _assets():
        tree.write(f"{FOLDER}/{name}", data)
    return phases


def _keep(tree: Tree, key: str) -> bool:
    """The tree holds the index of ``key``, every file of it: mark them kept. The files a build
    of ``key`` wrote are the manifest's files under ``search/`` with that key."""
    mark = tree.old.get(MARK)
    if mark is None or mark[KEY] != key:
        return False
    here = f"{FOLDER}/"
    files = [(rel, key) for rel, e in tree.old.items() if e[KEY] == key and rel.startswith(here)]
    return tree.all_fresh(files)


def _write(store: Store, tree: Tree, key: str, workers: int) -> dict[str, float]:
    scratch = tree.root / SCRATCH
    shutil.rmtree(scratch, ignore_errors=True)  # left by a run that was killed
    try:
        summary = write_index(store.iter_encoded(), scratch, workers=workers)
        started = time.perf_counter()
        # the assets are written by build() on every run, from the package
        moves = [(f"{FOLDER}/{rel}", path) for rel, path in _files(scratch) if rel not in ASSETS]
        tree.move(moves, key)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return {**summary.phases, "move": time.perf_counter() - started}


def _files(folder: Path) -> list[tuple[str, str]]:
    """Every file under ``folder``: its path relative to it (POSIX) and its own, sorted."""
    out: list[tuple[str, str]] = []
    for here, _dirs, names in os.walk(folder):
        rel = os.path.relpath(here, folder).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        out.extend((prefix + name, os.path.join(here, name)) for name in names)
    return sorted(out)


def _assets() -> Iterator[tuple[str, bytes]]:
    """The reader's script (the package's own ``index.html`` is replaced by the site's page)."""
    yield SCRIPT, page_script()
