"""``/cable/X/thread`` and ``/cited`` over the web tests' archive (the sample and the hostile
cable), and the timelines' numbers against the counts they are drawn from."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from cablegate.archive import open_store
from cablegate.web.charts import month_points, numbers_table
from tests.web.conftest import HOSTILE, SEED

CHAIN = "05BRASILIA1631"  # answers 05BRASILIA1602, which answers 05BRASILIA1544; 1660 answers it


def _rows(html: str, caption: str) -> dict[str, int]:
    """The rows (label -> count) of the numbers table captioned ``caption``."""
    start = html.index(f"<caption>{caption}</caption>")
    table = html[start : html.index("</table>", start)]
    return {
        label: int(n.replace(",", ""))
        for label, n in re.findall(
            r'<th scope="row">(?:<a [^>]*>)?([^<]+)(?:</a>)?</th><td>([\d,]+)</td>', table
        )
    }


def test_a_thread_of_three_cables_and_more(client: TestClient) -> None:
    data = client.get(f"/cable/{CHAIN}/thread.json").json()
    depth = {n["key"]: n["depth"] for n in data["nodes"]}
    assert depth["05BRASILIA1602"] == -1 and depth["05BRASILIA1544"] == -1
    assert depth["05BRASILIA1660"] == 1
    assert {"citing": "05BRASILIA1602", "cited": "05BRASILIA1544"} in data["edges"]
    missing = [n for n in data["nodes"] if not n["in_archive"]]
    assert missing and all(n["url"] is None and n["cable"] is None for n in missing)
    page = client.get(f"/cable/{CHAIN}/thread")
    assert page.status_code == 200
    html = page.text
    # every cable of the graph is in the lists, and linked in both when in the archive
    for n in data["nodes"]:
        assert n["key"] in html
        if n["in_archive"] and n["depth"]:
            assert html.count(f'href="/cable/{n["key"]}"') == 2, n["key"]
    assert 'role="img"' in html and '<title id="tg-t">' in html and '<desc id="tg-d">' in html
    assert html.count("not in this archive") >= len(missing)


def test_the_cable_page_links_its_thread_when_it_has_one(client: TestClient) -> None:
    assert f'href="/cable/{CHAIN}/thread"' in client.get(f"/cable/{CHAIN}").text
    lone = client.get("/cable/02VATICAN3692").text  # no REF line, cited by none
    assert "/thread" not in lone


def test_the_hostile_answer_shows_in_the_seed_thread_as_text(client: TestClient) -> None:
    data = client.get(f"/cable/{SEED}/thread.json").json()
    assert {"key": HOSTILE, "depth": 1} in [
        {"key": n["key"], "depth": n["depth"]} for n in data["nodes"]
    ]
    html = client.get(f"/cable/{SEED}/thread").text
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "&lt;script&gt;" in svg and "<script>" not in svg  # its subject, in the box's title


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"/cable/{CHAIN}/thread?depth=1", 200),
        (f"/cable/{CHAIN}/thread.json?depth=6", 200),
        (f"/cable/{CHAIN}/thread?depth=0", 400),
        (f"/cable/{CHAIN}/thread.json?depth=7", 400),
        (f"/cable/{CHAIN}/thread.json?depth=two", 400),
        (f"/cable/{CHAIN}/thread?depth=%3Cscript%3E", 400),
        ("/cable/99NOWHERE1/thread", 404),
        ("/cable/99NOWHERE1/thread.json", 404),
        ("/cited?year=2005", 200),
        ("/cited.json?origin=embassy-brasilia", 200),
        ("/cited.json?year=2005&origin=embassy-brasilia", 200),
        ("/cited?year=05", 400),
        ("/cited.json?year=abcd", 400),
        ("/cited.json?year=1850", 400),
        ("/cited?origin=Embassy%20Lima", 400),
        ("/cited.json?origin=nowhere-at-all", 404),  # of the form, not in the archive
        ("/cited.json?origin=%3Cscript%3E", 400),
    ],
)
def test_parameters_are_checked(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status, url
    if status == 400 and ".json" in url:
        assert r.json()["error"]["code"] == "bad_request"
    if status == 400 and ".json" not in url:
        assert "<script>" not in r.text  # the bad value is shown as text


def test_another_spelling_redirects_to_the_thread(client: TestClient) -> None:
    r = client.get(f"/cable/{CHAIN.lower()}/thread.json?depth=2")
    assert r.status_code == 301
    assert r.headers["location"] == f"/cable/{CHAIN}/thread.json?depth=2"


def test_the_depth_limits_the_walk(client: TestClient) -> None:
    one = client.get(f"/cable/{CHAIN}/thread.json?depth=1").json()
    three = client.get(f"/cable/{CHAIN}/thread.json").json()
    assert {abs(n["depth"]) for n in one["nodes"]} == {0, 1}
    assert one["deeper"] is True
    assert max(n["depth"] for n in three["nodes"]) >= 2
    assert len(three["nodes"]) > len(one["nodes"])


def test_cited_counts_every_ref_line(client: TestClient, web_db: Path) -> None:
    """The page's counts against the REF lines of every stored cable, read one by one."""
    store = open_store(str(web_db), readonly=True)
    try:
        refids = [c.refid for c in store.cable_inputs()]
        counts = Counter(
            r for refid in refids if (s := store.get(refid)) for r in set(s.cable.references)
        )
    finally:
        store.close()
    items = client.get("/cited.json").json()["items"]
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: len(items)]
    assert [(i["cited"], i["count"]) for i in items] == expected
    html = client.get("/cited").text
    first = items[0]
    assert f"{first['count']} cable" in html and first["cited"] in html


