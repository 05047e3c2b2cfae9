"""Shared fixtures: paths to the shared corpus and small archives built through the real CLI."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

from tests.peer import CORPUS, SHARED

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


def show_json(cli: Callable[..., Result], db: Path, refid: str) -> dict[str, Any]:
    result = cli("show", refid, "--db", str(db), "--json", ok=True)
    data: dict[str, Any] = json.loads(result.output)
    return data


__all__ = ["CORPUS", "SAMPLE", "SHARED", "needs_corpus", "show_json", "os"]
