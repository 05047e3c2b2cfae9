"""The store's lists: ``browse_pages`` (one walk of a list) gives exactly the pages ``browse``
(one page, by OFFSET) gives, for every value of every axis of the sample."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from cablegate.store.sqlite import SqliteStore
from cablegate.vocabulary import AXES
from cablegate.web.urls import axis_value


@pytest.fixture(scope="module")
def store(sample_db: Path) -> Iterator[SqliteStore]:
    s = SqliteStore.open(sample_db, readonly=True)
    yield s
    s.close()


@pytest.mark.parametrize("axis", AXES)
def test_browse_pages_are_the_pages_of_browse(store: SqliteStore, axis: str) -> None:
    values = store.axis_values(axis)
    assert values
    longest = 0
    for v in values:
        value = axis_value(axis, v.value)  # as an address spells it
        walked = list(store.browse_pages(axis, value, per_page=7))
        assert walked, v.value
        paged = [
            store.browse(axis, value, page=n, per_page=7) for n in range(1, walked[0].pages + 1)
        ]
        assert walked == paged, v.value
        assert walked[0].total == v.count == sum(len(p.items) for p in walked)
        longest = max(longest, len(walked))
    assert longest > 3


def test_an_empty_list_has_no_pages(store: SqliteStore) -> None:
    assert list(store.browse_pages("tag", "NOSUCHTAG")) == []
    assert store.browse("tag", "NOSUCHTAG").total == 0
    with pytest.raises(ValueError, match="unknown axis"):
        list(store.browse_pages("colour", "red"))


@pytest.mark.parametrize("order", ["asc", "desc"])
@pytest.mark.parametrize("sort", ["created", "refid"])
def test_tag_pages_in_every_order_of_the_index(store: SqliteStore, sort: str, order: str) -> None:
    """A tag's pages sorted along the tags index (by creation time or refid, either way) are
    its cables in that order, cut into pages."""
    tags = [v for v in store.axis_values("tag") if v.count > 20]
    assert tags
    for v in tags:
        rows = [c for p in store.browse_pages("tag", v.value) for c in p.items]
        if sort == "refid":
            rows.sort(key=lambda c: c.refid)
        if order == "desc":
            rows.reverse()
        pages = -(-v.count // 7)
        paged = [
            c
            for n in range(1, pages + 2)  # one past the end: empty
            for c in store.browse("tag", v.value, sort=sort, order=order, page=n, per_page=7).items
        ]
        assert [c.refid for c in paged] == [c.refid for c in rows], v.value