def test_cited_filters_by_year_and_origin(client: TestClient) -> None:
    items = client.get("/cited.json?year=2005&origin=embassy-brasilia").json()["items"]
    assert items
    assert all(i["cable"]["created"].startswith("2005") for i in items)
    assert all(i["cable"]["origin"] == "Embassy Brasilia" for i in items)
    assert client.get("/cited.json?year=1966").json()["items"] == []
    assert "No cable" in client.get("/cited?year=1966").text


def test_a_list_timeline_holds_the_list_months(client: TestClient, web_db: Path) -> None:
    data = client.get("/tag/PGOV.json").json()
    months = Counter((c["created"] or "")[:7] for c in _all_items(client, "/tag/PGOV.json"))
    assert {t["month"]: t["count"] for t in data["timeline"]} == dict(months)
    html = client.get("/tag/PGOV").text
    assert _rows(html, "Cables tagged PGOV, by month of creation") == dict(months)
    assert "timeline" not in client.get("/tag/PGOV.json?page=2").json()
    assert "timeline" not in client.get("/date/2007-02.json").json()  # one bar: not drawn


def _all_items(client: TestClient, url: str) -> list[dict[str, str]]:
    first = client.get(f"{url}?per_page=500").json()
    assert first["pages"] == 1
    return list(first["items"])


def test_the_search_timeline_is_the_month_facet(client: TestClient) -> None:
    data = client.get("/search.json?q=coca").json()
    facet = {v["value"]: v["count"] for v in data["facets"]["month"]}
    assert len(facet) > 3
    html = client.get("/search?q=coca").text
    assert _rows(html, "Matches by month of creation") == facet
    assert 'aria-labelledby="tl-t tl-d"' in html


def test_the_release_waves_sum_the_release_days(client: TestClient) -> None:
    days = client.get("/releases.json").json()["values"]
    months: Counter[str] = Counter()
    for d in days:
        months[d["value"][:7]] += d["count"]
    html = client.get("/releases").text
    assert _rows(html, "Release waves: cables published a month") == dict(months)


def test_release_waves_without_release_data_say_what_is_missing(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cablegate.cli import main
    from tests.conftest import SAMPLE

    db = tmp_path / "norel.db"
    cables = tmp_path / "few.csv"
    cables.write_text(
        "".join((SAMPLE / "cables.csv").read_text().split('\n"3",')[0]) + "\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["ingest", str(cables), "--db", str(db), "--no-progress"])
    assert result.exit_code == 0, result.output
    from cablegate.web.app import create_app

    with TestClient(create_app(db)) as c:
        html = c.get("/releases").text
    assert "No release data is loaded" in html


def test_chart_text_is_escaped() -> None:
    points = month_points([("2007-01", 3), ("2007-03", 1), ("<script>", 5), ("2007-02", 0)])
    assert [p.label for p in points] == ["2007-01", "2007-03"]  # junk and empty months dropped
    table = numbers_table(points, '<img src=x onerror="alert(1)">')
    assert "<img" not in table and "&lt;img" in table


def test_cited_and_a_thread_on_both_backends(store_url: str, tmp_path: Path) -> None:
    """The sample in a new archive of each backend: the same most cited cables and thread."""
    from click.testing import CliRunner

    from cablegate.cli import main
    from cablegate.web.app import create_app
    from tests.conftest import SAMPLE

    index = str(tmp_path / "t.index")
    args = ["ingest", str(SAMPLE / "cables.csv"), "--db", store_url, "--index", index]
    result = CliRunner().invoke(main, [*args, "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with TestClient(create_app(store_url, index)) as c:
        cited = c.get("/cited.json?year=2005").json()["items"]
        thread = c.get(f"/cable/{CHAIN}/thread.json").json()
        assert c.get("/cited").status_code == 200
    # ties by canonical id (SQLite's and PostgreSQL's "C" collation order the same)
    assert [(i["cited"], i["count"]) for i in cited[:4]] == [
        ("05BRASILIA1631", 4),
        ("05BRASILIA369", 4),
        ("05BRASILIA564", 4),
        ("05BRASILIA574", 4),
    ]
    assert len(thread["nodes"]) == 14 and not thread["deeper"]
