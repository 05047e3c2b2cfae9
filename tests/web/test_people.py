"""``/people``, ``/person/{slug}`` and ``/classification-reasons`` (+ ``.json``) over the
sample archive with the hostile cable (signed STRUBLE at Lima in January 2008)."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from tests.web.conftest import FRISBIE, HOSTILE, MARKUP, PAGE_TWO, SEED

STRUBLE = "struble-embassy-lima-2005"  # the seed's classifier, "Ambassador J. Curtis Struble"

# person -> the name forms the sample's cables give, all joined into that one person
JOINED = [
    (STRUBLE, "J. Curtis Struble", {"STRUBLE", "J. Curtis Struble", "Curtis Struble", "J Curtis Struble", "Curt Struble"}),
    ("mckinley-embassy-lima-2007", "P. Michael McKinley", {"MCKINLEY", "P. Michael McKinley", "P Michael McKinley"}),
    ("nealon-embassy-lima-2007", "James Nealon", {"NEALON", "James Nealon", "James D. Nealon"}),
    ("van-voorst-embassy-reykjavik-2006", "Carol Van Voorst", {"VAN VOORST", "Carol Van Voorst", "Carol van Voorst"}),
    ("mulford-embassy-new-delhi-2004", "David C. Mulford", {"MULFORD", "David C. Mulford", "David Mulford"}),
    ("pyatt-embassy-new-delhi-2004", "Geoffrey Pyatt", {"PYATT", "Geoffrey Pyatt", "Geoff Pyatt"}),
]  # fmt: skip


@pytest.mark.parametrize(("slug", "name", "forms"), JOINED, ids=[j[0] for j in JOINED])
def test_name_forms_are_joined(client: TestClient, slug: str, name: str, forms: set[str]) -> None:
    data = client.get(f"/person/{slug}.json").json()
    assert data["name"] == name
    assert {v["name"] for v in data["variants"]} == forms
    assert data["classified"] + data["signed"] == sum(v["cables"] for v in data["variants"])
    assert data["total"] == data["classified"] + data["signed"]
    assert len(data["cables"]) == min(50, data["total"])


def test_the_seeds_classifier(client: TestClient) -> None:
    data = client.get(f"/person/{STRUBLE}.json").json()
    seed = [c for c in data["cables"] if c["refid"] == SEED]
    assert {c["role"] for c in seed} == {"classifier", "signer"}
    assert {c["name"] for c in seed} == {"J. Curtis Struble", "STRUBLE"}
    # the hostile cable, signed STRUBLE at Lima in 2008, is his too
    assert any(c["refid"] == HOSTILE and c["role"] == "signer" for c in data["cables"])
    assert sum(y["classified"] + y["signed"] for y in data["by_year"]) == len(data["cables"])
    page = client.get(f"/person/{STRUBLE}").text
    assert "<h1>J. Curtis Struble</h1>" in page
    assert "uncertain</strong>: joined by a short form of the given name" in page  # Curt
    assert f'href="/cable/{SEED}"' in page
    assert 'href="/origin/embassy-lima"' in page


def test_people_of_one_surname_elsewhere_are_apart(client: TestClient) -> None:
    """McKinley at Brussels in 2004 is not McKinley at Lima in 2007: each page names the other.
    Nor is the McKinley at USEU Brussels whom Lima's 07LIMA2129 is passed to ("USEU PASS TO
    MCKINLEY", in June 2007, as he left USEU for Lima): a person is one surname at one post."""
    data = client.get("/person/mckinley-embassy-lima-2007.json").json()
    assert [o["slug"] for o in data["others"]] == [
        "mckinley-embassy-brussels-2004",
        "mckinley-useu-brussels-2007",
    ]
    assert data["post"] == "embassy-lima"
    useu = client.get("/person/mckinley-useu-brussels-2007.json").json()
    assert (useu["addressed"], useu["classified"], useu["signed"]) == (1, 0, 0)
    assert [(c["refid"], c["role"]) for c in useu["cables"]] == [("07LIMA2129", "addressed")]
    # USEU Brussels sent none of the sample's cables: its post is named, not linked
    page = client.get("/person/mckinley-useu-brussels-2007").text
    assert "USEU Brussels" in page and 'href="/origin/useu-brussels"' not in page


def test_people_index(client: TestClient) -> None:
    data = client.get("/people.json").json()
    letters = {x["letter"]: x["people"] for x in data["letters"]}
    assert sum(letters.values()) == data["total"]
    slugs: list[str] = []
    for letter, n in letters.items():
        listed = client.get(f"/people/{letter}.json").json()["people"]
        assert len(listed) == n and all(p["surname"][0] == letter for p in listed)
        surnames = [p["surname"] for p in listed]
        assert surnames == sorted(surnames)
        slugs += [p["slug"] for p in listed]
    assert len(slugs) == len(set(slugs)) == data["total"]
    assert {j[0] for j in JOINED} <= set(slugs)
    top = [p["classified"] + p["signed"] + p["addressed"] for p in data["top"]]
    assert top == sorted(top, reverse=True) and len(top) == min(50, data["total"])
    page = client.get("/people").text
    assert "<h1>People</h1>" in page and "<caption>" in page
    assert f'href="/person/{STRUBLE}"' in page  # among the most cables
    assert 'href="/people/S"' in page
    assert '<link rel="alternate" type="application/json" href="/people.json">' in page
    assert f'href="/person/{STRUBLE}"' in client.get("/people/S").text


