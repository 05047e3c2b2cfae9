"""End to end through the CLI: ingest, re-ingest, show, stats, search, parse, and bad input."""

from __future__ import annotations

import json
import tarfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import CORPUS, SAMPLE, needs_corpus, show_json

Cli = Callable[..., Result]


def _csv_row(rid: int, refid: str, body: str, subject: str = "TEST") -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'") + '"'

    full_body = (
        f"C O N F I D E N T I A L LIMA 000{rid}\n\nSIPDIS\n\nE.O. 12958: DECL: 02/14/2017\n"
        f"TAGS: PGOV PE\nSUBJECT: {subject}\n\n1. (C) {body}\n\nSTRUBLE\n"
    )
    fields = [
        str(rid),
        "2/20/2007 22:45",
        refid,
        "Embassy Lima",
        "CONFIDENTIAL",
        "",
        "P 202245Z FEB 07\nFM AMEMBASSY LIMA\nTO RUEHC/SECSTATE WASHDC PRIORITY 4053",
        full_body,
    ]
    return ",".join(q(f) for f in fields) + "\n"


def test_seed_cable_as_the_issue_demands(cli: Cli, sample_db: Path) -> None:
    d = show_json(cli, sample_db, "07LIMA487")
    assert d["refid"] == "07LIMA487"
    assert d["created"] == "2007-02-20T22:45"
    assert d["released"] == "2011-08-30T01:44"
    assert d["classification"] == "SECRET" and d["origin"] == "Embassy Lima"
    assert d["subject"] == "PERU: GOVERNMENT PLAN TO TAKE BACK ITS TERRITORY"
    assert [p["number"] for p in d["paragraphs"]] == [1, 2, 3, 4, 5, 6, 7, 8]
    assert d["tags"] == ["PGOV", "PINR", "PTER", "SNAR", "PE"]
    assert d["classified_by"] == ["J. Curtis Struble"]
    assert d["classification_reasons"] == ["1.4(c)", "1.4(d)"]
    assert d["declassify_on"] == "2017-02-14"
    assert d["signers"] == ["STRUBLE"]
    assert "http://elcomercio.pe" in d["media"]
    assert d["release_id"] == 97369
    assert d["country"] == "Peru" and d["origin_slug"] == "embassy-lima"


def test_show_accepts_other_spellings(cli: Cli, sample_db: Path) -> None:
    assert show_json(cli, sample_db, "07lima487")["refid"] == "07LIMA487"
    result = cli("show", "99NOWHERE1", "--db", str(sample_db))
    assert result.exit_code == 1 and "no cable" in result.output


def test_stats_and_reingest_adds_no_duplicates(cli: Cli, sample_db: Path, tmp_path: Path) -> None:
    stats = json.loads(cli("stats", "--db", str(sample_db), "--json", ok=True).output)
    assert stats["cables"] == 400 and stats["indexed"] == 400
    again = cli(
        "ingest",
        str(SAMPLE / "cables.csv"),
        "--db",
        str(sample_db),
        "--json",
        "--workers",
        "1",
        ok=True,
    )
    summary = json.loads(again.output)
    assert summary["unchanged"] == 400 and summary["new"] == 0
    stats = json.loads(cli("stats", "--db", str(sample_db), "--json", ok=True).output)
    assert stats["cables"] == 400 and stats["indexed"] == 400


def test_search_finds_the_seed(cli: Cli, sample_db: Path) -> None:
    out = json.loads(
        cli("search", '"shining path"', "--db", str(sample_db), "--json", ok=True).output
    )
    assert "07LIMA487" in [h["refid"] for h in out["hits"]]
    assert out["total"] >= 1 and "facets" in out
    bad = cli("search", '"unclosed', "--db", str(sample_db))
    assert bad.exit_code == 1 and "cannot read the query" in bad.output
    assert "Traceback" not in bad.output


