"""Every cable and list file of the mirror is what the live site serves at its address, byte for
byte, once the mirror's documented changes are made to the live page: links relative to the file
(``links.rewrite``), ``/cable/X/previous`` and ``/next`` replaced by where the live site
redirects them (or dropped where it answers 404), the request's origin left out of JSON.

The mirror renders these pages without a request (one read of a cable for three files, one walk
of a list for all its pages); this is what keeps that one code path with the live site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from cablegate.mirror import links
from cablegate.mirror.client import SiteClient
from cablegate.mirror.pages import LIVE_ONLY_KEYS, live_only
from cablegate.mirror.tree import MANIFEST
from cablegate.vocabulary import AXES
from cablegate.web import render
from cablegate.web.app import create_app


@pytest.fixture(scope="module")
def live(web_db: Path) -> Iterator[SiteClient]:
    with SiteClient(create_app(web_db), host=links.HOST) as client:
        yield client


def _files(site: Path) -> list[str]:
    return sorted(json.loads((site / MANIFEST).read_text())["files"])


def _get(live: SiteClient, url: str) -> bytes:
    response = live.get(url)
    assert response.status == 200, url
    return response.body


def _resolved(live: SiteClient, refid: str, markup: str) -> str:
    """The live page with its previous/next links replaced as the live site answers them, and
    its link to the thread (a page the mirror does not write) left out."""
    markup = live_only(markup)
    for side in ("previous", "next"):
        href = f'href="/cable/{refid}/{side}"'
        response = live.get(f"/cable/{refid}/{side}")
        if response.status == 302:
            assert response.location is not None
            markup = markup.replace(href, f'href="{response.location}"', 1)
        else:
            assert response.status == 404
            lines = markup.splitlines(keepends=True)
            markup = "".join(line for line in lines if href not in line)
    return markup


def _live_only_json(body: bytes) -> bytes:
    """A cable's JSON twin without what only the live site has (its similar cables)."""
    data = json.loads(body)
    assert all(key in data for key in LIVE_ONLY_KEYS)
    return render.dumps({k: v for k, v in data.items() if k not in LIVE_ONLY_KEYS})


def test_every_cable_file_is_the_live_sites(site: Path, live: SiteClient) -> None:
    refids = [f[6:-4] for f in _files(site) if f.startswith("cable/") and f.endswith(".txt")]
    assert len(refids) > 400
    for refid in refids:
        page = f"cable/{refid}/index.html"
        markup = _resolved(live, refid, _get(live, f"/cable/{refid}").decode())
        assert (site / page).read_text() == links.rewrite(markup, page), refid
        body = _get(live, f"/cable/{refid}.json").replace(links.ORIGIN.encode(), b"")
        assert (site / f"cable/{refid}.json").read_bytes() == _live_only_json(body), refid
        assert (site / f"cable/{refid}.txt").read_bytes() == _get(live, f"/cable/{refid}.txt")


def _list_page(file: str) -> tuple[str, str, int] | None:
    """``tag/PGOV/page/2/index.html`` -> (tag, PGOV, 2); None for any other file."""
    parts = file.split("/")
    if parts[0] not in AXES or parts[-1] != "index.html":
        return None
    if len(parts) == 3:
        return parts[0], parts[1], 1
    assert len(parts) == 5 and parts[2] == "page", file
    return parts[0], parts[1], int(parts[3])


def test_every_list_page_is_the_live_sites(site: Path, live: SiteClient) -> None:
    pages: dict[tuple[str, str], list[int]] = {}
    for file in _files(site):
        if (found := _list_page(file)) is not None:
            axis, value, n = found
            pages.setdefault((axis, value), []).append(n)
            url = f"/{axis}/{quote(value)}"
            query = f"?page={n}" if n > 1 else ""
            markup = _get(live, url + query).decode()
            assert (site / file).read_text() == links.rewrite(markup, file), file
            twin = file.removesuffix("/index.html") + ".json"
            assert (site / twin).read_bytes() == _get(live, f"{url}.json{query}"), twin
    assert {axis for axis, _ in pages} == set(AXES)
    assert max(len(ns) for ns in pages.values()) > 2
    for (axis, value), ns in pages.items():  # every page of every list, and no other
        total = json.loads(_get(live, f"/{axis}/{quote(value)}.json"))["pages"]
        assert sorted(ns) == list(range(1, total + 1)), (axis, value)
