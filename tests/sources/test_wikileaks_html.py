"""Streaming cable pages from a file, a directory tree and tar archives; decoding bytes."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from cablegate.errors import SourceError
from cablegate.parse.page import read_page
from cablegate.sources.wikileaks_html import decode_page, iter_pages
from tests.peer import CORPUS

HTML = CORPUS / "html"
pytestmark = pytest.mark.skipif(not HTML.is_dir(), reason=f"no cable pages at {HTML}")

PAGES = [
    "2011-04-25/cable/2008/02/08KINSHASA189.html",
    "2010-11-29/cable/2009/02/09ABUDHABI192.html",
    "2011-09-final/cable/1972/02/72TEHRAN1164.html",
]


def _tree(tmp_path: Path) -> Path:
    """A small site copy: pages in cable/YYYY/MM/, plus files that are not pages."""
    root = tmp_path / "site"
    for rel in PAGES:
        dest = root / rel.split("/", 1)[1]
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes((HTML / rel).read_bytes())
    (root / "static.css").write_text("body {}")
    (root / "cable" / "notes.txt").write_text("not a page")
    (root / "cable" / "old.HTM").write_bytes((HTML / PAGES[0]).read_bytes())
    return root


def test_single_file() -> None:
    path = HTML / PAGES[0]
    [(location, data)] = list(iter_pages(path))
    assert location == str(path) and data == path.read_bytes()


def test_directory_is_sorted_and_recursive(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    locations = [loc for loc, _ in iter_pages(root)]
    rel = [str(Path(loc).relative_to(root)) for loc in locations]
    assert rel == [
        "cable/1972/02/72TEHRAN1164.html",
        "cable/2008/02/08KINSHASA189.html",
        "cable/2009/02/09ABUDHABI192.html",
        "cable/old.HTM",
    ]


@pytest.mark.parametrize("suffix", ["tar", "tar.gz", "tar.xz", "tar.bz2"])
def test_tar_archives_stream_members(tmp_path: Path, suffix: str) -> None:
    root = _tree(tmp_path)
    mode = {"tar": "w", "tar.gz": "w:gz", "tar.xz": "w:xz", "tar.bz2": "w:bz2"}[suffix]
    archive = tmp_path / f"pages.{suffix}"
    with tarfile.open(archive, mode) as tar:
        tar.add(root / "cable", arcname="cable")
        tar.add(root / "static.css", arcname="static.css")
    got = dict(iter_pages(archive))
    assert sorted(got) == [
        f"pages.{suffix}:cable/1972/02/72TEHRAN1164.html",
        f"pages.{suffix}:cable/2008/02/08KINSHASA189.html",
        f"pages.{suffix}:cable/2009/02/09ABUDHABI192.html",
        f"pages.{suffix}:cable/old.HTM",
    ]
    data = got[f"pages.{suffix}:cable/2008/02/08KINSHASA189.html"]
    assert read_page(decode_page(data)[0]).refid == "08KINSHASA189"


def test_tar_without_a_known_suffix_is_recognised(tmp_path: Path) -> None:
    archive = tmp_path / "pages.bin"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(HTML / PAGES[1], arcname="cable/2009/02/09ABUDHABI192.html")
    assert [loc for loc, _ in iter_pages(archive)] == ["pages.bin:cable/2009/02/09ABUDHABI192.html"]


def test_corrupt_archive_is_a_source_error(tmp_path: Path) -> None:
    good = tmp_path / "good.tar.xz"
    with tarfile.open(good, "w:xz") as tar:
        for rel in PAGES:
            tar.add(HTML / rel, arcname=rel)
    blob = good.read_bytes()
    broken = tmp_path / "broken.tar.xz"
    broken.write_bytes(blob[: len(blob) // 2] + b"\x00garbage" * 50)
    with pytest.raises(SourceError, match="broken.tar.xz: cannot read archive"):
        list(iter_pages(broken))
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"this is not gzip at all")
    with pytest.raises(SourceError, match="at the start"):
        list(iter_pages(junk))


def test_missing_path_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        list(iter_pages(tmp_path / "nope.tar.xz"))


def test_7z_without_py7zr_says_so(tmp_path: Path) -> None:
    try:
        import py7zr  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        archive = tmp_path / "pages.7z"
        archive.write_bytes(b"7z\xbc\xaf\x27\x1c")
        with pytest.raises(SourceError, match="py7zr"):
            list(iter_pages(archive))
    else:
        pytest.skip("py7zr is installed")


def test_streams_without_loading_the_archive(tmp_path: Path) -> None:
    """The reader takes members one at a time: it can stop after the first page."""
    archive = tmp_path / "many.tar"
    page = (HTML / PAGES[0]).read_bytes()
    with tarfile.open(archive, "w") as tar:
        for i in range(50):
            info = tarfile.TarInfo(f"cable/{i:03d}.html")
            info.size = len(page)
            tar.addfile(info, io.BytesIO(page))
    pages = iter_pages(archive)
    first = next(pages)
    assert first[0] == "many.tar:cable/000.html"
    del pages  # closes the archive


@pytest.mark.parametrize(
    ("data", "text", "problem"),
    [
        pytest.param("¶1. (C) café".encode(), "¶1. (C) café", None, id="utf-8"),
        pytest.param(b"\xef\xbb\xbfabc", "abc", None, id="bom"),
        pytest.param(
            b"caf\xe9 \x93quoted\x94",
            "café “quoted”",
            "page: bytes not valid UTF-8 from offset 3 (read as cp1252)",
            id="cp1252",
        ),
        pytest.param(
            b"\x81\x8d",
            "\x81\x8d",
            "page: bytes not valid UTF-8 from offset 0 (read as latin-1)",
            id="latin-1",
        ),
        pytest.param(
            "¶1. ¶2. ¶3. x".encode() + b"\xff",
            "¶1. ¶2. ¶3. x\ufffd",
            "page: bytes not valid UTF-8 from offset 16 (read as utf-8)",
            id="utf-8-broken",
        ),
    ],
)
def test_decode_page(data: bytes, text: str, problem: str | None) -> None:
    got, problems = decode_page(data)
    assert got == text
    assert problems == ([problem] if problem else [])
