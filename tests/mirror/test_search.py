"""The mirror's search index (``cablegate.mirror.search``): in the manifest with the archive's key,
kept by a run with nothing changed, rebuilt (rewriting only changed bytes) when it must be,
files no longer produced handled as the tree handles any page, hostile text kept as data."""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import replace
from pathlib import Path

from cablegate.mirror.search import MARK, SCRATCH, index_key
from cablegate.mirror.tree import MANIFEST, _sha
from cablegate.staticsearch.writer import ASSETS
from cablegate.store.sqlite import SqliteStore
from tests.mirror.conftest import mirror, summary
from tests.mirror.test_build import manifest
from tests.web.conftest import HOSTILE, SEED

SCRIPTS = [f"search/{name}" for name in ASSETS if name.endswith(".js")]  # page.js: all of it
INDEX = [
    "search/meta.json",
    "search/tokenizer.json",
    "search/big.z",
    "search/f/profile.z",
    "search/f/tags.z",
    "search/labels.z",
]


def _key(db: Path) -> str:
    store = SqliteStore.open(db, readonly=True)
    try:
        return index_key(store.cable_inputs())
    finally:
        store.close()


def test_the_index_and_its_reader_are_in_the_manifest(site: Path, web_db: Path) -> None:
    files = manifest(site)
    key = _key(web_db)
    index = {rel for rel, (_sha256, k) in files.items() if k == key}
    assert set(INDEX) <= index
    assert any(rel.startswith("search/d/") for rel in index)
    assert any(rel.startswith("search/s/") for rel in index)
    assert all(rel.startswith("search/") for rel in index)
    assert "search/index.html" not in index  # the site's page, not the package's
    for rel in SCRIPTS + ["search/index.html"]:
        assert rel in files and files[rel][1] == "", rel  # written every run, like fixed pages
    meta = json.loads((site / MARK).read_text())
    assert meta["docs"] == len(list(site.glob("cable/*/index.html")))
    assert not (site / SCRATCH).exists()


def test_the_search_page_points_at_the_reader_and_the_cable_pages(site: Path) -> None:
    page = (site / "search/index.html").read_text()
    assert '<script type="module" src="page.js"></script>' in page
    assert 'data-cable-url="../cable/{refid}/"' in page
    assert (site / "search" / f"../cable/{SEED}/index.html").is_file()
    assert "needs JavaScript" in page and 'href="../tags/"' in page
    assert 'id="sort"' not in page  # the static index ranks by relevance only
    loaded = re.findall(r'<(?:script|link)[^>]* (?:src|href)="([^"]+)"', page)
    assert loaded and not [u for u in loaded if u.startswith(("http:", "https:", "//"))]
    # one script, every module of the reader in it (no import to wait for), and the index's
    # first files asked for with the page, in its <head>, not once the script has run
    head = page[: page.index("</head>")]
    assert SCRIPTS == ["search/page.js"] and "modulepreload" not in head
    script = (site / "search/page.js").read_text()
    assert "\nimport " not in script and "__search = (() =>" in script
    for name in ("meta.json", "tokenizer.json", "big.z"):
        assert f'<link rel="preload" href="{name}" as="fetch" crossorigin>' in head


def test_the_key_is_the_archives_content(web_db: Path) -> None:
    store = SqliteStore.open(web_db, readonly=True)
    inputs = store.cable_inputs()
    store.close()
    key = index_key(inputs)
    assert index_key(list(reversed(inputs))) == key  # order is no content
    changed = [replace(inputs[0], digest=inputs[0].digest + "x"), *inputs[1:]]
    assert index_key(changed) != key
    assert index_key(inputs[1:]) != key


def _plant_past_index_file(root: Path) -> Path:
    """A result file of a past, bigger archive, listed in the manifest as that run left it."""
    gone = root / "search/d/9/9999.z"
    gone.parent.mkdir(parents=True)
    gone.write_bytes(zlib.compress(b'{"refid":"99GONE1"}'))
    doc = json.loads((root / MANIFEST).read_text())
    doc["files"]["search/d/9/9999.z"] = [_sha(gone.read_bytes()), "an-older-index"]
    (root / MANIFEST).write_text(json.dumps(doc))
    return gone


def test_a_rebuild_rewrites_only_changed_bytes_and_stale_files_go_with_delete(
    copy: Path, web_db: Path
) -> None:
    """A file of the index missing: the index is built again, and only that file is written
    (the rest are the same bytes, left untouched); a file no longer produced is kept and
    listed (stale) unless --delete, as any page of the tree."""
    gone = _plant_past_index_file(copy)
    # deleted after the manifest was last written, as by hand between two runs (a folder
    # changed before it is trusted to hold what the manifest lists: tree.Tree._unchanged)
    victim = sorted(copy.glob("search/d/0/*.z"))[3]
    victim.unlink()
    untouched = copy / "search/f/tags.z"
    mtime = untouched.stat().st_mtime_ns
    code, output = mirror(str(copy), "--db", str(web_db), "--jobs", "1", "--no-progress")
    assert code == 0, output
    s = summary(output)
    assert s["search"] == "built" and s["written"] == 1 and s["stale"] == 1
    assert s["unchanged"] > len(INDEX)
    assert victim.is_file() and untouched.stat().st_mtime_ns == mtime and gone.exists()
    assert mirror("--verify", str(copy))[0] == 0
    assert not (copy / SCRATCH).exists()
    code, output = mirror(str(copy), "--db", str(web_db), "--jobs", "1", "--delete")
    assert code == 0, output
    s = summary(output)
    assert s["search"] == "kept" and s["removed"] == 1 and s["written"] == 0
    assert not gone.parent.exists()
    assert mirror("--verify", str(copy))[0] == 0


def test_hostile_text_is_data_in_the_index(site: Path) -> None:
    rows = [json.loads(zlib.decompress(p.read_bytes())) for p in site.glob("search/d/*/*.z")]
    (row,) = [r for r in rows if r["refid"] == HOSTILE]
    assert '<script>alert("subject")</script>' in row["subject"]  # kept exactly, as data
    assert "\u202e" in row["text"]  # the reader strips bidi controls when it shows a snippet
    for path in site.glob("search/*.html"):
        assert "alert(" not in path.read_text(), path
