"""clean_content: body text for the search index, furniture out, everything else kept exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablegate.parse.text import clean_content, normalise_text


@pytest.mark.parametrize(
    ("body", "clean"),
    [
        # paragraph numbers, with and without (malformed) portion markings
        pytest.param(
            "1. (C) One\n2. SBU) Two\n3. Three\n¶4. (S/NF) Four\n",
            "One\nTwo\nThree\nFour\n",
            id="numbers",
        ),
        pytest.param("11. (C) Comment: Progress\n", "Progress\n", id="two-digit"),
        pytest.param(
            "Classified By: Amb. Edward W. Gnehm for reasons 1.5 (b) (d)\n",
            "Classified By: Amb. Edward W. Gnehm for reasons 1.5 (b) (d)\n",
            id="04AMMAN1288",  # a number inside a line is no paragraph number
        ),
        # section and page markers go with the blank lines before them
        pytest.param(
            "text\n\nMADRID 00001280 002 OF 003\n\nmore\n", "text\n\nmore\n", id="08MADRID1280"
        ),
        pytest.param(
            "text\nCONFIDENTIAL\nPAGE 02 ROME 01196 01 OF 02 082030Z\nmore",
            "text\nCONFIDENTIAL\nmore",
            id="02ROME1196",
        ),
        pytest.param("SIPDIS\n\nE.O. 12958: N/A\n", "\nE.O. 12958: N/A\n", id="sipdis-first"),
        pytest.param("text\n\nSIPDIS\n", "text\n", id="sipdis-last"),
        pytest.param(
            "text\nSIPDIS SIPDIS more\n", "text\nSIPDIS SIPDIS more\n", id="sipdis-in-text"
        ),
        # rules
        pytest.param("-------\nSUMMARY\n-------\n", "\n\n\n", id="04AMMAN1288-heading"),
        pytest.param("a ==== b ____ c .... d ... e -- f\n", "a  b  c  d ... e -- f\n", id="rules"),
        # labels
        pytest.param(
            "1. (C) Summary and action request. President [.\n..]. End Summary.\n",
            "President [.\n..]. \n",
            id="summary-action-request",
        ),
        pytest.param(
            "Text. Comment: We think so. End Comment. More.\n",
            "Text. We think so. More.\n",
            id="comment",
        ),
        pytest.param("END SUMMARY AND COMMENT.\n", "\n", id="end-summary-and-comment"),
        pytest.param(
            "a summary of the talks; no comment.\n",
            "a summary of the talks; no comment.\n",
            id="words",
        ),
        pytest.param(
            "The Summary of Conclusions\n", "The Summary of Conclusions\n", id="not-a-label"
        ),
        # redactions
        pytest.param(
            "met xxxxxxxxxxxx and XXXXXXXXXXXX in gentlexxx\n",
            "met  and  in gentle\n",
            id="redactions",
        ),
        pytest.param("ExxonMobil and Maxx\n", "ExxonMobil and Maxx\n", id="exxon"),
        pytest.param("xx", "", id="xx"),
        pytest.param("", "", id="empty"),
        # line ends are kept as they are
        pytest.param("1. (C) One\r\n2. Two\r\n", "One\r\nTwo\r\n", id="crlf"),
    ],
)
def test_clean_content(body: str, clean: str) -> None:
    assert clean_content(body) == clean


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=500))
def test_never_raises(text: str) -> None:
    assert isinstance(clean_content(text), str)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="1.()CSUB Summary Comment End SIPDIS xX-=*/#_\n\tPAGE 0 OF LIMA", max_size=300)
)
def test_never_raises_on_furniture_soup(text: str) -> None:
    assert len(clean_content(text)) <= len(text)


def test_normalise_text() -> None:
    assert normalise_text("a\r\nb\rc\u2028d") == "a\nb\nc\nd"
