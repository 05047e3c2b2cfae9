"""Where an archive is: a SQLite file or a PostgreSQL URL (``--db``, ``$CABLEGATE_DB``), and the
search index that belongs to it (``--index``, ``$CABLEGATE_INDEX``).

Every command and the web app open their store through :func:`open_store`, so a URL means the
same thing everywhere, and a scheme this build cannot open is an error before anything is
created (never a folder named ``postgresql:``).
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cablegate.errors import CablegateError

if TYPE_CHECKING:
    from cablegate.store.base import Store

DEFAULT_DB = "cablegate.db"
POSTGRES_SCHEMES = ("postgresql", "postgres")
SCHEMES = (*POSTGRES_SCHEMES, "sqlite")
# a scheme is two letters or more: "C:\archive.db" stays a Windows path
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")


class UnknownScheme(CablegateError):
    """``--db`` names a kind of database this build cannot open."""


@dataclass(frozen=True, slots=True)
class Location:
    """An archive's store: ``kind`` "sqlite" with a file ``target``, or "postgresql" with a URL."""

    kind: str
    target: str

    @property
    def is_url(self) -> bool:
        return self.kind == "postgresql"

    @property
    def path(self) -> Path:
        """The SQLite file (only for ``kind == "sqlite"``)."""
        return Path(self.target)

    def exists(self) -> bool:
        """A file that is there, or a server (whose archive the store checks when it opens)."""
        return self.is_url or self.path.exists()

    def __str__(self) -> str:
        """For messages: a URL without its password."""
        if not self.is_url:
            return self.target
        return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", self.target)


def parse_location(value: str | os.PathLike[str]) -> Location:
    """``value`` as given to ``--db``: a path, ``sqlite:///path`` or ``postgresql://...``."""
    text = os.fspath(value)
    match = _SCHEME.match(text)
    if match is None:
        return Location("sqlite", text)
    scheme = match[1].lower()
    if scheme in POSTGRES_SCHEMES:
        return Location("postgresql", text)
    if scheme == "sqlite":
        return Location("sqlite", text[len("sqlite:") :].removeprefix("//"))
    raise UnknownScheme(
        f"cannot open a {scheme}: archive; --db takes a file path, sqlite:///PATH or"
        " postgresql://USER@HOST/DB"
    )


def default_location(explicit: str | os.PathLike[str] | None = None) -> Location:
    """``--db`` if given, else ``$CABLEGATE_DB``, else ``./cablegate.db``."""
    return parse_location(explicit or os.environ.get("CABLEGATE_DB") or DEFAULT_DB)


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The SQLite file of ``default_location`` (for tools that only read files)."""
    location = default_location(explicit)
    if location.is_url:
        raise CablegateError(f"{location} is not a file: this command reads SQLite archives only")
    return location.path


def index_path(db: Location | Path, explicit: str | os.PathLike[str] | None = None) -> Path:
    """The search index: ``--index`` or ``$CABLEGATE_INDEX`` if given; else beside a SQLite
    file, and for a server archive a folder of this node's cache keyed by the URL (each web
    node keeps its own copy of the index; it is derived data, rebuilt by ``reindex``)."""
    chosen = explicit or os.environ.get("CABLEGATE_INDEX")
    if chosen:
        return Path(chosen)
    if isinstance(db, Path):
        db = Location("sqlite", str(db))
    if not db.is_url:
        return db.path.with_name(db.path.name + ".index")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    key = hashlib.sha256(str(db).encode()).hexdigest()[:16]
    return cache / "cablegate" / f"pg-{key}.index"


def open_store(
    db: Location | str | os.PathLike[str],
    *,
    readonly: bool = False,
    writer: bool = False,
    budget_ms: int | None = None,
) -> Store:
    """The store at ``db``: created on first use by a writer; ``readonly`` for the web;
    ``writer`` for a long run of writes (SQLite then maps no pages of the file it appends to);
    ``budget_ms`` stops any statement that runs longer (the web's pages, ``store.timeouts``)."""
    location = db if isinstance(db, Location) else parse_location(db)
    if location.is_url:
        try:
            from cablegate.store.postgres import PostgresStore
        except ImportError as exc:
            raise CablegateError(
                f"{location} needs PostgreSQL support: pip install 'cablegate[pg]' ({exc})"
            ) from None
        return PostgresStore.open(location.target, readonly=readonly, budget_ms=budget_ms)
    from cablegate.store.sqlite import SqliteStore

    return SqliteStore.open(location.path, readonly=readonly, mmap=not writer, budget_ms=budget_ms)
