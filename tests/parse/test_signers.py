"""Signature at the end of the body: signer surnames, and where the closing furniture starts."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.signers import read_signature, read_signers, signature_start
from tests.peer import CORPUS

SEED = CORPUS / "seed-07LIMA487.csv"


@pytest.mark.skipif(not SEED.exists(), reason="seed cable not found")
def test_seed_07LIMA487() -> None:
    with open(SEED, newline="", encoding="utf-8") as f:
        row = next(csv.reader(f, escapechar="\\", doublequote=False))
    assert read_signers(row[7]) == (["STRUBLE"], ["STRUBLE"])


@pytest.mark.parametrize(
    ("body", "signers", "raw"),
    [
        pytest.param(
            "of command and control.\nSTRUBLE \n", ["STRUBLE"], ["STRUBLE"], id="07LIMA487"
        ),
        pytest.param(
            "sharing on operational matters. \n \nMurphy", ["MURPHY"], ["Murphy"], id="09BERLIN1167"
        ),
        pytest.param(
            "IS UNAVAILABLE AT POST.\n\n\nDE PREE\n", ["DE PREE"], ["DE PREE"], id="88DHAKA2166"
        ),
        pytest.param(
            "THE PIPELINE.\n\nSTRAUSZ-HUPE\n", ["STRAUSZ-HUPE"], ["STRAUSZ-HUPE"], id="85ANKARA"
        ),
        pytest.param("AS USUAL.\n\nMCNAMARA.\n", ["MCNAMARA"], ["MCNAMARA"], id="signers_raw-017"),
        pytest.param(
            "FARC CAN CULTIVATE.\n\nGILLESPIE##\n",
            ["GILLESPIE"],
            ["GILLESPIE"],
            id="signers_raw-015",
        ),
        pytest.param(
            "close cooperation.\n \nvan Voorst", ["VAN VOORST"], ["van Voorst"], id="06REYKJAVIK312"
        ),
        pytest.param(
            "in the German nonpaper.\nTimken jr", ["TIMKEN JR"], ["Timken jr"], id="08BERLIN643"
        ),
        # furniture after the signature
        pytest.param(
            "RECENT MONTHS.\n\nSULLIVAN\n\nCONFIDENTIAL\n\nDeclassified/Released US Department of State EO "
            "Systematic\nReview 30 JUN 2006\n",
            ["SULLIVAN"],
            ["SULLIVAN"],
            id="78TEHRAN389",
        ),
        pytest.param(
            "(Drafted: PAS: Victoria Alvarado.)\nSHAPIRO\n\n\nNNNN\n\n      2004CARACA01540 - UNCLASSIFIED",
            ["SHAPIRO"],
            ["SHAPIRO"],
            id="04CARACAS1540",
        ),
        pytest.param(
            "END COMMENT.\nPETERSON\n\nNOTE: NOT PASSED TO ABOVE ADDRESSEE(S)\n\n      CONFIDENTIAL",
            ["PETERSON"],
            ["PETERSON"],
            id="00HANOI2480",
        ),
        pytest.param(
            "USE OF RABTA.\nSEMBLER \n \n        SECRET \n \n> \n 2002ROME01748 - Classification: SECRET",
            ["SEMBLER"],
            ["SEMBLER"],
            id="02ROME1748",
        ),
        pytest.param(
            "the FARC to the table. \nWOOD \n\n=======================CABLE ENDS============================",
            ["WOOD"],
            ["WOOD"],
            id="06BOGOTA10826",
        ),
        pytest.param(
            'a relationship.\n\nJEFFREY\n\n           "Visit Ankara\'s Classified Web Site at http://www.intelink.s\ngov.gov/wiki/Portal:Turkey"',
            ["JEFFREY"],
            ["JEFFREY"],
            id="09ANKARA1583",
        ),
        pytest.param(
            "that is the true touchstone. \n \nNORLAND \\v",
            ["NORLAND"],
            ["NORLAND"],
            id="08TASHKENT153",
        ),
        pytest.param("End comment. \nMILAM 0 01/10/2008", ["MILAM"], ["MILAM"], id="08TRIPOLI14"),
        # the signature glued to the last sentence or to the web-site notice
        pytest.param(
            "the current legal ambiguity provides. SCOBEY", ["SCOBEY"], ["SCOBEY"], id="09CAIRO180"
        ),
        pytest.param(
            "21.  BEIRUT MINIMIZE CONSIDERED.  EAGLETON",
            ["EAGLETON"],
            ["EAGLETON"],
            id="signers_raw-009",
        ),
        pytest.param(
            "END OF TEXT. BAKER\n\n\nUNCLASSIFIED\n", ["BAKER"], ["BAKER"], id="signers_raw-018"
        ),
        pytest.param(
            "the PML-N to resolve it. Visit London's Classified Website: XXXXXXXXXXXX LEBARON",
            ["LEBARON"],
            ["LEBARON"],
            id="08LONDON2143",
        ),
        pytest.param(
            "regional cooperation.  Visit London's Classified Website: XXXXXXXXXXXXTUTTLE",
            ["TUTTLE"],
            ["TUTTLE"],
            id="08LONDON1988",
        ),
        pytest.param(
            "Classified Website: XXXXXXXXXXXX********** ******** ERELI",
            ["ERELI"],
            ["ERELI"],
            id="07MANAMA964",
        ),
        pytest.param("the Vatican table.ROONEY", ["ROONEY"], ["ROONEY"], id="06VATICAN83"),
        pytest.param("restructuring. .FARRAR", ["FARRAR"], ["FARRAR"], id="10HAVANA84"),
        # two signers; one signer printed twice; glued pairs and typos fixed in the normalised form
        pytest.param(
            "TEXT.\n\nGREEN\nREID\n", ["GREEN", "REID"], ["GREEN", "REID"], id="06ADANA165"
        ),
        pytest.param(
            "Costa Rica. \n \nFRISBIE \nFRISBIE", ["FRISBIE"], ["FRISBIE"], id="06SANJOSE2734"
        ),
        pytest.param("in Egypt. \n \n \nScobey \nSCOBEY", ["SCOBEY"], ["Scobey"], id="10CAIRO344"),
        pytest.param(
            "further signaling. \n\nKUBISKE KUBISKE", ["KUBISKE"], ["KUBISKE"], id="09BRASILIA1412"
        ),
        pytest.param("TEXT.\n\nKEEGANPAAL\n", ["KEEGAN", "PAAL"], ["KEEGANPAAL"], id="06TAIPEI189"),
        pytest.param("TEXT.\n\nODONOHUE\n", ["O'DONOHUE"], ["ODONOHUE"], id="09KUWAIT266"),
        # no signature
        pytest.param(
            "the monthly inflation rate for March was 5.6 percent. The", [], [], id="08KINSHASA329"
        ),
        pytest.param(
            "there is concern from both sides. \nEND COMMENT.", [], [], id="05THEHAGUE3069"
        ),
        pytest.param("in the Spanish media\nAguirre", [], [], id="07MADRID545"),
        pytest.param("CONFIDENTIAL\n", [], [], id="banner-only"),
        pytest.param("", [], [], id="empty"),
    ],
)
def test_signers(body: str, signers: list[str], raw: list[str]) -> None:
    assert read_signers(body) == (signers, raw)


@pytest.mark.parametrize(
    ("body", "start"),
    [
        pytest.param("Last paragraph.\nSTRUBLE \n", 16, id="line"),
        pytest.param("Last paragraph. SCOBEY", 16, id="glued"),
        pytest.param("Last paragraph.\n\nCONFIDENTIAL\n", 15, id="furniture"),
        pytest.param("Last paragraph", 14, id="nothing"),
    ],
)
def test_signature_start(body: str, start: int) -> None:
    assert signature_start(body) == start
    assert read_signature(body).start == start


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ABCDEFGHIJ abc.\n'-#XNNNN*:/01")), max_size=300))
def test_never_raises(body: str) -> None:
    signers, raw = read_signers(body)
    assert len(raw) <= 2
    assert all(s == s.upper() for s in signers)
    assert 0 <= signature_start(body) <= len(body)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises_on_any_text(body: str) -> None:
    read_signers(body)


# End-of-message furniture of older cables: "NNN" and the systematic-review trailer, whole or
# broken over lines (the converted text moves its line breaks), are no signers.
_TEHRAN_TRAILER = "Declassified/Released US Department of State EO Systematic Review 30 JUN 2005"


@pytest.mark.parametrize(
    ("tail", "signers"),
    [
        pytest.param(f"HELMS \n \n{_TEHRAN_TRAILER} \n \nNNN \n", ["HELMS"], id="73TEHRAN7005"),
        pytest.param("HELMS \n \nNNN \n", ["HELMS"], id="73TEHRAN7005-nnn-only"),
        pytest.param(
            "HELMS \n" + _TEHRAN_TRAILER.replace(" Review", " \nReview") + "\nNNN",
            ["HELMS"],
            id="73TEHRAN7005-trailer-wrapped",
        ),
        pytest.param(
            "HELMS \n" + _TEHRAN_TRAILER.replace(" US", " \nUS") + "\nNNN",
            ["HELMS"],
            id="73TEHRAN7005-trailer-wrapped-early",
        ),
        pytest.param("HELMS NNN", ["HELMS"], id="73TEHRAN7005-nnn-glued"),
    ],
)
def test_older_end_of_message_furniture(tail: str, signers: list[str]) -> None:
    body = "COMMENT: NO INDICATION OF DATE ARREST TOOK PLACE. WILL \nREPORT FURTHER DEVELOPMENTS. \n \n"
    assert read_signers(body + tail)[0] == signers


def test_08RECIFE34_page_word_left_of_a_page_break_is_no_signer() -> None:
    body = "This cable was coordinated with Embassy Brasilia.\n\nPAGE"
    assert read_signers(body) == ([], [])
