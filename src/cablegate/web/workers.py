"""Several server processes on one port, each with its own listening socket (SO_REUSEPORT).

uvicorn's ``--workers`` shares one listening socket between its processes: whichever wakes
first accepts, so the keep-alive connections of a burst can all land on one process while the
other idles (the page benchmark swung between ~500 and ~1,050 pages/s from one start to the
next). With a socket per process the kernel spreads new connections over them by hash.

Each socket is bound in this (parent) process and handed to its worker, which starts listening
only once its app has started: the kernel sends nothing to a worker still loading. A worker that
dies is replaced on the same socket, still listening: connections meanwhile wait in its backlog.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import socket
import sys
import threading
from collections.abc import Mapping
from multiprocessing.context import SpawnProcess
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE

log = logging.getLogger("uvicorn.error")
_PR_SET_PDEATHSIG = 1
_spawn = multiprocessing.get_context("spawn")


def supported() -> bool:
    """Linux only: elsewhere SO_REUSEPORT does not balance (BSD and macOS give the last socket all)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def bound_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets bound to the same address, not yet listening; port 0 takes one free port
    for all."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            port = sock.getsockname()[1]
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _end_with_parent(parent: int) -> None:
    """Ask Linux for SIGTERM when the supervisor dies, even by SIGKILL: no orphan keeps the port."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # it died before the request was made
        sys.exit(0)


def _serve_one(options: Mapping[str, Any], sock: socket.socket, parent: int) -> None:
    _end_with_parent(parent)
    uvicorn.Server(uvicorn.Config(**options)).run(sockets=[sock])


class Workers:
    """Runs one uvicorn server per socket until SIGINT or SIGTERM, replacing any that dies."""

    def __init__(self, options: Mapping[str, Any], sockets: list[socket.socket]) -> None:
        self.options = dict(options)
        self.sockets = sockets
        self.processes: list[SpawnProcess] = []
        self.stopping = threading.Event()

    def _start(self, sock: socket.socket) -> SpawnProcess:
        proc = _spawn.Process(target=_serve_one, args=(self.options, sock, os.getpid()))
        proc.start()
        return proc

    def run(self) -> int:
        """Serve; the exit status is 1 when a worker could not start (a broken app or archive)."""
        previous = {
            sig: signal.signal(sig, lambda *_: self.stopping.set())
            for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            return self._supervise()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _supervise(self) -> int:
        self.processes = [self._start(s) for s in self.sockets]
        status = 0
        while not self.stopping.wait(0.5):
            for i, proc in enumerate(self.processes):
                if proc.is_alive():
                    continue
                proc.join()
                if proc.exitcode == STARTUP_FAILURE:
                    log.error("worker %s could not start: stopping", proc.pid)
                    status = 1
                    self.stopping.set()
                    break
                log.warning("worker %s died (exit %s): starting another", proc.pid, proc.exitcode)
                self.processes[i] = self._start(self.sockets[i])
        self._stop()
        return status

    def _stop(self) -> None:
        for proc in self.processes:
            if proc.is_alive():
                proc.terminate()  # SIGTERM: uvicorn finishes the requests in flight
        for proc in self.processes:
            proc.join(10)
            if proc.is_alive():
                proc.kill()
                proc.join()
        for sock in self.sockets:
            sock.close()
