"""Copying an archive from one store to another (SQLite to PostgreSQL or back), through the
``Store`` protocol only, streamed table by table: the corpus is never in memory at once.

The copy is checked when it ends: the same number of rows in every table, and every copied
text still hashing to the digest its row keeps, with the same digests as the source's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cablegate.errors import CablegateError
from cablegate.store.base import Store
from cablegate.store.codec import text_hash
from cablegate.store.tables import TABLES

_CABLE_COLS = TABLES["cables"]
_REFID, _HASH = _CABLE_COLS.index("refid"), _CABLE_COLS.index("text_hash")
_HEADER, _BODY = _CABLE_COLS.index("header"), _CABLE_COLS.index("body")


@dataclass(frozen=True, slots=True)
class CopyReport:
    """What a copy moved, table by table, and the digest both sides agreed on."""

    rows: dict[str, int] = field(default_factory=dict)
    text_digest: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"rows": dict(self.rows), "text_digest": self.text_digest}


def _texts_digest(rows: Iterable[tuple[Any, ...]], *, recheck: bool) -> str:
    """An order-free digest of every (refid, text hash); ``recheck`` also hashes each text
    again and fails on one that no longer matches its row."""
    total = 0
    for row in rows:
        if recheck and text_hash(row[_HEADER], row[_BODY]) != row[_HASH]:
            raise CablegateError(f"copy check: the text of {row[_REFID]} changed on the way")
        h = hashlib.blake2b(f"{row[_REFID]}\0{row[_HASH]}".encode(), digest_size=16)
        total = (total + int.from_bytes(h.digest(), "big")) % (1 << 128)
    return f"{total:032x}"


def _counted(rows: Iterator[tuple[Any, ...]], seen: list[int]) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        seen[0] += 1
        yield row


def copy_archive(
    src: Store, dst: Store, progress: Callable[[str, int], None] | None = None
) -> CopyReport:
    """Every table of ``src`` appended to the empty ``dst``, then checked (raises
    ``CablegateError`` on any difference). ``progress(table, rows)`` after each table."""
    if not dst.is_empty():
        raise CablegateError("the destination already holds cables: copy into an empty archive")
    rows: dict[str, int] = {}
    dst.bulk_writes()
    for table in TABLES:
        read = [0]
        written = dst.load(table, _counted(src.dump(table), read))
        if written != read[0]:
            raise CablegateError(f"copy check: {table}: read {read[0]:,} rows, wrote {written:,}")
        rows[table] = written
        if progress:
            progress(table, written)
    dst.bulk_writes(False)
    want, got = src.table_counts(), dst.table_counts()
    if want != got:
        raise CablegateError(f"copy check: row counts differ: source {want}, copy {got}")
    before = _texts_digest(src.dump("cables"), recheck=False)
    after = _texts_digest(dst.dump("cables"), recheck=True)
    if before != after:
        raise CablegateError("copy check: the copied texts differ from the source's")
    return CopyReport(rows, after)
