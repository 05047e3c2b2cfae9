"""The mirror's output folder: each file written whole or not at all, and a manifest.

A file is written under a temporary name in its own folder and renamed over the old one, so a
reader (a web server, rsync) never sees half a file, and a run killed or out of disk leaves every
file either old or new. The manifest lists every file with its SHA-256 and the key of what it was
made from: a later run skips a page whose key has not changed, and ``verify`` checks the tree.
The manifest itself is written last, the same way.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from os.path import isfile
from pathlib import Path

from cablegate.errors import CablegateError

MANIFEST = "cablegate-mirror.json"
BUILDING = ".cablegate-mirror-building"  # present while a run writes; left by a killed one
FORMAT = 1


class MirrorError(CablegateError):
    """The output folder cannot take the mirror (not a mirror, disk full, unreadable)."""


Entry = list[str]
"""One file of the tree: ``[sha256, key]``, its content hash and the key of the input it was
made from, as the manifest's JSON holds it (no object made for each of the three million
entries of a full-scale manifest: 5 s of a second run's read at full scale)."""
SHA, KEY = 0, 1


@dataclass(frozen=True, slots=True)
class Fault:
    """A file that does not match the manifest (``missing``, ``changed``) or is not in it."""

    path: str
    kind: str


@dataclass
class TreeCounts:
    written: int = 0
    unchanged: int = 0
    skipped: int = 0  # key unchanged: not even rendered
    removed: int = 0
    stale: int = 0  # no longer produced, kept because --delete was not given
    bytes_written: int = 0


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(root: Path) -> dict[str, Entry]:
    path = root / MANIFEST
    if not path.exists():
        return {}
    try:
        doc = json.loads(path.read_bytes())  # bytes: json decodes UTF-8 itself, at once
        files: dict[str, Entry] = doc["files"]
        if not isinstance(files, dict):
            raise TypeError("its files are not a mapping")
        # inline, not a call an entry: three million entries at full scale
        bad = next(
            (
                p
                for p, e in files.items()
                if type(e) is not list
                or len(e) != 2
                or type(e[0]) is not str
                or type(e[1]) is not str
            ),
            None,
        )
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise MirrorError(f"{path} is not a cablegate mirror manifest: {exc}") from None
    if bad is not None:
        raise MirrorError(
            f"{path} is not a cablegate mirror manifest: the entry of {bad!r} is not [sha256, key]"
        )
    return files


# folders that hold a file of every cable (its text, JSON and citations beside its folder)
_BIG_FOLDERS = frozenset({"cable"})
# files looked for in one folder before the folder is listed once instead of a stat a file:
# the old addresses of a month's cables (``cable/2007/02/``), a shard of the search index's
# rows (``search/d/12/``) hold a thousand files; a cable's own folder holds two or three
LIST_AFTER = 4


