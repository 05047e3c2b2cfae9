"""cables.csv dialect: backslash escapes, LF inside fields, byte-range chunks, bad records."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.sources.cables_csv import chunks, created_iso, read_bytes, read_chunk
from cablegate.sources.record import Reject, SourceCable
from tests.conftest import SAMPLE


def _row(
    rid: int, refid: str, body: str, header: str = "R 011200Z JAN 07\nFM AMEMBASSY LIMA"
) -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'") + '"'

    fields = [str(rid), "1/1/2007 12:00", refid, "Embassy Lima", "SECRET", "", header, body]
    return ",".join(q(f) for f in fields) + "\n"


@pytest.mark.parametrize(
    ("date", "iso"),
    [
        ("12/28/1966 18:48", "1966-12-28T18:48"),
        ("2/25/1972 9:30", "1972-02-25T09:30"),
        ("2/20/2007 22:45", "2007-02-20T22:45"),
        ("yesterday", None),
    ],
)
def test_created_iso(date: str, iso: str | None) -> None:
    assert created_iso(date) == iso


def test_escapes_and_newlines_round_trip() -> None:
    body = 'He said \\"no\\" -- it\'s "quoted"\nline two\n"1","a line that looks like a record'
    records = list(read_bytes(_row(1, "07LIMA1", body).encode(), "x.csv"))
    assert len(records) == 1 and isinstance(records[0], SourceCable)
    assert records[0].body == body
    assert records[0].created == "2007-01-01T12:00"


@pytest.mark.parametrize("size", [97, 1500, 7777, 1 << 20])
def test_chunks_cover_every_record_once(tmp_path: Path, size: int) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "".join(_row(i, f"07LIMA{i}", f"body {i}\n" * (i % 7 + 1)) for i in range(1, 301))
    )
    seen: list[str] = []
    for chunk in chunks(path, size=size):
        seen.extend(r.refid or "" for r in read_chunk(chunk) if isinstance(r, SourceCable))
    assert seen == [f"07LIMA{i}" for i in range(1, 301)]


def test_locations_name_the_line(tmp_path: Path) -> None:
    rows = [_row(1, "07LIMA1", "a\nb\nc"), '"2","oops"\n', _row(3, "07LIMA3", "x")]
    path = tmp_path / "bad.csv"
    path.write_text("".join(rows))
    out = [r for c in chunks(path, size=64) for r in read_chunk(c)]
    assert [type(r).__name__ for r in out] == ["SourceCable", "Reject", "SourceCable"]
    reject = out[1]
    assert isinstance(reject, Reject)
    assert reject.location == "bad.csv:5" and "expected 8 fields, found 2" in reject.reason
    assert reject.raw == '"2","oops"'
    assert out[2].location == "bad.csv:6"


def test_undecodable_bytes_are_replaced_and_reported() -> None:
    data = (
        _row(1, "07LIMA1", "caf\u00e9")
        .encode()
        .replace("caf\xc3\xa9".encode("latin-1"), b"caf\xe9")
    )
    (rec,) = read_bytes(data, "x.csv")
    assert isinstance(rec, SourceCable)
    assert "\ufffd" in rec.body
    assert any("undecodable bytes" in p for p in rec.problems)


def test_cut_off_record_is_rejected_with_raw_text() -> None:
    data = (_row(1, "07LIMA1", "whole") + _row(2, "07LIMA2", "cut off here"))[:-20].encode()
    out = list(read_bytes(data, "cut.csv"))
    assert isinstance(out[0], SourceCable)
    assert isinstance(out[1], Reject)
    assert "cut off" in out[1].reason and out[1].raw.startswith('"2"')


def test_sample_reads_without_rejects() -> None:
    path = SAMPLE / "cables.csv"
    out = [r for c in chunks(path, size=1 << 16) for r in read_chunk(c)]
    assert len(out) == 400 and all(isinstance(r, SourceCable) for r in out)
    assert any(r.refid == "07LIMA487" for r in out if isinstance(r, SourceCable))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_read_without_raising(data: bytes) -> None:
    for rec in read_bytes(data, "fuzz.csv"):
        assert isinstance(rec, (SourceCable, Reject))


_TRICKY = st.text(alphabet=st.sampled_from(list("ab \n\\\"',|")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(header=_TRICKY, body=_TRICKY)
def test_any_field_text_round_trips(header: str, body: str) -> None:
    """Backslashes, quotes and apostrophes in any order come back as written."""
    out = list(read_bytes(_row(1, "07LIMA1", body, header).encode(), "t.csv"))
    assert len(out) == 1 and isinstance(out[0], SourceCable)
    assert (out[0].header, out[0].body) == (header, body)
