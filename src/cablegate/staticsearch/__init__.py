"""Search for the static mirror: an index of plain files, read by JavaScript in the browser.

``write_index(store_or_cables, out_dir)`` writes it (see ``docs/static-search.md`` for the
format); ``assets/`` holds the reader and a working page, copied beside the index.
"""

from cablegate.staticsearch.writer import Summary, write_index

__all__ = ["Summary", "write_index"]
