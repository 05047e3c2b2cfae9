"""REF items that the plain forms miss, each from a real shared cable (refid as id)."""

from __future__ import annotations

import pytest

from cablegate.parse.references import read_references

ROWS = [
    # an item on the next line after a two-digit serial: that serial is no year of the next item
    (
        "10MONTERREY43",
        2010,
        "REF: NUEVO LAREDO 31; NUEVO LAREDO 33; MONTERREY 41; MATAMOROS 37 \nMATAMOROS 33\n",
        ["10NUEVOLAREDO31", "10NUEVOLAREDO33", "10MONTERREY41", "10MATAMOROS37", "10MATAMOROS33"],
    ),
    # an item that states its own date or year
    (
        "10STATE369",
        2010,
        "REF: A. 06 STATE 92781 07 JUN 2006 \n     B. 06 BOGOTA 7094 04 AUG 2006 \n"
        "     C. STATE 99488 24 SEP 2009 \n     D. BOGOTA 3361 12 NOV 2009 \n",
        ["06STATE92781", "06BOGOTA7094", "09STATE99488", "09BOGOTA3361"],
    ),
    (
        "09PANAMA1-and-year",
        2009,
        "REF: PANAMA 831 AND 08 PANAMA 798\n",
        ["09PANAMA831", "08PANAMA798"],
    ),
    ("09PANAMA1-of-year", 2009, "REF: A. PANAMA 798 OF 2008\n", ["08PANAMA798"]),
    # numbered messages of other senders: USDA FAS and the Regional Presence Office in Dubai
    ("09RPODUBAI379", 2009, "REF: DUBAI RPO 378\n", ["09RPODUBAI378"]),
    (
        "09LIMA1-usda",
        2009,
        "REF: A. USDA WASHDC 1234 B. FAS WASHDC 4567\n",
        ["09USDAFAS1234", "09USDAFAS4567"],
    ),
]


@pytest.mark.parametrize(
    ("year", "body", "expected"), [pytest.param(y, b, e, id=r) for r, y, b, e in ROWS]
)
def test_items(year: int, body: str, expected: list[str]) -> None:
    assert read_references(body, year)[0] == expected


def test_05NEWDELHI1075_repeated_block_is_read_once() -> None:
    # the site-converted text repeats the REF line: the repeat is the same block, not new items
    body = (
        "SUBJECT: INDIA: SAARC DECISION SENT A MESSAGE TO DHAKA \n \nREF: A. NEW DELHI 878 \n \n"
        "REF: A. NEW DELHI 878 \nB. NEW DELHI 877 \nC. NEW DELHI 876 \nD. NEW DELHI 874 \n"
        "Classified By: DCM Robert O. Blake, Jr. for Reasons 1.4 (B, D) \n1. (C) Summary: The GOI"
    )
    detailed = read_references(body, 2005, "05NEWDELHI1075")[1]
    assert [(r.value, r.bullet) for r in detailed] == [
        ("05NEWDELHI878", "A"),
        ("05NEWDELHI877", "B"),
        ("05NEWDELHI876", "C"),
        ("05NEWDELHI874", "D"),
    ]


def test_09BOGOTA688_one_cable_under_two_bullets_is_kept_twice() -> None:
    body = "REF: A. 09 BOGOTA 569 \nB. 08 BOGOTA 003359 \n     C. 08 BOGOTA 003193 \n     D. 08 BOGOTA 3359 \n"
    refs, detailed = read_references(body, 2009, "09BOGOTA688")
    assert refs == ["09BOGOTA569", "08BOGOTA3359", "08BOGOTA3193"]
    assert [(r.value, r.bullet) for r in detailed] == [
        ("09BOGOTA569", "A"),
        ("08BOGOTA3359", "B"),
        ("08BOGOTA3193", "C"),
        ("08BOGOTA3359", "D"),
    ]
