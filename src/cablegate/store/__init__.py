"""Record stores behind one narrow interface (``base.Store``)."""

from __future__ import annotations

from cablegate.store.base import Store
from cablegate.store.sqlite import SqliteStore

__all__ = ["SqliteStore", "Store"]
