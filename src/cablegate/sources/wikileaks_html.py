"""Stream WikiLeaks cable pages (raw bytes) from a file, a directory tree or an archive.

Archives are read member by member (tar in streaming mode ``r|*``), never unpacked to disk nor
loaded whole: the full site is some 250,000 pages and several GB. Decoding and parsing are the
caller's job (``decode_page``, then ``cablegate.parse.page.read_page``).
"""

from __future__ import annotations

import lzma
import os
import tarfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from cablegate.errors import SourceError

PAGE_SUFFIXES = (".html", ".htm")
TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tbz")
SEVENZIP_BATCH = 256  # members decompressed per py7zr call: bounds memory for .7z archives


def iter_pages(path: str | os.PathLike[str]) -> Iterator[tuple[str, bytes]]:
    """Yield ``(location, raw bytes)`` for every cable page under ``path``.

    ``location`` is the file path, or ``archive-name:member/path`` inside an archive
    (``pages.tar.xz:cable/2007/02/07LIMA487.html``). Raises SourceError when ``path`` cannot
    be read at all, or when an archive turns out to be corrupt part way.
    """
    p = Path(path)
    if p.is_dir():
        yield from _iter_dir(p)
    elif not p.exists():
        raise SourceError(f"{p}: no such file or directory")
    elif _is_7z(p):
        yield from _iter_7z(p)
    elif _is_tar(p):
        yield from _iter_tar(p)
    else:
        yield str(p), _read_file(p)


def decode_page(data: bytes) -> tuple[str, list[str]]:
    """Text of a page: UTF-8 when it is, else cp1252 (latin-1 for its gaps), with a problem."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        bad = exc.start
    # Mostly UTF-8 with a few broken bytes (a truncated download, a bad copy): keep UTF-8.
    replaced = data.decode("utf-8", errors="replace")
    if _looks_utf8(data, replaced):
        text, encoding = replaced, "utf-8"
    else:
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = data.decode("latin-1"), "latin-1"
    return text, [f"page: bytes not valid UTF-8 from offset {bad} (read as {encoding})"]


def _looks_utf8(data: bytes, replaced: str) -> bool:
    multibyte = sum(1 for c in replaced if "\x80" <= c != "\ufffd")
    return multibyte > replaced.count("\ufffd")


def _is_tar(p: Path) -> bool:
    name = p.name.lower()
    if name.endswith(TAR_SUFFIXES):
        return True
    if name.endswith(PAGE_SUFFIXES):
        return False
    try:
        return tarfile.is_tarfile(p)
    except OSError as exc:
        raise SourceError(f"{p}: cannot read: {exc}") from exc


def _is_7z(p: Path) -> bool:
    return p.name.lower().endswith(".7z")


def _is_page_name(name: str) -> bool:
    return name.lower().endswith(PAGE_SUFFIXES)


def _read_file(p: Path) -> bytes:
    try:
        return p.read_bytes()
    except OSError as exc:
        raise SourceError(f"{p}: cannot read: {exc}") from exc


def _iter_dir(folder: Path) -> Iterator[tuple[str, bytes]]:
    """Files and subfolders interleaved by name, so the whole tree comes in path order."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        raise SourceError(f"{folder}: cannot read: {exc}") from exc
    for entry in entries:
        if entry.is_dir():
            yield from _iter_dir(Path(entry.path))
        elif _is_page_name(entry.name):
            yield entry.path, _read_file(Path(entry.path))


def _iter_tar(p: Path) -> Iterator[tuple[str, bytes]]:
    count = 0
    try:
        with tarfile.open(p, mode="r|*") as tar:
            for member in tar:
                if member.isfile() and _is_page_name(member.name):
                    f = tar.extractfile(member)
                    if f is not None:
                        data = f.read()
                        count += 1
                        yield f"{p.name}:{member.name}", data
                _forget_members(tar)
    except (tarfile.TarError, EOFError, OSError, ValueError, lzma.LZMAError, zlib.error) as exc:
        where = f"after {count} pages" if count else "at the start"
        raise SourceError(f"{p}: cannot read archive {where}: {exc}") from exc


def _forget_members(tar: tarfile.TarFile) -> None:
    """A streaming TarFile keeps every member header it has read: drop them as we go."""
    members = getattr(tar, "members", None)
    if isinstance(members, list):
        members.clear()


def _iter_7z(p: Path) -> Iterator[tuple[str, bytes]]:
    try:
        import py7zr  # optional, never a dependency
    except ImportError:
        raise SourceError(
            f"{p}: reading .7z archives needs the optional package py7zr "
            "(pip install py7zr), or unpack the archive and pass the directory"
        ) from None
    try:
        with py7zr.SevenZipFile(p, mode="r") as archive:
            names = sorted(n for n in archive.getnames() if _is_page_name(n))
        for i in range(0, len(names), SEVENZIP_BATCH):
            batch = names[i : i + SEVENZIP_BATCH]
            with py7zr.SevenZipFile(p, mode="r") as archive:
                found = archive.read(targets=batch) or {}
            for name in batch:
                if name in found:
                    yield f"{p.name}:{name}", found[name].read()
    except Exception as exc:  # py7zr's own errors differ between versions
        raise SourceError(f"{p}: cannot read archive: {exc}") from exc
