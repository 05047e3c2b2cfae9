"""Browse pages, their JSON twins, index pages, legacy browse URLs."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import SEED

AXES = [
    ("date", "2007-02"),
    ("released", "2011-08-30"),
    ("origin", "embassy-lima"),
    ("tag", "PTER"),
    ("classification", "secret"),
    ("country", "pe"),
    ("year", "2007"),
]


def _pages_listing(client: TestClient, url: str) -> list[str]:
    """Every refid of a browse list, following its pages (bounded)."""
    refids: list[str] = []
    first = client.get(f"{url}.json?per_page=500").json()
    for page in range(1, min(first["pages"], 20) + 1):
        data = client.get(f"{url}.json?per_page=500&page={page}").json()
        refids += [i["refid"] for i in data["items"]]
    return refids


@pytest.mark.parametrize(("axis", "value"), AXES, ids=[a for a, _ in AXES])
def test_axes_list_the_seed(client: TestClient, axis: str, value: str) -> None:
    url = f"/{axis}/{value}"
    html = client.get(url)
    assert html.status_code == 200
    assert f'<link rel="alternate" type="application/json" href="{url}.json">' in html.text
    assert SEED in _pages_listing(client, url)


@pytest.mark.parametrize(("axis", "value"), AXES, ids=[a for a, _ in AXES])
def test_browse_json_shape(client: TestClient, axis: str, value: str) -> None:
    data = client.get(f"/{axis}/{value}.json").json()
    assert data["axis"] == axis
    assert data["total"] >= 1
    assert set(data["items"][0]) >= {
        "refid",
        "subject",
        "created",
        "origin",
        "classification",
        "url",
    }


def test_seed_on_html_page_of_its_month(client: TestClient) -> None:
    text = client.get("/date/2007-02?per_page=100").text
    assert f'href="/cable/{SEED}"' in text


@pytest.mark.parametrize(
    "sort", ["created", "released", "refid", "origin", "classification", "subject"]
)
@pytest.mark.parametrize("order", ["asc", "desc"])
def test_sorting(client: TestClient, sort: str, order: str) -> None:
    data = client.get(f"/origin/embassy-lima.json?sort={sort}&order={order}&per_page=500").json()
    keys = [(i[sort] or "") for i in data["items"]]
    assert keys == sorted(keys, reverse=order == "desc")


def test_pagination(client: TestClient) -> None:
    one = client.get("/year/2007.json?per_page=5&page=1").json()
    two = client.get("/year/2007.json?per_page=5&page=2").json()
    assert one["pages"] >= 2
    assert {i["refid"] for i in one["items"]}.isdisjoint(i["refid"] for i in two["items"])
    html = client.get("/year/2007?per_page=5").text
    assert 'rel="next"' in html and 'aria-current="page"' in html


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/tag/PTER_0.html", "/tag/PTER"),
        ("/tag/PTER_1.html", "/tag/PTER?page=2"),
        ("/date/2007-02_0.html", "/date/2007-02"),
        ("/reldate/2011-08-30_0.html", "/released/2011-08-30"),
    ],
)
def test_legacy_browse_urls(client: TestClient, url: str, target: str) -> None:
    r = client.get(url, follow_redirects=False)
    assert r.status_code == 301
    assert r.headers["location"] == target


@pytest.mark.parametrize(
    "url",
    [
        "/date/2007-13x",
        "/date/<script>",
        "/tag/NOSUCHTAG",
        "/origin/nowhere",
        "/released/1900-01-01",
        "/country/zz",
        "/year/abcd",
        "/classification/top-secret",
    ],
)
def test_unknown_values_404(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404
    assert client.get(url + ".json").json()["error"]["status"] == 404


@pytest.mark.parametrize(
    "path", ["/origins", "/tags", "/dates", "/releases", "/classifications", "/countries"]
)
def test_index_pages(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200
    data = client.get(f"{path}.json").json()
    assert data["values"]
    total = sum(v["count"] for v in data["values"])
    assert total > 0
    for v in data["values"][:3]:
        assert v["url"] in r.text
        assert client.get(v["url"]).status_code == 200


def test_origins_grouped_by_region_and_country(client: TestClient) -> None:
    text = client.get("/origins").text
    assert "Western Hemisphere" in text and "Peru" in text and 'href="/origin/embassy-lima"' in text


def test_tags_index_has_meanings(client: TestClient) -> None:
    text = client.get("/tags").text
    assert 'href="/tag/PTER"' in text
    assert "Political Affairs--Terrorists and Terrorism" in text