def test_changed_text_keeps_the_older_version(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "v.db")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(_csv_row(1, "07LIMA9001", "Old text about coca."))
    second.write_text(_csv_row(1, "07LIMA9001", "New text about quinoa."))
    cli("ingest", str(first), "--db", db, "--workers", "1", ok=True)
    summary = json.loads(
        cli("ingest", str(second), "--db", db, "--json", "--workers", "1", ok=True).output
    )
    assert summary["updated"] == 1
    stats = json.loads(cli("stats", "--db", db, "--json", ok=True).output)
    assert stats["cables"] == 1 and stats["older_versions"] == 1
    hits = json.loads(cli("search", "quinoa", "--db", db, "--json", ok=True).output)
    assert hits["total"] == 1
    assert json.loads(cli("search", "coca", "--db", db, "--json", ok=True).output)["total"] == 0


def test_an_index_left_from_a_deleted_archive_gets_no_duplicates(cli: Cli, tmp_path: Path) -> None:
    """New cables skip the index's delete-by-refid; an index without its database is cleared."""
    db = tmp_path / "d.db"
    source = tmp_path / "a.csv"
    source.write_text(_csv_row(1, "07LIMA9002", "Text about quinoa."))
    cli("ingest", str(source), "--db", str(db), "--workers", "1", ok=True)
    for leftover in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        leftover.unlink(missing_ok=True)
    cli("ingest", str(source), "--db", str(db), "--workers", "1", ok=True)
    hits = json.loads(cli("search", "quinoa", "--db", str(db), "--json", ok=True).output)
    assert hits["total"] == 1


def test_bad_rows_are_named_and_the_rest_stored(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        _csv_row(1, "07LIMA9001", "good one")
        + '"2","only","three"\n'
        + _csv_row(3, "07LIMA9003", "good two")
    )
    db = str(tmp_path / "m.db")
    result = cli("ingest", str(path), "--db", db)
    assert result.exit_code == 1
    assert "rejected mixed.csv:" in result.output and "expected 8 fields, found 3" in result.output
    assert "2 cables" in result.output
    stats = json.loads(cli("stats", "--db", db, "--json", ok=True).output)
    assert stats["cables"] == 2 and stats["rejected"] == 1


