"""Versions on the web: the History section, /cable/X/history, /cable/X/diff, /changes, the
redacted facet; every page escaped; the JSON twins the same data as the CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import unescape

import pytest
from click.testing import Result
from starlette.testclient import TestClient

from tests.conftest import HOSTILE_V, VersionsArchive
from tests.web.conftest import MARKUP, SEED

ALGIERS = "07ALGIERS45"


def test_the_cable_page_has_a_history_section(versions_client: TestClient) -> None:
    text = versions_client.get(f"/cable/{ALGIERS}").text
    section = text[text.index('<section class="history"') :]
    section = section[: section.index("</section>")]
    assert "2 versions of this text are in the archive; this page shows version 1" in section
    assert "7 passages redacted in the 2010-12-02 version: 9 words, 2 names" in section
    assert f'href="/cable/{ALGIERS}/diff?from=1&amp;to=2"' in section
    assert f'href="/cable/{ALGIERS}/history"' in section
    assert "yes: 7 runs of X, 9 words hidden" in section
    data = versions_client.get(f"/cable/{ALGIERS}.json").json()
    assert data["history"]["versions"] == 2 and data["versions"] == 1 and data["redacted"]
    assert data["links"]["history"] == f"/cable/{ALGIERS}/history"


def test_a_cable_of_one_version(client: TestClient) -> None:
    text = client.get(f"/cable/{SEED}").text
    section = text[text.index('<section class="history"') :]
    section = section[: section.index("</section>")]
    assert (
        "One version of this text is in the archive: final release <code>cables.csv</code>,"
        in section
    )
    assert "dated 2011-08-30" in section
    assert "href" not in section  # nothing a static mirror would lack
    h = client.get(f"/cable/{SEED}/history.json").json()
    assert [v["sources"][0]["source"] for v in h["versions"]] == ["release"]
    assert client.get(f"/cable/{SEED}/diff.json").json()["summary"].endswith("nothing changed.")
    changes = client.get("/changes")
    assert changes.status_code == 200 and "No cable in this archive has more than" in changes.text
    assert client.get("/changes.json").json() == {
        "total": 0,
        "page": 1,
        "per_page": 50,
        "pages": 1,
        "items": [],
    }


def test_history_page_and_json(
    versions_client: TestClient, versions_archive: VersionsArchive, cli: Callable[..., Result]
) -> None:
    r = versions_client.get(f"/cable/{ALGIERS}/history")
    assert r.status_code == 200
    assert '<link rel="alternate" type="application/json"' in r.text
    for needle in (
        'id="v1"',
        'id="v2"',
        "2010-12-13_gabrielduque_1032dc26",
        "the newest release day the page lists",
        "the date in the snapshot&#39;s name",
        "Damaged copies",
        "page: bytes not valid UTF-8",
    ):
        assert needle in r.text, needle
    data = versions_client.get(f"/cable/{ALGIERS}/history.json").json()
    shown = cli("show", ALGIERS, "--history", "--json", "--db", str(versions_archive.db))
    assert data["timeline"][1]["change"].pop("diff_url") == f"/cable/{ALGIERS}/diff?from=1&to=2"
    same = ("refid", "current", "versions", "timeline", "damaged")
    assert {k: data[k] for k in same} == {
        k: v for k, v in json.loads(shown.output)["history"].items() if k in same
    }
    assert data["current_rule"].startswith("The current text is the final release")


def test_the_diff_lines_each_redaction_up_with_what_it_hid(versions_client: TestClient) -> None:
    r = versions_client.get(f"/cable/{ALGIERS}/diff?from=1&to=2")
    assert r.status_code == 200
    text = r.text
    assert "7 passages redacted in the 2010-12-02 version: 9 words, 2 names" in text
    first = re.search(r'<span class="change c-redacted" id="c1">(.*?)</ins></span>', text)
    assert first is not None
    assert first.group(1) == (
        '<del class="d-hidden" title="hidden (version 1)"><span class="diff-label">hidden:</span>'
        ' Nadia Mellal</del><ins class="d-mark" title="redacted as (version 2)">'
        '<span class="diff-label">redacted as:</span> XXXXXXXXXXXX'
    )
    assert text.count('class="change c-redacted"') == 7
    assert text.count('<a href="#c') == 7  # the list of redactions links to each
    data = versions_client.get(f"/cable/{ALGIERS}/diff.json?from=1&to=2").json()
    assert [r["hidden"] for r in data["redactions"]] == [
        "Nadia Mellal",
        "Mellal",
        "Mellal",
        "Dalila Helilou",
        "Helilou",
        "Helilou",
        "Helilou's",
    ]
    assert {r["mark"] for r in data["redactions"]} == {"XXXXXXXXXXXX"}
    assert (data["counts"]["redacted_words"], data["counts"]["redacted_names"]) == (9, 2)
    # joined, the later side of the pieces is version 2's text
    version2 = versions_client.get(f"/cable/{ALGIERS}/history.json").json()["versions"][1]
    joined = "".join(p["text"] if p["kind"] == "same" else " " + p["new"] for p in data["body"])
    assert joined.split() == version2["body"].split()


def test_the_other_way_the_redactions_are_lifted(versions_client: TestClient) -> None:
    data = versions_client.get(f"/cable/{ALGIERS}/diff.json?from=2&to=1").json()
    assert {r["kind"] for r in data["redactions"]} == {"lifted"}
    assert data["summary"].startswith("7 redactions lifted in the 2010-12-01 version")
    text = versions_client.get(f"/cable/{ALGIERS}/diff?from=2&to=1").text
    assert '<ins class="d-hidden" title="shown again (version 1)">' in text


def test_re_typing_is_an_ordinary_edit(versions_client: TestClient) -> None:
    data = versions_client.get("/cable/08KYIV2414/diff.json?from=1&to=2").json()
    kinds = {p["kind"] for p in data["body"]}
    assert {"same", "edit", "lifted"} <= kinds
    assert any(p["kind"] == "edit" and p["old"] == "’" and p["new"] == "'" for p in data["body"])
    text = versions_client.get("/cable/08KYIV2414/diff?from=1&to=2").text
    assert '<del title="removed (version 1)"><span class="diff-label">removed:</span>' in text


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        (f"/cable/{ALGIERS}/diff.json?from=x", 400, "bad_request"),
        (f"/cable/{ALGIERS}/diff.json?from=1&to=9", 404, "not_found"),
        ("/cable/07NOWHERE1/history.json", 404, "not_found"),
        ("/cable/07NOWHERE1/diff.json", 404, "not_found"),
    ],
)
def test_bad_addresses(versions_client: TestClient, url: str, status: int, code: str) -> None:
    r = versions_client.get(url)
    assert r.status_code == status
    assert r.json()["error"]["code"] == code
    page = versions_client.get(url.replace(".json", ""))
    assert page.status_code == status and "<form" in page.text


def test_other_spellings_redirect(versions_client: TestClient) -> None:
    r = versions_client.get("/cable/07algiers45/diff?from=2&to=1")
    assert (r.status_code, r.headers["location"]) == (301, f"/cable/{ALGIERS}/diff?from=2&to=1")
    r = versions_client.get("/cable/07algiers45/history.json")
    assert (r.status_code, r.headers["location"]) == (301, f"/cable/{ALGIERS}/history.json")


def test_changes_newest_first(versions_client: TestClient) -> None:
    data = versions_client.get("/changes.json").json()
    assert data["total"] == 47
    days = [c["changed"] for c in data["items"]]
    assert days == sorted(days, reverse=True) and days[0] == "2011-04-25"
    algiers = next(c for c in data["items"] if c["refid"] == ALGIERS)
    assert (algiers["changed"], algiers["versions"], algiers["hidden_words"]) == (
        "2010-12-02",
        2,
        9,
    )
    assert algiers["history_url"] == f"/cable/{ALGIERS}/history"
    text = versions_client.get("/changes").text
    assert text.index("09CAIRO1468") < text.index(ALGIERS)  # 2011-04-25 before 2010-12-02
    assert "7 passages redacted in the 2010-12-02 version" in text
    page2 = versions_client.get("/changes.json?page=2").json()
    assert page2["page"] == 1 or page2["items"] == []


def test_search_redacted(versions_client: TestClient, client: TestClient) -> None:
    got = versions_client.get("/search.json", params={"q": "*", "redacted": "yes"}).json()
    assert got["total"] == 47
    assert {f["value"]: f["count"] for f in got["facets"]["redacted"]} == {"yes": 47}
    assert versions_client.get("/search.json", params={"q": "redacted:no"}).json()["total"] == 0
    page = client.get("/search", params={"q": "sendero"}).text
    assert "Redacted" in page and "Never redacted" in page  # the facet on the search page


@pytest.mark.parametrize(
    "url",
    [
        f"/cable/{HOSTILE_V}",
        f"/cable/{HOSTILE_V}/history",
        f"/cable/{HOSTILE_V}/diff?from=1&to=2",
        f"/cable/{HOSTILE_V}/diff?from=2&to=1",
        "/changes",
    ],
)
def test_markup_in_versions_is_text(versions_client: TestClient, url: str) -> None:
    r = versions_client.get(url)
    assert r.status_code == 200, url
    lowered = r.text.lower()
    for needle in (*MARKUP, "<b>nadia"):
        assert needle not in lowered, (url, needle)


def test_hidden_markup_shows_as_text(versions_client: TestClient) -> None:
    text = versions_client.get(f"/cable/{HOSTILE_V}/diff?from=1&to=2").text
    assert "&lt;b&gt;Nadia&lt;/b&gt; Mellal</del>" in text
    data = versions_client.get(f"/cable/{HOSTILE_V}/diff.json?from=1&to=2").json()
    assert [r["hidden"] for r in data["redactions"]] == ["<b>Nadia</b> Mellal"]
    assert unescape("&lt;script&gt;") in data["subject"]  # data stays data
