"""The mirror's plan: each cable's neighbours found in one scan are those the store finds one
cable at a time (``Store.neighbours``), edge cases included (a cable with no creation time, the
first and last cable of an origin, an origin of one cable); a list's key changes with its cables
and only then."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablegate.ingest import prepare
from cablegate.mirror.plan import cable_jobs, code_key, key_of, list_keys, memberships, touched
from cablegate.store.sqlite import SqliteStore
from cablegate.vocabulary import AXES
from tests.store.test_store import _src


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteStore]:
    s = SqliteStore.open(tmp_path / "t.db")
    sources = [
        _src("07LIMA101", created="2007-02-01T10:00"),
        _src("07LIMA102", created="2007-02-01T10:00"),  # same time: refid decides
        _src("07LIMA103", created=None),  # type: ignore[arg-type]  # no creation time: no neighbours
        _src("07LIMA109", created=""),  # an empty one is a time like any other (the first)
        _src("07LIMA104", created="2007-01-15T09:00"),
        _src("07LIMA105", created="2007-03-01T00:00"),
        _src("07BOGOTA106", created="2007-02-01T10:00", origin="Embassy Bogota"),
        _src("07QUITO107", created="2007-02-02T10:00", origin="Embassy Quito"),
        _src("07QUITO108", created="2007-02-03T10:00", origin="Embassy Quito"),
    ]
    s.upsert_cables([prepare(src)[0] for src in sources])
    yield s
    s.close()


def test_neighbours_from_the_plan_are_the_stores(store: SqliteStore) -> None:
    inputs = store.cable_inputs()
    assert any(c.created is None for c in inputs)
    jobs = cable_jobs(inputs)
    assert len(jobs) == 9
    for job in jobs:
        assert (job.previous, job.next) == store.neighbours(job.refid), job.refid
    by_refid = {j.refid: j for j in jobs}
    assert by_refid["07LIMA102"].previous is not None
    assert by_refid["07LIMA102"].previous.refid == "07LIMA101"
    assert (by_refid["07LIMA103"].previous, by_refid["07LIMA103"].next) == (None, None)
    assert by_refid["07LIMA109"].next is not None
    assert by_refid["07LIMA109"].next.refid == "07LIMA104"


def test_touched_takes_in_the_neighbours(store: SqliteStore) -> None:
    inputs = store.cable_inputs()
    assert touched(inputs, "2999-01-01") == set()
    since = max(c.updated_at or "" for c in inputs)
    newest = {c.refid for c in inputs if c.updated_at == since}
    out = touched(inputs, since)
    assert newest <= out
    for job in cable_jobs(inputs):
        if job.refid in newest:
            assert {s.refid for s in (job.previous, job.next) if s} <= out


def test_list_keys_follow_their_cables(store: SqliteStore) -> None:
    inputs = store.cable_inputs()
    keys = list_keys(inputs)
    for axis in AXES:
        for v in store.axis_values(axis):
            assert (axis, v.value) in keys, (axis, v.value)
    assert list_keys(list(reversed(inputs))) == keys  # a set: no order
    assert list_keys(inputs, "https://example.org|True") != keys  # the options are in it
    first = inputs[0]
    changed = replace(first, digest=first.digest + "|m:http://example.org/story")
    moved = list_keys([changed, *inputs[1:]])
    assert {m for m in keys if keys[m] != moved[m]} == set(memberships(first))
    fewer = list_keys(inputs[1:])
    assert {m for m in keys if keys[m] != fewer.get(m)} == set(memberships(first))


@given(st.lists(st.one_of(st.text(max_size=20), st.none(), st.integers()), max_size=5))
def test_key_of_is_the_digest_of_code_and_parts(parts: list[object]) -> None:
    """The copied seed gives the key a fresh digest over the code key and the parts gives."""
    digest = hashlib.blake2b(digest_size=12)
    for part in (code_key(), *parts):
        digest.update(str(part).encode() + b"\x1f")
    assert key_of(*parts) == digest.hexdigest()


def test_a_cables_key_moves_with_its_versions_and_only_its(store: SqliteStore) -> None:
    """A new source of a text (or a new text) changes the cable's history page, so its key; the
    search index's digest and the lists' keys stay (they do not show versions)."""
    inputs = store.cable_inputs()
    assert all(c.version_count == 1 and c.versions for c in inputs)
    keys = {j.refid: j.key for j in cable_jobs(inputs)}
    first = inputs[0]
    seen_again = replace(first, versions="another digest", version_count=2)
    moved = {j.refid: j.key for j in cable_jobs([seen_again, *inputs[1:]])}
    assert {r for r in keys if keys[r] != moved[r]} == {first.refid}
    assert list_keys([seen_again, *inputs[1:]]) == list_keys(inputs)
