"""TAGS line: labels, continuation lines, multi-word and person tags, typos, glued tags, kinds."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.tags import read_tags, tag_kind
from tests.peer import CORPUS

SEED = CORPUS / "seed-07LIMA487.csv"


@pytest.mark.skipif(not SEED.exists(), reason="seed cable not found")
def test_seed_07LIMA487() -> None:
    with open(SEED, newline="", encoding="utf-8") as f:
        row = next(csv.reader(f, escapechar="\\", doublequote=False))
    assert read_tags(row[7]) == (["PGOV", "PINR", "PTER", "SNAR", "PE"],) * 2


@pytest.mark.parametrize(
    ("body", "tags"),
    [
        # label variants, case, colon or not, comma or not
        pytest.param("TAGS: PGOV PINR PE\nSUBJECT: X", ["PGOV", "PINR", "PE"], id="07LIMA487"),
        pytest.param(
            "TAGS PREL, PGOV, PTER, IZ\n", ["PREL", "PGOV", "PTER", "IZ"], id="04AMMAN1288"
        ),
        pytest.param("TAG PTER, PGOV, ASEC\n", ["PTER", "PGOV", "ASEC"], id="09STATE15113"),
        pytest.param(
            "Tags: prel, pgov, sy\nSubject: codel", ["PREL", "PGOV", "SY"], id="07DAMASCUS389"
        ),
        pytest.param(
            "E.O. 12958: N/A \nTAGS, ASEC, APER, PE \n", ["ASEC", "APER", "PE"], id="09LIMA54"
        ),
        pytest.param("TAS: ECON, ETRD, IS, JO \n", ["ECON", "ETRD", "IS", "JO"], id="10TELAVIV386"),
        pytest.param("DECL: 08/22/2017 AGS: PGOV, AR \n", ["PGOV", "AR"], id="07BUENOSAIRES1673"),
        pytest.param(
            "S E C R E T SANAA 001352SIPDISE.O. 12958: DECL: 05/21/2015TAGS: PREL PGOV\n",
            ["PREL", "PGOV"],
            id="05SANAA1352",
        ),
        # no label: a line that starts with a 4-letter tag and a comma
        pytest.param(
            "E.O. 12958: N/A\nEFIN, ECON, EINV, PGOV, CH\nSUBJECT: Beijing",
            ["EFIN", "ECON", "EINV", "PGOV", "CH"],
            id="08BEIJING3662",
        ),
        # not labels: a correction notice, EUR/AGS, "(PRIMARY TAG)"
        pytest.param(
            "C O R R E C T E D COPY -- ADDED E.O., TAGS, AND CLASS BY \nTAGS: PGOV GG\n",
            ["PGOV", "GG"],
            id="08TBILISI1349",
        ),
        pytest.param(
            "STATE FOR EUR/AGS \nE.O. 12958: N/A\nTAGS: PREL SZ\n", ["PREL", "SZ"], id="07BERN896"
        ),
        pytest.param("C O R R E C T E D C O P Y (PRIMARY TAG) \n", [], id="07PARIS159"),
        # continuation lines
        pytest.param(
            "TAGS PTER, PGOV, TBIO, \nKHIV, IN \nSUBJECT: INDIA",
            ["PTER", "PGOV", "TBIO", "KHIV", "IN"],
            id="06NEWDELHI3997",
        ),
        pytest.param(
            "TAGS: \nPGOV, PHUM, UK \nSUBJECT: IRAN", ["PGOV", "PHUM", "UK"], id="09LONDON2178"
        ),
        pytest.param(
            "TAGS: PGOV PINR MX\nC O N F I D E N T I A L SECTION 01 OF 03 MEXICO 000456 \n",
            ["PGOV", "PINR", "MX"],
            id="06MEXICO456",
        ),
        pytest.param(
            "TAGS: PGOV PINR PE\nRUN-OFF,   \nSEEKS EMBASSY'S ASSISTANCE IN CEMENTING DEMOCRATIC\n",
            ["PGOV", "PINR", "PE", "RUN-OFF"],  # the subject line is lost in this cable
            id="06LIMA1452",
        ),
        pytest.param("TAGS: PREL NS\nNOFORN\nSUBJECT: X", ["PREL", "NS"], id="distribution-marker"),
        # cut at a page break, at "E. O.", at a run of spaces
        pytest.param(
            "TAGS: PREL, IT                          SECRET       PAGE 02        ROME  03067\n",
            ["PREL", "IT"],
            id="02ROME3067",
        ),
        # multi-word tags on space-separated lines (the WikiLeaks page rendering)
        pytest.param(
            "TAGS: PREL KWBG KPAL PTER IS GAZA DISENGAGEMENT ISRAELI PALESTINIAN AFFAIRS",
            [
                "PREL",
                "KWBG",
                "KPAL",
                "PTER",
                "IS",
                "GAZA DISENGAGEMENT",
                "ISRAELI PALESTINIAN AFFAIRS",
            ],
            id="05TELAVIV4403",
        ),
        pytest.param(
            "TAGS: PREL PGOV PTER PINR KMCA KMPI DOMESTIC POLITICS",
            ["PREL", "PGOV", "PTER", "PINR", "KMCA", "KMPI", "DOMESTIC POLITICS"],
            id="05SANAA1352-multiword",
        ),
        pytest.param(
            "TAGS: ECON ETRD PREL IS ECONOMY AND FINANCE",
            ["ECON", "ETRD", "PREL", "IS", "ECONOMY AND FINANCE"],
            id="06TELAVIV2787",
        ),
        # an unknown phrase between commas is one tag
        pytest.param(
            "TAGS: PREL, PGOV, BILAT REGION OFFICIALS",
            ["PREL", "PGOV", "BILAT REGION OFFICIALS"],
            id="comma-phrase",
        ),
        # persons
        pytest.param(
            "TAGS OVIP (CLINTON, HILLARY), PREL, AS\n",
            ["OVIP", "CLINTON, HILLARY", "PREL", "AS"],
            id="09STATE30049",
        ),
        pytest.param(
            "TAGS: OVIP CARSON JOHNNIE PREL\n",
            ["OVIP", "CARSON, JOHNNIE", "PREL"],
            id="carson-johnnie",
        ),
        # typos, glued tags (table and generic), SIPDIS, duplicates
        pytest.param(
            "TAGS: PTER MOPPS RU SYR POGOV\n", ["PTER", "MOPS", "RS", "SY", "PGOV"], id="typos"
        ),
        pytest.param(
            "TAGS: ECON IZPREL KTIAPGOV\n",
            ["ECON", "IZ", "PREL", "KTIA", "PGOV"],
            id="generic-glue",
        ),
        pytest.param(
            "TAGS: PREL HUMAN RIGHTSPOLMIL\n",
            ["PREL", "HUMAN RIGHTS", "POL", "MIL"],
            id="04PANAMA586",
        ),
        pytest.param("TAGS: ECON ETRD SIPDIS\n", ["ECON", "ETRD"], id="05OTTAWA3709"),
        pytest.param("TAGS: PREL PGOV PREL PGOV\n", ["PREL", "PGOV"], id="duplicates"),
        # unknown words are kept, never split into look-alike country codes
        pytest.param(
            "TAGS: PREL CLEARANCE AMBASSADOR\n", ["PREL", "CLEARANCE", "AMBASSADOR"], id="no-split"
        ),
        # none
        pytest.param("1. (C) Summary: the price tags are high.\n", [], id="no-tags"),
        pytest.param("", [], id="empty"),
    ],
)
def test_read_tags(body: str, tags: list[str]) -> None:
    assert read_tags(body)[0] == tags


def test_tags_raw_keeps_what_was_written() -> None:
    body = "TAGS: AMEDCASCKFLO OVIP RICE CONDOLEEZZA SIPDIS MOPPS PREL, PREL\nSUBJECT: X"
    tags, raw = read_tags(body)
    assert raw == ["AMEDCASCKFLO", "OVIP", "RICE CONDOLEEZZA", "SIPDIS", "MOPPS", "PREL", "PREL"]
    assert tags == ["AMED", "CASC", "KFLO", "OVIP", "RICE, CONDOLEEZZA", "MOPS", "PREL"]


@pytest.mark.parametrize(
    ("tag", "kind"),
    [
        ("PE", "geo"),
        ("eu", "geo"),  # two letters come first, whatever tags.csv says
        ("CLINTON, HILLARY", "person"),
        ("KTIA", "program"),
        ("kwww", "program"),
        ("PGOV", "subject"),
        ("OPDC", "subject"),  # cablemap's list, no meaning in tags.csv
        ("NATO", "organization"),
        ("BA'ATH", "organization"),
        ("GOI EXTERNAL", "unknown"),
        ("", "unknown"),
    ],
)
def test_tag_kind(tag: str, kind: str) -> None:
    assert tag_kind(tag) == kind


_TAGGY = st.text(alphabet="ABCDEKLMNOPRSTUVXZ ,;()'/-\n\tabcprs:.", max_size=120)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    tags, raw = read_tags(text)
    assert isinstance(tags, list) and isinstance(raw, list)


@settings(max_examples=300, deadline=None)
@given(_TAGGY)
def test_normalised_tags_are_upper_case_and_unique(value: str) -> None:
    tags, raw = read_tags("TAGS: " + value)
    assert len(tags) == len(set(tags))
    assert all(t == t.upper() and t.strip() == t and t for t in tags)
    assert "SIPDIS" not in tags
    assert all(r == r.upper() for r in raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_tag_kind_is_total(tag: str) -> None:
    assert tag_kind(tag) in {"geo", "person", "program", "subject", "organization", "unknown"}
