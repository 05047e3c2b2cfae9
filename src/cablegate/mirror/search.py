"""The hook for the mirror's in-browser search (issue 9, part 2: ``cablegate.staticsearch``).

The mirror calls :func:`build` once per run, after the fixed pages and before the cables, with
the store and the tree: the search engine writes its index files under ``search/`` through
``tree.write`` (so they are in the manifest, verified, and kept when unchanged) and may write
``search/index.html`` again with its reader. Until it is wired in, this does nothing and
``search/index.html`` is the live search page with a ``<noscript>`` note.
"""

from __future__ import annotations

from cablegate.mirror.tree import Tree
from cablegate.store.base import Store


def build(store: Store, tree: Tree) -> None:
    """Write the static search index under ``search/`` (a no-op for now)."""
    del store, tree
