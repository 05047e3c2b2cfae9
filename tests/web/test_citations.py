"""Citations import cleanly: each file read back by a real reader of its format (bibtexparser,
rispy, citeproc-py and the CSL-JSON schema), the hostile cable's included, every field intact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest
import rispy
from bibtexparser import middlewares
from citeproc import Citation as CslCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from cablegate.export.citation import Citation, bibtex, indented_json, ris
from tests.web.conftest import HOSTILE, SEED

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text())
CABLES = [SEED, HOSTILE]


def _bib(text: str) -> dict[str, Any]:
    lib = bibtexparser.parse_string(
        text,
        append_middleware=[middlewares.LatexDecodingMiddleware(), middlewares.MonthIntMiddleware()],
    )
    assert not lib.failed_blocks
    (entry,) = lib.entries
    return {
        "key": entry.key,
        "entry_type": entry.entry_type,
        **{f.key: f.value for f in entry.fields},
    }


def _page(client: TestClient, refid: str) -> dict[str, Any]:
    data: dict[str, Any] = client.get(f"/cable/{refid}.json").json()
    return data


@pytest.mark.parametrize("refid", CABLES)
def test_bibtex_reads_back(client: TestClient, refid: str) -> None:
    cable = _page(client, refid)
    r = client.get(f"/cable/{refid}.bib")
    assert r.headers["content-type"] == "application/x-bibtex; charset=utf-8"
    entry = _bib(r.text)
    assert entry["entry_type"] == "misc" and entry["key"] == refid
    assert entry["title"] == cable["title"]  # the hostile subject too, character for character
    assert entry["author"] == cable["origin"]
    assert entry["year"] == cable["created"][:4] and entry["month"] == int(cable["created"][5:7])
    assert entry["url"] == f"http://testserver/cable/{refid}"
    assert cable["classification"] in entry["note"]


@pytest.mark.parametrize("refid", CABLES)
def test_ris_reads_back(client: TestClient, refid: str) -> None:
    cable = _page(client, refid)
    (record,) = rispy.loads(client.get(f"/cable/{refid}.ris").text)
    assert record["type_of_reference"] == "GOVDOC"
    assert record["title"] == cable["title"]
    assert record["authors"] == [cable["origin"]]
    assert record["accession_number"] == refid
    assert record["urls"] == [f"http://testserver/cable/{refid}"]
    assert record["year"] == cable["created"][:4]


@pytest.mark.parametrize("refid", CABLES)
def test_csl_json_validates_and_formats(client: TestClient, refid: str) -> None:
    cable = _page(client, refid)
    data = client.get(f"/cable/{refid}.csl.json").json()
    jsonschema.validate(data, SCHEMA)
    assert data[0]["title"] == cable["title"]
    # citeproc-py reads it and formats a bibliography with the style it ships
    source = CiteProcJSON(data)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    bib.register(CslCitation([CitationItem(data[0]["id"].lower())]))
    (line,) = [str(item) for item in bib.bibliography()]
    assert line.startswith(cable["origin"]) and cable["created"][:4] in line


def test_a_paragraph_is_cited_by_its_link(client: TestClient) -> None:
    bib = _bib(client.get(f"/cable/{SEED}.bib?par=4").text)
    assert bib["url"].endswith(f"/cable/{SEED}#par4") and "paragraph 4" in bib["note"]
    assert bib["key"] == f"{SEED}:par4"
    (record,) = rispy.loads(client.get(f"/cable/{SEED}.ris?par=4").text)
    assert record["urls"] == [f"http://testserver/cable/{SEED}#par4"]
    item = client.get(f"/cable/{SEED}.csl.json?par=4").json()
    jsonschema.validate(item, SCHEMA)
    assert item[0]["URL"].endswith("#par4")
    assert client.get(f"/cable/{SEED}.bib?par=99").status_code == 404
    assert client.get(f"/cable/{SEED}.ris?par=x").status_code == 404


def test_other_spellings_redirect_and_unknown_cables_are_404(client: TestClient) -> None:
    r = client.get("/cable/07lima487.csl.json?par=2")
    assert r.status_code == 301 and r.headers["location"] == f"/cable/{SEED}.csl.json?par=2"
    assert client.get("/cable/NOPE.bib").status_code == 404


def test_the_cable_page_offers_every_format_and_each_paragraph(client: TestClient) -> None:
    page = client.get(f"/cable/{SEED}").text
    for suffix in (".bib", ".ris", ".csl.json"):
        assert f'href="/cable/{SEED}{suffix}"' in page
    assert f'<form class="cite-par" method="get" action="/cable/{SEED}.bib">' in page
    assert f'formaction="/cable/{SEED}.ris"' in page and '<option value="4">' in page


@pytest.mark.parametrize(
    ("title", "read_back"),
    [
        ("A} , note = {injected", "A , note = injected"),  # unpaired: written as \textbrace...
        ("{unbalanced", "unbalanced"),
        ("closing} first {then", "closing first then"),
        ("balanced {braces} kept", "balanced {braces} kept"),
        (r"back\slash 50% & #1 $5 a_b x^2 ~tilde", "back\\slash 50% & #1 $5 a_b x\u02c62 ~tilde"),
        ("line\nbreak\r\nand\x0cform feed", "line break and form feed"),
    ],
)
def test_bibtex_and_ris_fields_never_break_out(title: str, read_back: str) -> None:
    c = Citation("07LIMA487", title, "Embassy } Lima", "2007-02-20T22:45", None, "SECRET", "u")
    entry = _bib(bibtex(c))
    assert set(entry) == {
        "key", "entry_type", "author", "title", "howpublished", "organization", "number",
        "type", "year", "date", "note", "url", "month",
    }  # fmt: skip
    assert entry["title"] == read_back
    assert entry["author"] == "Embassy  Lima"
    (record,) = rispy.loads(ris(c))
    assert record["title"] == " ".join(title.split())
    assert set(record) == {
        "type_of_reference", "authors", "title", "publisher", "type_of_work",
        "accession_number", "year", "date", "urls", "name_of_database", "notes",
    }  # fmt: skip


_JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_JSON = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_JSON)
def test_indented_json_is_what_json_writes(value: object) -> None:
    """The CSL-JSON writer's own indenter (a speed shortcut) against the rule it replaces."""
    assert indented_json(value) == json.dumps(value, ensure_ascii=False, indent=2)
