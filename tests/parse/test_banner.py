"""Top of the body: classification banner, distribution markers, E.O. number and DECL date."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.banner import BannerFields, read_banner
from tests.peer import CORPUS

SEED = CORPUS / "seed-07LIMA487.csv"


@pytest.mark.skipif(not SEED.exists(), reason="seed cable not found")
def test_seed_07LIMA487() -> None:
    with open(SEED, newline="", encoding="utf-8") as f:
        row = next(csv.reader(f, escapechar="\\", doublequote=False))
    assert read_banner(row[7]) == BannerFields(
        classification="SECRET",
        distribution=("SIPDIS",),
        eo="12958",
        decl="02/14/2017",
        declassify_on="2017-02-14",
    )


@pytest.mark.parametrize(
    ("body", "classification"),
    [
        pytest.param("S E C R E T LIMA 000487 \n", "SECRET", id="07LIMA487"),
        pytest.param(
            "C O N F I D E N T I A L SECTION 01 OF 02 CAIRO 002183",
            "CONFIDENTIAL",
            id="09CAIRO2183",
        ),
        pytest.param("UNCLAS SECTION 01 OF 02 LONDON 002237 \n", "UNCLASSIFIED", id="09LONDON2237"),
        pytest.param("UNCLAS E F T O LONDON 002883 \n", "UNCLASSIFIED", id="08EFTOLONDON2883"),
        pytest.param("UNCLASSIFIED STATE 012345\n", "UNCLASSIFIED", id="unspaced"),
        pytest.param("LIMITED OFFICIAL USE ROME 001234\n", "LIMITED OFFICIAL USE", id="LOU"),
        pytest.param("S e c r e t state 068250\n\nSipdis\n", "SECRET", id="88BAGHDAD28"),
        # a lost or doubled first letter, a misplaced space
        pytest.param(
            "O N F I D E N T I A L SECTION 01 OF 04 LAGOS 000014", "CONFIDENTIAL", id="09LAGOS14"
        ),
        pytest.param("E C R E T SANAA 000473 \n", "SECRET", id="07SANAA473"),
        pytest.param("SE C R E T TUNIS 000193 \n", "SECRET", id="08TUNIS193"),
        pytest.param("UUNCLAS MANAGUA 001002 \n", "UNCLASSIFIED", id="06MANAGUA1002"),
        pytest.param(
            "C ONFIDENTIAL SECTION 01 of 03 BAKU 000744 \n", "CONFIDENTIAL", id="09BAKU744"
        ),
        # a copied database record before the banner
        pytest.param(
            "id: 2745\nclassification: SECRET\nheader:\nP 112044Z APR 02\n\nS E C R E T SECTION 01 OF 02 "
            "BOGOTA 003281 \n",
            "SECRET",
            id="02BOGOTA3281",
        ),
        pytest.param("SIPDIS \n \nE.O. 12958: DECL: 12/22/2014 \n", None, id="04MADRID4827"),
        pytest.param("", None, id="empty"),
    ],
)
def test_classification(body: str, classification: str | None) -> None:
    assert read_banner(body).classification == classification


@pytest.mark.parametrize(
    ("body", "distribution"),
    [
        pytest.param(
            "S E C R E T LIMA 000487\n\nSIPDIS\n\nSIPDIS\n\nE.O. 12958: X",
            ("SIPDIS",),
            id="07LIMA487",
        ),
        pytest.param(
            "C O N F I D E N T I A L CAIRO 1 \n \nSENSITIVE \nSIPDIS \n \nNSC FOR AGUIRRE \n",
            ("SENSITIVE", "SIPDIS"),
            id="09CAIRO2183",
        ),
        pytest.param(
            "S E C R E T TUNIS 000193 \n\nSIPDIS \n\nNOFORN \nSIPDIS \n",
            ("SIPDIS", "NOFORN"),
            id="08TUNIS193",
        ),
        pytest.param(
            "UNCLAS E F T O LONDON 002883 \n \nNOFORN \nSENSITIVE\n",
            ("EFTO", "NOFORN", "SENSITIVE"),
            id="08EFTOLONDON2883",
        ),
        pytest.param(
            "S E C R E T  STATE 038496 \n \nTERREP \n \nE.O. 12356:  DECL:OADR \n",
            ("TERREP",),
            id="85STATE38496",
        ),
        pytest.param(
            "C O N F I D E N T I A L ROME 1 \n\nSENSITIVE, SIPDIS\n",
            ("SENSITIVE", "SIPDIS"),
            id="comma",
        ),
        # an addressee line is not a marker line, even with ROGER in it
        pytest.param(
            "UNCLAS BUENOS AIRES 000138 \n\nWHA FOR A/S ROGER NORIEGA\n", (), id="05BUENOSAIRES138"
        ),
        # a marker after the first paragraph is not a header marker
        pytest.param("S E C R E T X 1\n\n1. (S) Text.\n\nNOFORN\n", (), id="after-paragraph-1"),
    ],
)
def test_distribution(body: str, distribution: tuple[str, ...]) -> None:
    assert read_banner(body).distribution == distribution


@pytest.mark.parametrize(
    ("body", "eo", "decl", "declassify_on"),
    [
        pytest.param(
            "E.O. 12958: DECL: 02/14/2017\nTAGS: PGOV",
            "12958",
            "02/14/2017",
            "2017-02-14",
            id="07LIMA487",
        ),
        pytest.param("E.O. 12958: N/A \nTAGS: X", "12958", "N/A", None, id="09LONDON2237"),
        pytest.param("E.O. 12356:  DECL:OADR \n", "12356", "OADR", None, id="85STATE38496"),
        pytest.param(
            "EO 12958 DECL: 02/22/2011 \n", "12958", "02/22/2011", "2011-02-22", id="01PRETORIA1173"
        ),
        pytest.param(
            "E.O. 12958: DECL: 4/4/2012 \n", "12958", "4/4/2012", "2012-04-04", id="02BOGOTA3281"
        ),
        pytest.param(
            "E.O. 12958: DECL: 2019/09/10 \n", "12958", "2019/09/10", "2019-09-10", id="09HANOI809"
        ),
        pytest.param(
            "E.O. 12958: DECL: 11/15/17 \n", "12958", "11/15/17", "2017-11-15", id="96ANKARA12278"
        ),
        pytest.param(
            "E.O. 12065: GDS 9/7/85 (XUX, DENNIS) CR-P\n",
            "12065",
            "GDS 9/7/85 (XUX, DENNIS) CR-P",
            "1985-09-07",
            id="79ANKARA6618",
        ),
        pytest.param(
            "E.O. 12958: DECL: 08 OCTOBER 2019\n",
            "12958",
            "08 OCTOBER 2019",
            "2019-10-08",
            id="09MEXICO3376",
        ),
        pytest.param("E.O. 12958: DECL: 1.6X1 \n", "12958", "1.6X1", None, id="code"),
        pytest.param(
            "E.O. 12958: DECL: 25X1-HUMAN\n", "12958", "25X1-HUMAN", None, id="10STATE369"
        ),
        # a TAGS label glued to the date, line-end artefacts, a doubled label
        pytest.param(
            "E.O. 12958: DECL: 02/04/2019TAGS: EAIR ECON\n",
            "12958",
            "02/04/2019",
            "2019-02-04",
            id="09LONDON333",
        ),
        pytest.param(
            "E.O. 12958: DECL: 08/22/2017 AGS: PGOV\n",
            "12958",
            "08/22/2017",
            "2017-08-22",
            id="07BUENOSAIRES1673",
        ),
        pytest.param(
            "E.O. 12958: DECL: 09/30/2015 \\\n",
            "12958",
            "09/30/2015",
            "2015-09-30",
            id="05BOGOTA9257",
        ),
        pytest.param(
            "E.O. 12958: DECL: 02/28/2012 <br>\n",
            "12958",
            "02/28/2012",
            "2012-02-28",
            id="08NEWDELHI638",
        ),
        pytest.param(
            "E.O. 12958: DECL: DECL: 06/09/2016\n",
            "12958",
            "06/09/2016",
            "2016-06-09",
            id="06PARAMARIBO343",
        ),
        pytest.param(
            "E.O. 12958: DECL: 13/45/2017\n", "12958", "13/45/2017", None, id="not-a-date"
        ),
        # "E.O. 12958" inside a Classified By line has no DECL
        pytest.param(
            "Classified By: CDA X, E.O. 12958, reasons 1.4 (b)\n",
            "12958",
            None,
            None,
            id="05ANKARA4653",
        ),
        pytest.param("no E.O. line\n", None, None, None, id="none"),
    ],
)
def test_eo_and_decl(
    body: str, eo: str | None, decl: str | None, declassify_on: str | None
) -> None:
    got = read_banner(body)
    assert (got.eo, got.decl, got.declassify_on) == (eo, decl, declassify_on)


CABLE_TEXT = st.text(
    alphabet=st.sampled_from(list("SECRTONFIDALUPG0123456789 ./:-()\n\tE.O.DECLTAGS¶ab")),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(CABLE_TEXT)
def test_never_raises(body: str) -> None:
    got = read_banner(body)
    assert got.declassify_on is None or len(got.declassify_on) == 10


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(body: str) -> None:
    read_banner(body)
