"""Each serving thread reads the store on a connection of its own: two lanes sharing one SQLite
connection deadlocked under load (one lane's statement held the connection's mutex and waited
for the GIL at its time budget's progress handler, the other held the GIL and waited for the
mutex)."""

from __future__ import annotations

import threading
from pathlib import Path

from cablegate.archive import open_store
from cablegate.web.connections import ThreadStores


def test_each_thread_reads_on_its_own_connection(sample_db: Path) -> None:
    def connect() -> object:
        return open_store(sample_db, readonly=True, budget_ms=2000)

    stores = ThreadStores(connect(), connect)  # type: ignore[arg-type]
    here = stores.current()
    seen: dict[str, object] = {}
    counts: dict[str, int] = {}

    def read(name: str) -> None:
        seen[name] = stores.current()
        assert stores.current() is seen[name]  # kept for the thread's life
        for _ in range(50):  # both threads in statements with a progress handler at once
            counts[name] = stores.stats()["cables"]

    threads = [threading.Thread(target=read, args=(n,)) for n in ("pages", "search")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a serving thread is stuck"
    assert len({id(here), id(seen["pages"]), id(seen["search"])}) == 3
    assert counts["pages"] == counts["search"] > 100
    stores.close()
