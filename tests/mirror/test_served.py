"""The mirror served by ``python3 -m http.server``: no broken internal link in the whole tree,
and every class of address of the live site answers, at the root and under a path prefix."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import httpx2 as httpx
import pytest
from selectolax.lexbor import LexborHTMLParser

from tests.web.conftest import HOSTILE, SEED


def _exists(root: Path, rel: str) -> bool:
    target = root / rel
    return target.is_file() or (target / "index.html").is_file()


_IMPORT = re.compile(r"""^import .* from "(\./[^"]+)";$""", re.M)


def broken_links(root: Path) -> dict[str, list[str]]:
    """link -> pages that hold it, for every relative link that finds no file (or folder with
    an index.html), and every module a script imports. ``404.html`` is served at any address,
    so its links start at the root."""
    broken: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.js")):
        rel = path.relative_to(root).as_posix()
        for module in _IMPORT.findall(path.read_text(encoding="utf-8")):
            if not (path.parent / module).is_file():
                broken.setdefault(module, []).append(rel)
    for path in sorted(root.rglob("*.html")):
        rel = path.relative_to(root).as_posix()
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        for node in tree.css("[href], [src], [action], [formaction]"):
            for attr in ("href", "src", "action", "formaction"):
                value = node.attributes.get(attr)
                if value is None:
                    continue
                parts = urlsplit(value)
                if parts.scheme or parts.netloc or not parts.path:
                    continue  # outside links, and #fragments of the same page
                if parts.path.startswith("/"):
                    assert rel == "404.html", f"{rel} links {value} from the root"
                    target = parts.path.lstrip("/")
                else:
                    target = posixpath.join(posixpath.dirname(rel), unquote(parts.path))
                target = posixpath.normpath(target)
                if target.startswith("..") or not _exists(root, target):
                    broken.setdefault(value, []).append(rel)
    return broken


def test_no_broken_internal_link_in_the_whole_tree(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 1500
    assert broken_links(site) == {}


def test_the_link_checker_sees_a_broken_link(copy: Path) -> None:
    (copy / "tags/index.html").write_text('<a href="../tag/NOSUCHTAG/">x</a><img src="../x.png">')
    (copy / "search/page.js").unlink()
    (copy / "search/extra.js").write_text('import { x } from "./gone.js";\n')
    assert broken_links(copy) == {
        "../tag/NOSUCHTAG/": ["tags/index.html"],
        "../x.png": ["tags/index.html"],
        "page.js": ["search/index.html"],
        "./gone.js": ["search/extra.js"],
    }


# Every kind of GET address of the live site (see web/app.py's routes) that a static tree
# can answer, with the text the answer must hold.
ADDRESSES = [
    ("/", "Cablegate archive"),
    ("/index.html", "Cablegate archive"),
    ("/index.json", '"stats"'),
    (f"/cable/{SEED}", "GOVERNMENT PLAN"),
    (f"/cable/{SEED}/", "GOVERNMENT PLAN"),
    (f"/cable/{SEED}.json", f'"refid":"{SEED}"'),
    (f"/cable/{SEED}.txt", "S E C R E T LIMA 000487"),
    (f"/cable/2007/02/{SEED}.html", f"../../../cable/{SEED}/"),
    (f"/cable/{HOSTILE}", HOSTILE),
    ("/search", "Search the cables"),
    ("/search?q=coca", "needs JavaScript"),
    ("/search/page.js", "const __reader = (() =>"),  # every module of the reader
    ("/search/meta.json", '"docs"'),
    ("/help", "Help"),
    ("/help/faq", "Frequently asked questions"),
    ("/help/search", "Search syntax"),
    ("/api", "openapi.json"),
    ("/api/openapi.json", '"openapi"'),
    ("/cited", "The most cited cables"),
    ("/cited.json", '"items"'),
    ("/quality", "Data quality"),
    ("/quality.json", '"problems_by_field"'),
    ("/dates", "Dates"),
    ("/dates.json", '"values"'),
    ("/releases", "Release days"),
    ("/origins", "Origins"),
    ("/tags", "Tags"),
    ("/tags.json", '"values"'),
    ("/classifications", "Classifications"),
    ("/countries", "Countries"),
    ("/people", "J. Curtis Struble"),
    ("/people.json", '"slug":"struble-embassy-lima-2005"'),
    ("/people/S", "J. Curtis Struble"),
    ("/people/S.json", '"letter":"S"'),
    ("/person/struble-embassy-lima-2005", "<h1>J. Curtis Struble</h1>"),
    ("/person/struble-embassy-lima-2005.json", '"name":"J. Curtis Struble"'),
    ("/person/frisbie-embassy-san-jose-2005/page/2", "page 2 of 2"),
    ("/person/frisbie-embassy-san-jose-2005/page/2.json", '"page":2'),
    ("/classification-reasons", "Classification reasons"),
    ("/classification-reasons.json", '"by_year"'),
    ("/date/2007-02", "Cables created in"),
    ("/date/2007-02.json", '"items"'),
    ("/released/2011-08-30", "Cables released on 2011-08-30"),
    ("/origin/embassy-lima", "Cables from Embassy Lima"),
    ("/tag/PGOV", "Cables tagged PGOV"),
    ("/tag/PGOV.json", '"axis":"tag"'),
    ("/tag/PGOV/page/2", "page 2 of"),
    ("/tag/PGOV/page/2.json", '"page":2'),
    ("/classification/secret", "Cables classified"),
    ("/country/pe", "Cables from posts in Peru"),
    ("/year/2007", "Cables created in 2007"),
    ("/tag/PGOV_0.html", "../tag/PGOV/"),
    ("/tag/PGOV_1.html", "../tag/PGOV/page/2/"),
    ("/date/2007-02_0.html", "../date/2007-02/"),
    ("/reldate/2011-08-30_0.html", "../released/2011-08-30/"),
    ("/classification/3_0.html", "../classification/secret/"),
    ("/static/html/faq.html", "../../help/faq/"),
    ("/static/style.css", "{"),
    ("/static/app.js", "function"),
]


@pytest.mark.parametrize(("path", "holds"), ADDRESSES, ids=[a[0] for a in ADDRESSES])
def test_every_address_class_resolves(served: str, path: str, holds: str) -> None:
    r = httpx.get(served + path, follow_redirects=True, timeout=10)
    assert r.status_code == 200, path
    assert holds in r.text, path


@pytest.mark.parametrize("path", [f"/cable/{SEED}", "/tag/PGOV", "/dates.json", "/"])
def test_the_tree_works_under_a_path_prefix(served_prefix: str, path: str) -> None:
    r = httpx.get(served_prefix + path, follow_redirects=True, timeout=10)
    assert r.status_code == 200, path
    assert str(r.url).startswith(served_prefix)


def test_an_unknown_address_is_a_404(served: str) -> None:
    assert httpx.get(served + "/cable/NOSUCH1", timeout=10).status_code == 404
