"""``cablegate serve --workers N``: a listening socket per process, connections spread, a dead
worker replaced, a clean stop. Run against the real command on a loopback port."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cablegate.web import workers
from tests.web.conftest import SEED, free_port

pytestmark = pytest.mark.skipif(not workers.supported(), reason="SO_REUSEPORT balancing: Linux")


def test_every_socket_is_bound_to_the_one_port_the_first_was_given() -> None:
    socks = workers.bound_sockets("127.0.0.1", 0, 3)
    try:
        ports = {s.getsockname()[1] for s in socks}
        assert len(ports) == 1 and ports != {0}
        assert all(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) for s in socks)
        assert len({s.fileno() for s in socks}) == 3
        assert _listening(ports.pop()) == 0, "each worker listens once its app has started"
    finally:
        for s in socks:
            s.close()


def test_a_port_in_use_without_reuseport_is_an_error_and_leaves_no_socket_open() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        before = len(os.listdir("/proc/self/fd"))
        with pytest.raises(OSError):
            workers.bound_sockets("127.0.0.1", port, 2)
        assert len(os.listdir("/proc/self/fd")) == before


def _children(pid: int) -> list[int]:
    """Child pids; none once the process is gone."""
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _tcp_sockets(pid: int) -> int:
    n = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            n += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            continue
    return n


def _workers(pid: int) -> list[int]:
    """The server processes: the children holding a socket (not multiprocessing's tracker)."""
    out = []
    for child in _children(pid):
        try:
            if _tcp_sockets(child):
                out.append(child)
        except OSError:
            continue
    return out


def _exited(pids: list[int]) -> bool:
    return not any(Path(f"/proc/{p}").exists() for p in pids)


def _listening(port: int) -> int:
    """Sockets listening on ``port`` (state 0A in /proc/net/tcp): a worker listens once ready."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for r in rows if r.split()[1].endswith(f":{port:04X}") and r.split()[3] == "0A")


def _get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        resp.read()
        return resp.status
    finally:
        conn.close()


def _wait(cond: Callable[[], bool], what: str, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def served(web_db: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    cmd = [
        sys.executable, "-c", "from cablegate.cli import main; main()", "serve",
        "--db", str(web_db), "--port", str(port), "--workers", "2",
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)

    def up() -> bool:
        assert proc.poll() is None, (tmp_path / "serve.log").read_text()
        try:
            return _listening(port) == 2 and _get(port, "/static/style.css") == 200
        except OSError:
            return False

    try:
        _wait(up, "cablegate serve --workers 2 to answer")
        yield proc, port
    finally:
        left = _children(proc.pid)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for child in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        log.close()


@pytest.mark.slow
def test_workers_share_connections_survive_a_killed_worker_and_stop_cleanly(
    served: tuple[subprocess.Popen[bytes], int],
) -> None:
    proc, port = served
    kids = _workers(proc.pid)
    assert len(kids) == 2, "two workers, each with its own listening socket"
    before = {k: _tcp_sockets(k) for k in kids}
    conns = [http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(24)]
    try:
        for c in conns:  # a burst, as a load generator opens them: accepted while they queue
            c.connect()
        for c in conns:  # keep-alive connections, held open: each stays with one worker
            c.request("GET", f"/cable/{SEED}")
            resp = c.getresponse()
            resp.read()
            assert resp.status == 200
        held = {k: _tcp_sockets(k) - before[k] for k in kids}
        assert 22 <= sum(held.values()) <= 24  # the start-up probe's socket may close meanwhile
        assert all(n > 0 for n in held.values()), f"one worker got every connection: {held}"
    finally:
        for c in conns:
            c.close()

    os.kill(kids[0], signal.SIGKILL)

    def replaced() -> bool:
        now = _workers(proc.pid)
        return len(now) == 2 and kids[0] not in now

    _wait(replaced, "a worker in place of the killed one")
    assert _listening(port) == 2, "the dead worker's socket listens on, held by the server"
    assert all(_get(port, f"/cable/{SEED}") == 200 for _ in range(20))

    last = _children(proc.pid)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(20) == 0
    _wait(lambda: _exited(last), "the workers to exit")


@pytest.mark.slow
def test_workers_end_with_a_killed_supervisor(
    served: tuple[subprocess.Popen[bytes], int],
) -> None:
    proc, port = served
    kids = _workers(proc.pid)
    proc.kill()
    proc.wait()
    _wait(lambda: _exited(kids), "orphaned workers to exit")
    with pytest.raises(OSError):
        _get(port, "/static/style.css")


def broken_app() -> object:
    """An app factory whose start-up fails, as a worker's would on a broken archive."""

    async def app(scope: dict[str, object], receive: object, send: object) -> None:
        if scope["type"] == "lifespan":
            raise RuntimeError("the archive went away")

    return app


def test_a_worker_that_cannot_start_stops_the_server_with_status_1() -> None:
    options = {
        "app": "tests.web.test_workers:broken_app",
        "factory": True,
        "lifespan": "on",
        "log_level": "critical",
    }
    server = workers.Workers(options, workers.bound_sockets("127.0.0.1", 0, 2))
    give_up = threading.Timer(30, server.stopping.set)  # restarting it forever would hang here
    give_up.start()
    try:
        assert server.run() == 1
    finally:
        give_up.cancel()
    assert all(p.exitcode is not None for p in server.processes)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
