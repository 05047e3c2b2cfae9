"""Time budgets for the queries a page makes (``cablegate serve --query-ms``): PostgreSQL
cancels a statement past ``statement_timeout``; SQLite has no such setting, so a progress
handler interrupts a statement that has run longer than the budget since it started.

The web's own connection gets the budget; the aggregate refresh thread (whole-archive GROUP BYs,
seconds at full scale, off the request path) and every command do not.
"""

from __future__ import annotations

import sqlite3
import time

# SQLite calls the handler every this many virtual machine steps: ~0.1 ms of work apiece here,
# so a budget is kept to well under a millisecond at ~1 µs a call.
PROGRESS_STEPS = 10_000


class _Clock:
    """When the statement running now started (SQLite's trace callback sets it)."""

    def __init__(self, budget_s: float) -> None:
        self.budget_s = budget_s
        self.started = time.monotonic()

    def start(self, _statement: str) -> None:
        self.started = time.monotonic()

    def over(self) -> int:
        """Non-zero stops the statement (``sqlite3.OperationalError: interrupted``)."""
        return int(time.monotonic() - self.started > self.budget_s)


def bound_sqlite(conn: sqlite3.Connection, budget_ms: int) -> None:
    """Interrupt any statement of ``conn`` that runs longer than ``budget_ms``."""
    clock = _Clock(budget_ms / 1000)
    conn.set_trace_callback(clock.start)
    conn.set_progress_handler(clock.over, PROGRESS_STEPS)


def timeout_types() -> tuple[type[Exception], ...]:
    """The exception classes a stopped query raises (psycopg's only when it is installed)."""
    try:
        from psycopg.errors import QueryCanceled
    except ImportError:
        return (sqlite3.OperationalError,)
    return (sqlite3.OperationalError, QueryCanceled)


def is_timeout(exc: BaseException) -> bool:
    """Whether ``exc`` is a store query stopped by its time budget, on either backend."""
    if isinstance(exc, sqlite3.OperationalError):
        return str(exc) == "interrupted"
    try:
        from psycopg.errors import QueryCanceled
    except ImportError:
        return False
    return isinstance(exc, QueryCanceled)
