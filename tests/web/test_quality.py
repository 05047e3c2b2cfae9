"""``/quality`` and ``/quality.json`` over an archive with the hostile cable, a reject whose
location carries markup and a parse problem that quotes markup: all of it shows as text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.conftest import SAMPLE
from tests.web.conftest import HOSTILE, HOSTILE_ROW, MARKUP

BAD_NAME = "x<img src=x onerror=alert(7)>.csv"
CUT_OFF = '"2","12/2/2008 10:00","08LIMA9997","Embassy Lima","SECRET","","no header","\n'
PROBLEM = "<script>alert(8)</script>: the parser quoted the text"


@pytest.fixture(scope="module")
def quality_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from cablegate.cli import main
    from cablegate.web.app import create_app

    root = tmp_path_factory.mktemp("quality")
    (root / "hostile.csv").write_text(HOSTILE_ROW, encoding="utf-8")
    (root / BAD_NAME).write_text(CUT_OFF, encoding="utf-8")
    db = root / "q.db"
    result = CliRunner().invoke(
        main,
        ["ingest", str(SAMPLE / "cables.csv"), str(root / "hostile.csv"), str(root / BAD_NAME),
         "--format", "csv", "--db", str(db), "--no-progress"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output  # one record rejected
    with sqlite3.connect(db) as conn:  # a problem as a parser might word one
        conn.execute("INSERT INTO problems(refid, problem) VALUES (?, ?)", (HOSTILE, PROBLEM))
        conn.execute("UPDATE cables SET problem_count = 1 WHERE refid = ?", (HOSTILE,))
    with TestClient(create_app(db), raise_server_exceptions=False) as c:
        yield c


def test_the_report_as_data(quality_client: TestClient) -> None:
    data = quality_client.get("/quality.json").json()
    fields = {f["field"]: f for f in data["problems_by_field"]}
    assert fields["subject"]["cables"] == 8  # the sample's cables without a SUBJECT line
    assert fields["<script>alert(8)</script>"]["cables"] == 1
    assert data["without_subject"]["cables"] == 8 == len(data["without_subject"]["sample"])
    assert data["with_problems"] == 9
    periods = {p["period"]: p for p in data["problems_by_period"]}
    assert periods["2008"]["by_field"]["<script>alert(8)</script>"] == 1
    assert sum(p["cables"] for p in data["problems_by_period"]) == data["cables"] == 401
    assert data["rejected"] == 1
    assert data["latest_rejects"][0]["location"] == f"{BAD_NAME}:1"


def test_the_page_shows_markup_as_text(quality_client: TestClient) -> None:
    r = quality_client.get("/quality")
    assert r.status_code == 200
    page = r.text.lower()
    for bad in (*MARKUP, "<script>alert(8)", "<img src=x onerror=alert(7)"):
        assert bad not in page, bad
    assert "&lt;img src=x onerror=alert(7)&gt;" in r.text
    assert "&lt;script&gt;alert(8)&lt;/script&gt;" in r.text
    for heading in ("Parse problems by field", "By year of creation", "Malformed reference ids",
                    "Cables without a subject or tags", "Rejected records"):  # fmt: skip
        assert f">{heading}</h2>" in r.text
    assert r.text.count("<caption>") >= 4  # every table says what it holds


def test_the_front_page_links_it(client: TestClient) -> None:
    assert 'href="/quality"' in client.get("/").text


def test_the_report_is_first_made_without_the_page_budget(web_db: Path) -> None:
    """It reads every row: on the page's connection (``--query-ms``) it could be cut off."""
    from cablegate.archive import open_store, parse_location
    from cablegate.web.state import Archive

    real = open_store(web_db, readonly=True)

    class PageConnection:
        def generation(self) -> int:
            return real.generation()

        def quality(self) -> None:
            raise AssertionError("made on the page's connection")

    arch = Archive(
        PageConnection(),  # type: ignore[arg-type]
        None,  # type: ignore[arg-type]
        parse_location(web_db),
        open_store=lambda: open_store(web_db, readonly=True),
    )
    try:
        assert arch.aggregate("quality") == real.quality()
    finally:
        real.close()
