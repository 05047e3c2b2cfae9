"""The mirror as a tree on disk: the same archive gives the same bytes, a second run renders
nothing, ``--verify`` finds changed and missing files, ``--delete``, a folder that is not a
mirror, a disk that fills mid-run, ``--since``, hostile text."""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

import pytest

from cablegate.mirror.tree import BUILDING, MANIFEST, MirrorError, Tree
from tests.mirror.conftest import mirror, summary
from tests.web.conftest import HOSTILE, MARKUP, SEED


def manifest(root: Path) -> dict[str, list[str]]:
    return dict(json.loads((root / MANIFEST).read_text())["files"])


def test_the_tree_holds_every_kind_of_page(site: Path) -> None:
    files = manifest(site)
    for path in [
        "index.html", "index.json", "404.html", "search/index.html", "help/index.html",
        "help/faq/index.html", "api/index.html", "api/openapi.json", "static/style.css",
        f"cable/{SEED}/index.html", f"cable/{SEED}.json", f"cable/{SEED}.txt",
        f"cable/2007/02/{SEED}.html", "dates/index.html", "dates.json", "releases/index.html",
        "origins/index.html", "tags/index.html", "classifications/index.html",
        "countries/index.html", "tag/PGOV/index.html", "tag/PGOV.json", "tag/PGOV/page/2/index.html",
        "tag/PGOV/page/2.json", "tag/PGOV_0.html", "tag/PGOV_1.html", "date/2007-02/index.html",
        "date/2007-02_0.html", "released/2011-08-30/index.html", "reldate/2011-08-30_0.html",
        "origin/embassy-lima/index.html", "classification/secret/index.html",
        "classification/3_0.html", "country/pe/index.html", "year/2007/index.html",
        "static/html/faq.html", "tag/PGOV.atom", f"cable/{SEED}/cited-by.atom",
        f"cable/{SEED}.bib", f"cable/{SEED}.ris", f"cable/{SEED}.csl.json", "opensearch.xml",
        "releases.atom", "changes.atom",
    ]:  # fmt: skip
        assert path in files, path
        assert (site / path).is_file(), path
    assert not (site / BUILDING).exists()


def test_pages_hold_no_timestamp_or_request_host(site: Path) -> None:
    for path in ["index.html", f"cable/{SEED}/index.html", f"cable/{SEED}.json", "tags/index.html"]:
        text = (site / path).read_text()
        assert "mirror.invalid" not in text and "testserver" not in text, path
        assert " ms)" not in text, path


def test_a_second_run_renders_nothing_and_changes_no_byte(site: Path, web_db: Path) -> None:
    before = (site / MANIFEST).read_bytes()
    code, output = mirror(str(site), "--db", str(web_db), "--jobs", "1", "--no-progress")
    assert code == 0, output
    s = summary(output)
    assert s["written"] == 0 and s["removed"] == 0
    assert s["skipped"] > 3000  # cables, lists, pointers and the search index: not even rendered
    assert s["search"] == "kept"
    assert (site / MANIFEST).read_bytes() == before


