"""A throwaway PostgreSQL cluster for the test session: Debian's initdb and pg_ctl on a free
port in a temporary folder, or the server named by ``$CABLEGATE_TEST_PG``.

initdb refuses to run as root, so as root the cluster is made and run by the ``postgres`` user
(``runuser``) in a folder it owns. Where PostgreSQL cannot be had the tests that need it skip,
except on CI or with ``$CABLEGATE_REQUIRE_PG``, where they fail: a CI run must not pass with
the PostgreSQL half of the store untested.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("CABLEGATE_REQUIRE_PG"))


def unavailable(reason: str) -> None:
    """Skip, or fail where PostgreSQL tests must run."""
    if required():
        pytest.fail(f"PostgreSQL tests must run here (CI or $CABLEGATE_REQUIRE_PG): {reason}")
    pytest.skip(reason)


def pg_bin() -> Path | None:
    """The newest of Debian's PostgreSQL versions installed."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def cluster() -> Iterator[str]:
    """A new cluster's URL (user ``postgres``, trust auth on loopback), stopped and removed
    on exit."""
    binaries = pg_bin()
    if binaries is None:
        unavailable("no PostgreSQL binaries under /usr/lib/postgresql (apt-get install postgresql)")
        raise AssertionError("unreachable")
    prefix: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="cablegate-pg-"))
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root and there is no postgres user to run initdb as")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()

    def run(*args: str) -> None:
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=120)

    try:
        run(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--no-sync")  # fmt: skip
        # durability off: a test cluster is thrown away, and fsyncs would be most of its time
        options = (
            f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off"
        )
        run(str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l",
            str(root / "log"), "-w", "-t", "60", "start")  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        log = (root / "log").read_text() if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        out = getattr(exc, "stderr", b"") or b""
        unavailable(f"cannot start PostgreSQL: {exc}: {out.decode(errors='replace')} {log}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(root, ignore_errors=True)


def fresh_schema(server: str, name: str) -> str:
    """A URL whose tables live in a new, empty schema ``name`` of ``server``: a new archive
    for each test at the cost of a CREATE SCHEMA, not a CREATE DATABASE."""
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{name}"')
    sep = "&" if "?" in server else "?"
    return f"{server}{sep}options=-csearch_path%3D{name}"
