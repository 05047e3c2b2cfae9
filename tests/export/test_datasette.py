"""``datasette archive.db`` opens a freshly ingested archive on its ``cables_flat`` view: the
real Datasette, in a child process on a free port, asked for the view's rows as JSON."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner

from tests.conftest import SAMPLE
from tests.web.conftest import SEED, free_port


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
    log = tmp_path / "datasette.log"
    cmd = [sys.executable, "-m", "datasette", str(db), "--port", str(port), "--host", "127.0.0.1"]
    base = f"http://127.0.0.1:{port}"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                if proc.poll() is not None:
                    pytest.fail(f"datasette exited: {log.read_text()}")
                try:
                    if httpx2.get(base + "/-/versions.json", timeout=1).status_code == 200:
                        break
                except httpx2.HTTPError:
                    time.sleep(0.05)
            else:
                pytest.fail("datasette did not start in 15 s")
            tables = httpx2.get(base + "/archive.json", timeout=10).json()
            assert "cables_flat" in [v["name"] for v in tables["views"]]
            r = httpx2.get(
                base + "/archive/cables_flat.json",
                params={"_shape": "objects", "_size": "max"},
                timeout=30,
            )
            assert r.status_code == 200, r.text
            rows = r.json()["rows"]
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    assert len(rows) == 400  # every cable of the sample, one row each
    seed = next(row for row in rows if row["refid"] == SEED)
    assert seed["tags"] == "PGOV | PINR | PTER | SNAR | PE"
    assert seed["origin"] == "Embassy Lima" and seed["classification"] == "SECRET"
    assert seed["subject"] == "PERU: GOVERNMENT PLAN TO TAKE BACK ITS TERRITORY"
    assert seed["created"] == "2007-02-20T22:45"
