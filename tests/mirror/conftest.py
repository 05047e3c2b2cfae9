"""The bundled sample with the hostile cable (the web tests' archive), mirrored once per session
and served by ``python3 -m http.server`` on loopback: at the root and under a path prefix."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from click.testing import CliRunner

from tests.web.conftest import free_port, web_db  # noqa: F401  (web_db: the shared archive)

PREFIX = "site"  # the tree's folder: served at / by one server, under /site/ by the other


def mirror(*args: str) -> tuple[int, str]:
    """``cablegate mirror ARGS`` in this process: exit code and output."""
    from cablegate.cli import main

    result = CliRunner().invoke(main, ["mirror", *args], catch_exceptions=False)
    return result.exit_code, result.output


def summary(output: str) -> dict[str, int]:
    return dict(json.loads(output.strip().splitlines()[-1]))


@pytest.fixture(scope="session")
def site(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """The mirror of the web tests' archive, built once with two worker processes."""
    out = tmp_path_factory.mktemp("mirror") / PREFIX
    code, output = mirror(str(out), "--db", str(web_db), "--jobs", "2", "--no-progress")
    assert code == 0, output
    return out


@pytest.fixture
def copy(site: Path, tmp_path: Path) -> Path:
    """A copy of the session's tree, for a test that changes it."""
    target = tmp_path / "copy"
    shutil.copytree(site, target)
    return target


def _serve(folder: Path) -> Iterator[str]:
    port = free_port()
    cmd = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    proc = subprocess.Popen(cmd, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.05)
        else:
            pytest.fail("python3 -m http.server did not start in 10 s")
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def served(site: Path) -> Iterator[str]:
    """The tree at the root of a web server: ``http://127.0.0.1:PORT``."""
    yield from _serve(site)


@pytest.fixture(scope="session")
def served_prefix(site: Path) -> Iterator[str]:
    """The tree under a path prefix: ``http://127.0.0.1:PORT/site``."""
    for base in _serve(site.parent):
        yield f"{base}/{PREFIX}"