def test_a_new_pointer_page_format_rewrites_the_pointers_alone(
    copy: Path, web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tree made by a release whose pointer pages said something else: the next run rewrites
    every pointer page (their key holds ``PAGE_FORMAT``) and renders nothing else."""
    from cablegate.mirror import pointers

    old_page = pointers.page
    monkeypatch.setattr(pointers, "PAGE_FORMAT", pointers.PAGE_FORMAT + 1)
    monkeypatch.setattr(pointers, "page", lambda *a: old_page(*a).replace(b"moved", b"MOVED"))
    code, output = mirror(str(copy), "--db", str(web_db), "--jobs", "1", "--no-progress")
    assert code == 0, output
    written = summary(output)["written"]
    pointer = copy / "cable" / "2007" / "02" / f"{SEED}.html"
    assert b"This page has MOVED" in pointer.read_bytes()
    files = json.loads((copy / MANIFEST).read_text())["files"]
    moved = [f for f in files if f.endswith(".html") and not f.endswith("index.html")]
    assert written == len(moved) - 1  # all but 404.html, which is no pointer
    assert mirror("--verify", str(copy))[0] == 0


def test_two_mirrors_of_one_archive_are_identical(site: Path, web_db: Path, tmp_path: Path) -> None:
    """One process here, two in the session's tree: rsync and torrents of both match."""
    other = tmp_path / "other"
    code, output = mirror(str(other), "--db", str(web_db), "--jobs", "1", "--no-progress")
    assert code == 0, output
    assert (other / MANIFEST).read_bytes() == (site / MANIFEST).read_bytes()


def test_verify_finds_changed_and_missing_files(copy: Path) -> None:
    code, output = mirror("--verify", str(copy))
    assert code == 0, output
    (copy / f"cable/{SEED}.txt").write_text("tampered\n")
    (copy / "tags/index.html").unlink()
    (copy / "stray.html").write_text("x")
    code, output = mirror("--verify", str(copy))
    assert code == 1
    assert f"changed: cable/{SEED}.txt" in output
    assert "missing: tags/index.html" in output
    assert "not in the manifest: stray.html" in output
    assert "3 files do not match the manifest" in output


def test_verify_refuses_a_folder_that_is_no_mirror(tmp_path: Path) -> None:
    code, output = mirror("--verify", str(tmp_path))
    assert code == 1 and "not a cablegate mirror" in output


@pytest.mark.parametrize(
    "doc",
    [
        "not json",
        '{"format": 1}',
        '{"format": 1, "files": ["index.html"]}',
        '{"format": 1, "files": {"index.html": ["abc"]}}',
        '{"format": 1, "files": {"index.html": "abc"}}',
        '{"format": 1, "files": {"a.html": ["abc", ""], "b.html": ["abc", 7]}}',
    ],
    ids=["not-json", "no-files", "files-a-list", "short-entry", "entry-a-string", "key-a-number"],
)
def test_a_damaged_manifest_is_named_not_trusted(tmp_path: Path, doc: str) -> None:
    """The manifest is read as JSON without an object an entry (three million at full scale),
    so its shape is checked once on reading: a damaged one stops the run with its path."""
    root = tmp_path / "m"
    root.mkdir()
    (root / MANIFEST).write_text(doc)
    with pytest.raises(MirrorError, match="is not a cablegate mirror manifest"):
        Tree.open(root)


@pytest.mark.parametrize("gone", ["{}/index.html", "{}.txt", "{}.ris"])
def test_a_second_run_restores_a_deleted_page(copy: Path, web_db: Path, gone: str) -> None:
    """A page in a cable's folder, and files beside it (``cable/`` is listed once, not looked
    up file by file)."""
    (copy / "cable" / gone.format(SEED)).unlink()
    code, output = mirror(str(copy), "--db", str(web_db), "--jobs", "1", "--no-progress")
    assert code == 0, output
    assert summary(output)["written"] >= 1
    assert mirror("--verify", str(copy))[0] == 0


def test_a_folder_looked_in_often_is_listed_once_and_a_missing_file_still_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run asks after every file of a folder of old addresses (``cable/2007/02/``) or
    of the search index's rows: after ``LIST_AFTER`` stats the folder is listed instead, and
    the listing still finds the file deleted by hand."""
    from cablegate.mirror import tree as tree_mod

    root = tmp_path / "t"
    first = Tree.open(root)
    for n in range(20):
        first.write(f"many/{n}.html", b"page %d" % n, "k")
    first.write("few/a.html", b"a", "k")
    first.finish()
    (root / "many/17.html").unlink()
    stats: list[str] = []
    monkeypatch.setattr(tree_mod, "isfile", lambda p: stats.append(p) or os.path.isfile(p))
    again = Tree.open(root)
    assert [again.fresh(f"many/{n}.html", "k") for n in range(20)] == [n != 17 for n in range(20)]
    assert len(stats) == tree_mod.LIST_AFTER
    assert again.fresh("few/a.html", "k") and not again.fresh("few/b.html", "k")
    again.write("many/17.html", b"page 17", "k")  # a write forgets the listings
    assert again.fresh("many/17.html", "k")


def test_a_folder_unchanged_since_the_manifest_is_not_looked_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run looks at a folder once, not at each file of it, when nothing in the folder
    changed after the manifest was written: a deletion by hand, or any change of the folder's
    entries since, makes it looked in file by file again."""
    from cablegate.mirror import tree as tree_mod

    root = tmp_path / "t"
    first = Tree.open(root)
    for folder in ("kept", "touched", "renamed"):
        for n in range(3):
            first.write(f"{folder}/{n}.html", b"page %d" % n, "k")
    # a folder changed in the clock tick (a few ms) of the manifest's writing is not trusted
    time.sleep(0.05)
    first.finish()
    (root / "touched/1.html").unlink()
    (root / "renamed/2.html").rename(root / "renamed/two.html")
    stats: list[str] = []
    monkeypatch.setattr(tree_mod, "isfile", lambda p: stats.append(p) or os.path.isfile(p))
    again = Tree.open(root)
    assert all(again.fresh(f"kept/{n}.html", "k") for n in range(3)) and stats == []
    assert [again.fresh(f"touched/{n}.html", "k") for n in range(3)] == [True, False, True]
    assert [again.fresh(f"renamed/{n}.html", "k") for n in range(3)] == [True, True, False]
    assert len(stats) == 6
    # a tree without a manifest trusts no folder
    (root / MANIFEST).unlink()
    assert Tree.open(root)._stamp is None


def _plant_gone_cable(root: Path) -> None:
    """A cable page the archive no longer has, listed in the manifest as a past run left it."""
    page = root / "cable/99GONE1/index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<!doctype html><title>gone</title>\n")
    doc = json.loads((root / MANIFEST).read_text())
    from cablegate.mirror.tree import _sha

    doc["files"]["cable/99GONE1/index.html"] = [_sha(page.read_bytes()), "old"]
    (root / MANIFEST).write_text(json.dumps(doc))


