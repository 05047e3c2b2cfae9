"""The writer: deterministic files, a summary that tells the truth, encodings that read back."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import numpy as np
import pytest

from cablegate.staticsearch import write_index
from cablegate.staticsearch.encoding import TOP, postings, varints
from cablegate.staticsearch.writer import ASSETS
from tests.staticsearch.conftest import SampleIndex


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(f.relative_to(root)): f.read_bytes() for f in sorted(root.rglob("*")) if f.is_file()
    }


def test_same_archive_same_bytes(sample_index: SampleIndex, tmp_path: Path) -> None:
    """Two builds (other processes, other hash seeds, one worker or two) rsync equal."""
    cables = sample_index.cables[:120]
    one = write_index(cables, tmp_path / "one", workers=1)
    two = write_index(cables, tmp_path / "two", workers=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two")
    on_disk = _files(tmp_path / "one")
    assert (one.files, one.bytes) == (len(on_disk), sum(map(len, on_disk.values())))
    assert one.docs == 120 and one.terms == two.terms > 1000


def test_rebuild_keeps_other_files(sample_index: SampleIndex, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("not the index's")
    write_index(sample_index.cables[:10], tmp_path)
    write_index(sample_index.cables[:5], tmp_path)
    assert (tmp_path / "keep.txt").read_text() == "not the index's"
    assert len(list((tmp_path / "d").rglob("*.z"))) == 5


def _unvarints(data: bytes) -> list[int]:
    out, n, shift = [], 0, 0
    for b in data:
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            out.append(n)
            n, shift = 0, 0
    return out


@pytest.mark.parametrize(
    "values",
    [
        [0],
        [127, 128, 16383, 16384],
        list(range(0, 3_000_000, 997)),
        [2**35 + i for i in range(40)] + [2**62],
    ],
)
def test_varints_read_back(values: list[int]) -> None:
    assert _unvarints(varints(np.array(values, dtype=np.int64))) == values


@pytest.mark.parametrize(
    ("df", "kind"), [(5, None), (TOP + 1, 0), (5_000, 1)], ids=["rare", "gaps", "bitset"]
)
def test_postings_choose_the_smaller_set(df: int, kind: int | None) -> None:
    n_docs = 10_000
    docs = np.sort(np.random.default_rng(df).choice(n_docs, df, replace=False)).astype(np.int64)
    imp = (docs % 255 + 1).astype(np.int64)
    blob = postings(docs, imp, n_docs)
    head = _unvarints(blob[:8])
    assert head[0] == df and head[1] == min(df, TOP)
    if kind == 1:
        assert len(blob) < n_docs // 8 + 3 * TOP
    assert zlib.decompress(zlib.compress(blob)) == blob


def test_page_loads_one_script_and_names_its_first_files(sample_index: SampleIndex) -> None:
    """index.html loads page.js, every module of the reader in one file (an import is one more
    round trip before a search can start), and asks for the index's first files at once."""
    html = (sample_index.path / "index.html").read_text("utf-8")
    assert re.findall(r'<script[^>]* src="([^"]+)"', html) == ["page.js"]
    assert "modulepreload" not in html
    preloaded = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin>', html)
    assert preloaded == ["meta.json", "tokenizer.json", "big.z"]
    assert sorted(p.name for p in sample_index.path.glob("*.js")) == ["page.js"]
    assert set(ASSETS) == {"index.html", "page.js"}
