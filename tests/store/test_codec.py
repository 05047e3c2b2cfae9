"""The codec: what ``encode`` writes, ``decode`` gives back as the parser gave it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.ingest import parse_record, prepare
from cablegate.parse import parse, with_layout
from cablegate.parse.paragraphs import paragraph_places, stored_spans
from cablegate.parse.text import normalise_text
from cablegate.sources.cables_csv import chunks, read_chunk
from cablegate.sources.record import SourceCable
from cablegate.store.codec import Provenance, decode, encode
from tests.conftest import SAMPLE


def _sample() -> list[SourceCable]:
    records = [r for c in chunks(SAMPLE / "cables.csv") for r in read_chunk(c)]
    return [r for r in records if isinstance(r, SourceCable)]


SOURCES = _sample()


@pytest.mark.parametrize("src", SOURCES[::8], ids=lambda s: s.refid)
def test_decode_gives_back_the_parsed_cable(src: SourceCable) -> None:
    row, _ = prepare(src)
    # the layout is built when a cable is read back, from the paragraphs' stored places
    assert decode(row.data, row.header, row.body) == parse_record(src)


@pytest.mark.parametrize("src", SOURCES[3::40], ids=lambda s: s.refid)
def test_an_archive_without_the_places_is_laid_out_all_the_same(src: SourceCable) -> None:
    row, _ = prepare(src)
    data = json.loads(row.data)
    data["paragraph_spans"] = [s[:5] for s in data["paragraph_spans"]]  # as stored before places
    old = decode(json.dumps(data), row.header, row.body)
    assert old.layout == parse_record(src).layout
    assert with_layout(replace(old, layout=None, header_lines=None)) == old


def test_decode_without_paragraphs_leaves_only_them_and_the_layout_out() -> None:
    src = next(s for s in SOURCES if s.refid == "07LIMA487")
    row, _ = prepare(src)
    full = decode(row.data, row.header, row.body)
    assert len(full.paragraphs) >= 5 and full.layout and full.header_lines
    assert decode(row.data, row.header, row.body, paragraphs=False) == replace(
        full, paragraphs=(), layout=None, header_lines=None
    )


def test_what_the_store_keeps_beside_the_row_goes_in() -> None:
    src = next(s for s in SOURCES if s.refid == "07LIMA487")
    row, _ = prepare(src)
    stored_media = decode(row.data, row.header, row.body).media
    linked = ("https://example.org/a", *stored_media[:1])
    cable = decode(row.data, row.header, row.body, released="2011-08-30", linked_media=linked)
    assert cable.released == "2011-08-30"
    assert cable.media == tuple(dict.fromkeys([*stored_media, *linked]))


def test_the_row_keeps_raw_text_and_no_copy_of_it() -> None:
    src = next(s for s in SOURCES if s.refid == "07LIMA487")
    row, _ = prepare(src)
    stored = json.loads(row.data)
    assert (row.header, row.body) == (src.header, src.body)
    assert not {"header", "body", "paragraphs"} & set(stored)
    assert stored["paragraph_spans"]


def test_the_release_s_references_become_edges_once() -> None:
    body = "SUBJECT: X\n\nREF: A. 07 LIMA 100\n\n1. Text.\n"
    cable = parse("", body, refid="07LIMA487")
    listed = ("07LIMA100", "07LIMA200", "07LIMA487")  # a duplicate and the cable itself
    row = encode(cable, Provenance(listed_references=listed), [])
    assert row.references == ("07LIMA100", "07LIMA200")
    assert "07LIMA200" not in cable.references


def test_a_changed_release_record_changes_only_the_meta_hash() -> None:
    cable = parse("", "SUBJECT: X\n", refid="07LIMA487")
    a = encode(cable, Provenance(release_id=1), [])
    b = encode(cable, Provenance(release_id=2), [])
    assert a.text_hash == b.text_hash and a.meta_hash != b.meta_hash
    c = encode(replace(cable, body="SUBJECT: Y\n"), Provenance(release_id=1), [])
    assert c.text_hash != a.text_hash


@given(st.text(max_size=600))
@settings(max_examples=150, deadline=None)
def test_any_text_round_trips(body: str) -> None:
    cable = parse("", body, refid="07LIMA487", paragraphs=True)
    places = paragraph_places(normalise_text(body))
    stored = parse("", body, refid="07LIMA487", paragraphs=False, places=places, layout=False)
    row = encode(stored, Provenance(), stored_spans(places))
    assert with_layout(decode(row.data, row.header, row.body)) == cable