@pytest.mark.parametrize("url", ["/people/s", "/people/1", "/people/AB", "/people/%3Cb%3E.json"])
def test_unknown_letter_is_404(client: TestClient, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/person/nobody-embassy-lima-2007", "/person/NOPE", "/person/a%20b", "/person/x.json",
     "/person/" + "a-" * 300 + "b"],
)  # fmt: skip
def test_unknown_person_is_404(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404
    if url.endswith(".json"):
        assert r.json()["error"]


@pytest.mark.parametrize(
    "url", ["/people", "/people/S", f"/person/{STRUBLE}", "/classification-reasons"]
)
def test_markup_is_text(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200
    for needle in MARKUP:
        assert needle not in r.text.lower(), (url, needle)


def test_hostile_subject_is_escaped_on_the_person_page(client: TestClient) -> None:
    page = client.get(f"/person/{STRUBLE}").text
    assert f'href="/cable/{HOSTILE}"' in page and "&lt;script&gt;alert" in page


def test_classification_reasons(client: TestClient) -> None:
    data = client.get("/classification-reasons.json").json()
    reasons = {r["reason"]: r for r in data["reasons"]}
    assert reasons["1.4(b)"]["meaning"] == "foreign government information"
    assert reasons["1.4(b)"]["cables"] >= 1
    # every year's counts are at most its classified cables, and shares are counts / cables
    for row in data["by_year"]:
        for r in row["reasons"].values():
            assert r["cables"] <= row["cables"]
            assert r["share"] == round(r["cables"] / row["cables"], 4)
    assert sum(r["cables"] for r in data["by_year"]) == data["cables"]
    assert sum(r["cables"] for r in data["by_post"]) == data["cables"]
    lima = next(r for r in data["by_year"] if r["year"] == "2008")
    assert lima["reasons"]["1.4(b)"]["cables"] >= 1  # the hostile cable gives 1.4(b), in 2008
    page = client.get("/classification-reasons").text
    assert '<h2 id="y-h">By year</h2>' in page and "<caption>" in page
    assert 'href="/origin/embassy-lima"' in page
    assert 'href="/classification-reasons"' in client.get("/classifications").text


def test_people_in_the_navigation(client: TestClient) -> None:
    assert '<a href="/people">People</a>' in client.get("/").text


def _rows(client: TestClient, url: str) -> list[tuple[str, str]]:
    return [(c["refid"], c["role"]) for c in client.get(url).json()["cables"]]


def test_a_persons_cables_are_paged_as_a_browse_list(client: TestClient) -> None:
    """52 rows (a cable and a role) of Russell Frisbie: 50 on page 1, 2 on page 2, the pages
    together the whole list in order, whatever the page size."""
    one = client.get(f"/person/{FRISBIE}.json").json()
    assert (one["total"], one["pages"], one["page"], one["per_page"]) == (52, 2, 1, 50)
    everything = _rows(client, f"/person/{FRISBIE}.json") + _rows(
        client, f"/person/{FRISBIE}.json?page=2"
    )
    assert everything[-2:] == [(PAGE_TWO, "classifier"), (PAGE_TWO, "signer")]
    assert len(set(everything)) == 52
    by_seven = [
        row
        for n in range(1, 9)
        for row in _rows(client, f"/person/{FRISBIE}.json?per_page=7&page={n}")
    ]
    assert by_seven == everything
    created = [c["created"] for c in one["cables"]]
    assert created == sorted(created)
    two = client.get(f"/person/{FRISBIE}?page=2").text
    assert "page 2 of 2" in two and f'href="/cable/{PAGE_TWO}"' in two
    assert 'rel="prev" href' not in two and f'href="/person/{FRISBIE}" rel="prev"' in two
    assert 'id="names-h"' not in two and 'id="years-h"' not in two  # page 1's only
    first = client.get(f"/person/{FRISBIE}").text
    assert 'id="names-h"' in first and f'href="/person/{FRISBIE}?page=2" rel="next"' in first


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"/person/{FRISBIE}?page=3", 404),
        (f"/person/{FRISBIE}.json?page=3", 404),
        (f"/person/{FRISBIE}?page=0", 400),
        (f"/person/{FRISBIE}.json?page=-1", 400),
        (f"/person/{FRISBIE}.json?page=two", 400),
        (f"/person/{FRISBIE}?page=%3Cscript%3E", 400),
        (f"/person/{FRISBIE}.json?page=99999999999999999999", 400),
        (f"/person/{FRISBIE}?per_page=501", 400),  # the page takes 500 rows, as browse lists
        (f"/person/{FRISBIE}.json?per_page=501", 400),
        (f"/person/{FRISBIE}.json?per_page=500", 200),
    ],
)
def test_bad_page_parameters(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status, r.text
    if status == 400 and ".json" in url:
        assert r.json()["error"]["code"] == "bad_request"
    if ".json" not in url:
        assert "<script>" not in r.text


def test_hostile_subject_is_escaped_on_page_two(client: TestClient) -> None:
    page = client.get(f"/person/{FRISBIE}?page=2").text
    for needle in MARKUP:
        assert needle not in page.lower()
    assert "&lt;script&gt;alert" in page


def test_a_persons_timeline_counts_every_cable_in_each_role(client: TestClient) -> None:
    data = client.get(f"/person/{STRUBLE}.json").json()
    months = {p["month"]: p["count"] for p in data["timeline"]}
    assert sum(months.values()) == data["total"] == len(data["cables"])
    by_year: dict[str, int] = {}
    for month, n in months.items():
        by_year[month[:4]] = by_year.get(month[:4], 0) + n
    assert by_year == {
        y["year"]: y["classified"] + y["signed"] + y["addressed"] for y in data["by_year"]
    }
    page = client.get(f"/person/{STRUBLE}").text
    assert "Cables classified, signed or addressed to J. Curtis Struble, by month</h2>" in page
    assert "<svg" in page and "<summary>The numbers</summary>" in page
    assert "by month</h2>" not in client.get(f"/person/{STRUBLE}?page=2&per_page=1").text
