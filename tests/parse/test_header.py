"""Routing header: transmission id, precedence, DTG, sender, TO/INFO/XMT addressees."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.model import Recipient
from cablegate.parse.header import dtg_day_hour_minute, read_header

SEED = """VZCZCXYZ0020
PP RUEHWEB

DE RUEHPE #0487/01 0512245
ZNY SSSSS ZZH
P 202245Z FEB 07
FM AMEMBASSY LIMA
TO RUEHC/SECSTATE WASHDC PRIORITY 4053
INFO RUEHBO/AMEMBASSY BOGOTA PRIORITY 4382
RUEHLP/AMEMBASSY LA PAZ FEB 4051
RUEKJCS/SECDEF WASHDC PRIORITY
RUMIAAA/USCINCSO MIAMI FL PRIORITY\x20
"""

PARTIAL = "This record is a partial extract of the original cable. The full text of the original cable is not available."


def test_seed_07LIMA487() -> None:
    h = read_header(SEED)
    assert h.transmission_id == "VZCZCXYZ0020"
    assert (h.precedence, h.dtg, h.sender) == ("PRIORITY", "202245Z FEB 07", "AMEMBASSY LIMA")
    assert h.recipients == (Recipient("SECSTATE WASHDC", "RUEHC", "PRIORITY", "4053"),)
    assert h.info_recipients == (
        Recipient("AMEMBASSY BOGOTA", "RUEHBO", "PRIORITY", "4382"),
        Recipient("AMEMBASSY LA PAZ FEB", "RUEHLP", None, "4051"),  # as the page prints it
        Recipient("SECDEF WASHDC", "RUEKJCS", "PRIORITY", None),
        Recipient("USCINCSO MIAMI FL", "RUMIAAA", "PRIORITY", None),
    )
    assert not h.is_partial and h.problems == ()


@pytest.mark.parametrize(
    ("header", "precedence", "dtg"),
    [
        pytest.param(
            "O R 181205Z NOV 75 ZFF4\nFM AMEMBASSY LIBREVILLE\nTO USMISSION USUN "
            "NEWYORK NIACT IMMEDIATE\nSECSTATE WASHDC IMMEDIATE 7102\n",
            "NIACT IMMEDIATE",
            "181205Z NOV 75",
            id="7575LIBREVILLE1895",
        ),
        pytest.param(
            "0 241208Z OCT 79\nFM AMEMBASSY TEHRAN\nTO RUEHC/SECSTATE WASHDC",
            "IMMEDIATE",
            "241208Z OCT 79",
            id="79TEHRAN11260",
        ),
        pytest.param(
            "061601Z MAY 78\nFM AMEMBASSY KABUL\nTO SECSTATE WASHDC",
            None,
            "061601Z MAY 78",
            id="78KABUL3619",
        ),
        pytest.param(
            "VZCZCXRO9775\nOO RUEHBI RUEHCI\nDE RUEHNE #0638/01 0591341\n"
            "ZNY CCCCC ZZH\nO 281341Z FEB 08\nFM AMEMBASSY NEW DELHI",
            "IMMEDIATE",
            "281341Z FEB 08",
            id="08NEWDELHI638",
        ),
        pytest.param(
            "VZCZCXYZ0000\nRR RUEHWEB\nDE RUEHRL #0122 0291625\nZNY SSSSS ZZH\n"
            "291625Z JAN 08\nFM AMEMBASSY BERLIN",
            "ROUTINE",
            "291625Z JAN 08",
            id="prosign-line-fallback",
        ),
        pytest.param(
            "Z 021228Z JUL 09 ZFF4\nFM AMEMBASSY BUJUMBURA",
            "FLASH",
            "021228Z JUL 09",
            id="09BUJUMBURA302",
        ),
        pytest.param(
            "R 220136Z DEC 97\nFM AMEMBASSY WELLINGTON",
            "ROUTINE",
            "220136Z DEC 97",
            id="97WELLINGTON1656",
        ),
        pytest.param(
            PARTIAL + "\n\n291359Z Nov 00\n\nPAGE 01        HARARE  06677  01 OF 03  291400Z \n",
            None,
            "291359Z NOV 00",
            id="00HARARE6677",
        ),
    ],
)
def test_precedence_and_dtg(header: str, precedence: str | None, dtg: str) -> None:
    h = read_header(header)
    assert (h.precedence, h.dtg) == (precedence, dtg)


def test_page_break_and_distribution_lines_are_not_dtg_or_addressees() -> None:
    """00HARARE6677: the receiving office's LOG list sits under an INFO label of its own."""
    header = (
        PARTIAL + "\n\nPAGE 01        HARARE  06677  01 OF 03  291400Z \nACTION AF-00\n\n"
        "INFO  LOG-00   NP-00    AID-00\n      CTME-00  DINT-00\n"
        "                  ------------------A54E38  291401Z /38    \n"
        "FM AMEMBASSY HARARE\nTO SECSTATE WASHDC IMMEDIATE 7738\n"
        "INFO NSC WASHDC IMMEDIATE\nAMEMBASSY NAIROBI"
    )
    h = read_header(header)
    assert h.is_partial and h.dtg is None and h.problems == ()
    assert h.sender == "AMEMBASSY HARARE"
    assert h.recipients == (Recipient("SECSTATE WASHDC", None, "IMMEDIATE", "7738"),)
    assert [r.name for r in h.info_recipients] == ["NSC WASHDC", "AMEMBASSY NAIROBI"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        pytest.param(
            "ZEN/AMEMBASSY MOSCOW NIACT IMMEDIATE 4778-4781",
            Recipient("AMEMBASSY MOSCOW", "ZEN", "NIACT IMMEDIATE", "4778-4781"),
            id="08STATE103511",
        ),
        pytest.param(
            "AMEMBASSY BUENOS AIRES PRIOITY ",
            Recipient("AMEMBASSY BUENOS AIRES", None, "PRIORITY"),
            id="08BRASILIA93",
        ),
        pytest.param(
            "RUEHLP/AMEMBASSY LA PAZ PRORITY 3855",
            Recipient("AMEMBASSY LA PAZ", "RUEHLP", "PRIORITY", "3855"),
            id="08SCTION02OF02SAOPAULO335",
        ),
        pytest.param(
            "USAFSO/DOI HOWARD AFB PN",
            Recipient("USAFSO/DOI HOWARD AFB PN"),
            id="85BOGOTA555-office-slash-is-no-route",
        ),
        pytest.param("JCS//J5//WASHDC", Recipient("JCS//J5//WASHDC"), id="85BOGOTA555"),
        pytest.param(
            "RHMFIUU/39OS INCIRLIK AB TU",
            Recipient("39OS INCIRLIK AB TU", "RHMFIUU"),
            id="digits-in-name",
        ),
        pytest.param(
            "RUEHC/SECSTATE WASHDC IMMEDIATE 0000 ",
            Recipient("SECSTATE WASHDC", "RUEHC", "IMMEDIATE", "0000"),
            id="mcn-zeros",
        ),
    ],
)
def test_addressee_line(line: str, expected: Recipient) -> None:
    assert read_header(f"P 011200Z JAN 08\nFM X\nTO {line}").recipients == (expected,)


