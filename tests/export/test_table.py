"""``cablegate export``: JSONL, CSV and Parquet of the sample read back by ``json``, ``csv``,
``pyarrow`` and ``pandas``, every cable and every field matching what the store gives
``cablegate show`` (``Store.get``: another read of the same rows, with the layout)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from cablegate.archive import open_store
from cablegate.errors import CablegateError
from cablegate.export.table import FIELDS, JOIN, PARAGRAPH_KEYS, cell, fields_of
from cablegate.search import SearchIndex
from cablegate.store.base import StoredCable

Cli = Callable[..., Result]


def expected(stored: StoredCable) -> dict[str, Any]:
    """What an export must hold of a cable, from the stored cable as ``get`` reads it."""
    d = stored.cable.to_dict()
    d["paragraphs"] = [{k: p[k] for k in PARAGRAPH_KEYS} for p in d["paragraphs"]]
    d.update(release_id=stored.release_id, source=stored.source, redacted=stored.redacted)
    return {f: d[f] for f in FIELDS}


@pytest.fixture(scope="module")
def truth(sample_db: Path) -> dict[str, dict[str, Any]]:
    """Every cable of the sample, by refid, as the export must give it."""
    store = open_store(sample_db, readonly=True)
    try:
        refids = [str(r) for (r,) in store.conn.execute("SELECT refid FROM cables")]  # type: ignore[attr-defined]
        out = {}
        for refid in refids:
            got = store.get(refid)
            assert got is not None
            out[refid] = expected(got)
        return out
    finally:
        store.close()


def _unflatten(kind: str, text: str) -> Any:
    """A CSV cell back to its value, by the rules of ``export.table``'s docstring."""
    if kind == "flag":
        return {"true": True, "false": False}[text]
    if kind == "number":
        return int(text) if text else None
    if kind == "texts":
        return text.split(JOIN) if text else []
    if kind == "text":
        return text
    return json.loads(text) if text else []


def _csv_expected(value: Any, kind: str) -> Any:
    """CSV has no null: a missing text reads back as an empty one."""
    return "" if kind == "text" and value is None else value


def test_jsonl_holds_every_cable_and_field_in_refid_order(
    cli: Cli, sample_db: Path, tmp_path: Path, truth: dict[str, dict[str, Any]]
) -> None:
    out = tmp_path / "all.jsonl"
    cli("export", "--db", str(sample_db), str(out), ok=True)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["refid"] for r in rows] == sorted(truth)
    for row in rows:
        assert list(row) == list(FIELDS)
        assert row == truth[row["refid"]], row["refid"]


def test_csv_reads_back_every_cable_and_field(
    cli: Cli, sample_db: Path, tmp_path: Path, truth: dict[str, dict[str, Any]]
) -> None:
    out = tmp_path / "all.csv"
    cli("export", "--db", str(sample_db), "--format", "csv", str(out), ok=True)
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["refid"] for r in rows] == sorted(truth)
    for row in rows:
        want = truth[row["refid"]]
        got = {f: _unflatten(k, row[f]) for f, k in FIELDS.items()}
        assert got == {f: _csv_expected(want[f], k) for f, k in FIELDS.items()}, row["refid"]


def test_parquet_reads_back_with_pyarrow_and_pandas(
    cli: Cli, sample_db: Path, tmp_path: Path, truth: dict[str, dict[str, Any]]
) -> None:
    import pandas as pd
    import pyarrow.parquet as pq

    out = tmp_path / "all.parquet"
    cli("export", "--db", str(sample_db), "--format", "parquet", str(out), ok=True)
    rows = pq.read_table(out).to_pylist()
    assert [r["refid"] for r in rows] == sorted(truth)
    for row in rows:
        assert row == truth[row["refid"]], row["refid"]
    frame = pd.read_parquet(out)
    assert list(frame.columns) == list(FIELDS) and len(frame) == len(truth)
    lima = frame.set_index("refid").loc["07LIMA487"]
    assert list(lima["tags"]) == truth["07LIMA487"]["tags"]


def test_a_query_with_filters_exports_what_the_search_finds(
    cli: Cli, sample_db: Path, tmp_path: Path, truth: dict[str, dict[str, Any]]
) -> None:
    index = SearchIndex.open(sample_db.parent / (sample_db.name + ".index"))
    try:
        found = index.search("sendero", filters={"year": ["2007"]}, per_page=500, facets=False)
    finally:
        index.close()
    assert found.total >= 2  # the seed and others: a filter that keeps some and drops some
    out = tmp_path / "q.jsonl"
    result = cli("export", "--db", str(sample_db), "sendero", "--filter", "year=2007", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["refid"] for r in rows] == sorted(h.refid for h in found.hits)
    assert all(r == truth[r["refid"]] for r in rows)


