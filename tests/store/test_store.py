"""The record store, on both backends (``conftest.store``): upsert, versions, resolution, references, browse axes, merges."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cablegate.ingest import prepare
from cablegate.sources.record import ReleaseEvent, SourceCable
from cablegate.store.base import Store


def _src(
    refid: str,
    *,
    body: str = "",
    created: str = "2007-02-20T22:45",
    origin: str = "Embassy Lima",
    kind: str = "csv",
    released: str | None = None,
    media: tuple[str, ...] = (),
    ref: str = "",
    tags: str = "PGOV PE",
    classification: str = "SECRET",
) -> SourceCable:
    text = body or (
        f"S E C R E T LIMA 000{refid[-3:]}\n\nSIPDIS\n\nE.O. 12958: DECL: 02/14/2017\n"
        f"TAGS: {tags}\nSUBJECT: SUBJECT OF {refid}\n\n{ref}"
        "Classified By: Ambassador J. Curtis Struble for reasons 1.4(c) and (d).\n\n"
        "1. (S) First paragraph.\n\n2. (C) Second paragraph.\n\nSTRUBLE\n"
    )
    return SourceCable(
        location=f"test:{refid}",
        refid=refid,
        header="",
        body=text,
        release_id=int(refid[-3:]),
        created=created,
        classification=classification,
        origin=origin,
        kind=kind,
        released=released,
        media=media,
    )


def _put(store: Store, *sources: SourceCable) -> tuple[int, int, int]:
    counts = store.upsert_cables([prepare(s)[0] for s in sources])
    return counts.new, counts.updated, counts.unchanged


def test_upsert_counts_and_versions(store: Store) -> None:
    assert _put(store, _src("07LIMA101"), _src("07LIMA102")) == (2, 0, 0)
    assert _put(store, _src("07LIMA101")) == (0, 0, 1)
    changed = _src("07LIMA101", body="S E C R E T\nSUBJECT: NEW\n\n1. (S) Changed.\n")
    assert _put(store, changed) == (0, 1, 0)
    stats = store.stats()
    assert stats["cables"] == 2 and stats["older_versions"] == 1
    got = store.get("07LIMA101")
    assert got is not None and got.versions == 1 and "Changed." in got.cable.body


def test_a_page_never_replaces_the_release_text(store: Store) -> None:
    _put(store, _src("07LIMA101"))
    page = _src(
        "07LIMA101",
        body="S E C R E T\nrendered differently",
        kind="html",
        released="2011-08-30T01:44",
        media=("http://elcomercio.pe",),
    )
    assert _put(store, page) == (0, 1, 0)
    got = store.get("07LIMA101")
    assert got is not None
    assert "rendered differently" not in got.cable.body
    assert got.media == ("http://elcomercio.pe",)
    assert got.cable.released == "2011-08-30T01:44"
    assert _put(store, page) == (0, 0, 1)


def test_released_is_the_earliest_event(store: Store) -> None:
    store.add_releases([ReleaseEvent("07LIMA101", "2011-08-30T01:44")])  # before the cable
    _put(store, _src("07LIMA101"))
    store.add_releases([ReleaseEvent("07LIMA101", "2010-11-28T18:06", "hour")])
    got = store.get("07LIMA101")
    assert got is not None and got.cable.released == "2010-11-28T18:06"
    assert [r.released for r in got.releases] == ["2010-11-28T18:06", "2011-08-30T01:44"]


def test_resolve_any_spelling(store: Store) -> None:
    _put(store, _src("06AITTAIPEI265"))
    assert store.resolve("06aittaipei265") == "06AITTAIPEI265"
    assert store.resolve("06TAIPEI265") == "06AITTAIPEI265"
    assert store.resolve("99NOWHERE1") is None
    assert store.resolve("") is None


def test_references_cited_by_and_resolution(store: Store) -> None:
    _put(
        store,
        _src("07LIMA101"),
        _src("07LIMA102", ref="REF: A. LIMA 101 B. STATE 12345\n\n", created="2007-03-01T10:00"),
    )
    assert [c.refid for c in store.cited_by("07LIMA101")] == ["07LIMA102"]
    assert store.resolve_many(["07LIMA101", "07STATE12345"]) == {"07LIMA101": "07LIMA101"}


def test_neighbours_follow_the_same_origin(store: Store) -> None:
    _put(
        store,
        _src("07LIMA101", created="2007-01-01T10:00"),
        _src("07LIMA102", created="2007-02-01T10:00"),
        _src("07LIMA103", created="2007-03-01T10:00"),
        _src("07BOGOTA104", created="2007-02-15T10:00", origin="Embassy Bogota"),
    )
    prev, nxt = store.neighbours("07LIMA102")
    assert prev is not None and prev.refid == "07LIMA101"
    assert nxt is not None and nxt.refid == "07LIMA103"
    assert store.neighbours("07LIMA101")[0] is None


@pytest.mark.parametrize(
    ("axis", "value", "expected"),
    [
        ("date", "2007-02", ["07LIMA101"]),
        ("origin", "embassy-lima", ["07LIMA101"]),
        ("tag", "pter", ["07LIMA101"]),
        ("classification", "secret-noforn", ["07LIMA101"]),
        ("country", "pe", ["07LIMA101"]),
        ("year", "2007", ["07BOGOTA104", "07LIMA101"]),
        ("released", "2011-08-30", ["07LIMA101"]),
    ],
)
def test_browse_axes(store: Store, axis: str, value: str, expected: list[str]) -> None:
    _put(
        store,
        _src(
            "07LIMA101",
            tags="PGOV PTER PE",
            classification="SECRET//NOFORN",
            released="2011-08-30T01:44",
        ),
        _src("07BOGOTA104", created="2007-03-15T10:00", origin="Embassy Bogota", tags="PGOV CO"),
    )
    page = store.browse(axis, value, sort="refid")
    assert [c.refid for c in page.items] == expected and page.total == len(expected)


def test_browse_pages_and_axis_counts(store: Store) -> None:
    _put(
        store, *(_src(f"07LIMA{100 + i}", created=f"2007-02-{i + 1:02d}T10:00") for i in range(25))
    )
    page = store.browse("origin", "embassy-lima", page=3, per_page=10, order="desc")
    assert page.total == 25 and page.pages == 3 and len(page.items) == 5
    assert page.items[0].refid == "07LIMA104"
    origins = store.axis_values("origin")
    assert [(v.value, v.count, v.label) for v in origins] == [("embassy-lima", 25, "Embassy Lima")]
    tags = {v.value: v for v in store.axis_values("tag")}
    assert tags["PGOV"].count == 25 and tags["PE"].group == "geo"
    with pytest.raises(ValueError, match="unknown axis"):
        store.browse("colour", "red")


@pytest.mark.parametrize(
    ("axis", "value"), [("origin", "Embassy-Lima"), ("tag", "pgov"), ("year", "2007")]
)
def test_one_walk_of_a_list_gives_the_pages_of_browse(store: Store, axis: str, value: str) -> None:
    _put(
        store,
        *(_src(f"07LIMA{100 + i}", created=f"2007-02-{i % 9 + 1:02d}T10:00") for i in range(23)),
        _src("07LIMA099", created=""),
    )
    walked = list(store.browse_pages(axis, value, per_page=5))
    assert [p.page for p in walked] == [1, 2, 3, 4, 5]
    assert walked == [store.browse(axis, value, page=n, per_page=5) for n in range(1, 6)]
    assert list(store.browse_pages("tag", "NOSUCHTAG")) == []


def test_a_lists_count_is_remembered_until_the_generation_moves(
    store: Store, store_url: str
) -> None:
    """A list's count is made once a generation (``store.counts``): a write through another
    connection (another process's ingest) moves the generation, and the next page counts
    again; one that changes nothing leaves the count as it was."""
    from cablegate.archive import open_store

    _put(store, _src("07LIMA101"), _src("07LIMA102"))
    reader = open_store(store_url, readonly=True)
    try:
        counted: list[tuple[str, str]] = []
        real = reader.list_counts.count  # type: ignore[attr-defined]

        def spy(key: tuple[str, str], generation: int, make: Any) -> int:
            return int(real(key, generation, lambda: counted.append(key) or make()))

        reader.list_counts.count = spy  # type: ignore[attr-defined]
        assert reader.browse("tag", "PGOV").total == 2
        assert reader.browse("tag", "PGOV", page=2).total == 2
        assert counted == [("tag", "PGOV")]  # the second page used the count
        _put(store, _src("07LIMA103"))  # another connection's write
        assert reader.browse("tag", "PGOV").total == 3
        assert reader.browse("origin", "embassy-lima").total == 3
        _put(store, _src("07LIMA103"))  # unchanged: the generation stays
        assert reader.browse("tag", "PGOV").total == 3
        assert counted == [("tag", "PGOV"), ("tag", "PGOV"), ("origin", "embassy-lima")]
    finally:
        reader.close()


def test_stored_paragraph_spans_give_the_parsed_paragraphs(store: Store) -> None:
    from cablegate.ingest import parse_record
    from cablegate.sources.cables_csv import chunks, read_chunk
    from tests.conftest import SAMPLE

    records = [r for c in chunks(SAMPLE / "cables.csv") for r in read_chunk(c)]
    sources = [r for r in records if isinstance(r, SourceCable)][:120]
    assert len(sources) == 120
    store.upsert_cables([prepare(s)[0] for s in sources])
    for src in sources:
        got = store.get(src.refid or "")
        assert got is not None
        assert got.cable.paragraphs == parse_record(src).paragraphs, src.refid


def test_the_generation_moves_with_every_write_that_changes_a_page(store: Store) -> None:
    assert store.generation() == 0
    _put(store, _src("07LIMA101"))
    first = store.generation()
    assert first == 1
    _put(store, _src("07LIMA101"))  # unchanged: nothing a page shows moved
    assert store.add_media([("07LIMA101", "http://elcomercio.pe")]) == 1
    assert store.add_media([("07LIMA101", "http://elcomercio.pe")]) == 0
    assert store.add_releases([ReleaseEvent("07LIMA101", "2011-08-30T01:44")]) == 1
    assert store.generation() == first + 2
    store.mark_indexed(["07LIMA101"])  # searches changed
    assert store.generation() == first + 3


def _changed(store: Store, generation: int) -> list[str]:
    return [w.refid for w in store.changed_since(generation)]


def test_changed_since_names_what_an_index_at_a_generation_lacks(store: Store) -> None:
    """Every node's index catches up from the generation it holds: each write that changes a
    search document is found after every generation before its own, and only those."""
    assert _changed(store, -1) == []
    _put(store, _src("07LIMA101"), _src("07LIMA102"))
    first = store.generation()
    assert _changed(store, -1) == ["07LIMA101", "07LIMA102"]
    assert _changed(store, first - 1) == ["07LIMA101", "07LIMA102"]
    assert _changed(store, first) == []
    _put(store, _src("07LIMA101"))  # unchanged: nothing to index again
    store.add_media([("07LIMA102", "http://elcomercio.pe")])  # media are not searched
    store.mark_indexed(["07LIMA101", "07LIMA102"])  # one index's bookkeeping, not a change
    assert _changed(store, first) == []
    at = store.generation()
    _put(store, _src("07LIMA102", body="S E C R E T LIMA 000102\n\nA new text.\n"))
    assert _changed(store, at) == ["07LIMA102"]
    at = store.generation()
    store.add_releases([ReleaseEvent("07LIMA101", "2011-08-30T01:44")])  # a new release date
    assert _changed(store, at) == ["07LIMA101"]
    assert _changed(store, store.generation()) == []
    _put(store, _src("07LIMA103"))
    assert [w.refid for w in store.changed_since(-1, 2)] == ["07LIMA101", "07LIMA102"]
    after = store.changed_since(-1, 2)[-1].row_id
    assert [w.refid for w in store.changed_since(-1, after_id=after)] == ["07LIMA103"]


def test_changes_list_the_cables_with_more_than_one_version(store: Store) -> None:
    from cablegate.versions.stored import refresh_histories

    _put(store, _src("07LIMA101"), _src("07LIMA102"))
    _put(store, _src("07LIMA102", body="S E C R E T\nSUBJECT: NEW\n\n1. (S) Changed.\n"))
    assert store.stale_histories() == ["07LIMA102"]
    refresh_histories(store)
    assert store.stale_histories() == []
    changes = store.changes()
    assert [(c.refid, c.versions) for c in changes.items] == [("07LIMA102", 2)]
    assert len(store.texts("07LIMA102")) == 2 and store.texts("07NOSUCH1") == []


def test_dump_and_load_move_every_table(store: Store, tmp_path: Path) -> None:
    from cablegate.archive import open_store
    from cablegate.store.tables import TABLES

    _put(store, _src("07LIMA101"), _src("07LIMA102", ref="REF: LIMA 101\n\n"))
    _put(store, _src("07LIMA101", body="S E C R E T\nSUBJECT: NEW\n\n1. (S) Changed.\n"))
    store.add_rejects([("test:1", "no refid", "raw text")])
    other = open_store(tmp_path / "other.db")
    try:
        for table in TABLES:
            other.load(table, store.dump(table))
        assert other.table_counts() == store.table_counts()
        assert store.table_counts()["texts"] == 3 and store.table_counts()["rejects"] == 1
        for table in TABLES:
            assert list(other.dump(table)) == list(store.dump(table)), table
        got, want = other.get("07LIMA102"), store.get("07LIMA102")
        assert got is not None and want is not None and got.to_dict() == want.to_dict()
    finally:
        other.close()


def test_rejects_are_kept(store: Store) -> None:
    store.add_rejects([("a.csv:3", "no refid", "x"), ("a.csv:9", "bad date", "y")])
    assert store.stats()["rejected"] == 2
