"""``datasette archive.db`` opens a freshly ingested archive on its ``cables_flat`` view: the
real Datasette, in a child process on a free port, asked for the view's rows as JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx2
from click.testing import CliRunner

from tests.conftest import SAMPLE
from tests.web.conftest import SEED, child_server, free_port


def test_datasette_shows_cables_flat(tmp_path: Path) -> None:
    from cablegate.cli import main

    db = tmp_path / "archive.db"
    result = CliRunner().invoke(
        main,
        ["ingest", str(SAMPLE / "cables.csv"), str(SAMPLE / "media.csv"), "--db", str(db),
         "--no-progress"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    port = free_port()
    cmd = [sys.executable, "-m", "datasette", str(db), "--port", str(port), "--host", "127.0.0.1"]
    base = f"http://127.0.0.1:{port}"
    with child_server(cmd, tmp_path / "datasette.log", base + "/-/versions.json"):
        tables = httpx2.get(base + "/archive.json", timeout=10).json()
        assert "cables_flat" in [v["name"] for v in tables["views"]]
        r = httpx2.get(
            base + "/archive/cables_flat.json",
            params={"_shape": "objects", "_size": "max"},
            timeout=30,
        )
        assert r.status_code == 200, r.text
        rows = r.json()["rows"]
    assert len(rows) == 400  # every cable of the sample, one row each
    seed = next(row for row in rows if row["refid"] == SEED)
    assert seed["tags"] == "PGOV | PINR | PTER | SNAR | PE"
    assert seed["origin"] == "Embassy Lima" and seed["classification"] == "SECRET"
    assert seed["subject"] == "PERU: GOVERNMENT PLAN TO TAKE BACK ITS TERRITORY"
    assert seed["created"] == "2007-02-20T22:45"
