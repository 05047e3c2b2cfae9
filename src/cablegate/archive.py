"""An archive on disk: the SQLite record store and the search index beside it."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = "cablegate.db"


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` if given, else ``$CABLEGATE_DB``, else ``./cablegate.db``."""
    return Path(explicit or os.environ.get("CABLEGATE_DB") or DEFAULT_DB)


def index_path(db_path: Path) -> Path:
    """The search index lives in a directory beside the database file."""
    return db_path.with_name(db_path.name + ".index")