def test_glued_to_label() -> None:
    """08ECTION01OF02MANAMA492 writes ``TORUEHC/SECSTATE WASHDC``."""
    h = read_header(
        "VZCZCXRO4772\nP 240620Z JUL 08\nFM AMEMBASSY MANAMA\n"
        "TORUEHC/SECSTATE WASHDC PRIORITY 8009\nINFO RUEHGB/AMEMBASSY BAGHDAD 0252"
    )
    assert h.transmission_id == "VZCZCXRO4772"
    assert h.recipients == (Recipient("SECSTATE WASHDC", "RUEHC", "PRIORITY", "8009"),)
    assert h.info_recipients == (Recipient("AMEMBASSY BAGHDAD", "RUEHGB", None, "0252"),)


def test_wrapped_lines_join_the_addressee_before() -> None:
    h = read_header(
        "P 011200Z JAN 08\nFM X\nTO RUEHC/SECSTATE WASHDC\nPRIORITY 1234\n"
        "USCINCSO QUARRY HEIGHTS\n//SCJ2//"
    )
    assert h.recipients == (
        Recipient("SECSTATE WASHDC", "RUEHC", "PRIORITY", "1234"),
        Recipient("USCINCSO QUARRY HEIGHTS//SCJ2//"),
    )


def test_xmt_exempts_from_the_collective_before() -> None:
    """89STATE401887; an XMT with no addressee before it gives nothing."""
    h = read_header(
        "O P 190243Z DEC 89\nFM SECSTATE WASHDC\nTO XMT AMEMBASSY ROME\n"
        "INFO ALL DIPLOMATIC AND CONSULAR POSTS PRIORITY\nXMT USINT HAVANA\n"
        "AMEMBASSY MANAGUA"
    )
    assert h.precedence == "IMMEDIATE"
    assert h.recipients == ()
    assert h.info_recipients == (
        Recipient(
            "ALL DIPLOMATIC AND CONSULAR POSTS",
            None,
            "PRIORITY",
            excluded=("USINT HAVANA", "AMEMBASSY MANAGUA"),
        ),
    )


@pytest.mark.parametrize(
    ("header", "problems", "partial"),
    [
        pytest.param("", (), False, id="empty"),
        pytest.param("  \n ", (), False, id="blank"),
        pytest.param(PARTIAL, (), True, id="partial-without-header"),
        pytest.param(
            "FM AMEMBASSY LIMA\nTO SECSTATE WASHDC", ("header: no DTG line",), False, id="no-dtg"
        ),
        pytest.param("lorem ipsum", ("header: no DTG line",), False, id="garbage"),
    ],
)
def test_problems(header: str, problems: tuple[str, ...], partial: bool) -> None:
    h = read_header(header)
    assert (h.problems, h.is_partial) == (problems, partial)


@pytest.mark.parametrize(
    ("dtg", "expected"),
    [("202245Z FEB 07", (20, 22, 45)), (None, None), ("", None), ("2022Z", None)],
)
def test_dtg_day_hour_minute(dtg: str | None, expected: tuple[int, int, int] | None) -> None:
    assert dtg_day_hour_minute(dtg) == expected


_header_text = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "FM AMEMBASSY X",
                "TO ",
                "INFO ",
                "XMT ",
                "TORUEHC/",
                "PAGE 02 X 1 011200Z",
                "P 011200Z JAN 07",
                "O R 999999Z XXX 07",
                "VZCZC",
                "RUEHC/",
                "/",
                "//",
                "PRIORITY",
                "NIACT IMMEDIATE 1234-",
                "LOG-00",
                PARTIAL,
            ]
        ),
        st.text(max_size=40),
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_header_text)
def test_never_raises_and_is_deterministic(header: str) -> None:
    h = read_header(header)
    assert h == read_header(header)
    assert all(r.name for r in (*h.recipients, *h.info_recipients))
