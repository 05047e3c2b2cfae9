"""Versions in the mirror: every cable's history page, a page for each pair of versions of a
cable with several, every page of /changes; each the live site's page with its links made
relative, no broken link, and a new source of a text (a snapshot that saw it again) renders the
cable's files anew."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablegate.mirror import links
from cablegate.mirror.client import SiteClient
from cablegate.mirror.tree import MANIFEST
from cablegate.web.app import create_app
from tests.conftest import VERSIONS, VersionsArchive, ingest_sources
from tests.mirror.conftest import mirror, summary
from tests.mirror.test_served import broken_links

ALGIERS = "07ALGIERS45"


@pytest.fixture(scope="module")
def tree(versions_archive: VersionsArchive, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("versions-mirror") / "site"
    code, output = mirror(str(out), "--db", str(versions_archive.db), "--no-progress")
    assert code == 0, output
    return out


@pytest.fixture(scope="module")
def live(versions_archive: VersionsArchive) -> Iterator[SiteClient]:
    with SiteClient(create_app(versions_archive.db), host=links.HOST) as client:
        yield client


def _manifest(root: Path) -> dict[str, list[str]]:
    files: dict[str, list[str]] = json.loads((root / MANIFEST).read_text())["files"]
    return files


def _live(live: SiteClient, url: str) -> bytes:
    response = live.get(url)
    assert response.status == 200, url
    return response.body


def _url(file: str) -> str:
    """The live address of a history or diff file: ``cable/X/diff/1-2/index.html`` ->
    ``/cable/X/diff?from=1&to=2``."""
    parts = file.removesuffix("/index.html").removesuffix(".json").split("/")
    suffix = ".json" if file.endswith(".json") else ""
    if len(parts) == 4:  # cable/X/diff/A-B
        old, new = parts[3].split("-")
        return f"/{'/'.join(parts[:3])}{suffix}?from={old}&to={new}"
    return f"/{'/'.join(parts)}{suffix}"


def test_every_history_and_diff_file_is_the_live_sites(tree: Path, live: SiteClient) -> None:
    files = [f for f in _manifest(tree) if "/history" in f or "/diff" in f]
    cables = {f[6:-4] for f in _manifest(tree) if f.startswith("cable/") and f.endswith(".txt")}
    histories = {f.split("/")[1] for f in files if f.endswith("/history/index.html")}
    assert histories == cables  # every cable has its history page
    several = {f.split("/")[1] for f in files if f.endswith("/diff/index.html")}
    assert ALGIERS in several and len(several) >= 40
    pairs = [f for f in files if f.startswith(f"cable/{ALGIERS}/diff/")]
    assert sorted(pairs) == [
        f"cable/{ALGIERS}/diff/1-2.json",
        f"cable/{ALGIERS}/diff/1-2/index.html",
        f"cable/{ALGIERS}/diff/2-1.json",
        f"cable/{ALGIERS}/diff/2-1/index.html",
        f"cable/{ALGIERS}/diff/index.html",
    ]
    for file in files:
        body = _live(live, _url(file))
        if file.endswith(".json"):
            assert (tree / file).read_bytes() == body.replace(links.ORIGIN.encode(), b""), file
        else:
            assert (tree / file).read_text() == links.rewrite(body.decode(), file), file


def test_history_and_diff_links_lead_to_files(tree: Path) -> None:
    page = (tree / f"cable/{ALGIERS}/index.html").read_text()
    assert f'href="../../cable/{ALGIERS}/diff/1-2/"' in page
    assert f'href="../../cable/{ALGIERS}/history/"' in page
    history = (tree / f"cable/{ALGIERS}/history/index.html").read_text()
    assert f'href="../../../cable/{ALGIERS}/diff/1-2/"' in history
    # the help, API and 404 pages show the bundled sample's seed cable, not in this archive
    broken = {
        link: [p for p in pages if not p.startswith(("help/", "api/", "404.html"))]
        for link, pages in broken_links(tree).items()
    }
    assert {link: pages for link, pages in broken.items() if pages} == {}


def test_every_page_of_changes_is_there(tree: Path, live: SiteClient) -> None:
    data = json.loads(_live(live, "/changes.json"))
    assert data["total"] >= 40
    assert (tree / "changes/index.html").is_file() and (tree / "changes.json").is_file()
    for n in range(2, data["pages"] + 1):
        assert (tree / f"changes/page/{n}/index.html").is_file()
    assert data["items"][0]["refid"] in (tree / "changes/index.html").read_text()


def test_a_new_source_of_a_text_renders_the_cables_files_again(
    versions_archive: VersionsArchive, tmp_path: Path
) -> None:
    """The last snapshot ingested after a first mirror: the cables it saw get a new source in
    their history (the text itself may be one they had), and only their files change."""
    db = tmp_path / "archive.db"
    snapshots = [s for s in versions_archive.sources if s.parent == VERSIONS]
    *first, last = snapshots
    ingest_sources(db, [first])
    out = tmp_path / "site"
    code, output = mirror(str(out), "--db", str(db), "--no-progress", "--jobs", "1")
    assert code == 0, output
    before = _manifest(out)
    ingest_sources(db, [[last]])
    code, output = mirror(str(out), "--db", str(db), "--no-progress", "--jobs", "1")
    assert code == 0, output
    after = _manifest(out)
    changed = {
        f.split("/")[1] for f in after if f.startswith("cable/") and after[f] != before.get(f)
    }
    seen = {p.stem for p in last.rglob("*.html")}
    assert changed and changed <= seen | {c for c in changed if c not in before}
    for refid in changed & seen:
        assert (
            after[f"cable/{refid}/history/index.html"]
            != before[f"cable/{refid}/history/index.html"]
        )
    assert summary(output)["written"] > 0
