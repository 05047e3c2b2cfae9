"""A real archive for the web tests: the bundled sample plus a hostile cable, ingested through
the CLI once per session, and Starlette's in-process ``TestClient`` over the app (its lifespan
run as uvicorn would)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.conftest import SAMPLE, VersionsArchive

SEED = "07LIMA487"
HOSTILE = "08LIMA9999"
# One cable whose every field carries markup and bidi controls: it must show as text everywhere.
HOSTILE_HEADER = (
    "VZCZCXYZ0001\nPP RUEHWEB\n\nDE RUEHPE #9999 0021000\nZNY SSSSS ZZH\nP 021000Z JAN 08\n"
    "FM AMEMBASSY LIMA <script>alert(\\'header\\')</script>\n"
    "TO RUEHC/SECSTATE WASHDC <iframe src=x></iframe> PRIORITY 0001\n"
)
HOSTILE_BODY = (
    "S E C R E T LIMA 009999\n\nSIPDIS\n\nE.O. 12958: DECL: 01/02/2018\n"
    "TAGS: PGOV PE\n"
    'SUBJECT: <script>alert(\\"subject\\")</script> \u202eredro\u202c <img src=x onerror=alert(1)> '
    "<iframe src=javascript:alert(2)>\n\n"
    "REF: A. 07 LIMA 487 <img src=x onerror=alert(3)>\n\n"
    "Classified By: <b>Ambassador</b> <script>alert(4)</script> for reasons 1.4(b) and (d).\n\n"
    "1. (S) <script>alert(\\'body\\')</script> The Xsstestword plan <img src=x onerror=alert(5)> "
    'and <iframe src=\\"https://evil.example/\\"></iframe> \u202eevil\u202c \u200fagainst Sendero.\n\n'
    "2. (C) A second paragraph with & and < and > signs.\n\n"
    "STRUBLE\n"
)
HOSTILE_ROW = (
    f'"999999","1/2/2008 10:00","{HOSTILE}","Embassy Lima","SECRET","07LIMA487",'
    f'"{HOSTILE_HEADER}","{HOSTILE_BODY}"\n'
)
# The 51st cable Russell Frisbie signed at San Jose (the sample has 50): his person page has a
# second page, and the markup of its subject must show as text there too.
FRISBIE = "frisbie-embassy-san-jose-2005"
PAGE_TWO = "06SANJOSE9999"
PAGE_TWO_ROW = (
    f'"999998","10/31/2006 23:00","{PAGE_TWO}","Embassy San Jose","CONFIDENTIAL","",'
    '"P 312300Z OCT 06\nFM AMEMBASSY SAN JOSE\nTO SECSTATE WASHDC PRIORITY 0001\n",'
    '"C O N F I D E N T I A L SAN JOSE 009999\n\nE.O. 12958: DECL: 10/31/2016\n'
    "TAGS: PREL CS\nSUBJECT: <script>alert(\\'page two\\')</script> <b>ambassador</b>\n\n"
    "Classified By: Russell L. Frisbie for reasons 1.4(d).\n\n1. (C) The last cable.\n\n"
    'FRISBIE\n"\n'
)
# what must never reach a page unescaped (compared with the page in lower case)
MARKUP = ("<script>alert", "<img src=x", "<iframe", "<b>ambassador")


def free_port() -> int:
    """A loopback port free at the moment of asking, for a server started by a test."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def child_server(
    cmd: list[str], log_path: Path, ready: str, env: dict[str, str] | None = None
) -> Iterator[None]:
    """``cmd`` in a child process, its output in ``log_path``, until ``ready`` (a URL) answers
    200 (15 s at most); stopped by its pid after the block."""
    name = " ".join(cmd[2:4]) if cmd[1] == "-m" else "cablegate serve"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                if proc.poll() is not None:
                    pytest.fail(f"{name} exited: {log_path.read_text()}")
                try:
                    if httpx2.get(ready, timeout=1).status_code == 200:
                        break
                except httpx2.HTTPError:
                    time.sleep(0.05)
            else:
                pytest.fail(f"{name} did not start in 15 s")
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def serving(db: Path, log_dir: Path) -> Iterator[str]:
    """``cablegate serve`` over ``db`` in a child process on a free loopback port: its base
    URL while the block runs; stopped by its pid after."""
    port = free_port()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    cmd = [
        sys.executable, "-c", "from cablegate.cli import main; main()", "serve",
        "--db", str(db), "--port", str(port), "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    with child_server(cmd, log_dir / "serve.log", base + "/static/style.css", env):
        yield base


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample (with the seed, its media and release) plus the hostile cable."""
    from cablegate.cli import main

    root = tmp_path_factory.mktemp("web")
    hostile = root / "hostile.csv"
    hostile.write_text(HOSTILE_ROW + PAGE_TWO_ROW, encoding="utf-8")
    media = root / "hostile-media.csv"
    media.write_text(
        f"refid,url\n{HOSTILE},javascript:alert(6)\n{HOSTILE},http://example.org/?a=<script>\n",
        encoding="utf-8",
    )
    db = root / "web.db"
    result = CliRunner().invoke(
        main,
        [
            "ingest",
            str(SAMPLE / "cables.csv"),
            str(SAMPLE / "media.csv"),
            str(SAMPLE / "releases.csv"),
            str(hostile),
            str(media),
            "--db",
            str(db),
            "--no-progress",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output  # the javascript: "article" loads, as no link
    return db


@pytest.fixture(scope="session")
def client(web_db: Path) -> Iterator[TestClient]:
    """The app over the web archive, its lifespan entered once per session. Like a browser's
    fetch with ``redirect: "manual"``, it returns redirects as they are, and a failing view is
    a 500 response, not an exception, so its error page is tested."""
    from cablegate.web.app import create_app

    app = create_app(web_db)
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as c:
        yield c


@pytest.fixture(scope="session")
def versions_client(versions_archive: VersionsArchive) -> Iterator[TestClient]:
    """The app over the archive of corpus/versions (with its bad and hostile snapshots)."""
    from cablegate.web.app import create_app

    app = create_app(versions_archive.db)
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as c:
        yield c
