"""``cablegate copy``: the bundled sample SQLite -> PostgreSQL -> SQLite, nothing lost or changed
on the way, and ``--db`` URLs this build cannot open."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cablegate.archive import open_store
from cablegate.cli import main
from cablegate.versions.stored import history_of
from tests.conftest import CORPUS, VERSIONS


def _stats(cli: Callable[..., Result], db: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(cli("stats", "--db", db, "--json", ok=True).output)
    return data


def _shown(db: str) -> dict[str, str]:
    """``show --history --json`` of every cable, as the command makes it but without its indent (the
    indented encoder is pure Python and cost half this test), through one open store (the command
    itself costs an index open a call: it is run on a few cables below)."""
    store = open_store(db, readonly=True)
    try:
        out = {}
        for row in store.dump("cables"):
            data = store.get(row[0]).laid_out().to_dict()
            found = history_of(store, row[0])
            if found is not None:
                data["history"] = found.to_dict()
            out[row[0]] = json.dumps(data, ensure_ascii=False)
        return out
    finally:
        store.close()


@pytest.mark.postgres
def test_sample_round_trip_sqlite_postgres_sqlite(
    cli: Callable[..., Result], sample_db: Path, pg_url: str, tmp_path: Path
) -> None:
    _round_trip(cli, sample_db, pg_url, tmp_path)


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared corpus (5,731 cables, media, releases) and every snapshot of its versions:
    texts, sources and histories to carry over too."""
    if not (CORPUS / "cables.csv").exists() or not VERSIONS.is_dir():
        pytest.skip(f"no shared corpus at {CORPUS}")
    db = tmp_path_factory.mktemp("shared") / "shared.db"
    snapshots = sorted(p for p in VERSIONS.iterdir() if p.is_dir())
    files = [CORPUS / "cables.csv", CORPUS / "media.csv", CORPUS / "releases.csv"]
    args = ["ingest", *map(str, [*files, *snapshots]), "--db", str(db), "--no-progress"]
    result = CliRunner().invoke(main, [*args, "--workers", "2"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.postgres
def test_shared_corpus_round_trip_sqlite_postgres_sqlite(
    cli: Callable[..., Result], shared_db: Path, pg_url: str, tmp_path: Path
) -> None:
    """Issue 11's check: both ways on the shared corpus, identical ``stats --json`` and
    ``show --json`` of every cable, the version histories included."""
    stats = _round_trip(cli, shared_db, pg_url, tmp_path)
    assert stats["cables"] >= 5731 and stats["cables_with_versions"] >= 40


def _round_trip(
    cli: Callable[..., Result], sample_db: Path, pg_url: str, tmp_path: Path
) -> dict[str, Any]:
    """Copy ``sample_db`` into PostgreSQL and back into a new file; the three archives say the
    same in ``stats`` and ``show`` (the shown cables with their histories); the stats."""
    back = str(tmp_path / "back.db")
    pg_index, back_index = str(tmp_path / "pg.index"), str(tmp_path / "back.db.index")
    there = json.loads(
        cli("copy", str(sample_db), pg_url, "--index", pg_index, "--json", ok=True).output
    )
    cli("copy", pg_url, back, "--json", ok=True)
    src = open_store(sample_db, readonly=True)
    try:
        refids = [row[0] for row in src.dump("cables")]
        counts = src.table_counts()
    finally:
        src.close()
    assert there["rows"] == counts and there["indexed"] == counts["cables"] == len(refids)
    original = _stats(cli, str(sample_db))
    assert original["cables"] > 100 and original["indexed"] == original["cables"]
    assert _stats_pg(cli, pg_url, pg_index) == original
    assert _stats(cli, back) == original and Path(back_index).is_dir()
    want = _shown(str(sample_db))
    assert sorted(want) == sorted(refids)
    assert _shown(pg_url) == want and _shown(back) == want
    few = refids[:: len(refids) // 5]
    shown = _shown_pg(cli, pg_url, pg_index, few)
    assert {r: json.dumps(json.loads(s), ensure_ascii=False) for r, s in shown.items()} == {
        r: want[r] for r in few
    }
    _pages_answer(pg_url, pg_index, refids[0])
    return original


def _pages_answer(url: str, index: str, refid: str) -> None:
    """The web app reads the PostgreSQL archive: the front, a cable page, a search."""
    from starlette.testclient import TestClient

    from cablegate.web.app import create_app

    with TestClient(create_app(url, index), raise_server_exceptions=True) as client:
        assert client.get("/").status_code == 200
        page = client.get(f"/cable/{refid}")
        assert page.status_code == 200 and refid in page.text
        found = client.get("/search.json", params={"q": f"refid:{refid}"}).json()
        assert [h["refid"] for h in found["hits"]] == [refid]


def _stats_pg(cli: Callable[..., Result], url: str, index: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        cli("stats", "--db", url, "--index", index, "--json", ok=True).output
    )
    return data


def _shown_pg(
    cli: Callable[..., Result], url: str, index: str, refids: list[str]
) -> dict[str, str]:
    return {
        r: cli("show", r, "--db", url, "--index", index, "--history", "--json", ok=True).output
        for r in refids
    }


@pytest.mark.postgres
def test_copy_refuses_a_destination_that_holds_cables(
    cli: Callable[..., Result], sample_db: Path, pg_url: str, tmp_path: Path
) -> None:
    cli("copy", str(sample_db), pg_url, "--index", str(tmp_path / "i"), ok=True)
    again = cli("copy", str(sample_db), pg_url, "--index", str(tmp_path / "i"))
    assert again.exit_code == 1 and "already holds cables" in again.output


@pytest.mark.parametrize("db", ["mysql://db.example/cables", "http://example.org/x.db"])
def test_a_url_this_build_cannot_open_is_a_usage_error(
    cli: Callable[..., Result], db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("stats", "--db", db)
    assert result.exit_code == 2 and "postgresql://" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.postgres
def test_ingest_into_postgres_stores_what_sqlite_stores(
    cli: Callable[..., Result], sample_db: Path, pg_url: str, tmp_path: Path
) -> None:
    """The ingest's own path (batched upserts, media and release events, twice: the second
    run all unchanged) gives the PostgreSQL archive the SQLite one's stats and cables."""
    from tests.conftest import SAMPLE

    index = str(tmp_path / "pg.index")
    sources = [str(SAMPLE / f) for f in ("cables.csv", "media.csv", "releases.csv")]
    for _ in range(2):
        cli("ingest", *sources, "--db", pg_url, "--index", index, "--workers", "1", ok=True)
    again = json.loads(
        cli(
            "ingest",
            *sources,
            "--db",
            pg_url,
            "--index",
            index,
            "--workers",
            "1",
            "--json",
            ok=True,
        ).output
    )
    assert again["new"] == 0 and again["updated"] == 0 and again["unchanged"] > 100
    assert _stats_pg(cli, pg_url, index) == _stats(cli, str(sample_db))
    assert _shown(pg_url) == _shown(str(sample_db))