def test_fields_to_standard_output(cli: Cli, sample_db: Path) -> None:
    result = cli(
        "export", "--db", str(sample_db), "refid:07LIMA487", "--format", "csv",
        "--fields", "subject,refid,tags", "-",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["subject", "refid", "tags"],
        [
            "PERU: GOVERNMENT PLAN TO TAKE BACK ITS TERRITORY",
            "07LIMA487",
            "PGOV | PINR | PTER | SNAR | PE",
        ],
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--fields", "refid,nope", "out.jsonl"), "unknown field 'nope'"),
        (('"unclosed', "out.jsonl"), "cannot read the query"),
        (("--format", "parquet", "-"), "Parquet is written to a file"),
        (("--filter", "colour=red", "out.jsonl"), "NAME one of"),
        (("a", "b", "out.jsonl"), "at most a QUERY and OUT"),
    ],
    ids=["unknown-field", "bad-query", "parquet-to-stdout", "bad-filter", "three-args"],
)
def test_bad_input_is_a_clear_message(
    cli: Cli, sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...], message: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    result = cli("export", "--db", str(sample_db), *args)
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "out.jsonl").exists()  # nothing written before the error


def test_without_pyarrow_parquet_says_what_to_install(
    cli: Cli, sample_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow raises ImportError
    result = cli("export", "--db", str(sample_db), "--format", "parquet", str(tmp_path / "x.pq"))
    assert result.exit_code == 1
    assert "pip install 'cablegate[parquet]'" in result.output
    assert not (tmp_path / "x.pq").exists()


@pytest.mark.parametrize(
    ("kind", "value", "guard", "text"),
    [
        ("text", None, False, ""),
        ("text", "=SUM(A1)", False, "=SUM(A1)"),
        ("text", "=SUM(A1)", True, "'=SUM(A1)"),
        ("text", "-1 (C) text", True, "'-1 (C) text"),
        ("text", "@cmd", True, "'@cmd"),
        ("text", "PERU", True, "PERU"),
        ("texts", ["PGOV", "PE"], False, "PGOV | PE"),
        ("texts", ["+X", "PE"], True, "'+X | PE"),
        ("texts", [], False, ""),
        ("flag", True, False, "true"),
        ("flag", False, True, "false"),
        ("number", 12, False, "12"),
        ("number", None, False, ""),
        ("reference", [{"kind": "cable", "value": "07LIMA487", "bullet": "A"}], True,
         '[{"kind": "cable", "value": "07LIMA487", "bullet": "A"}]'),
        ("paragraph", [], False, ""),
    ],
)  # fmt: skip
def test_a_value_as_a_csv_cell(kind: str, value: Any, guard: bool, text: str) -> None:
    assert cell(kind, value, guard=guard) == text


@given(st.lists(st.text().filter(lambda t: JOIN not in t and t), max_size=5))
def test_a_list_of_strings_reads_back_from_its_cell(items: list[str]) -> None:
    assert _unflatten("texts", cell("texts", items)) == items


@given(st.text(max_size=200))
def test_the_formula_guard_only_ever_adds_one_quote(text: str) -> None:
    guarded = cell("text", text, guard=True)
    assert guarded in (text, "'" + text)
    assert guarded[:1] not in ("=", "+", "-", "@", "\t", "\r")


@given(st.one_of(st.none(), st.text(max_size=80), st.lists(st.text(max_size=20), max_size=4)))
def test_fields_are_known_ones_or_a_clear_error(spec: str | list[str] | None) -> None:
    try:
        chosen = fields_of(spec)
    except CablegateError as exc:
        assert "unknown field" in str(exc)
    else:
        assert chosen and set(chosen) <= set(FIELDS) and len(set(chosen)) == len(chosen)


def test_an_export_never_writes_to_the_archive(cli: Cli, sample_db: Path, tmp_path: Path) -> None:
    """Not even the upgrade of an archive of schema 6 (a writing command would add its view)."""
    db = tmp_path / "old.db"
    with closing(sqlite3.connect(sample_db)) as src, closing(sqlite3.connect(db)) as dst:
        src.backup(dst)
        dst.execute("DROP VIEW cables_flat")
        dst.execute("UPDATE meta SET value = '6' WHERE key = 'schema'")
        dst.commit()
    state = "SELECT group_concat(key || '=' || value) FROM meta ORDER BY key"
    views = "SELECT count(*) FROM sqlite_master WHERE name = 'cables_flat'"
    with closing(sqlite3.connect(db)) as conn:
        before = conn.execute(state).fetchone()
    result = cli("export", "--db", str(db), "--fields", "refid", "-")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 400
    with closing(sqlite3.connect(db)) as conn:
        assert conn.execute(state).fetchone() == before  # schema 6, the same generation
        assert conn.execute(views).fetchone() == (0,)