def test_pages_of_cables_no_longer_there_go_only_with_delete(copy: Path, web_db: Path) -> None:
    _plant_gone_cable(copy)
    code, output = mirror(str(copy), "--db", str(web_db), "--jobs", "1", "--no-progress")
    assert code == 0, output
    assert summary(output)["stale"] == 1 and (copy / "cable/99GONE1/index.html").exists()
    code, output = mirror(str(copy), "--db", str(web_db), "--jobs", "1", "--delete")
    assert code == 0, output
    assert summary(output)["removed"] == 1
    assert not (copy / "cable/99GONE1").exists()  # the emptied folder goes too
    assert mirror("--verify", str(copy))[0] == 0


def test_refuses_a_folder_that_is_not_a_mirror(tmp_path: Path, web_db: Path) -> None:
    (tmp_path / "thesis.tex").write_text("months of work")
    code, output = mirror(str(tmp_path), "--db", str(web_db), "--no-progress")
    assert code == 1
    assert "not a mirror" in output and "--force" in output
    assert (tmp_path / "thesis.tex").read_text() == "months of work"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["thesis.tex"]
    assert Tree.open(tmp_path, force=True).old == {}  # --force takes it


def test_a_full_disk_stops_with_a_message_and_leaves_every_file_whole(
    copy: Path, web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC on the 40th file: exit 1, a clear message, no temporary file left, every file of
    the old tree still there and whole; the next run finishes the job."""
    old = manifest(copy)
    real_replace = os.replace
    calls = 0

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        nonlocal calls
        calls += 1
        if calls >= 40 and str(copy) in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    base = ["--db", str(web_db), "--jobs", "1", "--no-progress"]
    code, output = mirror(str(copy), *base, "--base-url", "https://example.org/cables")
    monkeypatch.setattr(os, "replace", real_replace)
    assert code == 1
    assert "disk is full" in output and "run the mirror again" in output
    assert not [p for p in copy.rglob("*.tmp")]
    assert manifest(copy) == old  # the manifest is the old tree's: written last
    for rel in old:
        data = (copy / rel).read_bytes()
        assert data, rel
        if rel.endswith(".html"):
            assert data.rstrip().endswith(b"</html>"), rel
    code, output = mirror(str(copy), *base, "--base-url", "https://example.org/cables")
    assert code == 0, output
    assert mirror("--verify", str(copy))[0] == 0
    page = (copy / f"cable/{SEED}/index.html").read_text()
    assert '<link rel="canonical" href="https://example.org/cables/cable/07LIMA487/">' in page


def test_a_write_error_is_a_mirror_error(tmp_path: Path) -> None:
    from cablegate.mirror.tree import _write_whole

    (tmp_path / "file").write_text("x")
    with pytest.raises(MirrorError, match="cannot write"):
        _write_whole(tmp_path / "file" / "under-a-file.html", b"x")


def test_since_renders_only_what_changed_since(copy: Path, web_db: Path) -> None:
    code, output = mirror(str(copy), "--db", str(web_db), "--since", "2999-01-01", "--jobs", "1")
    assert code == 0, output
    assert summary(output)["cables"] == 0 and summary(output)["written"] == 0
    assert summary(output)["search"] == "kept"  # the index covers every cable: none changed
    assert mirror("--verify", str(copy))[0] == 0
    code, output = mirror(str(copy), "--db", str(web_db), "--since", "yesterday")
    assert code == 2 and "--since" in output


def test_hostile_text_is_escaped_in_every_page(site: Path) -> None:
    page = (site / f"cable/{HOSTILE}/index.html").read_text().lower()
    for bad in MARKUP:
        assert bad not in page, bad
    assert page.count("<script") == 1  # app.js only
    for path in site.rglob("*.html"):
        if HOSTILE.lower() in path.read_text().lower():
            low = path.read_text().lower()
            assert not any(bad in low for bad in MARKUP), path


def test_feeds_and_citations_of_the_tree_read_back(site: Path) -> None:
    """Feeds parse (links relative to the feed file), citations parse; no request host."""
    import bibtexparser
    import feedparser
    import rispy

    for path in ("tag/PGOV.atom", f"cable/{SEED}/cited-by.atom", "releases.atom"):
        body = (site / path).read_bytes()
        parsed = feedparser.parse(body)
        assert not parsed.bozo and parsed.entries, path
        assert b"mirror.invalid" not in body and not any(m in body.decode().lower() for m in MARKUP)
    page = (site / f"cable/{SEED}/index.html").read_text()
    feed = f'href="../../cable/{SEED}/cited-by.atom"'
    assert f'type="application/atom+xml" title="Atom feed of this page" {feed}>' in page
    assert f"{feed} type=" in page  # the visible link too
    entry = feedparser.parse((site / f"cable/{SEED}/cited-by.atom").read_bytes()).entries[0]
    assert entry.link.startswith("../../cable/")
    assert not bibtexparser.parse_string((site / f"cable/{SEED}.bib").read_text()).failed_blocks
    assert rispy.loads((site / f"cable/{SEED}.ris").read_text())[0]["accession_number"] == SEED
    assert 'template="search/?q={searchTerms}"' in (site / "opensearch.xml").read_text()


def test_a_list_slower_to_walk_than_a_servers_query_budget_is_written_whole(
    web_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list is read in one walk while its pages are rendered, so its statement lives as long
    as the whole list takes: the serving budget on a query (here 5 ms, set for ``serve`` in the
    environment) must not interrupt the mirror (it did, at 60,000 cables)."""
    import time

    from cablegate.mirror.pages import Renderer
    from cablegate.store import timeouts
    from cablegate.web.views import browse

    monkeypatch.setenv("CABLEGATE_QUERY_MS", "5")
    monkeypatch.setattr(timeouts, "PROGRESS_STEPS", 100)  # a small list's walk is checked too
    slow = browse.browse_markup

    def slow_markup(page: object) -> str:
        time.sleep(0.02)
        return slow(page)  # type: ignore[arg-type]

    monkeypatch.setattr(browse, "browse_markup", slow_markup)
    monkeypatch.setattr(browse, "PER_PAGE", 2)
    renderer = Renderer(str(web_db))
    try:
        pages = [n for n, _files in renderer.browse_list("tag", "PGOV")]
    finally:
        renderer.close()
    assert len(pages) > 5 and pages == list(range(1, len(pages) + 1))