@dataclass
class Tree:
    """A mirror folder being (re)written. ``open`` refuses a folder that holds anything but a
    mirror unless ``force``."""

    root: Path
    old: dict[str, Entry]
    new: dict[str, Entry] = field(default_factory=dict)
    counts: TreeCounts = field(default_factory=TreeCounts)
    _big: dict[str, frozenset[str]] = field(default_factory=dict)  # the listed folders' files
    _asked: dict[str, int] = field(default_factory=dict)  # files looked for, by folder
    # the manifest's ctime (ns), and per folder whether its ctime is older (``_unchanged``)
    _stamp: int | None = None
    _settled: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path, *, force: bool = False) -> Tree:
        root = Path(root)
        if root.exists() and not root.is_dir():
            raise MirrorError(f"{root} is a file, not a folder")
        if root.exists() and not _is_mirror(root) and any(root.iterdir()) and not force:
            raise MirrorError(
                f"{root} holds files but no {MANIFEST}: it is not a mirror of this archive; "
                "choose an empty folder, or pass --force to write into it anyway"
            )
        root.mkdir(parents=True, exist_ok=True)
        if (root / BUILDING).exists():
            _sweep(root)  # a run was killed: its temporary files are of no use
        try:
            (root / BUILDING).touch()
        except OSError as exc:
            raise MirrorError(f"cannot write in {root}: {exc.strerror or exc}") from None
        old = read_manifest(root)
        stamp = os.stat(root / MANIFEST).st_ctime_ns if old else None
        return cls(root, old, _stamp=stamp)

    def fresh(self, rel: str, key: str) -> bool:
        """The file ``rel`` exists and was made from ``key``: keep it without rendering."""
        return self.all_fresh([(rel, key)])

    def all_fresh(self, files: Iterable[tuple[str, str]]) -> bool:
        """Every file (path, key) of a job exists and was made from its key: all are kept
        without rendering. If one is not, none is kept: the job renders them all."""
        kept = []
        for rel, key in files:
            entry = self.old.get(rel)
            if entry is None or not key or entry[KEY] != key or not self._there(rel):
                return False
            kept.append((rel, entry))
        self.new.update(kept)
        self.counts.skipped += len(kept)
        return True

    def _there(self, rel: str) -> bool:
        """The file ``rel``, which the manifest lists, is in the tree. A folder whose entries
        have not changed since the manifest was written holds every file the manifest lists in
        it (``_unchanged``: one ``stat`` a folder). In any other folder, one that holds many of a
        run's files (``cable/`` holds six a cable; any folder asked about more than ``LIST_AFTER``
        times) is listed once instead of a ``stat`` a file: a second run looks at three million
        files. Asked before this run writes (the plan, the search index's check): a write
        forgets the listings."""
        folder, _, name = rel.rpartition("/")
        if self._unchanged(folder):
            return True
        big = self._big.get(folder)
        if big is not None:
            return name in big
        asked = self._asked.get(folder, 0)
        if folder in _BIG_FOLDERS or asked >= LIST_AFTER:
            try:
                listed = frozenset(
                    e.name for e in os.scandir(f"{self.root}/{folder}") if e.is_file()
                )
            except OSError:
                listed = frozenset()
            self._big[folder] = listed
            return name in listed
        self._asked[folder] = asked + 1
        return isfile(f"{self.root}/{rel}")

    def _unchanged(self, folder: str) -> bool:
        """No entry of ``folder`` was added, removed or renamed since the manifest was last
        written: its ctime, which every such change moves (and which, unlike its mtime, no
        ``touch`` or ``rsync`` can set back), is older than the manifest's. The manifest is
        written after every file of its run, so a file deleted by hand since makes its folder
        newer. One file deleted while a run was writing, before its manifest, goes unseen
        here: ``--verify`` finds it."""
        if self._stamp is None:
            return False
        settled = self._settled.get(folder)
        if settled is None:
            try:
                settled = os.stat(f"{self.root}/{folder}").st_ctime_ns < self._stamp
            except OSError:
                settled = False
            self._settled[folder] = settled
        return settled

    def write(self, rel: str, data: bytes, key: str = "") -> None:
        """Write ``data`` at ``rel`` (a relative POSIX path) unless the same bytes are there."""
        sha, written = put(self.root, rel, data, self.old.get(rel))
        self.record(rel, sha, key, written)

    def move(self, files: Iterable[tuple[str, str]], key: str = "") -> None:
        """Put each file ``(rel, source)`` (``source`` a path on the tree's disk) at ``rel`` by
        renaming it, unless the same bytes are there: the search index's 335,000 files are
        built in a scratch folder, and copying then deleting them took longer than building
        them. One file after another: on four threads, 60,000 files took 6.6-6.9 s against
        5.5-5.8 s (the renames into the same folders queue in the kernel)."""
        for rel, source in files:
            sha, written = _place(self.root, rel, source, self.old.get(rel))
            self.record(rel, sha, key, written)

    def record(self, rel: str, sha: str, key: str, written: int | None) -> None:
        """Note a file :func:`put` handled (``written`` is None when it was already there)."""
        if self._big:
            self._big.clear()
            self._asked.clear()
        self.new[rel] = [sha, key]
        if written is None:
            self.counts.unchanged += 1
        else:
            self.counts.written += 1
            self.counts.bytes_written += written

    def finish(self, *, delete: bool = False, keep_unvisited: bool = False) -> TreeCounts:
        """Remove what is no longer produced (only with ``delete``), then write the manifest.
        ``keep_unvisited``: this run looked at part of the archive only (``--since``), so a
        file it did not produce is kept and listed as it was."""
        for rel in sorted(rel for rel in self.old if rel not in self.new):
            if keep_unvisited:
                self.new[rel] = self.old[rel]
            elif not delete:
                self.new[rel] = self.old[rel]  # still listed: the tree and manifest agree
                self.counts.stale += 1
            else:
                _remove(self.root, rel)
                self.counts.removed += 1
        if self.new != self.old or not (self.root / MANIFEST).is_file():
            # the same entries make the same bytes: a run that changed nothing leaves the
            # manifest as it is (sorting and writing 1.16 million entries takes ~10 s)
            doc = {"format": FORMAT, "files": dict(sorted(self.new.items()))}
            text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
            _write_whole(self.root / MANIFEST, text.encode())
        (self.root / BUILDING).unlink(missing_ok=True)
        return self.counts


