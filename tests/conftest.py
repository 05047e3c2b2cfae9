"""Shared fixtures: paths to the shared corpus and small archives built through the real CLI."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from tests.peer import CORPUS, SHARED

if TYPE_CHECKING:
    from cablegate.store.base import Store

# CI replays the same examples on every run (a red CI then means a change broke something);
# local runs explore new ones, and keep what they find in .hypothesis/.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "cablegate" / "sample"

needs_corpus = pytest.mark.skipif(
    not (CORPUS / "cables.csv").exists(), reason=f"shared corpus not found at {CORPUS}"
)


@pytest.fixture(autouse=True)
def _no_env_db(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CABLEGATE_DB", raising=False)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Where PostgreSQL tests must run (CI, ``$CABLEGATE_REQUIRE_PG``), a skipped one fails,
    whatever skipped it."""
    from tests import pg

    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and item.get_closest_marker("postgres") and pg.required():
        report.outcome = "failed"
        report.longrepr = f"a PostgreSQL test was skipped where it must run: {report.longrepr}"


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A PostgreSQL server for the session: ``$CABLEGATE_TEST_PG``, else a cluster of its own."""
    from tests import pg

    if os.environ.get("CABLEGATE_TEST_PG"):
        yield os.environ["CABLEGATE_TEST_PG"]
        return
    with pg.cluster() as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str, request: pytest.FixtureRequest) -> str:
    """A new, empty PostgreSQL archive for one test."""
    from tests import pg

    return pg.fresh_schema(pg_server, "t_" + re.sub(r"\W", "_", request.node.name)[:50].lower())


# Every store test runs on both backends (the ``store_url`` parameter), so they cannot drift;
# so do the tests of what reads any store (catching up, reindex).
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty archive's ``--db`` value on each backend."""
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    from cablegate.archive import open_store

    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run the ``cablegate`` command in-process; returns click's Result."""
    from cablegate.cli import main

    def run(*args: str, ok: bool | None = None) -> Result:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        if ok is True:
            assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample, ingested once per test session with worker processes."""
    from cablegate.cli import main

    db = tmp_path_factory.mktemp("sample") / "sample.db"
    result = CliRunner().invoke(
        main,
        [
            "ingest",
            str(SAMPLE / "cables.csv"),
            str(SAMPLE / "media.csv"),
            str(SAMPLE / "releases.csv"),
            "--db",
            str(db),
            "--workers",
            "2",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return db


VERSIONS = CORPUS / "versions"
needs_versions = pytest.mark.skipif(
    not (VERSIONS / "versions.csv").exists(), reason=f"no versions corpus at {VERSIONS}"
)
HOSTILE_V = "08LIMA9998"
# A cable whose two versions carry markup in the words a redaction hides and around it.
HOSTILE_V_BODY = (
    "S E C R E T LIMA 009998\n\nSIPDIS\n\nTAGS: PGOV PE\n"
    "SUBJECT: <script>alert('subject')</script> PLAN\n\n"
    "1. (S) The <img src=x onerror=alert(1)> minister {who} met us & said <iframe src=x>"
    "</iframe> no.\n\nSTRUBLE\n"
)


@dataclass(frozen=True)
class VersionsArchive:
    """An archive of the snapshots of corpus/versions, and what its ingest printed."""

    db: Path
    sources: tuple[Path, ...]
    output: str
    exit_code: int


def versions_sources(root: Path) -> tuple[Path, ...]:
    """The 27 snapshots of corpus/versions in date order, then a bad snapshot (a page that is
    not a cable page, a page of 07ALGIERS45 with bytes that are not UTF-8 in its text, a page of
    07PARIS322 cut off in its text) and two snapshots of a hostile cable."""
    from tests.parse.test_page import site_page

    bad = root / "2010-12-05_bad" / "cable"
    (bad / "2007" / "01").mkdir(parents=True)
    (bad / "2007" / "01" / "07BROKEN1.html").write_bytes(
        b"<html><head><title>Cable Viewer</title></head><body><div class='pane big'><h3>Vie"
    )
    algiers = VERSIONS / "2010-12-02_anarchivist_9d8689f1/cable/2007/01/07ALGIERS45.html"
    page = algiers.read_bytes().replace(b"was re-elected", b"was \xff\xfe re-elected", 1)
    (bad / "2007" / "01" / "07ALGIERS45.html").write_bytes(page)
    paris = VERSIONS / "2010-12-04_anarchivist_f9f14b3d/cable/2007/01/07PARIS322.html"
    text = paris.read_bytes()
    (bad / "2007" / "01" / "07PARIS322.html").write_bytes(text[: text.index(b"</pre>", 9000) - 200])
    hostile = []
    for day, who in (("2010-12-06", "<b>Nadia</b> Mellal"), ("2010-12-20", "XXXXXXXXXXXX")):
        folder = root / f"{day}_hostile" / "cable" / "2008" / "01"
        folder.mkdir(parents=True)
        body = HOSTILE_V_BODY.format(who=who)
        html = site_page(HOSTILE_V, "2008-01-02 10:10", f"{day} 12:12", "SECRET",
                         "Embassy Lima", "", body)  # fmt: skip
        (folder / f"{HOSTILE_V}.html").write_text(html, encoding="utf-8")
        hostile.append(folder.parents[2])
    snapshots = sorted(p for p in VERSIONS.iterdir() if p.is_dir())
    return (*snapshots, bad.parent, *hostile)


def ingest_sources(db: Path, groups: list[list[Path]]) -> tuple[str, int]:
    """``cablegate ingest`` each group in turn into ``db``: the outputs, the worst exit code."""
    from cablegate.cli import main

    outputs, worst = [], 0
    for group in groups:
        args = ["ingest", *map(str, group), "--db", str(db), "--workers", "1", "--no-progress"]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        outputs.append(result.output)
        worst = max(worst, result.exit_code)
    return "".join(outputs), worst


@pytest.fixture(scope="session")
def versions_archive(tmp_path_factory: pytest.TempPathFactory) -> VersionsArchive:
    """Every source of ``versions_sources`` ingested in one run, in date order."""
    if not (VERSIONS / "versions.csv").exists():
        pytest.skip(f"no versions corpus at {VERSIONS}")
    root = tmp_path_factory.mktemp("versions")
    sources = versions_sources(root / "sources")
    db = root / "versions.db"
    output, code = ingest_sources(db, [list(sources)])
    return VersionsArchive(db, sources, output, code)


def show_json(cli: Callable[..., Result], db: Path, refid: str) -> dict[str, Any]:
    result = cli("show", refid, "--db", str(db), "--json", ok=True)
    data: dict[str, Any] = json.loads(result.output)
    return data


__all__ = [
    "CORPUS",
    "SAMPLE",
    "SHARED",
    "VERSIONS",
    "needs_corpus",
    "needs_versions",
    "show_json",
    "os",
]
