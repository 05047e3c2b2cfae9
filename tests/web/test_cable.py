"""The cable page and its twins, over HTTP on a real archive (the bundled sample)."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import HOSTILE, SEED


@pytest.fixture(scope="module")
def seed_html(client: TestClient) -> str:
    r = client.get(f"/cable/{SEED}")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    return r.text


@pytest.mark.parametrize(
    "fact",
    [
        "PERU: GOVERNMENT PLAN TO TAKE BACK ITS TERRITORY",  # exact subject
        "Peru: Government Plan to Take Back Its Territory",  # display form
        "2007-02-20 22:45",
        "2011-08-30 01:44",
        "SECRET",
        "Embassy Lima",
        'href="http://elcomercio.pe"',
        "Struble",
        'href="/tag/PTER"',
        "#cablegate #07LIMA487",
        'href="/date/2007-02"',
        'href="/released/2011-08-30"',
        'href="/origin/embassy-lima"',
        'href="/classification/secret"',
        'href="/country/pe"',
        "RUEHC",
        "DEPT OF STATE WASHINGTON DC",  # the routing indicator named
        '<time datetime="2007-02-20T22:45Z">2007-02-20 22:45 UTC</time>',  # the DTG decoded
        "intelligence activities",  # 1.4(c) explained
        "foreign relations or foreign activities",  # 1.4(d) explained
        "Political Affairs--Terrorists and Terrorism",  # PTER's meaning
        "Appears in these articles",
    ],
)
def test_seed_page_shows(seed_html: str, fact: str) -> None:
    assert fact in seed_html


@pytest.mark.parametrize("n", range(1, 9))
def test_seed_paragraph_anchors(seed_html: str, n: int) -> None:
    assert f'id="par{n}"' in seed_html
    assert f'href="#par{n}"' in seed_html


def test_seed_mangled_paragraphs_repaired(seed_html: str) -> None:
    """The seed prints 14. 15. 16. for paragraphs 4-6: the anchors follow the repair."""
    assert 'id="par14"' not in seed_html
    assert re.search(r'id="par4".*?Substantively', seed_html, re.S)


def test_seed_page_is_light(seed_html: str) -> None:
    assert len(seed_html.encode()) < 50_000


def test_seed_page_landmarks_and_alternate(seed_html: str) -> None:
    assert (
        '<link rel="alternate" type="application/json" href="/cable/07LIMA487.json">' in seed_html
    )
    for landmark in ("<main", 'role="banner"', 'role="contentinfo"', 'role="search"', "<nav"):
        assert landmark in seed_html
    assert seed_html.count("<h1") == 1
    assert "<script>" not in seed_html  # only the external, deferred enhancement script


def test_seed_cited_by_and_references(client: TestClient, seed_html: str) -> None:
    # the hostile test cable's REF column names the seed
    assert f'href="/cable/{HOSTILE}"' in seed_html
    hostile = client.get(f"/cable/{HOSTILE}").text
    assert f'href="/cable/{SEED}"' in hostile


def test_seed_neighbours(client: TestClient, seed_html: str) -> None:
    """The sample holds every Lima cable of the corpus: the seed has one on each side."""
    data = client.get(f"/cable/{SEED}.json").json()
    for side in ("previous", "next"):
        assert f'href="/cable/{SEED}/{side}"' in seed_html
        r = client.get(f"/cable/{SEED}/{side}", follow_redirects=False)
        other = data[side]
        assert other is not None, side
        assert other["origin"] == "Embassy Lima"
        assert r.status_code == 302 and r.headers["location"] == other["url"]
        assert client.get(other["url"]).status_code == 200
    assert client.get(f"/cable/{SEED}/sideways").status_code == 404


def test_json_twin_is_show_json(client: TestClient, cli, web_db) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import show_json

    page = client.get(f"/cable/{SEED}.json")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("application/json")
    data = page.json()
    shown = show_json(cli, web_db, SEED)
    for key, value in shown.items():
        assert data[key] == value, key
    assert [p["number"] for p in data["paragraphs"]] == list(range(1, 9))
    assert data["links"]["legacy"] == "/cable/2007/02/07LIMA487.html"
    assert {t: data["tag_meanings"][t] != "" for t in ("PTER", "PE")} == {"PTER": True, "PE": True}


def test_raw_text_twin(client: TestClient) -> None:
    r = client.get(f"/cable/{SEED}.txt")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text.startswith("VZCZCXYZ0020")
    assert "14. (S) Substantively" in r.text  # raw: the printed numbering kept


def test_raw_view_toggle(client: TestClient) -> None:
    r = client.get(f"/cable/{SEED}?view=raw")
    assert r.status_code == 200
    assert "14. (S) Substantively" in r.text
    assert 'class="raw body"' in r.text


@pytest.mark.parametrize(
    "url",
    [
        "/cable/2007/02/07LIMA487.html",
        "/cable/2007/02/07LIMA487",
        "/cable/07lima487",
        "/cable/07LIMA0487",
        "/cable/%2007LIMA487%20",
        "/cable/07LIMA487.html",
    ],
)
def test_redirects_land_on_the_cable(client: TestClient, url: str) -> None:
    r = client.get(url, follow_redirects=False)
    assert r.status_code == 301, url
    assert r.headers["location"] == f"/cable/{SEED}"


def test_redirect_keeps_the_twin(client: TestClient) -> None:
    r = client.get("/cable/07lima487.json", follow_redirects=False)
    assert r.status_code == 301
    assert r.headers["location"] == f"/cable/{SEED}.json"


@pytest.mark.parametrize(
    "url", ["/cable/99NOWHERE1", "/cable/2099/01/99NOWHERE1.html", "/cable/<x>"]
)
def test_unknown_cable_is_404_with_search(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404
    assert 'action="/search"' in r.text
    j = client.get(
        url + ".json" if not url.endswith(".html") else url, headers={"accept": "application/json"}
    )
    assert j.status_code == 404
    assert j.json()["error"]["code"] == "not_found"


def test_every_sample_cable_renders(client: TestClient) -> None:
    """Every cable page of the archive renders: the sample's 400 and the hostile cable."""
    pages = (client.get(f"/search.json?q=*&per_page=100&page={n}").json() for n in range(1, 6))
    refids = {hit["refid"] for page in pages for hit in page["hits"]}
    assert len(refids) == 402
    for refid in refids:
        r = client.get(f"/cable/{refid}")
        assert r.status_code == 200, refid
        assert len(r.content) < 200_000