def put(root: Path | str, rel: str, data: bytes, old: Entry | None) -> tuple[str, int | None]:
    """Write ``data`` whole at ``root/rel`` unless ``old`` says the same bytes are there;
    the SHA-256 and the bytes written (None: left as it was). Safe from any process.
    (Plain strings and ``os`` calls: eleven files a cable, and ``pathlib`` doubled the cost.)"""
    sha = _sha(data)
    target = f"{root}/{rel}"
    if _unchanged(target, sha, old):
        return sha, None
    _write_whole(target, data)
    return sha, len(data)


def _place(root: Path, rel: str, source: str, old: Entry | None) -> tuple[str, int | None]:
    """Rename ``source`` to ``root/rel`` unless ``old`` says its bytes are there; as ``put``."""
    with open(source, "rb") as f:
        data = f.read()
    sha = _sha(data)
    target = f"{root}/{rel}"
    if _unchanged(target, sha, old):
        return sha, None
    try:
        _in_folder(target, lambda: os.replace(source, target))
    except OSError as exc:
        raise MirrorError(f"cannot write {target}: {exc.strerror or exc}") from None
    return sha, len(data)


def _remove(root: Path, rel: str) -> None:
    """Remove a file and the folders it leaves empty (``cable/X/`` of a deleted cable)."""
    path = root / rel
    path.unlink(missing_ok=True)
    for parent in path.parents:
        if parent == root or root not in parent.parents:
            break
        try:
            parent.rmdir()
        except OSError:
            break


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _write(path: str, data: bytes) -> None:
    fd = os.open(path, _CREATE, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _unchanged(target: Path | str, sha: str, old: Entry | None) -> bool:
    """The manifest says ``target`` holds these bytes, and it is there."""
    return old is not None and old[SHA] == sha and isfile(target)


def _in_folder(target: Path | str, step: Callable[[], object]) -> None:
    """``step`` (which makes a file at or beside ``target``), run again after making the
    folder when that folder is new (the first file of cable/X/)."""
    try:
        step()
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        step()


def _write_whole(target: Path | str, data: bytes) -> None:
    folder, _, name = str(target).rpartition("/")
    tmp = f"{folder}/.{name}.{os.getpid()}.tmp"
    try:
        _in_folder(target, lambda: _write(tmp, data))
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):  # gone already, or its folder never was
            os.unlink(tmp)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise MirrorError(
                f"the disk is full writing {target}: every file of the tree is whole (old or "
                "new); free space and run the mirror again"
            ) from None
        raise MirrorError(f"cannot write {target}: {exc.strerror or exc}") from None


def _is_mirror(root: Path) -> bool:
    """A manifest, or the mark of a first run that was killed before writing one."""
    return (root / MANIFEST).exists() or (root / BUILDING).exists()


def _sweep(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                Path(folder, name).unlink(missing_ok=True)


def verify(root: Path) -> list[Fault]:
    """Every file of the manifest is there with its hash, and nothing else is (but the manifest)."""
    root = Path(root)
    entries = read_manifest(root)
    if not entries:
        raise MirrorError(f"{root} has no {MANIFEST}: not a cablegate mirror")
    faults: list[Fault] = []
    for rel, entry in sorted(entries.items()):
        path = root / rel
        if not path.is_file():
            faults.append(Fault(rel, "missing"))
        elif _sha(path.read_bytes()) != entry[SHA]:
            faults.append(Fault(rel, "changed"))
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in (MANIFEST, BUILDING) and rel not in entries:
            faults.append(Fault(rel, "not in the manifest"))
    return faults
