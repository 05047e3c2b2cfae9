"""The "Similar cables" section of a cable page and its JSON twin: the similar cables, the
near-duplicates (a message until ``cablegate similar --build``), the hostile cable re-sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from tests.conftest import SAMPLE
from tests.web.conftest import HOSTILE, HOSTILE_ROW, MARKUP, SEED

RESENT = "08LIMA9998"  # the hostile cable sent again, a word of its first paragraph changed


@pytest.fixture(scope="module")
def similar_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample, the hostile cable and its re-sent copy: an archive of this module's own
    (its near-duplicates get built; the session's web archive stays without them)."""
    from cablegate.cli import main

    root = tmp_path_factory.mktemp("similar")
    rows = root / "hostile.csv"
    resent = HOSTILE_ROW.replace(HOSTILE, RESENT).replace('"999999"', '"999998"')
    rows.write_text(HOSTILE_ROW + resent.replace("Xsstestword plan", "Xsstestword scheme"))
    db = root / "similar.db"
    args = ["ingest", str(SAMPLE / "cables.csv"), str(rows), "--db", str(db), "--no-progress"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def app_client(similar_db: Path) -> Iterator[TestClient]:
    from cablegate.web.app import create_app

    with TestClient(create_app(similar_db), raise_server_exceptions=False) as c:
        yield c


def _build(db: Path) -> str:
    from cablegate.cli import main

    result = CliRunner().invoke(main, ["similar", "--build", "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.output


def test_before_the_build_the_page_says_how_to_group(
    app_client: TestClient, similar_db: Path
) -> None:
    assert not (similar_db.parent / "similar.db.near-duplicates.json").exists()
    page = app_client.get(f"/cable/{HOSTILE}")
    assert page.status_code == 200
    assert '<h2 id="h-similar">Similar cables</h2>' in page.text
    assert "Near-duplicates have not been grouped in this archive yet" in page.text
    assert "<code>cablegate similar --build</code>" in page.text
    assert f'<a href="/cable/{HOSTILE}/similar">The cables most like this one</a>' in page.text
    data = app_client.get(f"/cable/{HOSTILE}.json").json()
    assert data["near_duplicates"] is None and data["near_duplicates_built_at"] is None
    assert "similar" not in data  # the search is /cable/X/similar's: a cable page runs none
    # the similar cables need no build: the re-sent copy is the most like it
    like = app_client.get(f"/cable/{HOSTILE}/similar.json").json()
    assert like["refid"] == HOSTILE and like["similar"][0]["refid"] == RESENT
    assert like["near_duplicates"] is None


def test_after_the_build_the_page_lists_the_group(app_client: TestClient, similar_db: Path) -> None:
    before = app_client.get(f"/cable/{HOSTILE}")
    assert "groups of near-duplicates (" in _build(similar_db)
    page = app_client.get(f"/cable/{HOSTILE}")
    assert page.headers["etag"] != before.headers["etag"]  # a browser's copy is not reused
    section = page.text.split('<section class="similar"', 1)[1].split("</section>", 1)[0]
    near = section.split('id="h-near-duplicates"', 1)[1]
    assert "The same text was also sent as:" in near
    assert f'<a href="/cable/{RESENT}">{RESENT}</a>' in near
    assert "2008-01-02, Embassy Lima" in near
    for needle in MARKUP:  # the re-sent copy's subject is listed, as text
        assert needle not in page.text.lower(), needle
    assert "&lt;script&gt;" in near
    data = app_client.get(f"/cable/{RESENT}.json").json()
    assert [s["refid"] for s in data["near_duplicates"]] == [HOSTILE]
    # a cable of no group: said so, with when the groups were built
    seed = app_client.get(f"/cable/{SEED}").text
    assert "No other cable has nearly the same text (grouped " in seed
    assert app_client.get(f"/cable/{SEED}.json").json()["near_duplicates"] == []


def test_similar_cables_show_subject_date_origin(app_client: TestClient) -> None:
    page = app_client.get(f"/cable/{RESENT}/similar").text
    assert f'<h1>Cables like <span class="refid">{RESENT}</span>' in page
    section = page.split('<section class="similar"', 1)[1].split('id="h-near-duplicates"', 1)[0]
    assert "most alike first" in section
    first = section.split("<li>", 2)[1]
    assert f'<a href="/cable/{HOSTILE}">{HOSTILE}</a>' in first
    assert "2008-01-02, Embassy Lima" in first
    assert "&lt;script&gt;alert" in first  # its subject, escaped
    assert section.count("<li>") <= 8


def test_the_mirror_leaves_the_section_out(similar_db: Path) -> None:
    """The mirror renders ``build_page`` without a search a cable (README: addresses a static
    tree cannot answer)."""
    from cablegate.archive import open_store
    from cablegate.web.views.cable import build_page, cable_markup

    store = open_store(similar_db)
    try:
        stored = store.get(HOSTILE)
        assert stored is not None
        page = build_page(store, stored, neighbours=False)
        assert page.similarity is None
        assert 'id="h-similar"' not in cable_markup(page)
        assert "similar" not in page.to_dict()
    finally:
        store.close()


def test_the_similar_page_redirects_other_spellings_and_knows_no_stranger(
    app_client: TestClient,
) -> None:
    moved = app_client.get(f"/cable/{SEED.lower()}/similar.json", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == f"/cable/{SEED}/similar.json"
    assert app_client.get("/cable/99NOWHERE1/similar").status_code == 404