def test_empty_file_reads_nothing(cli: Cli, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = cli("ingest", str(empty), "--db", str(tmp_path / "e.db"))
    assert result.exit_code == 2 and "empty" in result.output


def test_truncated_file_keeps_the_whole_records(cli: Cli, tmp_path: Path) -> None:
    text = _csv_row(1, "07LIMA9001", "whole") + _csv_row(2, "07LIMA9002", "cut off mid-row")
    path = tmp_path / "cut.csv"
    path.write_text(text[:-40])
    db = str(tmp_path / "c.db")
    result = cli("ingest", str(path), "--db", db)
    assert result.exit_code == 1 and "cut off" in result.output
    assert json.loads(cli("stats", "--db", db, "--json").output)["cables"] == 1


def test_undecodable_bytes_keep_the_record(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(_csv_row(1, "07LIMA9001", "Peru caf\u00e9 talks").encode("latin-1"))
    db = str(tmp_path / "l.db")
    cli("ingest", str(path), "--db", db, ok=True)
    d = show_json(cli, Path(db), "07LIMA9001")
    assert "caf\ufffd" in d["body"]
    assert any("undecodable" in p for p in d["problems"])


def test_not_a_cable_page_is_rejected(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "about.html"
    page.write_text("<html><body><h1>About WikiLeaks</h1></body></html>")
    result = cli("ingest", str(page), "--db", str(tmp_path / "h.db"))
    assert result.exit_code == 2 and "about.html" in result.output


def test_a_10_mb_body_goes_in(cli: Cli, tmp_path: Path) -> None:
    big = "The embassy reports on quinoa exports. " * 270_000  # ~10.5 MB
    path = tmp_path / "big.csv"
    path.write_text(_csv_row(1, "07LIMA9001", big) + _csv_row(2, "07LIMA9002", "small"))
    db = str(tmp_path / "b.db")
    cli("ingest", str(path), "--db", db, ok=True)
    stats = json.loads(cli("stats", "--db", db, "--json", ok=True).output)
    assert stats["cables"] == 2
    hits = json.loads(cli("search", "quinoa", "--db", db, "--json", ok=True).output)
    assert [h["refid"] for h in hits["hits"]] == ["07LIMA9001"]


def test_parse_prints_jsonl_without_storing(cli: Cli, tmp_path: Path) -> None:
    seed = CORPUS / "seed-07LIMA487.csv"
    if not seed.exists():
        pytest.skip("shared corpus missing")
    result = cli("parse", str(seed), ok=True)
    (line,) = result.output.splitlines()
    assert json.loads(line)["tags"] == ["PGOV", "PINR", "PTER", "SNAR", "PE"]


@needs_corpus
@pytest.mark.slow
def test_whole_corpus_csv_and_pages_without_duplicates(cli: Cli, tmp_path: Path) -> None:
    db = str(tmp_path / "corpus.db")
    csv_run = json.loads(
        cli(
            "ingest",
            str(CORPUS / "cables.csv"),
            str(CORPUS / "seed-07LIMA487.csv"),
            str(CORPUS / "media.csv"),
            str(CORPUS / "releases.csv"),
            "--db",
            db,
            "--json",
        ).output
    )
    assert csv_run["new"] == 5732 and csv_run["rejected"] == 0, csv_run
    pages = CORPUS / "html" / "wikileaks-cable-pages-2011-04-25.tar.xz"
    with tarfile.open(pages) as tar:
        n_pages = sum(1 for m in tar if m.isfile())
    assert n_pages == 5705
    html_run = json.loads(
        cli(
            "ingest",
            str(pages),
            *(str(p) for p in sorted((CORPUS / "html").iterdir()) if p.is_dir()),
            "--db",
            db,
            "--json",
        ).output
    )
    assert html_run["rejected"] == 0, html_run["rejects"]
    stats = json.loads(cli("stats", "--db", db, "--json", ok=True).output)
    assert stats["cables"] == 5732 + html_run["new"]
    assert stats["cables"] == stats["indexed"]
    d = show_json(cli, Path(db), "07LIMA487")
    assert [p["number"] for p in d["paragraphs"]] == list(range(1, 9))


def test_reindex_rebuilds_an_index_of_another_schema(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    src = tmp_path / "one.csv"
    src.write_text(_csv_row(1, "07LIMA9001", "Talks about quinoa."))
    cli("ingest", str(src), "--db", str(db), "--workers", "1", ok=True)
    (tmp_path / "r.db.index" / "cablegate-search.json").write_text('{"schema_version": 0}')
    broken = cli("search", "quinoa", "--db", str(db))
    assert broken.exit_code == 1 and "cablegate reindex" in broken.output
    assert "1 cables indexed" in cli("reindex", "--db", str(db), ok=True).output
    hits = json.loads(cli("search", "quinoa", "--db", str(db), "--json", ok=True).output)
    assert hits["total"] == 1


def test_an_archive_of_another_schema_is_refused_clearly(cli: Cli, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('schema', '1')")
    conn.commit()
    conn.close()
    result = cli("stats", "--db", str(db))
    assert result.exit_code == 1 and "another version of cablegate" in result.output


@pytest.mark.parametrize(
    "later", [False, True], ids=["releases-after-cables", "releases-in-a-later-run"]
)
def test_release_events_reach_the_index(cli: Cli, tmp_path: Path, later: bool) -> None:
    """Hits carry the cable's earliest release, whichever order or run brought the events."""
    db = str(tmp_path / "a.db")
    cables, releases = str(SAMPLE / "cables.csv"), str(SAMPLE / "releases.csv")
    if later:
        cli("ingest", cables, "--db", db, ok=True)
        cli("ingest", releases, "--db", db, ok=True)
    else:
        cli("ingest", cables, releases, "--db", db, ok=True)
    hits = json.loads(cli("search", "refid:07LIMA487", "--db", db, "--json", ok=True).output)[
        "hits"
    ]
    released = {h["refid"]: h["released"] for h in hits}
    assert released["07LIMA487"] == show_json(cli, Path(db), "07LIMA487")["released"]
    assert released["07LIMA487"] == "2011-08-30T01:44"
    stats = json.loads(cli("stats", "--db", db, "--json", ok=True).output)
    assert stats["unindexed"] == 0
